"""The reports module keeps no figures: every one is computed from records. It keeps the
permission to read reports and the wording of the annual work summary (年度工作总结): templates
that name figures, never the figures themselves."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.models import Site
from houqin.reports.choices import SummaryPart, SummaryTextKind


class Report(models.Model):
    """Unmanaged placeholder carrying the ``view_report`` permission."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_report", _("Can view reports and dashboards"))]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return str(self._meta.verbose_name)


class SummaryText(models.Model):
    """One piece of the annual work summary's wording, for a site or, with no site, for the
    summary of all sites: the title, the opening paragraph, a part's heading or opening sentence,
    or a numbered point. ``template`` is Chinese text with named figures in braces
    (``{services.meeting_services|数}场次``); ``lead`` is a point's lead phrase (构建安全防范网络，
    打造平安机关), printed in 楷体 before its sentence. Created from the defaults on first use,
    then the office's to edit, reorder and switch off."""

    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    key = models.SlugField(_("key"), max_length=60)
    part = models.CharField(_("part"), max_length=20, choices=SummaryPart.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=SummaryTextKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    lead = models.CharField(_("lead phrase"), max_length=100, blank=True)
    template = models.TextField(_("wording"))
    enabled = models.BooleanField(_("included"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["site", "part", "position", "id"]
        verbose_name = _("summary wording")
        verbose_name_plural = _("summary wording")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "key"], condition=Q(site__isnull=False), name="summary_site_key"
            ),
            models.UniqueConstraint(
                fields=["key"], condition=Q(site__isnull=True), name="summary_installation_key"
            ),
        ]

    def __str__(self):
        return self.lead or self.get_kind_display()
