"""Record services: honours keep the recipient consistent with the department or person named,
an article needs its periodical, chronicle entries need a title and date; bad input changes
nothing; voiding."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from houqin.core.models import Department, Event, Person
from houqin.team.models import ChronicleEntry, Honour, Publication
from houqin.team.services import records as services
from houqin.team.tests.helpers_team import *  # noqa: F403  (fixtures)
from houqin.team.tests.helpers_team import make_entry, make_honour, make_publication

pytestmark = pytest.mark.usefixtures("english")


def test_honour_saved_with_number_of_its_year(personas, office):
    honour = make_honour(personas.site, office, department=None)
    assert honour.number == "RY-2006-00001" and honour.recipient_kind == "organisation"
    assert Event.objects.filter(verb="honour_add", object_id=honour.pk).exists()


def test_recipient_kind_consistent(personas, office, people):
    dept = Department.objects.filter(site=personas.site).first()
    with pytest.raises(ValidationError) as exc:
        make_honour(personas.site, office, recipient_kind="department")
    assert "department" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make_honour(personas.site, office, recipient_kind="person", department=dept)
    assert "person" in exc.value.message_dict
    personal = make_honour(personas.site, office, recipient_kind="person", person=people[2])
    assert personal.department == people[2].department
    bureau = make_honour(personas.site, office, recipient_kind="compound", person=people[0])
    assert bureau.person is None and bureau.department is None
    stranger = Person.objects.filter(site=personas.other_site).first()
    with pytest.raises(ValidationError):
        make_honour(personas.site, office, recipient_kind="person", person=stranger)
    assert Honour.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"awarding_body": ""}, "awarding_body"),
        ({"on": date(1900, 1, 1)}, "awarded_on"),
        ({"on": date(2999, 1, 1)}, "awarded_on"),
        ({"level": "galactic"}, "level"),
    ],
)
def test_bad_honour_refused(personas, office, changes, field):
    with pytest.raises(ValidationError) as exc:
        if "awarding_body" in changes:
            honour = Honour(
                site=personas.site,
                title="t",
                level="district",
                awarding_body="",
                awarded_on=date(2006, 1, 1),
            )
            services.honour_save(honour=honour, by=office)
        else:
            make_honour(personas.site, office, **changes)
    assert field in exc.value.message_dict
    assert not Honour.objects.exists()


def test_article_needs_a_periodical_book_does_not(personas, office):
    with pytest.raises(ValidationError) as exc:
        make_publication(personas.site, office, periodical="  ")
    assert "periodical" in exc.value.message_dict
    book = make_publication(
        personas.site, office, kind="book", title="苏仙区机关事务志", characters=200000
    )
    assert book.number.startswith("KD-2006-") and book.periodical == ""
    with pytest.raises(ValidationError):
        make_publication(personas.site, office, title="")
    assert Publication.objects.count() == 1


def test_updates_save_named_fields_and_void(personas, office):
    entry = make_entry(personas.site, office)
    entry.title = "召开节能工作动员会"
    services.chronicle_save(entry=entry, by=office, fields=["title"])
    assert ChronicleEntry.objects.get().title == "召开节能工作动员会"
    entry.title = ""
    with pytest.raises(ValidationError):
        services.chronicle_save(entry=entry, by=office, fields=["title"])
    assert ChronicleEntry.objects.get().title == "召开节能工作动员会"
    services.chronicle_void(entry=entry, by=office, reason="重复")
    with pytest.raises(ValidationError, match="void"):
        services.chronicle_save(entry=entry, by=office, fields=["text"])
    with pytest.raises(ValidationError):
        services.honour_void(honour=make_honour(personas.site, office), by=office, reason=" ")
