"""Cleaning zones (分区划片、责任到人): each zone is a part of the location tree with a person
responsible and a standard; it is inspected as a checkpoint of the site's cleaning route in the
inspection engine, and a failed item there becomes a rectification with a deadline and a
re-check (严格督查)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import Attachment, Location, Person, SiteScoped
from houqin.environment.choices import RectificationStatus
from houqin.inspections.models import Checkpoint, ItemResult, Round


class CleaningZone(SiteScoped):
    """A zone of the compound kept clean by one responsible person to a written standard."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("location"),
        help_text=_("The place in the location tree the zone covers, with everything under it."),
    )
    responsible = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person responsible")
    )
    standard = models.TextField(_("cleaning standard"))
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    checkpoint = models.OneToOneField(
        Checkpoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="cleaning_zone",
        verbose_name=_("checkpoint"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "code"]
        verbose_name = _("cleaning zone")
        verbose_name_plural = _("cleaning zones")
        permissions = [("inspect_cleaningzone", _("Can inspect cleaning zones"))]
        constraints = [models.UniqueConstraint(fields=["site", "code"], name="cleaningzone_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("environment:zone_detail", kwargs={"pk": self.pk})


class ZoneRectification(SiteScoped):
    """A failed item of a zone inspection to put right by a deadline, then re-checked."""

    zone = models.ForeignKey(
        CleaningZone,
        on_delete=models.PROTECT,
        related_name="rectifications",
        verbose_name=_("cleaning zone"),
    )
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspection")
    )
    result = models.OneToOneField(
        ItemResult,
        on_delete=models.PROTECT,
        related_name="zone_rectification",
        verbose_name=_("failed item"),
    )
    item_text = models.CharField(_("check item"), max_length=200)
    responsible = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person responsible")
    )
    deadline = models.DateField(_("rectify by"))
    photo = models.ForeignKey(
        Attachment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo of the fault"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
    )
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rectified by"),
    )
    # The form's wording (整改情况): the bare lower-case msgid reads as a repair elsewhere.
    rectify_note = models.CharField(_("What was done"), max_length=200, blank=True)
    rechecked_at = models.DateTimeField(_("re-checked at"), null=True, blank=True)
    rechecked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-checked by"),
    )
    recheck_note = models.CharField(_("re-check note"), max_length=200, blank=True)
    recheck_failures = models.PositiveSmallIntegerField(
        _("re-checks failed"), default=0, editable=False
    )

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("zone rectification")
        verbose_name_plural = _("zone rectifications")
        permissions = [
            ("rectify_zonerectification", _("Can report zone rectifications")),
            ("recheck_zonerectification", _("Can re-check zone rectifications")),
        ]
        indexes = [
            models.Index(
                fields=["site", "deadline"],
                name="zonerect_open",
                condition=~Q(status="passed"),
            )
        ]

    def __str__(self):
        return f"{self.zone}: {self.item_text}"

    def get_absolute_url(self):
        return reverse("environment:rectification_detail", kwargs={"pk": self.pk})
