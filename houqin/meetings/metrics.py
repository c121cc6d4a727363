"""Meeting figures for the annual report (SPEC §4): meetings served (会议服务, 712 in 2006), rooms
booked, and the organisers' average rating of the service."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.meetings.queries.service import service_figures
from houqin.reports.registry import Metric, metric_source


@metric_source(
    Metric(
        "services.meeting_services",
        _("meeting services"),
        _("meetings"),
        definition=_(
            "Meeting room bookings whose service was recorded as given in the period "
            "(by the time served); voided bookings are not counted."
        ),
    ),
    Metric(
        "services.bookings",
        _("meeting room bookings"),
        pgettext_lazy("unit", "bookings"),
        definition=_(
            "Meeting room bookings starting in the period (by start time); cancelled, "
            "rejected and voided bookings are not counted."
        ),
    ),
    Metric(
        "services.meeting_rating",
        _("average rating of the meeting service"),
        _("points of 5"),
        definition=_(
            "Average of the organisers' ratings (1 to 5) of the meeting service given "
            "in the period (by rating time), one decimal; voided bookings are left out;"
            " 0 when none was rated."
        ),
    ),
)
def meeting_metrics(*, site_ids, start, end) -> dict:
    row = service_figures(site_ids=site_ids, start=start, end=end)
    return {
        "services.meeting_services": row["served"],
        "services.bookings": row["bookings"],
        "services.meeting_rating": round(float(row["rating"] or 0), 1),
    }
