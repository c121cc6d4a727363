"""Reads of the meeting service: the service staff's task list of a day, the home-page card,
and the figures of the annual report (all aggregated in the database)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import groupby

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.dashboard import Card
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.meetings.choices import BookingStatus
from houqin.meetings.models import Booking, BookingService

VIEW_PERM = "meetings.view_bookingservice"


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Local midnight of ``day`` and of the next day (Asia/Shanghai)."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _served_bookings(user, request=None):
    """Confirmed, not void bookings with service items, at the sites where ``user`` sees the
    meeting service (and at the site chosen in the switcher)."""
    # Exists rather than a join + DISTINCT: the callers order by related columns.
    has_items = Exists(BookingService.objects.filter(booking=OuterRef("pk")))
    qs = Booking.objects.filter(has_items, status=BookingStatus.CONFIRMED, voided_at__isnull=True)
    sites = sites_with_perm(user, VIEW_PERM)
    if sites is not None:
        qs = qs.filter(site_id__in=sites)
    return qs.in_scope(request) if request is not None else qs


def day_tasks(user, day: date, request=None) -> list[Booking]:
    """The bookings of ``day`` that ask for service, with their items, by room then time (one
    query for the bookings, one for the items)."""
    start, end = day_bounds(day)
    items = BookingService.objects.select_related("done_by").order_by("item")
    return list(
        _served_bookings(user, request)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("room__location", "organiser", "department")
        .prefetch_related(Prefetch("services", queryset=items))
        .order_by("room__site_id", "room__code", "starts_at")
    )


def tasks_by_room(bookings: list[Booking]) -> list[tuple[object, list[Booking]]]:
    """The day's bookings grouped by room (already ordered by room and time)."""
    return [(room, list(rows)) for room, rows in groupby(bookings, key=lambda b: b.room)]


def today_counts(user, request=None) -> dict:
    """Meetings of today still to serve, and their open items."""
    start, end = day_bounds(timezone.localdate())
    open_items = BookingService.objects.filter(booking=OuterRef("pk"), done_at__isnull=True)
    return (
        Booking.objects.filter(pk__in=_served_bookings(user, request).values("pk"))
        .filter(starts_at__gte=start, starts_at__lt=end)
        .aggregate(
            meetings=Count("pk", filter=Exists(open_items), distinct=True),
            items=Count("services", filter=Q(services__done_at__isnull=True)),
        )
    )


def dashboard_cards(request) -> list:
    """ "Meeting services to do today" for whoever carries out the meeting service."""
    user = request.user
    if not has_perm_at(user, "meetings.serve_bookingservice"):
        return []
    counts = today_counts(user, request)
    return [
        Card(
            _("Meeting services to do today"),
            counts["meetings"],
            reverse("meetings:service_tasks"),
            "cup-hot",
            "warning" if counts["meetings"] else "success",
        )
    ]


def service_figures(*, site_ids, start: datetime, end: datetime) -> dict:
    """Meetings served, bookings held and the average organiser rating of a period."""
    live = Booking.objects.filter(voided_at__isnull=True)
    if site_ids is not None:
        live = live.filter(site_id__in=site_ids)
    # Three aggregates, each read through its own (site, time) index: one query with the three
    # periods OR'd together read every booking of the site (ten years of them) on SQLite.
    return {
        "served": live.filter(served_at__gte=start, served_at__lt=end).count(),
        "bookings": live.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status__in=[BookingStatus.CANCELLED, BookingStatus.REJECTED])
        .count(),
        "rating": live.filter(
            rated_at__gte=start, rated_at__lt=end, rating__isnull=False
        ).aggregate(rating=Avg("rating"))["rating"],
    }
