"""Reads of rooms and bookings: free rooms, the week calendar, "my bookings", today's meetings,
and the signed tokens of the calendar (ICS) feeds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core import signing
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.dashboard import Card
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.meetings.choices import HOLDING_STATUSES
from houqin.meetings.models import Blackout, Booking, Room

ROOM_ICS_SALT = "houqin.meetings.room-ics"
PERSON_ICS_SALT = "houqin.meetings.person-ics"


def local_midnight(day: date) -> datetime:
    """The aware start of a local (Asia/Shanghai) day."""
    return timezone.make_aware(datetime.combine(day, time(0)))


def holding_q(prefix: str = "") -> Q:
    """Bookings that hold their slot (pending or confirmed, not void)."""
    return Q(**{f"{prefix}status__in": HOLDING_STATUSES, f"{prefix}voided_at__isnull": True})


def availability(site_ids, start: datetime, end: datetime, seats: int = 0, feature: str = ""):
    """Active rooms of ``site_ids`` (None = every site) with at least ``seats`` seats and the
    ``feature``, neither booked nor blacked out in [start, end): one query for all rooms."""
    taken = Booking.objects.filter(
        holding_q(), room=OuterRef("pk"), starts_at__lt=end, ends_at__gt=start
    )
    blacked = Blackout.objects.filter(
        Q(room=OuterRef("pk")) | Q(room__isnull=True, site=OuterRef("site")),
        starts_at__lt=end,
        ends_at__gt=start,
    )
    rooms = Room.objects.filter(is_active=True, capacity__gte=seats or 0)
    if site_ids is not None:
        rooms = rooms.filter(site_id__in=site_ids)
    if feature:
        # JSON list stored as text: the quoted value matches one element on every database.
        rooms = rooms.filter(features__icontains=f'"{feature}"')
    return (
        rooms.filter(~Exists(taken), ~Exists(blacked))
        .select_related("location", "location__building", "site")
        .order_by("capacity", "site", "code")
    )


def my_bookings(user):
    """The bookings ``user`` organises, newest first."""
    return Booking.objects.filter(organiser=user, voided_at__isnull=True)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def calendar_bookings(rooms, first: date, days: int) -> dict[tuple[int, date], list[Booking]]:
    """Holding bookings of ``rooms`` in ``days`` days from ``first``, by (room pk, local day):
    one query."""
    lo, hi = local_midnight(first), local_midnight(first + timedelta(days=days))
    grid: dict[tuple[int, date], list[Booking]] = {}
    qs = (
        Booking.objects.filter(holding_q(), room__in=rooms, starts_at__lt=hi, ends_at__gt=lo)
        .select_related("organiser")
        .order_by("starts_at")
    )
    for booking in qs:
        day = timezone.localtime(booking.starts_at).date()
        grid.setdefault((booking.room_id, day), []).append(booking)
    return grid


def room_week(room: Room, first: date | None = None) -> list[Booking]:
    """The room's holding bookings in the week of ``first`` (default this week)."""
    first = week_start(first or timezone.localdate())
    lo, hi = local_midnight(first), local_midnight(first + timedelta(days=7))
    return list(
        room.bookings.filter(holding_q(), starts_at__lt=hi, ends_at__gt=lo)
        .select_related("organiser")
        .order_by("starts_at")
    )


def room_ics_token(room: Room) -> str:
    """The signed token of a room's calendar feed (stable, so a subscription keeps working)."""
    return signing.Signer(salt=ROOM_ICS_SALT).sign(str(room.pk))


def room_ics_token_ok(room_pk: int, token: str) -> bool:
    """Whether ``token`` is the feed token of room ``room_pk``."""
    try:
        return signing.Signer(salt=ROOM_ICS_SALT).unsign(token or "") == str(room_pk)
    except signing.BadSignature:
        return False


def person_ics_token(user) -> str:
    """The signed token of a person's meeting feed."""
    return signing.Signer(salt=PERSON_ICS_SALT).sign(str(user.pk))


def user_from_ics_token(token: str):
    """The active user a feed token names, or None for a bad or altered token."""
    from django.contrib.auth import get_user_model

    try:
        pk = signing.Signer(salt=PERSON_ICS_SALT).unsign(token or "")
    except signing.BadSignature:
        return None
    if not pk.isdigit():
        return None
    return get_user_model().objects.filter(pk=int(pk), is_active=True).first()


def feed_bookings(**filters):
    """Bookings for a calendar feed: holding ones from 30 days ago on."""
    since = timezone.now() - timedelta(days=30)
    return (
        Booking.objects.filter(holding_q(), ends_at__gte=since, **filters)
        .select_related("room", "organiser")
        .order_by("starts_at")[:1000]
    )


def dashboard_cards(request) -> list[Card]:
    """Today's meetings at the chosen site(s)."""
    user = request.user
    if not has_perm_at(user, "meetings.view_room"):
        return []
    today = timezone.localdate()
    lo, hi = local_midnight(today), local_midnight(today + timedelta(days=1))
    site_ids = sites_with_perm(user, "meetings.view_room")
    qs = Booking.objects.filter(holding_q(), starts_at__lt=hi, ends_at__gt=lo)
    if site_ids is not None:
        qs = qs.filter(site_id__in=site_ids)
    qs = qs.in_scope(request)
    counts = qs.aggregate(today=Count("pk"))
    url = reverse("meetings:booking_calendar")
    return [
        Card(_("Today's meetings"), counts["today"], f"{url}?view=day", "calendar-event", "info")
    ]
