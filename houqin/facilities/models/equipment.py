"""The equipment registry: a category tree with the readings each category's run logs take,
maintenance contractors, units of equipment with their QR label, the certificates special
equipment carries, and meter readings (running hours) that drive meter-based maintenance."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.models import Location, SiteScoped
from houqin.facilities.choices import CertificateKind, EquipmentStatus, SpecialKind, System


class EquipmentCategory(SiteScoped):
    """A node of the category tree (中央空调 → 冷水机组 …); every node names its system."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    system = models.CharField(_("system"), max_length=20, choices=System.choices)
    special_kind = models.CharField(
        _("special equipment"), max_length=20, choices=SpecialKind.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "system", "position", "code"]
        verbose_name = _("equipment category")
        verbose_name_plural = _("equipment categories")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="equipmentcategory_code")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("facilities:equipmentcategory_detail", kwargs={"pk": self.pk})


class ReadingField(SiteScoped):
    """A reading taken on every run log of a category (e.g. supply water temperature, °C)."""

    category = models.ForeignKey(
        EquipmentCategory,
        on_delete=models.CASCADE,
        related_name="reading_fields",
        verbose_name=_("category"),
    )
    code = models.SlugField(_("code"), max_length=30)
    label = models.CharField(_("label"), max_length=50)
    unit = models.CharField(_("unit"), max_length=12, blank=True)
    minimum = models.DecimalField(
        _("lowest normal value"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("highest normal value"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    is_required = models.BooleanField(_("required"), default=True)
    is_meter = models.BooleanField(
        _("running meter"),
        default=False,
        help_text=_(
            "A cumulative counter such as running hours; meter-based maintenance reads it."
        ),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["category", "position", "code"]
        verbose_name = _("reading field")
        verbose_name_plural = _("reading fields")
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="readingfield_code")
        ]

    def __str__(self):
        return f"{self.label} ({self.unit})" if self.unit else self.label


class Contractor(SiteScoped):
    """A maintenance contractor (维保单位) with its 24-hour phone."""

    name = models.CharField(_("name"), max_length=100)
    licence_no = models.CharField(_("licence number"), max_length=50, blank=True)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    emergency_phone = models.CharField(_("24-hour phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("maintenance contractor")
        verbose_name_plural = _("maintenance contractors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("facilities:contractor_detail", kwargs={"pk": self.pk})


class Equipment(SiteScoped):
    """A unit of equipment (or a whole system logged as one) at a place in the location tree."""

    code = models.CharField(_("asset code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    category = models.ForeignKey(
        EquipmentCategory,
        on_delete=models.PROTECT,
        related_name="equipment",
        verbose_name=_("category"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="equipment",
        verbose_name=_("location"),
    )
    maker = models.CharField(_("maker"), max_length=100, blank=True)
    model_no = models.CharField(_("model"), max_length=50, blank=True)
    serial_no = models.CharField(_("serial number"), max_length=50, blank=True)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    first_used_on = models.DateField(
        _("accepted for use on"),
        null=True,
        blank=True,
        help_text=_("For lifts: the date the installation supervisory inspection was passed."),
    )
    registration_no = models.CharField(_("registration number"), max_length=50, blank=True)
    contractor = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="equipment",
        verbose_name=_("maintenance contractor"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EquipmentStatus.choices,
        default=EquipmentStatus.IN_SERVICE,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["site", "code"]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        constraints = [models.UniqueConstraint(fields=["site", "code"], name="equipment_code")]
        indexes = [models.Index(fields=["site", "location"], name="equipment_site_location")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("facilities:equipment_detail", kwargs={"pk": self.pk})


class Certificate(SiteScoped):
    """A certificate or inspection report of a unit; the latest of a kind with an expiry date is
    warned 30 days ahead."""

    equipment = models.ForeignKey(
        Equipment,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("equipment"),
    )
    kind = models.CharField(_("kind"), max_length=14, choices=CertificateKind.choices)
    number = models.CharField(_("certificate number"), max_length=50, blank=True)
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    issued_on = models.DateField(_("date of inspection or issue"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    is_major_repair = models.BooleanField(
        _("after a major repair"),
        default=False,
        help_text=_(
            "A supervisory inspection after a major repair replaces that year's periodic one."
        ),
    )
    warned_at = models.DateTimeField(_("expiry warned at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["equipment", "-issued_on"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [
            models.Index(
                fields=["site", "expires_on"],
                name="certificate_site_expiry",
                condition=Q(expires_on__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()

    def get_absolute_url(self):
        return reverse("facilities:certificate_detail", kwargs={"pk": self.pk})


class MeterReading(SiteScoped):
    """A reading of a unit's running meter (hours, starts); meter-based plans compare against it."""

    equipment = models.ForeignKey(
        Equipment,
        on_delete=models.CASCADE,
        related_name="meter_readings",
        verbose_name=_("equipment"),
    )
    read_at = models.DateTimeField(_("read at"))
    value = models.DecimalField(_("reading"), max_digits=14, decimal_places=2)
    run_log = models.ForeignKey(
        "facilities.RunLog",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run log"),
    )

    class Meta:
        ordering = ["equipment", "-read_at"]
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        indexes = [models.Index(fields=["equipment", "read_at"], name="meterreading_equipment")]

    def __str__(self):
        return f"{self.equipment} {self.value}"
