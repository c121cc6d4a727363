"""Vector (四害) density monitoring and control.

The density-control standards (GB/T 27770 rodents, 27771 mosquitoes, 27772 flies, 27773
cockroaches) are data: a *standard* is one edition of one of them with the dates it was in force,
and its *thresholds* give each indicator's limit for levels A, B and C with the confidence of the
figure. A *survey* stores the counts taken by the monitoring methods; the indicators and the level
are computed from them (``environment/levels.py``, no ORM), never stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Location
from houqin.environment.choices import Confidence, ControlMethod, Pest


class PestStandard(models.Model):
    """One edition of a density-control standard (national, not per site)."""

    code = models.CharField(_("standard number"), max_length=20, help_text=_("e.g. GB/T 27773"))
    edition = models.CharField(_("edition (year)"), max_length=4)
    pest = models.CharField(_("pest"), max_length=10, choices=Pest.choices)
    title = models.CharField(_("title"), max_length=100)
    in_force_from = models.DateField(_("in force from"))
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["pest", "-in_force_from"]
        verbose_name = _("density-control standard")
        verbose_name_plural = _("density-control standards")
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="peststandard_edition")
        ]

    def __str__(self):
        return f"{self.code}-{self.edition}"

    def get_absolute_url(self):
        return reverse("environment:standard_detail", kwargs={"pk": self.pk})


class PestThreshold(models.Model):
    """An indicator's limits in one standard: the most a level allows (blank: no limit)."""

    standard = models.ForeignKey(
        PestStandard,
        on_delete=models.CASCADE,
        related_name="thresholds",
        verbose_name=_("standard"),
    )
    indicator = models.CharField(_("indicator"), max_length=30)
    limit_a = models.DecimalField(
        _("level A limit"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    limit_b = models.DecimalField(
        _("level B limit"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    limit_c = models.DecimalField(
        _("level C limit"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    strict = models.BooleanField(
        _("strictly below"),
        default=False,
        help_text=_("The value must be below the limit, not merely not above it."),
    )
    clause = models.CharField(_("clause"), max_length=30, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=2, choices=Confidence.choices, default=Confidence.SECONDARY
    )
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)

    class Meta:
        ordering = ["standard", "id"]
        verbose_name = _("density threshold")
        verbose_name_plural = _("density thresholds")
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "indicator"], name="pestthreshold_indicator"
            )
        ]

    def __str__(self):
        return f"{self.standard} {self.indicator}"


class PestSurvey(BusinessRecord):
    """A density survey of one pest (监测): the counts the monitoring method takes.

    Rooms are counted in standard rooms (标准间, 15 m² each; a smaller room counts as one).
    Counts that a pest's method does not take stay blank.
    """

    number_prefix = "BM"

    pest = models.CharField(_("pest"), max_length=10, choices=Pest.choices)
    surveyed_on = models.DateField(_("surveyed on"))
    standard = models.ForeignKey(
        PestStandard, on_delete=models.PROTECT, related_name="+", verbose_name=_("standard")
    )
    is_recheck = models.BooleanField(_("re-inspection (复查)"), default=False)
    scope = models.CharField(_("places surveyed"), max_length=200, blank=True)
    surveyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("surveyed by"),
    )
    # Rooms (all pests)
    rooms_inspected = models.PositiveIntegerField(_("rooms inspected"), null=True, blank=True)
    rooms_positive = models.PositiveIntegerField(
        _("rooms positive"),
        null=True,
        blank=True,
        help_text=_("Rooms with rodent signs, adult flies, or adult/nymph cockroaches."),
    )
    # Rodents
    powder_patches = models.PositiveIntegerField(_("valid powder patches"), null=True, blank=True)
    powder_positive = models.PositiveIntegerField(
        _("positive powder patches"), null=True, blank=True
    )
    proofing_inspected = models.PositiveIntegerField(
        _("places checked for proofing"), null=True, blank=True
    )
    proofing_defective = models.PositiveIntegerField(
        _("places with defective proofing"), null=True, blank=True
    )
    path_m = models.PositiveIntegerField(_("path inspected (m)"), null=True, blank=True)
    path_positive = models.PositiveIntegerField(
        _("positive points on the path"),
        null=True,
        blank=True,
        help_text=_("Rodent signs, or small water bodies with larvae or pupae."),
    )
    # Mosquitoes
    water_inspected = models.PositiveIntegerField(
        _("small water bodies inspected"), null=True, blank=True
    )
    water_positive = models.PositiveIntegerField(
        _("small water bodies positive"), null=True, blank=True
    )
    dips = models.PositiveIntegerField(_("dips taken"), null=True, blank=True)
    dips_positive = models.PositiveIntegerField(_("positive dips"), null=True, blank=True)
    larvae_pupae = models.PositiveIntegerField(_("larvae and pupae"), null=True, blank=True)
    landing_count = models.PositiveIntegerField(_("mosquitoes landing"), null=True, blank=True)
    landing_person_times = models.PositiveIntegerField(
        _("landing sessions (person-times)"), null=True, blank=True
    )
    # Flies
    adults = models.PositiveIntegerField(_("adult flies counted"), null=True, blank=True)
    breeding_inspected = models.PositiveIntegerField(
        _("breeding sites inspected"), null=True, blank=True
    )
    breeding_positive = models.PositiveIntegerField(
        _("breeding sites positive"), null=True, blank=True
    )
    # Cockroaches
    large_roaches = models.PositiveIntegerField(
        _("large cockroaches (大蠊)"), null=True, blank=True
    )
    small_roaches = models.PositiveIntegerField(
        _("small cockroaches (小蠊)"), null=True, blank=True
    )
    ootheca_rooms = models.PositiveIntegerField(
        _("rooms with live oothecae"), null=True, blank=True
    )
    oothecae = models.PositiveIntegerField(_("live oothecae"), null=True, blank=True)
    trace_rooms = models.PositiveIntegerField(
        _("rooms with cockroach traces"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-surveyed_on"]
        verbose_name = _("density survey")
        verbose_name_plural = _("density surveys")
        permissions = [("void_pestsurvey", _("Can void density surveys"))]
        constraints = [models.UniqueConstraint(fields=["site", "number"], name="pestsurvey_number")]
        indexes = [
            models.Index(
                fields=["site", "pest", "surveyed_on"],
                name="pestsurvey_site_pest_day",
                condition=Q(voided_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.number} {self.get_pest_display()} {self.surveyed_on}"

    def get_absolute_url(self):
        return reverse("environment:survey_detail", kwargs={"pk": self.pk})


class PestControlAction(BusinessRecord):
    """A control action (消杀): baits laid, spraying, breeding sites cleared …"""

    number_prefix = "XS"

    pest = models.CharField(_("pest"), max_length=10, choices=Pest.choices)
    done_on = models.DateField(_("done on"))
    method = models.CharField(_("method"), max_length=10, choices=ControlMethod.choices)
    agent = models.CharField(_("agent or product"), max_length=100, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    area = models.CharField(_("places treated"), max_length=200, blank=True)
    done_by = models.CharField(_("done by"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-done_on"]
        verbose_name = _("control action")
        verbose_name_plural = _("control actions")
        permissions = [("void_pestcontrolaction", _("Can void control actions"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="pestcontrol_number")
        ]
        indexes = [models.Index(fields=["site", "done_on"], name="pestcontrol_site_day")]

    def __str__(self):
        return f"{self.number} {self.get_method_display()}"

    def get_absolute_url(self):
        return reverse("environment:action_detail", kwargs={"pk": self.pk})
