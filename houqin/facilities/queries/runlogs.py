"""Reads of the run logs: the rooms and units a shift is logged for, today's counts, and the
台班 figures."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.dashboard import Card
from houqin.core.models import Location
from houqin.core.permissions import has_perm_at
from houqin.facilities.choices import EquipmentStatus, RunStatus, System
from houqin.facilities.models import Equipment, OperatingShift, RunLog

# The systems whose safe shifts the annual report counts (facilities.run_shifts.<system>).
COUNTED_SYSTEMS = (
    System.CENTRAL_AC,
    System.ELEVATOR,
    System.WATER_SUPPLY,
    System.POWER_DISTRIBUTION,
    System.FIRE_PROTECTION,
    System.CCTV,
)


def rooms_with_units(site):
    """Locations of ``site`` holding at least one in-service unit (the rooms a shift is logged
    for), by code."""
    units = Equipment.objects.filter(
        location=OuterRef("pk"), status=EquipmentStatus.IN_SERVICE
    ).values("pk")
    return Location.objects.filter(site=site, is_active=True).filter(Exists(units)).order_by("code")


def room_units(room: Location):
    """The in-service units of a room with their category (and its reading fields)."""
    return (
        Equipment.objects.filter(location=room, status=EquipmentStatus.IN_SERVICE)
        .select_related("category")
        .prefetch_related("category__reading_fields")
        .order_by("code")
    )


def logged_in_shift(*, shift_date, shift, units) -> dict[int, RunLog]:
    """The units already logged (not void) in one shift: equipment id → its log."""
    if shift_date is None or shift is None:
        return {}
    logs = RunLog.objects.filter(
        shift_date=shift_date, shift=shift, equipment__in=units, voided_at__isnull=True
    ).only("pk", "number", "equipment_id", "status")
    return {log.equipment_id: log for log in logs}


def active_shifts(site) -> list[OperatingShift]:
    """The site's active operating shifts in their order."""
    return list(OperatingShift.objects.filter(site=site, is_active=True))


def today_counts(queryset) -> dict:
    """Logged shifts (distinct unit-shifts) and abnormal logs of today, in one aggregate."""
    today = timezone.localdate()
    return queryset.filter(shift_date=today, voided_at__isnull=True).aggregate(
        logs=Count("pk"),
        shifts=Count("shift", distinct=True),
        abnormal=Count("pk", filter=Q(status=RunStatus.ABNORMAL)),
    )


def dashboard_cards(request) -> list:
    """Today's logged shifts and abnormal logs, for users who may read run logs."""
    user = request.user
    if not has_perm_at(user, "facilities.view_runlog"):
        return []
    counts = today_counts(RunLog.objects.restrict(user, "view").in_scope(request))
    today = timezone.localdate().isoformat()
    # The run ledger of today's live logs: each log is one unit's shift (台班).
    url = f"{reverse('facilities:runlog_list')}?date_after={today}&date_before={today}&void=false"
    return [
        Card(_("Shifts logged today"), counts["logs"], url, "journal-check", "success"),
        Card(
            _("Abnormal run logs today"),
            counts["abnormal"],
            f"{url}&status={RunStatus.ABNORMAL}",
            "exclamation-octagon",
            "danger" if counts["abnormal"] else "secondary",
        ),
    ]


def _period_logs(site_ids, start: datetime, end: datetime):
    """Non-void logs whose shift date lies in [start, end) in the compound's time zone."""
    qs = RunLog.objects.filter(
        voided_at__isnull=True,
        shift_date__gte=timezone.localdate(start),
        shift_date__lt=timezone.localdate(end),
    )
    return qs if site_ids is None else qs.filter(site_id__in=site_ids)


def run_shift_figures(*, site_ids, start: datetime, end: datetime) -> dict:
    """Safe shifts (台班) per counted system and equipment accidents, in one aggregate query.

    A 台班 of a system is one (site, shift date, operating shift) with at least one non-void run
    log of that system and no non-void log of that system in that shift marked ``is_accident``.
    The logs are grouped by system shift in the database, and the groups without an accident
    counted; an accident counts once per log."""
    accident = Case(When(is_accident=True, then=Value(1)), default=Value(0))
    shifts = (
        _period_logs(site_ids, start, end)
        .values("site_id", "system", "shift_date", "shift_id")
        .annotate(unsafe=Max(accident, output_field=IntegerField()), n_accidents=Sum(accident))
        .order_by()
    )
    figures = {
        system.value: Count("system", filter=Q(system=system, unsafe=0))
        for system in COUNTED_SYSTEMS
    }
    result = shifts.aggregate(**figures, accidents=Sum("n_accidents"))
    return {**result, "accidents": result["accidents"] or 0}
