"""Disaster relief (抗洪救灾): campaigns, donations in cash and in kind with receipts and a
public list, emergency purchases through procurement, and dispatches of goods to the front,
signed for on receipt. Goods in kind and bought pass through the stock ledger's relief store:
a donation or purchase received is a receipt movement, a dispatch an issue movement."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.models import BusinessRecord, Department, Person, SiteScoped
from houqin.procurement.models import Project
from houqin.relief.choices import DispatchStatus, DonorKind
from houqin.stock.models import Item, Store

QUANTITY = {"max_digits": 15, "decimal_places": 3}
MONEY = {"max_digits": 14, "decimal_places": 2}


class Campaign(BusinessRecord):
    """A relief campaign (e.g. the July flood): its period, its relief store, and whether its
    donation list is public."""

    number_prefix = "JZ"

    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("relief store")
    )
    list_is_public = models.BooleanField(_("donation list public"), default=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("relief campaign")
        verbose_name_plural = _("relief campaigns")
        permissions = [("void_campaign", _("Can void relief campaigns"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="relief_campaign_number"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="relief_campaign_period",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("relief:campaign_detail", kwargs={"pk": self.pk})


class Donation(BusinessRecord):
    """A donation (捐赠) received: cash (``amount_yuan``) and/or goods in kind (lines, received
    into the campaign's store). The record number is the receipt number."""

    number_prefix = "JK"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="donations", verbose_name=_("campaign")
    )
    donor_kind = models.CharField(_("donor type"), max_length=15, choices=DonorKind.choices)
    donor_name = models.CharField(_("donor"), max_length=100)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    amount_yuan = models.DecimalField(_("cash (yuan)"), **MONEY, null=True, blank=True)
    received_at = models.DateTimeField(pgettext_lazy("relief", "received at"))
    is_anonymous = models.BooleanField(
        _("anonymous on the public list"),
        default=False,
        help_text=_("The public list shows “anonymous” instead of the donor's name."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        permissions = [("void_donation", _("Can void donations"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="relief_donation_number"),
            models.CheckConstraint(
                condition=Q(amount_yuan__isnull=True) | Q(amount_yuan__gt=0),
                name="relief_donation_amount",
            ),
        ]
        indexes = [models.Index(fields=["site", "received_at"], name="relief_donation_at")]

    def __str__(self):
        return f"{self.number} {self.donor_name}"

    def get_absolute_url(self):
        return reverse("relief:donation_detail", kwargs={"pk": self.pk})


class DonationLine(SiteScoped):
    """Goods given in kind: an item of the relief ledger and how many of its unit."""

    donation = models.ForeignKey(
        Donation, on_delete=models.CASCADE, related_name="lines", verbose_name=_("donation")
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("relief", "goods"),
    )
    quantity = models.DecimalField(_("quantity"), **QUANTITY)

    class Meta:
        ordering = ["donation", "id"]
        verbose_name = _("donated goods")
        verbose_name_plural = _("donated goods")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="relief_donationline_qty")
        ]

    def __str__(self):
        return f"{self.item} {self.quantity}"


class EmergencyPurchase(BusinessRecord):
    """Goods bought for a campaign under a procurement project of the emergency method, and
    received into the campaign's store."""

    number_prefix = "JG"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("campaign")
    )
    project = models.OneToOneField(
        Project,
        on_delete=models.PROTECT,
        related_name="relief_purchase",
        verbose_name=_("procurement project"),
    )
    received_at = models.DateTimeField(
        pgettext_lazy("relief", "received at"), null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("emergency purchase")
        verbose_name_plural = _("emergency purchases")
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="relief_purchase_number")
        ]

    def __str__(self):
        return f"{self.number} {self.project.title}"

    def get_absolute_url(self):
        return reverse("relief:purchase_detail", kwargs={"pk": self.pk})


class PurchaseLine(SiteScoped):
    """Goods of an emergency purchase: item, quantity and unit cost."""

    purchase = models.ForeignKey(
        EmergencyPurchase,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("purchase"),
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("relief", "goods"),
    )
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    unit_cost = models.DecimalField(_("unit cost (yuan)"), **MONEY)

    class Meta:
        ordering = ["purchase", "id"]
        verbose_name = _("purchased goods")
        verbose_name_plural = _("purchased goods")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="relief_purchaseline_qty"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="relief_purchaseline_cost"),
        ]

    def __str__(self):
        return f"{self.item} {self.quantity}"


class Dispatch(BusinessRecord):
    """Goods sent from the store to a named destination (e.g. a township's flood command),
    and signed for by the person who received them there (交接签收)."""

    number_prefix = "FY"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="dispatches", verbose_name=_("campaign")
    )
    destination = models.CharField(_("destination"), max_length=150)
    dispatched_at = models.DateTimeField(_("dispatched at"))
    carrier = models.CharField(_("vehicle and driver"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DispatchStatus.choices,
        default=DispatchStatus.DISPATCHED,
    )
    signed_by_name = models.CharField(_("signed for by"), max_length=50, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    sign_note = models.CharField(_("receipt note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-dispatched_at"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        permissions = [("void_dispatch", _("Can void dispatches"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="relief_dispatch_number")
        ]
        indexes = [models.Index(fields=["site", "dispatched_at"], name="relief_dispatch_at")]

    def __str__(self):
        return f"{self.number} {self.destination}"

    def get_absolute_url(self):
        return reverse("relief:dispatch_detail", kwargs={"pk": self.pk})


class DispatchLine(SiteScoped):
    """Goods of a dispatch: an item of the campaign's store and how many."""

    dispatch = models.ForeignKey(
        Dispatch, on_delete=models.CASCADE, related_name="lines", verbose_name=_("dispatch")
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("relief", "goods"),
    )
    quantity = models.DecimalField(_("quantity"), **QUANTITY)

    class Meta:
        ordering = ["dispatch", "id"]
        verbose_name = _("dispatched goods")
        verbose_name_plural = _("dispatched goods")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="relief_dispatchline_qty")
        ]

    def __str__(self):
        return f"{self.item} {self.quantity}"
