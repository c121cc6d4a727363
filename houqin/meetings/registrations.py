"""Start-up registrations of the meetings module (menu, cards, metrics, approval kind)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core import dashboard, navigation
from houqin.core.generic import register_event_labels
from houqin.meetings import metrics  # noqa: F401  (registers the meeting figures)
from houqin.meetings.queries import bookings as booking_queries
from houqin.meetings.queries import service as service_queries
from houqin.meetings.services.bookings import register_booking_approval

navigation.register(
    navigation.MenuGroup(
        "meetings",
        _("Meetings"),
        "calendar-event",
        [
            navigation.MenuItem(_("Book a room"), "meetings:booking_add", "meetings.add_booking"),
            navigation.MenuItem(_("Calendar"), "meetings:booking_calendar", "meetings.view_room"),
            navigation.MenuItem(
                _("Find a free room"), "meetings:availability", "meetings.view_room"
            ),
            navigation.MenuItem(_("My bookings"), "meetings:booking_list", "meetings.add_booking"),
            navigation.MenuItem(
                _("Service tasks"), "meetings:service_tasks", "meetings.serve_bookingservice"
            ),
            navigation.MenuItem(_("Rooms"), "meetings:room_list", "meetings.view_room"),
            navigation.MenuItem(
                _("Blackout periods"), "meetings:blackout_list", "meetings.view_blackout"
            ),
        ],
        order=60,
    )
)

dashboard.register(booking_queries.dashboard_cards)
dashboard.register(service_queries.dashboard_cards)

register_booking_approval()

register_event_labels(
    {
        "book": _("booked"),
        "cancel": _("cancelled"),
        "move": _("moved"),
        "check_in": pgettext_lazy("booking", "checked in"),
        "release": _("released: nobody checked in"),
        "booking_approve": _("booking approved"),
        "booking_reject": _("booking rejected"),
        "booking_cancel": _("booking cancelled"),
        "room_add": _("room added"),
        "room_change": _("room changed"),
        "blackout_save": _("blackout period saved"),
        "waitlist_join": _("joined the waitlist"),
        "serve": _("service item done"),
        "unserve": _("service item taken back"),
        "served": _("meeting served"),
        "service_add": _("service item added"),
        "service_remove": _("service item removed"),
        "rate": _("rated"),
    }
)
