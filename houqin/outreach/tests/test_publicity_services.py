"""Services of publicity and the volunteer team with stated figures and every refusal: issue
numbers (next, given, duplicate), over-distribution, printed below handed out, volunteers once,
hours within 0–24, investments above 0; and the report's figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from houqin.core.models import Person
from houqin.outreach.models import Investment, VolunteerActivity, VolunteerHours
from houqin.outreach.services import publicity as services
from houqin.outreach.tests.helpers_outreach import *  # noqa: F403  (fixtures)
from houqin.outreach.tests.helpers_outreach import make_material, make_volunteer
from houqin.reports.registry import compute, year_bounds

pytestmark = pytest.mark.usefixtures("english")


def publish(board, by, day=date(2026, 3, 1), **kw):
    return services.issue_publish(
        board=board, title="春季传染病预防", topics="流感；手足口病", posted_on=day, by=by, **kw
    )


def test_issues_are_numbered_per_board_and_year(board, librarian):
    assert publish(board, librarian).issue_no == 1
    assert publish(board, librarian, day=date(2026, 4, 1)).issue_no == 2
    assert publish(board, librarian, day=date(2027, 1, 5)).issue_no == 1
    assert publish(board, librarian, issue_no=7).issue_no == 7
    assert publish(board, librarian).issue_no == 8


def test_a_duplicate_issue_number_is_refused_until_voided(board, librarian):
    first = publish(board, librarian)
    with pytest.raises(ValidationError, match="Issue 1 of 2026 already exists"):
        publish(board, librarian, issue_no=1)
    services.issue_void(issue=first, by=librarian, reason="录入错误")
    assert publish(board, librarian, issue_no=1).issue_no == 1


def test_issue_rules(board, librarian):
    with pytest.raises(ValidationError, match="topics"):
        services.issue_publish(
            board=board, title="t", topics=" ", posted_on=date(2026, 1, 1), by=librarian
        )
    issue = publish(board, librarian)
    with pytest.raises(ValidationError, match="after it is put up"):
        services.issue_take_down(issue=issue, removed_on=date(2026, 2, 1), by=librarian)
    services.issue_take_down(issue=issue, removed_on=date(2026, 3, 31), by=librarian)
    issue.refresh_from_db()
    assert issue.removed_on == date(2026, 3, 31)
    second = publish(board, librarian)
    second.issue_no = 1
    with pytest.raises(ValidationError, match="already exists"):
        services.issue_update(issue=second, by=librarian)


def test_distribution_never_exceeds_the_copies_left(material, librarian):
    services.distribution_record(
        material=material,
        quantity=60,
        distributed_on=date(2026, 2, 1),
        occasion="社区义诊",
        by=librarian,
    )
    with pytest.raises(ValidationError, match="Only 40 copies are left"):
        services.distribution_record(
            material=material,
            quantity=41,
            distributed_on=date(2026, 2, 2),
            occasion="",
            by=librarian,
        )
    last = services.distribution_record(
        material=material, quantity=40, distributed_on=date(2026, 2, 2), occasion="", by=librarian
    )
    assert services.handed_out(material) == 100
    services.distribution_void(distribution=last, by=librarian, reason="未发出")
    assert services.handed_out(material) == 60
    for bad in (0, -5):
        with pytest.raises(ValidationError, match="at least one copy"):
            services.distribution_record(
                material=material,
                quantity=bad,
                distributed_on=date(2026, 2, 2),
                occasion="",
                by=librarian,
            )
    with pytest.raises(ValidationError, match="after they are printed"):
        services.distribution_record(
            material=material,
            quantity=1,
            distributed_on=date(2025, 2, 2),
            occasion="",
            by=librarian,
        )


def test_printed_is_never_below_handed_out(material, librarian):
    services.distribution_record(
        material=material, quantity=80, distributed_on=date(2026, 2, 1), occasion="", by=librarian
    )
    material.printed = 79
    with pytest.raises(ValidationError, match="80 copies have already been handed out"):
        services.material_save(material=material, by=librarian)
    material.printed = 80
    services.material_save(material=material, by=librarian)


def test_a_volunteer_is_enrolled_once_and_only_from_the_site(personas, librarian):
    staff = Person.objects.get(user=personas.staff)
    services.volunteer_enrol(
        site=personas.site, person=staff, joined_on=date(2026, 1, 1), by=librarian
    )
    with pytest.raises(ValidationError, match="already a volunteer"):
        services.volunteer_enrol(
            site=personas.site, person=staff, joined_on=date(2026, 1, 1), by=librarian
        )
    outsider = Person.objects.get(user=personas.outsider)
    with pytest.raises(ValidationError, match="same site"):
        services.volunteer_enrol(
            site=personas.site, person=outsider, joined_on=date(2026, 1, 1), by=librarian
        )


def test_activity_hours_are_within_0_and_24(personas, librarian):
    a, b = make_volunteer(personas.site, "张三"), make_volunteer(personas.site, "李四")
    other = make_volunteer(personas.other_site, "王五")
    activity = VolunteerActivity(site=personas.site, title="义务植树", held_on=date(2026, 3, 12))
    for hours in ({a.pk: 0}, {a.pk: 25}, {a.pk: "abc"}, {other.pk: 2}):
        with pytest.raises(ValidationError):
            services.activity_save(activity=activity, hours=hours, by=librarian)
    assert not VolunteerActivity.objects.exists()
    services.activity_save(activity=activity, hours={a.pk: 3, b.pk: "2.5"}, by=librarian)
    services.activity_save(activity=activity, hours={a.pk: 4}, by=librarian)
    assert dict(VolunteerHours.objects.values_list("volunteer_id", "hours")) == {a.pk: Decimal(4)}


def test_investment_is_above_zero(personas, librarian):
    for amount in (Decimal(0), Decimal(-1)):
        row = Investment(
            site=personas.site,
            invested_on=date(2026, 1, 2),
            item="书架",
            category="furniture",
            amount_yuan=amount,
        )
        with pytest.raises(ValidationError, match="more than 0"):
            services.investment_record(investment=row, by=librarian)
    assert not Investment.objects.exists()


def test_the_reports_figures(personas, librarian, board):
    publish(board, librarian)
    publish(board, librarian, day=date(2026, 6, 1))
    voided = publish(board, librarian, day=date(2026, 7, 1))
    services.issue_void(issue=voided, by=librarian, reason="x")
    publish(board, librarian, day=date(2025, 12, 31))
    material = make_material(personas.site, printed=5000)
    for qty in (2500, 1600):
        services.distribution_record(
            material=material,
            quantity=qty,
            distributed_on=date(2026, 5, 1),
            occasion="",
            by=librarian,
        )
    for amount, category in (("100000.40", "books"), ("50000.20", "furniture")):
        services.investment_record(
            investment=Investment(
                site=personas.site,
                invested_on=date(2026, 2, 1),
                item="专款",
                category=category,
                amount_yuan=Decimal(amount),
            ),
            by=librarian,
        )
    a, b = make_volunteer(personas.site, "张三"), make_volunteer(personas.site, "李四")
    b.is_active = False
    b.save(update_fields=["is_active"])
    activity = VolunteerActivity(site=personas.site, title="义诊", held_on=date(2026, 9, 9))
    services.activity_save(activity=activity, hours={a.pk: "3.5", b.pk: 2}, by=librarian)
    start, end = year_bounds(2026)
    values = compute(site_ids=[personas.site.pk], start=start, end=end)
    assert values["outreach.publicity_issues"] == 2
    assert values["outreach.materials_distributed"] == 4100
    assert values["outreach.investment_yuan"] == 150001
    assert values["outreach.volunteer_hours"] == 5.5
    assert values["outreach.volunteers"] == 1
    other = compute(site_ids=[personas.other_site.pk], start=start, end=end)
    assert other["outreach.materials_distributed"] == 0 and other["outreach.investment_yuan"] == 0
