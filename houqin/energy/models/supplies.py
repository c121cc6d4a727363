"""Office supplies requisitions (领用): a department asks for items from the office-supplies
store, the request is approved through the approvals engine, and the storekeeper issues it
through the stock ledger (ledger ``office``). Quantities on hand are never stored here: they
are the stock ledger's sums; the issue and return movements point back to the requisition
(``reference``), which is how cost per department is computed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.models import BusinessRecord, Department, Person, SiteScoped
from houqin.energy.choices import RequisitionStatus
from houqin.stock.models import Item, Movement, Store

QUANTITY = {"max_digits": 15, "decimal_places": 3}


class Requisition(BusinessRecord):
    """A department's request for office supplies (办公用品领用单)."""

    number_prefix = "LY"

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="requisitions",
        verbose_name=_("department"),
    )
    requested_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="requisitions", verbose_name=_("store")
    )
    purpose = models.CharField(pgettext_lazy("requisition", "purpose"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequisitionStatus.choices,
        default=RequisitionStatus.PENDING,
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("requisition", "issued by"),
    )
    received_by = models.CharField(
        pgettext_lazy("requisition", "received by"), max_length=50, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("supplies requisition")
        verbose_name_plural = _("supplies requisitions")
        permissions = [
            ("void_requisition", _("Can void supplies requisitions")),
            ("issue_requisition", _("Can issue supplies requisitions")),
        ]
        indexes = [
            models.Index(fields=["site", "status"]),
            models.Index(fields=["site", "department", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="energy_requisition_number")
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("energy:requisition_detail", kwargs={"pk": self.pk})


class RequisitionLine(SiteScoped):
    """An item asked for, and what was issued of it (the issue ``movement``)."""

    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="lines", verbose_name=_("requisition")
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("stock", "item"),
    )
    quantity = models.DecimalField(_("quantity asked"), **QUANTITY)
    issued_quantity = models.DecimalField(_("quantity issued"), **QUANTITY, null=True, blank=True)
    movement = models.OneToOneField(
        Movement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issue movement"),
    )

    class Meta:
        ordering = ["requisition", "id"]
        verbose_name = _("requisition line")
        verbose_name_plural = _("requisition lines")
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "item"], name="energy_requisition_line_item"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="energy_requisition_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(issued_quantity__isnull=True) | Q(issued_quantity__gte=0),
                name="energy_requisition_issued_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.requisition} · {self.item}"
