"""The calendar feed of a person's shifts: parsed back by ``icalendar`` to the same shifts;
only published rosters; a bad or altered token is a 404."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from houqin.security.choices import RosterStatus
from houqin.security.queries.duty_pages import ics_token
from houqin.security.tests.duty_fixtures import duty_setup
from houqin.security.tests.helpers import login

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _feed(person):
    return reverse("security:person_ics", kwargs={"token": ics_token(person)})


def test_feed_parses_back_to_the_persons_shifts(personas):
    d = duty_setup(personas, status=RosterStatus.PUBLISHED)
    person = d["people"][1]
    response = login().get(_feed(person))  # no session: calendar apps subscribe
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    mine = sorted((c for c in d["cells"] if c.person == person), key=lambda c: c.starts_at)
    assert len(events) == len(mine) > 0
    for event, cell in zip(events, mine, strict=True):
        assert str(event["uid"]) == f"assignment-{cell.pk}@houqin"
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start == cell.starts_at and end == cell.ends_at
        assert start.utcoffset().total_seconds() == 8 * 3600
        assert cell.post.name in str(event["summary"])
        assert cell.shift.name in str(event["summary"])


def test_uids_are_stable(personas):
    d = duty_setup(personas, status=RosterStatus.PUBLISHED)
    url = _feed(d["people"][0])
    first = [str(e["uid"]) for e in Calendar.from_ical(login().get(url).content).walk("VEVENT")]
    again = [str(e["uid"]) for e in Calendar.from_ical(login().get(url).content).walk("VEVENT")]
    assert first == again


def test_draft_rosters_are_not_in_the_feed(personas):
    d = duty_setup(personas, status=RosterStatus.DRAFT)
    cal = Calendar.from_ical(login().get(_feed(d["people"][0])).content)
    assert cal.walk("VEVENT") == []


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + "xx",
        lambda t: "1:" + t.split(":")[1],
        lambda t: "nonsense",
        lambda t: "99999:abc",
    ],
)
def test_bad_or_altered_token_is_404(personas, mangle):
    d = duty_setup(personas, status=RosterStatus.PUBLISHED)
    token = mangle(ics_token(d["people"][0]))
    url = reverse("security:person_ics", kwargs={"token": token})
    assert login().get(url).status_code == 404
