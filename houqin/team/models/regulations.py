"""The regulations library (规章制度): each regulation with its versions. A version is in force
from its ``effective_from`` until the next version's, unless the regulation was repealed
before; "which version was in force on 2006-03-01" is the latest version effective on or
before that day, if the regulation was not repealed by then. A version after the first is a
revision (修订), counted in the year it was adopted."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Department, Person, SiteScoped
from houqin.team.choices import RegulationScope


class Regulation(BusinessRecord):
    """A rule of the bureau or compound (e.g. 《机关大院管理制度》)."""

    number_prefix = "ZD"

    title = models.CharField(_("title"), max_length=200)
    scope = models.CharField(
        _("scope"), max_length=20, choices=RegulationScope.choices, default=RegulationScope.BUREAU
    )
    owner = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    repeal_note = models.CharField(_("why repealed"), max_length=200, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        permissions = [("void_regulation", _("Can void regulations"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="team_regulation_number")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("team:regulation_detail", kwargs={"pk": self.pk})


class RegulationVersion(SiteScoped):
    """One version of a regulation: its full text, when it was adopted and took effect, who
    revised it and what changed."""

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="versions", verbose_name=_("regulation")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    text = models.TextField(_("full text"))
    adopted_on = models.DateField(_("adopted on"))
    effective_from = models.DateField(_("in force from"))
    revised_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revised by"),
    )
    changes = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["regulation", "-version"]
        verbose_name = _("regulation version")
        verbose_name_plural = _("regulation versions")
        indexes = [models.Index(fields=["site", "adopted_on"])]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "version"], name="team_version_number"),
            models.UniqueConstraint(
                fields=["regulation", "effective_from"], name="team_version_effective_once"
            ),
            models.CheckConstraint(
                condition=Q(effective_from__gte=models.F("adopted_on")),
                name="team_version_effective_after_adoption",
            ),
        ]

    def __str__(self):
        return f"{self.regulation} v{self.version}"
