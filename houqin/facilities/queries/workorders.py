"""Reads of work orders: who sees which, what is overdue, the home-page cards and the figures
of the annual report (all aggregated in the database)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.dashboard import Card
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.facilities.choices import OPEN_WORK_ORDER_STATUSES, WorkOrderStatus
from houqin.facilities.models import WorkOrder
from houqin.reports.aggregates import Elapsed, median

RESPONSE = Elapsed("started_at", "reported_at")
REPAIR = Elapsed("completed_at", "started_at")


def work_orders_visible(user, queryset=None):
    """Orders of the sites where ``user`` may view the ledger, plus every order they reported."""
    queryset = WorkOrder.objects.all() if queryset is None else queryset
    sites = sites_with_perm(user, "facilities.view_workorder")
    if sites is None:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(Q(site_id__in=sites) | Q(reporter=user))


def overdue_q(now: datetime | None = None) -> Q:
    """Open orders whose response deadline passed before work started, or open too long."""
    now = now or timezone.now()
    days = settings.HOUQIN_WORK_ORDER_OVERDUE_DAYS
    late_start = Q(respond_by__lt=now, started_at__isnull=True)
    too_long = Q(reported_at__lt=now - timedelta(days=days))
    return Q(status__in=OPEN_WORK_ORDER_STATUSES, voided_at__isnull=True) & (late_start | too_long)


def is_overdue(order: WorkOrder, now: datetime | None = None) -> bool:
    """The same rule as ``overdue_q`` for one loaded order."""
    if order.voided_at is not None or order.status not in OPEN_WORK_ORDER_STATUSES:
        return False
    now = now or timezone.now()
    if order.respond_by is not None and order.respond_by < now and order.started_at is None:
        return True
    return order.reported_at < now - timedelta(days=settings.HOUQIN_WORK_ORDER_OVERDUE_DAYS)


def hours_between(start: datetime | None, end: datetime | None) -> str:
    """Hours with one decimal between two moments, or '' when one is missing."""
    if start is None or end is None:
        return ""
    return f"{(end - start).total_seconds() / 3600:.1f}"


def work_order_for_token(order_id: int | None) -> WorkOrder | None:
    """The order a verified tracking token names."""
    if order_id is None:
        return None
    return WorkOrder.objects.select_related("location", "equipment").filter(pk=order_id).first()


def technicians_of(site_id: int):
    """Active users who may carry out work orders at the site (the dispatcher's choices)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__site_id=site_id,
            memberships__role__permissions__codename="work_workorder",
            memberships__role__permissions__content_type__app_label="facilities",
        )
        .distinct()
        .order_by("username")
    )


def dashboard_cards(request) -> list:
    """Open and overdue orders for whoever sees the ledger; "assigned to me" for technicians."""
    user = request.user
    if not has_perm_at(user, "facilities.view_workorder"):
        return []
    counts = (
        WorkOrder.objects.restrict(user, "view")
        .in_scope(request)
        .filter(voided_at__isnull=True, status__in=OPEN_WORK_ORDER_STATUSES)
        .aggregate(
            open=Count("pk"),
            overdue=Count("pk", filter=overdue_q()),
            mine=Count("pk", filter=Q(assigned_to=user)),
            waiting=Count("pk", filter=Q(status=WorkOrderStatus.REPORTED)),
        )
    )
    url = reverse("facilities:workorder_list")
    cards = [
        Card(_("Open work orders"), counts["open"], f"{url}?status=open", "tools", "primary"),
        Card(
            _("Overdue work orders"),
            counts["overdue"],
            f"{url}?overdue=true",
            "alarm",
            "danger" if counts["overdue"] else "success",
        ),
    ]
    if has_perm_at(user, "facilities.dispatch_workorder"):
        cards.append(
            Card(
                _("Waiting for dispatch"),
                counts["waiting"],
                f"{url}?status={WorkOrderStatus.REPORTED}",
                "send",
                "warning" if counts["waiting"] else "secondary",
            )
        )
    if has_perm_at(user, "facilities.work_workorder"):
        mine_url = reverse("facilities:workorder_assigned")
        cards.append(Card(_("Work orders assigned to me"), counts["mine"], mine_url, "wrench"))
    return cards


def work_order_figures(*, site_ids, start: datetime, end: datetime) -> dict:
    """Opened, closed, rating figures and the median response and repair times of a period."""
    live = WorkOrder.objects.filter(voided_at__isnull=True)
    if site_ids is not None:
        live = live.filter(site_id__in=site_ids)
    reported = Q(reported_at__gte=start, reported_at__lt=end)
    closed = Q(closed_at__gte=start, closed_at__lt=end)  # a rating closes the order
    rated = Q(rated_at__gte=start, rated_at__lt=end, rating__isnull=False)
    row = live.filter(reported | closed).aggregate(
        opened=Count("pk", filter=reported),
        closed=Count("pk", filter=closed),
        rated=Count("pk", filter=rated),
        satisfied=Count("pk", filter=rated & Q(rating__gte=4)),
        rating=Avg("rating", filter=rated),
    )
    in_period = live.filter(reported)
    row["response"] = median(in_period.filter(started_at__isnull=False), RESPONSE)
    row["repair"] = median(
        in_period.filter(started_at__isnull=False, completed_at__isnull=False), REPAIR
    )
    return row
