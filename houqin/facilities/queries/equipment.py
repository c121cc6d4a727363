"""Reads of the equipment registry: the category tree, a unit's page, expiring certificates and
lifts falling due for inspection (the dashboard cards)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.dashboard import Card
from houqin.core.permissions import has_perm_at
from houqin.facilities import lifts
from houqin.facilities.choices import LIFT_KINDS, OPEN_WORK_ORDER_STATUSES, EquipmentStatus
from houqin.facilities.models import (
    Certificate,
    Equipment,
    EquipmentCategory,
    MaintenancePlan,
    RunLog,
    WorkOrder,
)
from houqin.facilities.services.equipment import (
    LIFT_RECORD_KINDS,
    current_certificates,
    warn_horizon,
)


def category_tree(queryset) -> list[tuple[EquipmentCategory, int]]:
    """(category, depth) in tree order, each with ``unit_count`` (one query)."""
    nodes = list(
        queryset.annotate(unit_count=Count("equipment")).order_by(*EquipmentCategory._meta.ordering)
    )
    children = defaultdict(list)
    known = {node.pk for node in nodes}
    for node in nodes:
        children[node.parent_id if node.parent_id in known else None].append(node)
    out: list[tuple[EquipmentCategory, int]] = []
    stack = [(node, 0) for node in reversed(children[None])]
    while stack:
        node, depth = stack.pop()
        out.append((node, depth))
        stack.extend((child, depth + 1) for child in reversed(children[node.pk]))
    return out


def is_lift(unit: Equipment) -> bool:
    return unit.category.special_kind in LIFT_KINDS


def unit_related(unit: Equipment) -> dict:
    """What a unit's page shows below its fields."""
    return {
        "certificates": list(unit.certificates.order_by("kind", "-issued_on")),
        "run_logs": list(
            RunLog.objects.filter(equipment=unit, voided_at__isnull=True)
            .select_related("shift")
            .order_by("-started_at")[:10]
        ),
        "work_orders": list(
            WorkOrder.objects.filter(equipment=unit, status__in=OPEN_WORK_ORDER_STATUSES).order_by(
                "-pk"
            )
        ),
        "plans": list(MaintenancePlan.objects.filter(equipment=unit).order_by("pk")),
    }


def expiry_state(cert: Certificate, today: date | None = None) -> str:
    """ "expired", "expiring" (within the warning period) or "" for a certificate."""
    today = today or timezone.localdate()
    if cert.expires_on is None:
        return ""
    if cert.expires_on < today:
        return "expired"
    return "expiring" if cert.expires_on <= warn_horizon(today) else ""


def certificate_counts(queryset) -> dict:
    """Current certificates expired and expiring within the warning period, in one aggregate."""
    today = timezone.localdate()
    return current_certificates(
        queryset.filter(expires_on__isnull=False).exclude(equipment__status=EquipmentStatus.RETIRED)
    ).aggregate(
        expired=Count("pk", filter=Q(expires_on__lt=today)),
        expiring=Count("pk", filter=Q(expires_on__gte=today, expires_on__lte=warn_horizon(today))),
    )


def lift_schedules(queryset, today: date) -> dict[int, lifts.Schedule]:
    """Every lift's inspection schedule, from one query joining the lifts and their records."""
    rows = (
        queryset.filter(category__special_kind__in=LIFT_KINDS, first_used_on__isnull=False)
        .exclude(status=EquipmentStatus.RETIRED)
        .values_list(
            "pk",
            "first_used_on",
            "certificates__kind",
            "certificates__issued_on",
            "certificates__is_major_repair",
        )
    )
    bases, records = {}, defaultdict(list)
    for pk, base, kind, on, major in rows:
        bases[pk] = base
        if kind in LIFT_RECORD_KINDS:
            records[pk].append(lifts.Record(kind, on, major))
    return {pk: lifts.schedule(base, records[pk], today) for pk, base in bases.items()}


def lift_counts(queryset) -> dict:
    """Lifts whose next inspection is overdue, and those due within the warning period."""
    today = timezone.localdate()
    plans = lift_schedules(queryset, today).values()
    due = [p for p in plans if p.next_due is not None and p.next_due <= warn_horizon(today)]
    overdue = sum(1 for p in due if p.next_due < today)
    return {"overdue": overdue, "due": len(due) - overdue}


def dashboard_cards(request) -> list:
    """Expiring or expired certificates and lifts falling due, for those who see certificates."""
    user = request.user
    if not has_perm_at(user, "facilities.view_certificate", getattr(request.site, "pk", None)):
        return []
    certs = certificate_counts(Certificate.objects.restrict(user, "view").in_scope(request))
    due = lift_counts(Equipment.objects.restrict(user, "view").in_scope(request))
    url = reverse("facilities:certificate_list")
    return [
        Card(
            _("Certificates expired or expiring within 30 days"),
            certs["expired"] + certs["expiring"],
            url + "?expiring=true",
            "patch-exclamation",
            "danger" if certs["expired"] else ("warning" if certs["expiring"] else "secondary"),
        ),
        Card(
            _("Lift inspections overdue or due within 30 days"),
            due["overdue"] + due["due"],
            reverse("facilities:equipment_list") + "?special=true",
            "building-up",
            "danger" if due["overdue"] else ("warning" if due["due"] else "secondary"),
        ),
    ]
