"""Reads of the supplier registry."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from houqin.procurement.models import Bid, Debarment, Project, Qualification, Supplier

EXPIRY_DAYS = 30  # a qualification is "expiring" this many days before its end
ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


def debarment_on(supplier: Supplier, on: date) -> Debarment | None:
    """The debarment of ``supplier`` in force on ``on`` (not voided), if any."""
    return (
        Debarment.objects.filter(supplier=supplier, voided_at__isnull=True, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-starts_on")
        .first()
    )


def _sum_of(qs, field: str):
    """A correlated ``SUM(field)`` of ``qs`` (already filtered on the outer supplier)."""
    return Coalesce(
        Subquery(qs.order_by().values("supplier").annotate(t=Sum(field)).values("t")[:1]),
        ZERO,
    )


def _count_of(qs):
    """A correlated ``COUNT(*)`` of ``qs`` (already filtered on the outer supplier)."""
    return Coalesce(
        Subquery(qs.order_by().values("supplier").annotate(n=Count("pk")).values("n")[:1]), 0
    )


def with_history(queryset):
    """Suppliers annotated with their bids (``bid_count``, ``bid_yuan``) and awards
    (``award_count``, ``award_yuan`` = contract amounts) on live projects, in the same query."""
    bids = Bid.objects.filter(supplier=OuterRef("pk"), project__voided_at__isnull=True)
    awards = Project.objects.filter(supplier=OuterRef("pk"), voided_at__isnull=True)
    return queryset.annotate(
        bid_count=_count_of(bids),
        bid_yuan=_sum_of(bids, "price_yuan"),
        award_count=_count_of(awards),
        award_yuan=_sum_of(awards, "contract_yuan"),
    )


def supplier_bids(supplier: Supplier, limit: int = 200) -> list:
    """The supplier's bids on live projects, newest first, with their project."""
    return list(
        Bid.objects.filter(supplier=supplier, project__voided_at__isnull=True)
        .select_related("project")
        .order_by("-submitted_at")[:limit]
    )


def supplier_awards(supplier: Supplier, limit: int = 200) -> list:
    """The live projects the supplier won, newest contract first."""
    return list(
        Project.objects.filter(supplier=supplier, voided_at__isnull=True)
        .only("pk", "number", "title", "method", "contract_yuan", "contract_signed_on", "site")
        .order_by("-contract_signed_on", "-pk")[:limit]
    )


def expiring_q(on: date, days: int) -> Q:
    """Qualifications whose validity ends within ``days`` days from ``on`` (not yet expired)."""
    return Q(valid_until__gte=on, valid_until__lte=on + timedelta(days=days))


def qualifications_expiring(queryset, *, on: date | None = None, days: int = EXPIRY_DAYS):
    """Of ``queryset`` (qualifications), those expiring within ``days`` days, soonest first,
    with their supplier."""
    on = on or timezone.localdate()
    return (
        queryset.filter(expiring_q(on, days), supplier__is_active=True)
        .select_related("supplier")
        .order_by("valid_until", "supplier__name")
    )


def qualification_state(qualification: Qualification, on: date, days: int = EXPIRY_DAYS) -> str:
    """``"expired"``, ``"expiring"`` (within ``days``) or ``""`` (valid, or without end)."""
    until = qualification.valid_until
    if until is None:
        return ""
    if until < on:
        return "expired"
    return "expiring" if until <= on + timedelta(days=days) else ""


def in_force_q(on: date) -> Q:
    """Debarments in force on ``on``: not lifted, started, not ended."""
    return Q(voided_at__isnull=True, starts_on__lte=on) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


def debarments_active(queryset, *, on: date | None = None):
    """Of ``queryset`` (debarments), those in force on ``on`` (today), with their supplier."""
    on = on or timezone.localdate()
    return queryset.filter(in_force_q(on)).select_related("supplier").order_by("-starts_on")
