"""Shift run logs (运行记录, 台班): one per unit per operating shift, with the readings its
category defines. A shift of a system with logs and no equipment accident is one safe 台班."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Person, SiteScoped
from houqin.facilities.choices import RunStatus, System


class OperatingShift(SiteScoped):
    """A shift of the plant rooms' pattern (e.g. 早班 08:00–16:00); a system may run fewer."""

    name = models.CharField(_("name"), max_length=30)
    start_time = models.TimeField(_("start time"))
    hours = models.PositiveSmallIntegerField(_("hours"), default=8)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "position", "start_time"]
        verbose_name = _("operating shift")
        verbose_name_plural = _("operating shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=1, hours__lte=24), name="operatingshift_hours"
            )
        ]

    def __str__(self):
        return f"{self.name} {self.start_time:%H:%M}"

    def get_absolute_url(self):
        return reverse("facilities:operatingshift_detail", kwargs={"pk": self.pk})


class RunLog(BusinessRecord):
    """What one unit did during one shift: operator, times, readings, status and any anomaly.

    ``system`` repeats the category's system so the 台班 figures aggregate on one indexed table.
    """

    number_prefix = "YX"

    equipment = models.ForeignKey(
        "facilities.Equipment",
        on_delete=models.PROTECT,
        related_name="run_logs",
        verbose_name=_("equipment"),
    )
    system = models.CharField(_("system"), max_length=20, choices=System.choices, editable=False)
    shift_date = models.DateField(_("shift date"))
    shift = models.ForeignKey(
        OperatingShift, on_delete=models.PROTECT, related_name="+", verbose_name=_("shift")
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"))
    operator = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("operator"),
    )
    readings = models.JSONField(_("readings"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.NORMAL
    )
    anomaly = models.CharField(_("anomaly"), max_length=500, blank=True)
    is_accident = models.BooleanField(
        _("equipment accident"),
        default=False,
        help_text=_("An accident ends the shift's safe operation; it is not counted as a 台班."),
    )
    work_order = models.ForeignKey(
        "facilities.WorkOrder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work order"),
    )

    class Meta:
        ordering = ["-shift_date", "-started_at"]
        verbose_name = _("run log")
        verbose_name_plural = _("run logs")
        permissions = [("void_runlog", _("Can void run logs"))]
        indexes = [
            models.Index(fields=["site", "system", "shift_date"], name="runlog_site_system"),
            models.Index(fields=["site", "shift_date"], name="runlog_site_date"),
            models.Index(fields=["equipment", "shift_date"], name="runlog_equipment_date"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="runlog_number"),
            models.UniqueConstraint(
                fields=["equipment", "shift_date", "shift"],
                condition=Q(voided_at__isnull=True),
                name="runlog_one_per_shift",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__gt=models.F("started_at")), name="runlog_times"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.shift_date}"

    def get_absolute_url(self):
        return reverse("facilities:runlog_detail", kwargs={"pk": self.pk})
