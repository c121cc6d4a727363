"""The rules as data: working-day counting across the National Day holiday, thresholds in
force (with the parent jurisdiction's as fallback), the stage plans and the stage window."""

from datetime import date
from decimal import Decimal

import pytest

from houqin.procurement.choices import Stage
from houqin.procurement.models import Threshold, TimeLimit
from houqin.procurement.services import rules
from houqin.procurement.services.projects import project_advance
from houqin.procurement.tests.helpers_projects import *  # noqa: F403
from houqin.procurement.tests.helpers_projects import at, line, request

pytestmark = pytest.mark.usefixtures("english")


def test_working_days_cross_national_day_2025():
    # 09-28 (Sunday) is a 调休 working day; 10-01…10-08 are holidays.
    assert rules.day_after(date(2025, 9, 26), 1, "working") == date(2025, 9, 28)
    assert rules.day_after(date(2025, 9, 26), 3, "working") == date(2025, 9, 30)
    assert rules.day_after(date(2025, 9, 26), 4, "working") == date(2025, 10, 9)
    assert rules.day_after(date(2025, 9, 26), 5, "working") == date(2025, 10, 10)
    assert rules.day_after(date(2025, 10, 11), 1, "working") == date(
        2025, 10, 13
    )  # 10-11 is a Saturday 调休 day
    assert rules.day_after(date(2025, 9, 26), 20, "calendar") == date(2025, 10, 16)
    assert rules.day_after(date(2025, 9, 26), 0, "working") == date(2025, 9, 26)


def test_threshold_falls_back_to_the_parent_and_follows_dates(proc):
    found = rules.threshold_in_force(
        jurisdiction=proc.city, kind="public_tender", object_type="goods", on=date(2025, 8, 1)
    )
    assert found.jurisdiction.code == "cn" and found.amount_yuan == Decimal("2000000.00")
    assert (
        rules.threshold_in_force(
            jurisdiction=proc.city, kind="public_tender", object_type="goods", on=date(2019, 1, 1)
        )
        is None
    )
    own = Threshold.objects.create(
        jurisdiction=proc.city,
        kind="public_tender",
        object_type="goods",
        amount_yuan=Decimal("1000000"),
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 12, 31),
        basis="市级目录",
        confidence="S",
    )
    on = {"kind": "public_tender", "object_type": "goods"}
    assert rules.threshold_in_force(jurisdiction=proc.city, on=date(2025, 6, 1), **on) == own
    later = rules.threshold_in_force(jurisdiction=proc.city, on=date(2026, 1, 1), **on)
    assert later.jurisdiction.code == "cn"


def test_limits_in_force_by_method_and_date(db):
    codes = {
        r.code
        for r in rules.limits_in_force(
            method="public_tender", to_stage="opened", on=date(2025, 1, 1)
        )
    }
    assert codes == {"tender-notice-period", "tender-bid-period"}
    codes = {
        r.code
        for r in rules.limits_in_force(method="quotation", to_stage="opened", on=date(2025, 1, 1))
    }
    assert codes == {"negotiation-response-period"}
    assert (
        rules.limits_in_force(method="public_tender", to_stage="opened", on=date(2002, 1, 1)) == []
    )


HEAD = ["requested", "approved", "intention"]
TAIL = ["confirmed", "awarded", "contracted", "contract_published", "accepted", "paid"]
TENDER = [*HEAD, "announced", "documents", "opened", "evaluated", *TAIL]


@pytest.mark.parametrize(
    ("method", "budget", "expected"),
    [
        ("public_tender", "5000", TENDER),
        ("invited_tender", "5000", TENDER),
        ("framework", "5000", TENDER),
        ("quotation", "5000", [*HEAD, "documents", "opened", "evaluated", *TAIL]),
        ("negotiation", "5000", [*HEAD, "documents", "opened", "evaluated", *TAIL]),
        ("single_source", "5000", [*HEAD, "evaluated", *TAIL]),
        ("single_source", "300000", [*HEAD, "ss_publicity", "evaluated", *TAIL]),
        ("emergency", "5000", ["requested", "approved", *TAIL[:1], *TAIL[2:]]),
    ],
)
def test_stage_plan_by_method(proc, method, budget, expected):
    proc.budget.amount_yuan = Decimal("9000000")
    proc.budget.save()
    project = request(
        proc, method=method, lines=[line(quantity="10", price=budget)], method_reason="唯一供应商"
    )
    assert rules.stage_plan(project) == expected


def test_no_intention_before_the_rule_was_in_force(proc, settings):
    TimeLimit.objects.filter(code="intention-notice").update(valid_from=date(2025, 9, 1))
    project = request(proc, when=at(2025, 8, 1))
    assert Stage.INTENTION not in rules.stage_plan(project)


def test_stage_window_gives_the_dates_of_every_rule(proc):
    project = request(proc)
    for stage, day in [("approved", 4), ("intention", 5)]:
        project_advance(project=project, stage=stage, at=at(2025, 8, day), by=proc.buyer)
    project_advance(project=project, stage="announced", at=at(2025, 9, 26), by=proc.buyer)
    project_advance(project=project, stage="documents", at=at(2025, 9, 26, 11), by=proc.buyer)
    window = rules.stage_window(project, "opened", on=date(2025, 10, 1))
    assert window.earliest == date(2025, 10, 16) and window.latest is None
    assert {r.code: d for r, d in window.rules} == {
        "tender-notice-period": date(2025, 10, 10),
        "tender-bid-period": date(2025, 10, 16),
    }
    assert rules.stage_window(project, "evaluated", on=date(2025, 10, 1)).latest is None
