"""Preventive maintenance: plans (what, how often, by which rule) are kept apart from the tasks
they generate. A task is created once per plan and due date — the database refuses a second —
and moves scheduled → due soon → overdue until it is done."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Person, SiteScoped
from houqin.facilities.choices import (
    HolidayRule,
    IntervalUnit,
    MaintenanceStandard,
    Recurrence,
    TaskStatus,
)


class MaintenancePlan(SiteScoped):
    """A recurring piece of maintenance on one unit; a unit may have several plans."""

    equipment = models.ForeignKey(
        "facilities.Equipment",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("equipment"),
    )
    name = models.CharField(_("name"), max_length=100)
    standard = models.CharField(
        _("standard"),
        max_length=24,
        choices=MaintenanceStandard.choices,
        default=MaintenanceStandard.OWN,
    )
    recurrence = models.CharField(
        _("recurrence"), max_length=12, choices=Recurrence.choices, default=Recurrence.FIXED
    )
    interval = models.PositiveSmallIntegerField(_("every"), default=1)
    interval_unit = models.CharField(
        _("unit"), max_length=6, choices=IntervalUnit.choices, default=IntervalUnit.MONTH
    )
    meter_interval = models.DecimalField(
        _("every (meter units)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For meter-based plans, e.g. every 500 running hours."),
    )
    start_on = models.DateField(_("first date"))
    end_on = models.DateField(_("last date"), null=True, blank=True)
    holiday_rule = models.CharField(
        _("on a rest day"), max_length=8, choices=HolidayRule.choices, default=HolidayRule.KEEP
    )
    lead_days = models.PositiveSmallIntegerField(
        _("remind days ahead"), default=3, help_text=_("Reminders go out this many days before.")
    )
    escalate_days = models.PositiveSmallIntegerField(_("escalate after days overdue"), default=3)
    assignee = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by (default)"),
    )
    contractor = models.ForeignKey(
        "facilities.Contractor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("contractor"),
    )
    generated_through = models.DateField(
        _("tasks generated through"), null=True, blank=True, editable=False
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "equipment", "name"]
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(recurrence="meter", meter_interval__gt=0) | ~Q(recurrence="meter"),
                name="plan_meter_interval",
            ),
            models.CheckConstraint(condition=Q(interval__gte=1), name="plan_interval"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("facilities:maintenanceplan_detail", kwargs={"pk": self.pk})


class PlanItem(SiteScoped):
    """One line of a plan's checklist, copied onto every task it generates."""

    plan = models.ForeignKey(
        MaintenancePlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    text = models.CharField(_("check item"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("check item")
        verbose_name_plural = _("check items")

    def __str__(self):
        return self.text


class MaintenanceTask(BusinessRecord):
    """One occurrence of a plan, due on a date (or at a meter reading)."""

    number_prefix = "WB"

    plan = models.ForeignKey(
        MaintenancePlan, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("plan")
    )
    equipment = models.ForeignKey(
        "facilities.Equipment",
        on_delete=models.PROTECT,
        related_name="maintenance_tasks",
        verbose_name=_("equipment"),
    )
    due_on = models.DateField(_("due on"))
    scheduled_on = models.DateField(
        _("date by the rule"),
        help_text=_("The date before any move off a rest day; it identifies the occurrence."),
    )
    meter_due = models.DecimalField(
        _("due at reading"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.SCHEDULED
    )
    assignee = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True, editable=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    result = models.TextField(_("result"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("maintenance task")
        verbose_name_plural = _("maintenance tasks")
        permissions = [
            ("void_maintenancetask", _("Can void maintenance tasks")),
            ("complete_maintenancetask", _("Can record maintenance done")),
        ]
        indexes = [
            models.Index(fields=["site", "due_on"], name="task_site_due"),
            models.Index(
                fields=["site", "status", "due_on"],
                name="task_site_open",
                condition=Q(status__in=["scheduled", "due", "overdue"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="task_number"),
            models.UniqueConstraint(fields=["plan", "scheduled_on"], name="task_once_per_date"),
            models.UniqueConstraint(
                fields=["plan", "meter_due"],
                condition=Q(meter_due__isnull=False),
                name="task_once_per_reading",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.plan.name}"

    def get_absolute_url(self):
        return reverse("facilities:maintenancetask_detail", kwargs={"pk": self.pk})


class TaskCheck(SiteScoped):
    """A checklist line of a task and its result."""

    task = models.ForeignKey(
        MaintenanceTask, on_delete=models.CASCADE, related_name="checks", verbose_name=_("task")
    )
    text = models.CharField(_("check item"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    passed = models.BooleanField(_("passed"), null=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["task", "position", "pk"]
        verbose_name = _("task check")
        verbose_name_plural = _("task checks")

    def __str__(self):
        return self.text
