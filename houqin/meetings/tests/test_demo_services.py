"""The services part of the demo compound reproduces the seed's figures from rows: 712 meeting
services and 568 display messages in 2006 (689 and 541 in 2005).

A meeting service is a non-void booking whose ``served_at`` falls in the year (served: every
service item done); a display message is an approved, non-void message whose ``valid_from``
falls in the year, counted once however many screens show it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from houqin.core.demo import base_compound
from houqin.meetings import demo as meetings_demo
from houqin.meetings.choices import HOLDING_STATUSES, BookingStatus
from houqin.meetings.models import Booking, BookingService, Room
from houqin.quality import demo as quality_demo
from houqin.quality.models import Evaluation, Rectification, SurveyAnswer
from houqin.reports.registry import compute, year_bounds
from houqin.signage import demo as signage_demo
from houqin.signage.choices import MessageStatus
from houqin.signage.models import Message, Screen

pytestmark = pytest.mark.django_db

STATED = {
    2006: {"services.meeting_services": 712, "services.display_messages": 568},
    2005: {"services.meeting_services": 689, "services.display_messages": 541},
}


@pytest.fixture
def compound():
    """The base compound (places, people, logins) and the services demo on top of it."""
    return base_compound(*(module.load for module in (meetings_demo, signage_demo, quality_demo)))


def meeting_services(site, year: int) -> int:
    start, end = year_bounds(year)
    return Booking.objects.filter(
        site=site, voided_at__isnull=True, served_at__gte=start, served_at__lt=end
    ).count()


def display_messages(site, year: int) -> int:
    start, end = year_bounds(year)
    return Message.objects.filter(
        site=site,
        status=MessageStatus.APPROVED,
        voided_at__isnull=True,
        valid_from__gte=start,
        valid_from__lt=end,
    ).count()


def assert_rows(site) -> None:
    for year, stated in STATED.items():
        assert meeting_services(site, year) == stated["services.meeting_services"]
        assert display_messages(site, year) == stated["services.display_messages"]


def assert_report(site) -> None:
    """The same figures through the annual report's metric registry."""
    for year, stated in STATED.items():
        start, end = year_bounds(year)
        values = compute(site_ids=[site.pk], start=start, end=end)
        assert {key: values[key] for key in stated} == stated


def assert_bookings(site) -> None:
    rooms = Room.objects.filter(site=site)
    assert 8 <= rooms.count() <= 10 and rooms.filter(requires_approval=True).count() == 1
    served = Booking.objects.filter(site=site, served_at__isnull=False)
    # served means every item done, the last at served_at
    assert not served.filter(services__done_at__isnull=True).exists()
    assert not served.annotate(n=Count("services")).filter(n=0).exists()
    last = served.annotate(last=Count("services", filter=Q(services__done_at=F("served_at"))))
    assert not last.filter(last=0).exists()
    rated = served.filter(rating__isnull=False)
    assert rated.count() / served.count() > 0.7
    assert rated.filter(rating__gte=4).count() / rated.count() > 0.85
    of_2006 = Booking.objects.filter(site=site, starts_at__year=2006)
    assert 800 <= of_2006.count() <= 950
    assert of_2006.filter(status=BookingStatus.CANCELLED).exists()
    assert of_2006.filter(status=BookingStatus.RELEASED).exists()
    assert of_2006.filter(series__isnull=False, title="局务会").count() >= 45
    months = dict(_per_month(of_2006))
    assert months[8] < months[9] and months[2] < months[3] and months[12] == max(months.values())


def _per_month(bookings) -> list[tuple[int, int]]:
    counts: dict[int, int] = {}
    for start in bookings.values_list("starts_at", flat=True):
        month = timezone.localtime(start).month
        counts[month] = counts.get(month, 0) + 1
    return list(counts.items())


def assert_no_overlap(site) -> None:
    """No two holding bookings of a room overlap (the PostgreSQL constraint would refuse it)."""
    holding = Booking.objects.filter(site=site, status__in=HOLDING_STATUSES)
    previous_room, previous_end = None, None
    for room, starts, ends in holding.order_by("room", "starts_at").values_list(
        "room", "starts_at", "ends_at"
    ):
        assert room != previous_room or starts >= previous_end
        previous_room, previous_end = room, ends


def assert_work_ahead(site, service) -> None:
    """Today's and the coming weeks' bookings wait for the service staff."""
    now = timezone.now()
    today = timezone.localdate(now)
    open_items = BookingService.objects.filter(site=site, done_at__isnull=True)
    todays = open_items.filter(booking__starts_at__date=today, booking__status="confirmed")
    assert todays.count() >= 4
    week = open_items.filter(booking__starts_at__gt=now + timedelta(days=1))
    assert week.filter(booking__starts_at__lt=now + timedelta(days=8)).exists()
    assert not BookingService.objects.filter(done_at__gt=now).exists()
    assert set(BookingService.objects.exclude(done_by=None).values_list("done_by", flat=True)) == {
        service.pk
    }


def assert_screens(site) -> None:
    assert Screen.objects.filter(site=site).count() == 6
    now = timezone.now()
    current = Message.objects.filter(
        site=site, status="approved", valid_from__lte=now, valid_until__gt=now
    )
    assert current.count() >= 3
    of_2006 = Message.objects.filter(site=site, valid_from__year=2006)
    assert of_2006.filter(all_screens=True).exists()
    assert of_2006.filter(all_screens=False).annotate(n=Count("screens")).filter(n=0).count() == 0
    assert of_2006.exclude(status="approved").count() >= 5


def assert_quality(site) -> None:
    of_2006 = Evaluation.objects.filter(site=site, month__year=2006)
    assert of_2006.count() == 6 * 12
    scores = list(of_2006.values_list("score", flat=True))
    assert sum(85 <= s <= 98 for s in scores) / len(scores) > 0.8
    fixes = Rectification.objects.filter(site=site, score__evaluation__month__year=2006)
    assert fixes.exists() and not fixes.exclude(status="verified").exists()
    answers = SurveyAnswer.objects.filter(site=site, answered_at__year=2006)
    assert 0.9 <= answers.filter(score__gte=4).count() / answers.count() <= 0.99


def test_the_demo_reproduces_the_services_figures_from_rows(compound):
    """One load of the demo (it is large), every check on it."""
    site = compound.site
    assert_rows(site)
    assert_report(site)
    assert_bookings(site)
    assert_no_overlap(site)
    assert_work_ahead(site, compound.users["service"])
    assert_screens(site)
    assert_quality(site)
