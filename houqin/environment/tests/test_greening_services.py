"""Greening services: the schedule, terms, acceptance checks, the payment gate, deductions,
voiding, and the expiry warning."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from houqin.core.models import Event, Notification
from houqin.environment.choices import InstalmentStatus
from houqin.environment.models import AcceptanceCheck, PaymentInstalment
from houqin.environment.queries.greening import (
    greening_figures,
    payment_sheet,
    score_by_month,
    with_figures,
)
from houqin.environment.services import greening as services
from houqin.environment.services.greening import equal_schedule, term_months
from houqin.environment.tests.helpers_greening import *  # noqa: F403
from houqin.environment.tests.helpers_greening import (
    MARCH,
    TERMS,
    make_contract,
    photo,
    record_check,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def instalment(contract, month=MARCH) -> PaymentInstalment:
    return contract.instalments.get(month=month)


# Schedule ----------------------------------------------------------------------------------


def test_120000_over_twelve_months_is_10000_each(contract):
    rows = list(contract.instalments.order_by("month"))
    assert [r.month for r in rows] == [date(2025, m, 1) for m in range(1, 13)]
    assert {r.amount_yuan for r in rows} == {Decimal("10000.00")}
    assert sum(r.amount_yuan for r in rows) == Decimal("120000")
    assert contract.number.startswith("LH-")
    assert [(t.text, t.deduct_points, t.deduct_yuan) for t in contract.terms.all()] == TERMS


@pytest.mark.parametrize("amount", ["100000", "0.05", "99999.99", "1234567.89"])
def test_the_cents_go_to_the_last_month_and_the_sum_is_the_amount(amount):
    months = term_months(date(2025, 2, 15), date(2026, 1, 10))  # 12 months touched
    rows = equal_schedule(Decimal(amount), months)
    assert len(rows) == 12
    assert sum(a for _m, a in rows) == Decimal(amount)
    assert len({a for _m, a in rows[:-1]}) == 1 and rows[-1][1] >= rows[0][1]


def test_100000_over_three_months_puts_the_odd_cent_last(personas, envman):
    contract = make_contract(
        personas.site,
        envman,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 3, 31),
        amount=Decimal("100000"),
    )
    amounts = list(contract.instalments.values_list("amount_yuan", flat=True))
    assert amounts == [Decimal("33333.33"), Decimal("33333.33"), Decimal("33333.34")]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ends_on", date(2024, 12, 31), "cannot end before it starts"),
        ("amount_yuan", Decimal("0"), "amount must be more than zero"),
        ("area_m2", Decimal("-1"), "area must be more than zero"),
    ],
)
def test_contract_refuses_bad_figures(personas, envman, field, value, message):
    from houqin.environment.models import GreeningContract, GreeningContractor

    contractor = GreeningContractor.objects.create(site=personas.site, name="绿化公司")
    contract = GreeningContract(
        site=personas.site,
        contractor=contractor,
        title="t",
        scope="s",
        area_m2=Decimal("10"),
        amount_yuan=Decimal("1200"),
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    setattr(contract, field, value)
    with pytest.raises(ValidationError, match=message):
        services.contract_save(contract=contract, terms=list(TERMS), by=envman)
    assert not GreeningContract.objects.exists()


def test_explicit_schedule_must_add_up(personas, envman):
    from houqin.environment.models import GreeningContract

    contract = GreeningContract(
        site=personas.site,
        contractor=make_contract(personas.site, envman).contractor,
        title="t",
        scope="s",
        area_m2=Decimal("10"),
        amount_yuan=Decimal("3000"),
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 3, 31),
    )
    wrong = [(date(2025, 1, 1), Decimal("1000")), (date(2025, 3, 1), Decimal("1000"))]
    with pytest.raises(ValidationError, match="add up"):
        services.contract_save(contract=contract, terms=list(TERMS), by=envman, instalments=wrong)
    right = [(date(2025, 1, 1), Decimal("1000")), (date(2025, 3, 1), Decimal("2000"))]
    services.contract_save(contract=contract, terms=list(TERMS), by=envman, instalments=right)
    assert list(contract.instalments.values_list("amount_yuan", flat=True)) == [
        Decimal("1000.00"),
        Decimal("2000.00"),
    ]


def test_terms_answered_at_a_check_are_not_rewritten(contract, sup, envman):
    record_check(contract, sup)
    with pytest.raises(ValidationError, match="answered at an acceptance check"):
        services.contract_save(contract=contract, terms=[("新条款", 1, 1)], by=envman)
    assert contract.terms.count() == 3


def test_schedule_with_a_decided_instalment_is_not_rewritten(contract, sup, envman):
    record_check(contract, sup)
    services.instalment_approve(instalment=instalment(contract), by=envman)
    contract.amount_yuan = Decimal("240000")
    with pytest.raises(ValidationError, match="schedule stays as it is"):
        services.contract_save(contract=contract, terms=list(TERMS), by=envman)
    contract.refresh_from_db()
    assert contract.amount_yuan == Decimal("120000")


def test_new_amount_reschedules_an_undecided_contract(contract, envman):
    contract.amount_yuan = Decimal("240000")
    services.contract_save(contract=contract, terms=list(TERMS), by=envman)
    assert set(contract.instalments.values_list("amount_yuan", flat=True)) == {Decimal("20000")}
    assert Event.objects.filter(verb="contract_change", object_id=contract.pk).exists()


# Acceptance checks -------------------------------------------------------------------------


def test_two_failed_terms_score_deductions_and_payable(contract, sup):
    check = record_check(contract, sup, failed=(0, 1))
    assert check.score == Decimal("75")  # 100 − 10 − 15
    assert check.number.startswith("YS-")
    sheet = payment_sheet(instalment(contract))
    assert sheet["check"] == check
    assert [r.term.text for r in sheet["failed"]] == [TERMS[0][0], TERMS[1][0]]
    assert all(r.photo is not None for r in sheet["failed"])
    assert sheet["deductions"] == Decimal("1300")  # 500 + 800
    assert sheet["payable"] == Decimal("8700")
    assert Event.objects.filter(verb="check_record", object_id=check.pk).exists()


def test_score_does_not_go_below_zero(personas, envman, sup):
    contract = make_contract(personas.site, envman)
    contract.terms.update(deduct_points=Decimal("60"))
    check = record_check(contract, sup, failed=(0, 1, 2))
    assert check.score == Decimal("0")


def test_failed_term_needs_a_photo(contract, sup):
    terms = list(contract.terms.all())
    results = {t.pk: (True, "", None) for t in terms}
    results[terms[0].pk] = (False, "杂草多", None)
    with pytest.raises(ValidationError, match="needs a photo"):
        services.acceptance_check_record(
            contract=contract, month=MARCH, checked_on=MARCH, results=results, by=sup
        )
    assert not AcceptanceCheck.objects.exists()


def test_every_term_must_be_answered(contract, sup):
    terms = list(contract.terms.all())
    results = {t.pk: (True, "", None) for t in terms[:2]}
    with pytest.raises(ValidationError, match="every term"):
        services.acceptance_check_record(
            contract=contract, month=MARCH, checked_on=MARCH, results=results, by=sup
        )


def test_a_text_file_is_not_a_photo(contract, sup):
    from django.core.files.uploadedfile import SimpleUploadedFile

    terms = list(contract.terms.all())
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    results = {t.pk: (t != terms[0], "", fake if t == terms[0] else None) for t in terms}
    with pytest.raises(ValidationError):
        services.acceptance_check_record(
            contract=contract, month=MARCH, checked_on=MARCH, results=results, by=sup
        )
    assert not AcceptanceCheck.objects.exists()


@pytest.mark.parametrize(
    ("month", "message"),
    [(date(2024, 12, 1), "outside the contract"), (date(2100, 1, 1), "not begun")],
)
def test_month_within_the_term_and_not_in_the_future(contract, sup, month, message):
    with pytest.raises(ValidationError, match=message):
        record_check(contract, sup, month=month, checked_on=date(2025, 6, 1))


def test_one_check_per_contract_and_month(contract, sup):
    record_check(contract, sup)
    with pytest.raises(ValidationError, match="already been checked"):
        record_check(contract, sup)
    assert AcceptanceCheck.objects.count() == 1


def test_the_database_refuses_a_second_check_of_the_month(contract, sup, monkeypatch):
    record_check(contract, sup)
    monkeypatch.setattr(AcceptanceCheck.objects, "filter", _empty_first(AcceptanceCheck))
    with pytest.raises(ValidationError, match="already been checked"):
        record_check(contract, sup)


def _empty_first(model):
    """``filter`` that reports nothing taken (a second phone that read before the first wrote)."""
    original = model.objects.filter

    def fake(*args, **kwargs):
        if "voided_at__isnull" in kwargs and "month" in kwargs:
            return model.objects.none()
        return original(*args, **kwargs)

    return fake


def test_others_may_not_record_checks(contract, personas):
    with pytest.raises(ValidationError, match="may not record"):
        record_check(contract, personas.guard)


# The payment gate --------------------------------------------------------------------------


def test_no_check_no_approval(contract, envman):
    with pytest.raises(ValidationError, match="No acceptance check for 2025-03"):
        services.instalment_approve(instalment=instalment(contract), by=envman)
    assert instalment(contract).status == InstalmentStatus.SCHEDULED


def test_below_the_mark_withholds_then_a_passing_recheck_approves(contract, sup, envman):
    first = record_check(contract, sup, failed=(0, 1))  # 75 < 80
    result = services.instalment_approve(instalment=instalment(contract), by=envman)
    assert result.status == InstalmentStatus.WITHHELD
    assert "below the pass mark" in result.note
    services.acceptance_check_void(check=first, by=envman, reason="整改后复查")
    with pytest.raises(ValidationError, match="No acceptance check"):
        services.instalment_approve(instalment=instalment(contract), by=envman)
    record_check(contract, sup, failed=(2,))  # 95
    result = services.instalment_approve(instalment=instalment(contract), by=envman)
    assert result.status == InstalmentStatus.APPROVED
    assert result.decided_by == envman
    paid = services.instalment_pay(instalment=result, paid_on=date(2025, 4, 10), by=envman)
    assert paid.status == InstalmentStatus.PAID
    assert paid.paid_yuan == Decimal("9800")  # 10,000 − 200
    verbs = set(Event.objects.filter(object_id=paid.pk).values_list("verb", flat=True))
    assert {"instalment_withhold", "instalment_approve", "instalment_pay"} <= verbs


def test_a_check_is_not_voided_once_its_month_is_approved(contract, sup, envman):
    check = record_check(contract, sup)
    services.instalment_approve(instalment=instalment(contract), by=envman)
    with pytest.raises(ValidationError, match="already approved or paid"):
        services.acceptance_check_void(check=check, by=envman, reason="x")
    check.refresh_from_db()
    assert check.voided_at is None


def test_only_approved_instalments_are_paid_and_not_in_the_future(contract, sup, envman):
    with pytest.raises(ValidationError, match="Only an approved"):
        services.instalment_pay(instalment=instalment(contract), paid_on=MARCH, by=envman)
    record_check(contract, sup)
    services.instalment_approve(instalment=instalment(contract), by=envman)
    future = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError, match="future"):
        services.instalment_pay(instalment=instalment(contract), paid_on=future, by=envman)


def test_withhold_needs_a_reason_and_the_right_role(contract, envman, sup):
    with pytest.raises(ValidationError, match="reason"):
        services.instalment_withhold(instalment=instalment(contract), by=envman, reason=" ")
    with pytest.raises(ValidationError, match="may not decide"):
        services.instalment_withhold(instalment=instalment(contract), by=sup, reason="x")


def test_payable_is_not_below_zero(personas, envman, sup):
    contract = make_contract(personas.site, envman)
    contract.terms.update(deduct_yuan=Decimal("9000"))
    record_check(contract, sup, failed=(0, 1))
    assert payment_sheet(instalment(contract))["payable"] == Decimal("0")


# Figures -----------------------------------------------------------------------------------


def test_contract_figures_and_scores_by_month(contract, sup, envman):
    record_check(contract, sup, failed=(0, 1))  # March: 75, 1,300 yuan
    record_check(contract, sup, month=date(2025, 4, 1), failed=(2,))  # April: 95, 200 yuan
    services.instalment_approve(instalment=instalment(contract), by=envman)  # withheld
    april = instalment(contract, date(2025, 4, 1))
    services.instalment_approve(instalment=april, by=envman)
    services.instalment_pay(instalment=april, paid_on=date(2025, 5, 5), by=envman)
    row = with_figures(type(contract).objects.filter(pk=contract.pk)).get()
    assert (row.paid, row.withheld, row.deductions) == (
        Decimal("9800"),
        Decimal("10000"),
        Decimal("1500"),
    )
    months = score_by_month(AcceptanceCheck.objects.all())
    assert [(m["month"], m["average"]) for m in months] == [
        (MARCH, Decimal("75.0")),
        (date(2025, 4, 1), Decimal("95.0")),
    ]
    figures = greening_figures(site_ids=None, start=date(2025, 1, 1), end=date(2026, 1, 1))
    assert figures == {"score": Decimal("85.0"), "yuan": Decimal("1500")}


def test_metrics_registered(contract, sup):
    from houqin.reports.registry import compute, year_bounds

    record_check(contract, sup, failed=(0,))
    start, end = year_bounds(2025)
    values = compute(site_ids=[contract.site_id], start=start, end=end)
    assert values["environment.greening_score"] == 90.0
    assert values["environment.greening_deductions_yuan"] == 500.0
    start, end = year_bounds(2024)
    values = compute(site_ids=[contract.site_id], start=start, end=end)
    assert values["environment.greening_score"] is None


# Expiry warning ----------------------------------------------------------------------------


def test_expiring_contract_is_warned_once(personas, envman, settings):
    settings.HOUQIN_CONTRACT_WARN_DAYS = 30
    today = timezone.localdate()
    soon = make_contract(
        personas.site,
        envman,
        starts_on=today - timedelta(days=300),
        ends_on=today + timedelta(days=20),
        title="即将到期",
    )
    make_contract(
        personas.site,
        envman,
        starts_on=today - timedelta(days=300),
        ends_on=today + timedelta(days=45),
        title="尚早",
    )
    call_command("warn-contracts")
    call_command("warn-contracts")
    notes = Notification.objects.filter(recipient=envman)
    assert notes.count() == 1
    assert soon.number in notes.get().title
    soon.refresh_from_db()
    assert soon.warned_at is not None
    assert Event.objects.filter(verb="contract_warned").count() == 1


def test_new_end_date_warns_again(personas, envman):
    today = timezone.localdate()
    contract = make_contract(
        personas.site,
        envman,
        starts_on=today - timedelta(days=300),
        ends_on=today + timedelta(days=10),
    )
    assert services.contracts_warn(today=today) == 1
    contract.ends_on = today + timedelta(days=20)
    services.contract_save(contract=contract, terms=list(TERMS), by=envman)
    assert services.contracts_warn(today=today) == 1
    assert services.contracts_warn(today=today) == 0


def test_void_contract_is_not_warned(personas, envman):
    from houqin.core.services import record_void

    today = timezone.localdate()
    contract = make_contract(
        personas.site,
        envman,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=10),
    )
    record_void(record=contract, by=envman, reason="作废")
    assert services.contracts_warn(today=today) == 0


def test_photo_helper_is_a_png():
    assert photo().read(4) == b"\x89PNG"
