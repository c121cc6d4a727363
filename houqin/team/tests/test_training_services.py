"""Training services: a session's fields, attendees added and removed with their hours, people
of another site refused, hours following the session, voiding; bad input changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from houqin.core.models import Department, Event, Person
from houqin.team.models import Attendance, TrainingSession
from houqin.team.services import training as services
from houqin.team.tests.helpers_team import *  # noqa: F403  (fixtures)
from houqin.team.tests.helpers_team import at

pytestmark = pytest.mark.usefixtures("english")


def test_session_numbered_in_its_year_with_event(session, office):
    assert session.number == "PX-2006-00001" and session.created_by == office
    assert Event.objects.filter(verb="training_add", object_id=session.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"topic": "  "}, "topic"),
        ({"trainer": ""}, "trainer"),
        ({"hours": Decimal("0")}, "hours"),
        ({"hours": Decimal("-2")}, "hours"),
        ({"hours": None}, "hours"),
        ({"starts_at": None}, "starts_at"),
    ],
)
def test_bad_session_refused(personas, office, changes, field):
    values = {"topic": "安全培训", "trainer": "王", "starts_at": at(2006, 4, 1), "hours": 2}
    session = TrainingSession(site=personas.site, **{**values, **changes})
    with pytest.raises(ValidationError) as exc:
        services.training_save(session=session, by=office)
    assert field in exc.value.message_dict
    assert not TrainingSession.objects.exists()


def test_organiser_of_other_site_refused(personas, office):
    dept = Department.objects.filter(site=personas.other_site).first()
    session = TrainingSession(
        site=personas.site, topic="t", trainer="x", starts_at=at(2006, 1, 1), hours=1
    )
    session.organiser = dept
    with pytest.raises(ValidationError):
        services.training_save(session=session, by=office)


def test_attendees_added_removed_and_hours(session, people, office):
    rows = services.attendance_set(session=session, people=people[:2], by=office)
    assert {a.person_id for a in rows} == {people[0].pk, people[1].pk}
    assert {a.hours for a in rows} == {Decimal("3.0")}
    rows = services.attendance_set(
        session=session, people=people[1:], by=office, hours=Decimal("1.5")
    )
    assert sorted(a.person.name for a in rows) == ["李四", "王五"]
    assert {a.hours for a in rows} == {Decimal("1.5")}
    assert not Attendance.objects.filter(person=people[0]).exists()
    assert Event.objects.filter(verb="attendance_set", object_id=session.pk).count() == 2


def test_attendees_keep_their_hours_when_none_given(session, people, office):
    services.attendance_set(session=session, people=people[:1], by=office, hours=Decimal("2"))
    services.attendance_set(session=session, people=people[:2], by=office)
    hours = dict(Attendance.objects.values_list("person__name", "hours"))
    assert hours == {"张三": Decimal("2.0"), "李四": Decimal("3.0")}


def test_attendees_refused_other_site_and_too_many_hours(personas, session, people, office):
    stranger = Person.objects.filter(site=personas.other_site).first()
    with pytest.raises(ValidationError, match="site"):
        services.attendance_set(session=session, people=[people[0], stranger], by=office)
    with pytest.raises(ValidationError, match="more hours"):
        services.attendance_set(session=session, people=people, by=office, hours=Decimal("5"))
    with pytest.raises(ValidationError):
        services.attendance_set(session=session, people=people, by=office, hours=Decimal("0"))
    assert not Attendance.objects.exists()


def test_full_hours_follow_a_change_of_the_session(session, people, office):
    services.attendance_set(session=session, people=people[:2], by=office)
    services.attendance_set(session=session, people=people[:2], by=office, hours=None)
    Attendance.objects.filter(person=people[1]).update(hours=Decimal("1"))
    session.hours = Decimal("2")
    services.training_save(session=session, by=office, fields=["hours"])
    hours = dict(Attendance.objects.values_list("person__name", "hours"))
    assert hours == {"张三": Decimal("2.0"), "李四": Decimal("1.0")}


def test_void_session_refuses_attendees_and_changes(session, people, office):
    services.training_void(session=session, by=office, reason="重复录入")
    session.refresh_from_db()
    assert session.voided_at is not None
    with pytest.raises(ValidationError, match="void"):
        services.attendance_set(session=session, people=people, by=office)
    with pytest.raises(ValidationError):
        services.training_void(session=session, by=office, reason="again")
    text_hours = TrainingSession(
        site=session.site, topic="t", trainer="x", starts_at=at(2006, 1, 1), hours="abc"
    )
    with pytest.raises(ValidationError):
        services.training_save(session=text_hours, by=office)
