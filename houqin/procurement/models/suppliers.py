"""Suppliers (供应商库): the registry with credit codes, qualifications that expire, and the
debarment list (禁止参加政府采购活动) that blocks awards."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, SiteScoped


class Supplier(SiteScoped):
    """A company registered with the procurement centre. The contact's phone and e-mail are
    personal data: internal, never on the public portal."""

    name = models.CharField(_("name"), max_length=150)
    credit_code = models.CharField(_("unified social credit code"), max_length=18)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    business_scope = models.TextField(_("business scope"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "credit_code"], name="procurement_supplier_credit_code"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("procurement:supplier_detail", kwargs={"pk": self.pk})


class Qualification(SiteScoped):
    """A licence or certificate of a supplier (资质), valid until a date or without end."""

    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.CASCADE,
        related_name="qualifications",
        verbose_name=_("supplier"),
    )
    name = models.CharField(_("qualification"), max_length=100)
    certificate_no = models.CharField(_("certificate number"), max_length=50, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=100, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["supplier", "valid_until"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        indexes = [models.Index(fields=["site", "valid_until"], name="procurement_qual_expiry")]

    def __str__(self):
        return self.name


class Debarment(BusinessRecord):
    """A supplier barred from government procurement for a period (ends empty: until lifted).
    Voiding the record lifts it, with the reason kept."""

    number_prefix = "JY"

    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="debarments", verbose_name=_("supplier")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    authority = models.CharField(_("deciding authority"), max_length=100)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("debarment")
        verbose_name_plural = _("debarments")
        permissions = [("void_debarment", _("Can lift debarments"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="procurement_debarment_number"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="procurement_debarment_period",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.supplier}"

    def get_absolute_url(self):
        return reverse("procurement:debarment_detail", kwargs={"pk": self.pk})
