"""The law as data (DOMAIN §5): jurisdictions, the thresholds in force for them, and the time
limits between the stages of a project, each with its legal source and how sure it is. The
rules are rows, edited when a notice changes them, never constants in code."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import SiteScoped
from houqin.procurement.choices import (
    Bound,
    Confidence,
    DayKind,
    JurisdictionLevel,
    Method,
    ObjectType,
    Stage,
    ThresholdKind,
)


class Jurisdiction(models.Model):
    """A level of government whose procurement catalogue sets the thresholds (中央, a province,
    a city …); a jurisdiction without its own threshold for a case uses its parent's."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(
        _("jurisdiction level"), max_length=10, choices=JurisdictionLevel.choices
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent jurisdiction"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self):
        return self.name


class Threshold(models.Model):
    """A procurement threshold of a jurisdiction, for a kind of object, over a period."""

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="thresholds",
        verbose_name=_("jurisdiction"),
    )
    kind = models.CharField(_("kind"), max_length=15, choices=ThresholdKind.choices)
    object_type = models.CharField(_("object"), max_length=10, choices=ObjectType.choices)
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    basis = models.CharField(_("legal source"), max_length=200)
    confidence = models.CharField(_("confidence"), max_length=2, choices=Confidence.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["jurisdiction", "kind", "object_type", "-valid_from"]
        verbose_name = _("procurement threshold")
        verbose_name_plural = _("procurement thresholds")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="procurement_threshold_period",
            )
        ]

    def __str__(self):
        return f"{self.jurisdiction} {self.get_kind_display()} {self.amount_yuan}"


class TimeLimit(models.Model):
    """A legal time limit between two stages: the later stage at least, or within, so many
    calendar or working days after the earlier one. ``methods`` empty means every method."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("rule"), max_length=200)
    methods = models.JSONField(
        _("methods"), default=list, blank=True, help_text=_("Empty: every method.")
    )
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Stage.choices)
    bound = models.CharField(_("bound"), max_length=3, choices=Bound.choices)
    days = models.PositiveSmallIntegerField(_("days"))
    day_kind = models.CharField(_("counted in"), max_length=10, choices=DayKind.choices)
    basis = models.CharField(_("legal source"), max_length=200)
    confidence = models.CharField(_("confidence"), max_length=2, choices=Confidence.choices)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)

    class Meta:
        ordering = ["code", "-valid_from"]
        verbose_name = _("procurement time limit")
        verbose_name_plural = _("procurement time limits")

    def __str__(self):
        return self.name

    def applies_to(self, method: str) -> bool:
        return not self.methods or method in self.methods


class ProcurementOffice(SiteScoped):
    """A site's procurement centre (政府采购中心): its public name and the jurisdiction whose
    thresholds its projects follow."""

    name = models.CharField(_("name"), max_length=100)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, verbose_name=_("jurisdiction")
    )
    portal_intro = models.TextField(_("portal introduction"), blank=True)
    portal_enabled = models.BooleanField(_("public portal open"), default=True)

    class Meta:
        verbose_name = _("procurement centre")
        verbose_name_plural = _("procurement centres")
        constraints = [models.UniqueConstraint(fields=["site"], name="procurement_office_per_site")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("procurement:office")


ALL_METHODS = [m.value for m in Method]
