"""Repair requests and work orders (报修 → 派工 → 维修 → 完工 → 评价). Anyone may report: staff
when logged in, and anybody by scanning a label (name and phone asked, rate-limited by the
hashed network address). Response and repair times come from the recorded timestamps."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Location, SiteScoped
from houqin.facilities.choices import WorkOrderPriority, WorkOrderSource, WorkOrderStatus


class WorkOrder(BusinessRecord):
    """A fault to repair, from its report to the reporter's rating."""

    number_prefix = "WX"

    source = models.CharField(
        _("source"), max_length=12, choices=WorkOrderSource.choices, default=WorkOrderSource.STAFF
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    equipment = models.ForeignKey(
        "facilities.Equipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("equipment"),
    )
    description = models.CharField(_("fault"), max_length=500)
    priority = models.CharField(
        _("priority"),
        max_length=8,
        choices=WorkOrderPriority.choices,
        default=WorkOrderPriority.NORMAL,
    )
    reported_at = models.DateTimeField(_("reported at"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=30, blank=True)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=WorkOrderStatus.choices,
        default=WorkOrderStatus.REPORTED,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("technician"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    respond_by = models.DateTimeField(_("respond by"), null=True, blank=True)
    started_at = models.DateTimeField(_("work started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("repaired at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    resolution = models.TextField(_("what was done"), blank=True)
    labour_hours = models.DecimalField(
        _("labour (hours)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    hazard = models.ForeignKey(
        "security.Hazard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("safety hazard"),
    )
    camera = models.ForeignKey(
        "security.Camera",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("camera"),
    )
    maintenance_task = models.ForeignKey(
        "facilities.MaintenanceTask",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("maintenance task"),
    )

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        permissions = [
            ("void_workorder", _("Can void work orders")),
            ("dispatch_workorder", _("Can assign work orders to technicians")),
            ("work_workorder", _("Can carry out work orders")),
        ]
        indexes = [
            models.Index(fields=["site", "reported_at"], name="workorder_site_reported"),
            models.Index(
                fields=["site", "status", "reported_at"],
                name="workorder_site_open",
                condition=Q(status__in=["reported", "assigned", "in_progress"]),
            ),
            models.Index(fields=["assigned_to", "status"], name="workorder_assignee"),
            # the reporters' ratings of a period (the satisfaction rate)
            models.Index(
                fields=["site", "rated_at"],
                name="workorder_site_rated",
                condition=Q(rated_at__isnull=False),
            ),
            models.Index(
                fields=["client_hash", "reported_at"],
                name="workorder_client",
                condition=~Q(client_hash=""),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="workorder_number"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="workorder_rating_range",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.description[:30]}"

    def get_absolute_url(self):
        return reverse("facilities:workorder_detail", kwargs={"pk": self.pk})


class WorkOrderPart(SiteScoped):
    """A part or material used on a repair."""

    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="parts", verbose_name=_("work order")
    )
    name = models.CharField(_("part or material"), max_length=100)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    unit_price = models.DecimalField(
        _("unit price (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["work_order", "pk"]
        verbose_name = _("part used")
        verbose_name_plural = _("parts used")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="workorderpart_quantity")
        ]

    def __str__(self):
        return f"{self.name} × {self.quantity}"
