"""Reads of the equipment registry: the category tree, a unit's page, expiring certificates and
lifts falling due for inspection (the dashboard cards)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
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
    """(category, depth) in tree order, each with ``unit_count`` (its own units) and
    ``total_count`` (with its descendants'), from one query."""
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
    _sum_up(out, {node.pk: node for node in nodes})
    return out


def _sum_up(ordered: list[tuple[EquipmentCategory, int]], by_pk: dict) -> None:
    """Give each node ``total_count``: its units and those of every category under it. In
    tree order a child comes after its parent, so walking backwards adds each finished node
    to its parent."""
    for node, _depth in ordered:
        node.total_count = node.unit_count
    for node, _depth in reversed(ordered):
        parent = by_pk.get(node.parent_id)
        if parent is not None:
            parent.total_count += node.total_count


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


def lifts_due(queryset, today: date | None = None) -> dict[int, date]:
    """The lifts whose next inspection is overdue or due within the warning period: id → due
    date (the card's count and the equipment list's ``inspection_due`` filter)."""
    today = today or timezone.localdate()
    return {
        pk: plan.next_due
        for pk, plan in lift_schedules(queryset, today).items()
        if plan.next_due is not None and plan.next_due <= warn_horizon(today)
    }


def lift_counts(queryset) -> dict:
    """Lifts whose next inspection is overdue, and those due within the warning period."""
    today = timezone.localdate()
    due = lifts_due(queryset, today).values()
    overdue = sum(1 for on in due if on < today)
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
            url + "?due=true",
            "patch-exclamation",
            "danger" if certs["expired"] else ("warning" if certs["expiring"] else "secondary"),
        ),
        Card(
            _("Lift inspections overdue or due within 30 days"),
            due["overdue"] + due["due"],
            reverse("facilities:equipment_list") + "?inspection_due=true",
            "building-up",
            "danger" if due["overdue"] else ("warning" if due["due"] else "secondary"),
        ),
    ]


def with_superseded(queryset):
    """Certificates marked ``is_superseded`` when a newer one of the unit and kind exists."""
    newer = Certificate.objects.filter(
        equipment=OuterRef("equipment"), kind=OuterRef("kind")
    ).filter(
        Q(issued_on__gt=OuterRef("issued_on"))
        | Q(issued_on=OuterRef("issued_on"), pk__gt=OuterRef("pk"))
    )
    return queryset.annotate(is_superseded=Exists(newer))
