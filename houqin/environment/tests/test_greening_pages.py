"""Greening pages: who may open which (wrong role 403, wrong site 404), the contract form with its
terms, the phone acceptance check, the payment decisions, the ledgers (query counts, Excel) and
the home cards."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from houqin.environment.choices import InstalmentStatus
from houqin.environment.models import AcceptanceCheck, GreeningContract, PaymentInstalment
from houqin.environment.queries.greening import dashboard_cards
from houqin.environment.services import greening as services
from houqin.environment.tests.helpers_greening import *  # noqa: F403
from houqin.environment.tests.helpers_greening import MARCH, make_contract, photo, record_check

pytestmark = pytest.mark.django_db

LISTS = ["contractor_list", "contract_list", "check_list", "instalment_list"]


def _get(client, user, name, data=None, **kwargs):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(f"environment:{name}", kwargs=kwargs or None), data)


CONFIRM = {"confirm": "on"}  # the approving user ticks the box


def _post(client, user, name, data=None, **kwargs):
    client.force_login(user)
    return client.post(reverse(f"environment:{name}", kwargs=kwargs or None), data or {})


def march(contract) -> PaymentInstalment:
    return contract.instalments.get(month=MARCH)


@pytest.mark.parametrize("name", LISTS)
def test_lists_refuse_wrong_role(client, personas, envman, sup, contract, name):
    for user in (envman, sup, personas.leader):
        assert _get(client, user, name).status_code == 200
    for user in (personas.staff, personas.guard, personas.nobody):
        assert _get(client, user, name).status_code == 403
    client.logout()
    assert _get(client, None, name).status_code == 302


def test_lists_show_only_the_users_sites(client, envman, contract, other_contract):
    body = _get(client, envman, "contract_list").content.decode()
    assert contract.contractor.name in body and other_contract.contractor.name not in body


def test_details_refuse_other_site(client, personas, envman, sup, other_envman, contract):
    check = record_check(contract, sup, failed=(0,))
    pages = [
        ("contractor_detail", contract.contractor_id),
        ("contract_detail", contract.pk),
        ("check_detail", check.pk),
        ("instalment_detail", march(contract).pk),
    ]
    for name, pk in pages:
        assert _get(client, envman, name, pk=pk).status_code == 200
        assert _get(client, other_envman, name, pk=pk).status_code == 404
        assert _get(client, personas.staff, name, pk=pk).status_code == 403


def test_edit_pages_refuse_wrong_role_and_other_site(
    client, personas, envman, sup, other_envman, contract
):
    for name in ("contractor_add", "contract_add"):
        assert _get(client, envman, name).status_code == 200
        assert _get(client, sup, name).status_code == 403
        assert _get(client, personas.leader, name).status_code == 403
    assert _get(client, envman, "contract_edit", pk=contract.pk).status_code == 200
    assert _get(client, other_envman, "contract_edit", pk=contract.pk).status_code == 404
    assert _get(client, other_envman, "contract_void", pk=contract.pk).status_code == 404
    assert _get(client, sup, "contract_void", pk=contract.pk).status_code == 403
    assert _get(client, sup, "check_add").status_code == 200
    assert _get(client, personas.leader, "check_add").status_code == 403


def _contract_form(personas, contractor, **over):
    data = {
        "site": personas.site.pk,
        "contractor": contractor.pk,
        "title": "西区绿化养护",
        "scope": "西区草坪与乔灌木",
        "area_m2": "8000",
        "amount_yuan": "60000",
        "starts_on": "2025-01-01",
        "ends_on": "2025-06-30",
        "pass_score": "85",
        "terms-TOTAL_FORMS": "3",
        "terms-INITIAL_FORMS": "0",
        "terms-MIN_NUM_FORMS": "0",
        "terms-MAX_NUM_FORMS": "60",
        "terms-0-text": "草坪无杂草",
        "terms-0-deduct_points": "10",
        "terms-0-deduct_yuan": "300",
        "terms-1-text": "及时浇水",
        "terms-1-deduct_points": "5",
        "terms-1-deduct_yuan": "100",
    }
    data.update(over)
    return data


def test_contract_created_with_terms_and_schedule(client, personas, envman, contract):
    response = _post(client, envman, "contract_add", _contract_form(personas, contract.contractor))
    assert response.status_code == 302
    created = GreeningContract.objects.get(title="西区绿化养护")
    assert response.url == reverse("environment:contract_detail", kwargs={"pk": created.pk})
    assert created.terms.count() == 2
    assert list(created.instalments.values_list("amount_yuan", flat=True)) == [Decimal("10000")] * 6
    page = _get(client, envman, "contract_detail", pk=created.pk).content.decode()
    assert "草坪无杂草" in page and "2025-06" in page


def test_contract_form_refuses_bad_input(client, personas, envman, contract):
    bad = _contract_form(personas, contract.contractor, ends_on="2024-06-30", amount_yuan="-5")
    response = _post(client, envman, "contract_add", bad)
    assert response.status_code == 400
    assert not GreeningContract.objects.filter(title="西区绿化养护").exists()
    no_terms = _contract_form(
        personas, contract.contractor, **{"terms-0-text": "", "terms-1-text": ""}
    )
    response = _post(client, envman, "contract_add", no_terms)
    assert response.status_code == 400
    assert not GreeningContract.objects.filter(title="西区绿化养护").exists()


def test_contract_edit_refused_once_terms_are_used(client, personas, envman, sup, contract):
    record_check(contract, sup)
    data = _contract_form(
        personas,
        contract.contractor,
        title=contract.title,
        amount_yuan="120000",
        starts_on="2025-01-01",
        ends_on="2025-12-31",
    )
    response = _post(client, envman, "contract_edit", data, pk=contract.pk)
    assert response.status_code == 400
    assert contract.terms.count() == 3


def _check_data(contract, failed: dict, **over):
    data = {"contract": contract.pk, "month": "2025-03", "checked_on": "2025-03-28", "note": ""}
    for term in contract.terms.all():
        data[f"passed_{term.pk}"] = "no" if term.position in failed else "yes"
        data[f"note_{term.pk}"] = "有杂草" if term.position in failed else ""
        if failed.get(term.position):
            data[f"photo_{term.pk}"] = photo()
    data.update(over)
    return data


def test_phone_check_flow(client, sup, contract):
    start = _get(client, sup, "check_add", {"contract": contract.pk})
    assert start.status_code == 200 and 'data-testid="start-form"' in start.content.decode()
    terms = _get(client, sup, "check_add", {"contract": contract.pk, "month": "2025-03"})
    body = terms.content.decode()
    assert body.count('data-testid="term-row"') == 3
    assert "greening_check.js" in body and "<script>" not in body
    response = _post(client, sup, "check_add", _check_data(contract, {1: True, 2: True}))
    assert response.status_code == 302
    check = AcceptanceCheck.objects.get()
    assert check.score == Decimal("75") and check.checked_by == sup
    assert check.results.filter(passed=False, photo__isnull=False).count() == 2


def test_phone_check_refuses_failure_without_photo(client, sup, contract):
    response = _post(client, sup, "check_add", _check_data(contract, {1: False}))
    assert response.status_code == 400
    assert "data-field-error" in response.content.decode()
    assert not AcceptanceCheck.objects.exists()


def test_phone_check_refuses_other_sites_contract(client, sup, other_contract):
    response = _post(client, sup, "check_add", _check_data(other_contract, {}))
    assert response.status_code == 400
    assert not AcceptanceCheck.objects.exists()


def test_payment_actions(client, personas, envman, sup, other_envman, contract):
    record_check(contract, sup, failed=(0, 1))
    pk = march(contract).pk
    assert _post(client, sup, "instalment_approve", pk=pk).status_code == 403
    assert _post(client, personas.leader, "instalment_approve", pk=pk).status_code == 403
    assert _post(client, other_envman, "instalment_approve", pk=pk).status_code == 404
    assert _get(client, envman, "instalment_approve", pk=pk).status_code == 405
    assert _post(client, envman, "instalment_approve", CONFIRM, pk=pk).status_code == 302
    assert march(contract).status == InstalmentStatus.WITHHELD  # 75 < 80
    sheet = _get(client, envman, "instalment_detail", pk=pk).content.decode()
    assert sheet.count('data-testid="deduction"') == 2
    assert "8700" in sheet and "evidence-photo" in sheet


def test_approve_without_check_shows_the_rule(client, envman, contract):
    client.force_login(envman)
    url = reverse("environment:instalment_approve", kwargs={"pk": march(contract).pk})
    response = client.post(url, CONFIRM, follow=True)
    assert response.status_code == 200
    assert march(contract).status == InstalmentStatus.SCHEDULED
    assert "alert-danger" in response.content.decode()


def test_approve_then_pay_through_the_pages(client, envman, sup, contract):
    record_check(contract, sup, failed=(2,))
    pk = march(contract).pk
    _post(client, envman, "instalment_approve", CONFIRM, pk=pk)
    assert march(contract).status == InstalmentStatus.APPROVED
    response = _post(client, envman, "instalment_pay", {"paid_on": "2025-04-02"}, pk=pk)
    assert response.status_code == 302
    paid = march(contract)
    assert (paid.status, paid.paid_yuan) == (InstalmentStatus.PAID, Decimal("9800"))
    bad = _post(client, envman, "instalment_pay", {"paid_on": "x"}, pk=pk)
    assert bad.status_code == 302


def test_withhold_through_the_page(client, envman, contract):
    pk = march(contract).pk
    _post(client, envman, "instalment_withhold", {"reason": ""}, pk=pk)
    assert march(contract).status == InstalmentStatus.SCHEDULED
    _post(client, envman, "instalment_withhold", {"reason": "合同纠纷"}, pk=pk)
    assert (march(contract).status, march(contract).note) == (InstalmentStatus.WITHHELD, "合同纠纷")


def test_check_void_refused_after_approval(client, envman, sup, contract):
    check = record_check(contract, sup)
    services.instalment_approve(instalment=march(contract), by=envman)
    assert _post(client, sup, "check_void", {"reason": "x"}, pk=check.pk).status_code == 403
    response = _post(client, envman, "check_void", {"reason": "复查"}, pk=check.pk)
    assert response.status_code == 200
    check.refresh_from_db()
    assert check.voided_at is None


def test_check_void_before_approval(client, envman, sup, contract):
    check = record_check(contract, sup, failed=(0, 1))
    response = _post(client, envman, "check_void", {"reason": "整改后复查"}, pk=check.pk)
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.voided_at is not None


# Ledgers -----------------------------------------------------------------------------------


def _xlsx(response):
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content)).active


def test_contract_ledger_export(client, envman, sup, contract):
    record_check(contract, sup, failed=(0, 1))
    sheet = _xlsx(_get(client, envman, "contract_list", {"export": "xlsx"}))
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [v for row in rows for v in row if v is not None]
    assert contract.number in flat
    assert 1300 in flat or "1300" in flat  # deductions to date
    assert 120000 in flat or "120000" in flat


def test_check_ledger_export(client, envman, sup, contract):
    record_check(contract, sup, failed=(0,))
    sheet = _xlsx(_get(client, envman, "check_list", {"export": "xlsx"}))
    flat = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert AcceptanceCheck.objects.get().number in flat
    assert 90 in flat or "90" in flat


def test_list_filters(client, envman, contract):
    today = timezone.localdate()
    soon = make_contract(
        contract.site,
        envman,
        starts_on=today - timedelta(days=100),
        ends_on=today + timedelta(days=10),
        title="快到期",
    )
    body = _get(client, envman, "contract_list", {"expiring": "true"}).content.decode()
    assert soon.number in body and contract.number not in body
    body = _get(client, envman, "contract_list", {"active_on": "2025-05-01"}).content.decode()
    assert contract.number in body and soon.number not in body
    body = _get(
        client, envman, "instalment_list", {"status": "scheduled", "contract": contract.pk}
    ).content.decode()
    assert body.count("<tr class=") == 12


@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow(client, envman, sup, django_assert_max_num_queries, name):
    for i in range(6):
        c = make_contract(envman.memberships.get().site, envman, title=f"合同{i}")
        record_check(c, sup, failed=(0,))
    client.force_login(envman)
    url = reverse(f"environment:{name}")
    client.get(url)  # warm the per-user caches
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


# Home cards --------------------------------------------------------------------------------


def test_home_cards_for_environment_managers(personas, envman, sup, contract):
    today = timezone.localdate()
    make_contract(
        personas.site,
        envman,
        starts_on=today - timedelta(days=100),
        ends_on=today + timedelta(days=10),
    )
    record_check(contract, sup)
    request = RequestFactory().get("/")
    request.user, request.site = envman, None
    cards = dashboard_cards(request)
    assert [c.value for c in cards] == [1, 1]
    request.user = sup
    assert dashboard_cards(request) == []


def test_instalment_list_shows_payable(client, envman, sup, contract):
    record_check(contract, sup, failed=(0, 1))
    body = _get(
        client,
        envman,
        "instalment_list",
        {"month_after": "2025-03-01", "month_before": "2025-03-31"},
    ).content.decode()
    assert "8700" in body and body.count("<tr class=") == 1


def test_contractor_added_and_edited(client, personas, envman, other_envman):
    from houqin.environment.models import GreeningContractor

    data = {"site": personas.site.pk, "name": "绿源园林", "contact": "王经理", "is_active": "on"}
    response = _post(client, envman, "contractor_add", data)
    contractor = GreeningContractor.objects.get(name="绿源园林")
    assert response.status_code == 302 and contractor.site == personas.site
    data["phone"] = "0731-2345678"
    assert _post(client, envman, "contractor_edit", data, pk=contractor.pk).status_code == 302
    contractor.refresh_from_db()
    assert contractor.phone == "0731-2345678"
    assert _post(client, other_envman, "contractor_edit", data, pk=contractor.pk).status_code == 404
    assert _post(client, envman, "contractor_add", {"site": personas.site.pk}).status_code == 200


def test_contract_voided_through_the_page(client, envman, contract):
    response = _post(client, envman, "contract_void", {"reason": "合同解除"}, pk=contract.pk)
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.voided_at is not None and contract.void_reason == "合同解除"


def test_check_detail_shows_results_and_evidence(client, envman, sup, contract):
    check = record_check(contract, sup, failed=(0,))
    body = _get(client, envman, "check_detail", pk=check.pk).content.decode()
    assert body.count('data-passed="no"') == 1 and body.count('data-passed="yes"') == 2
    assert "evidence-photo" in body
    photo_pk = check.results.get(passed=False).photo_id
    response = client.get(reverse("attachment_file", args=[photo_pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
