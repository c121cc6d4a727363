"""Tables of rooms, blackout periods and bookings (the booking list is also the Excel ledger
会议室使用台帐)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.meetings.choices import BookingStatus, RoomFeature

_FEATURES = dict(RoomFeature.choices)


def _features(room) -> str:
    return "、".join(str(_FEATURES.get(f, f)) for f in room.features or [])


def _building(room) -> str:
    location = room.location
    return str(location.building) if location is not None and location.building_id else ""


class RoomTable(Table):
    """One row per room with its seats, equipment and whether it needs approval."""

    select_related = ("location", "location__building")
    detail_url_name = "meetings:room_detail"

    code = Column(_("Code"), link=True, width=8)
    name = Column(_("Name"), link=True, width=16)
    building = Column(_("Building"), _building, width=12)
    capacity = Column(_("Seats"), width=6)
    features = Column(_("Equipment"), _features, width=24)
    requires_approval = Column(_("Approval"), width=8)
    is_active = Column(_("Active"), width=6)


class BlackoutTable(Table):
    """Blackout periods of the rooms."""

    select_related = ("room",)
    detail_url_name = "meetings:blackout_edit"

    reason = Column(_("Reason"), link=True, width=24)
    room = Column(_("Room"), lambda b: str(b.room) if b.room_id else _("every room"), width=14)
    starts_at = Column(_("From"), width=16)
    ends_at = Column(_("Until"), width=16)


def _when(booking) -> str:
    from django.utils import timezone

    start, end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


class BookingTable(Table):
    """One row per booking (occurrence): the room-use ledger."""

    select_related = ("room", "organiser", "department")
    detail_url_name = "meetings:booking_detail"
    row_class = staticmethod(
        lambda b: "row-void" if b.voided_at or b.status not in ("pending", "confirmed") else ""
    )

    number = Column(_("No."), link=True, width=16, css="nowrap")
    when = Column(_("Time"), _when, width=20, css="nowrap")
    room = Column(_("Room"), width=14)
    title = Column(_("Meeting"), link=True, width=24)
    organiser = Column(_("Organiser"), width=10)
    department = Column(_("Department"), width=12)
    attendees = Column(_("Attendees"), width=8)
    status = Column(_("Status"), "status", width=10, choices=BookingStatus)
    checked_in_at = Column(_("Checked in"), width=16)
