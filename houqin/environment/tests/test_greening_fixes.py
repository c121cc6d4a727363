"""Greening pages after the walk-through: the phone check with nothing pre-answered and the
contract in force first, the outcome against the pass mark, one wording for the contractor and
the acceptor, the payment sheet's confirmed approval, actions offered only when allowed, a print
button, and the home card's link listing exactly what it counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from houqin.environment.choices import InstalmentStatus
from houqin.environment.models import AcceptanceCheck, GreeningContract
from houqin.environment.queries.greening import dashboard_cards
from houqin.environment.services import greening as services
from houqin.environment.tests.helpers_greening import *  # noqa: F403  (fixtures)
from houqin.environment.tests.helpers_greening import MARCH, TERMS, photo, record_check

pytestmark = pytest.mark.django_db
CONFIRM = {"confirm": "on"}


def _url(name, **kwargs):
    return reverse(f"environment:{name}", kwargs=kwargs or None)


def _current(contract, by) -> GreeningContract:
    """A second contract of the same contractor, in force this year (2026)."""
    fresh = GreeningContract(
        site=contract.site,
        contractor=contract.contractor,
        title="2026年绿化养护",
        scope="办公区",
        area_m2=Decimal("12000"),
        amount_yuan=Decimal("120000"),
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    return services.contract_save(contract=fresh, terms=list(TERMS), by=by)


def test_check_start_lists_the_contract_in_force_first_and_preselects_it(
    client, envman, sup, contract
):
    current = _current(contract, envman)
    client.force_login(sup)
    page = client.get(_url("check_add"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.index("2026年绿化养护") < page.index(contract.title)
    assert f'value="{current.pk}" selected' in page
    assert "Next step" in page and "下一页" not in page  # 下一步 once translated


def test_terms_are_toggles_with_nothing_preselected_and_all_must_be_answered(client, sup, contract):
    client.force_login(sup)
    page = client.get(_url("check_add"), {"contract": contract.pk, "month": "2025-03"})
    body = page.content.decode()
    assert body.count('class="btn-check"') == 6 and " checked" not in body
    data = {"contract": contract.pk, "month": "2025-03", "checked_on": "2025-03-28"}
    response = client.post(_url("check_add"), data)
    assert response.status_code == 400
    assert not AcceptanceCheck.objects.exists()


def test_saving_says_whether_the_pass_mark_was_met(client, sup, contract):
    client.force_login(sup)
    data = {"contract": contract.pk, "month": "2025-03", "checked_on": "2025-03-28"}
    data.update({f"passed_{t.pk}": "yes" for t in contract.terms.all()})
    response = client.post(_url("check_add"), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert AcceptanceCheck.objects.get().score == 100
    body = response.content.decode()
    assert f"the pass mark {contract.pass_score} is met." in body and "alert-success" in body
    failing = dict(data, month="2025-04", checked_on="2025-04-28")
    failing.update({f"passed_{t.pk}": "no" for t in contract.terms.all()})
    failing.update({f"photo_{t.pk}": photo() for t in contract.terms.all()})
    body = client.post(
        _url("check_add"), failing, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "below the pass mark" in body and "alert-warning" in body


def test_check_and_contract_pages_use_the_greening_words(client, envman, sup, contract):
    check = record_check(contract, sup)
    client.force_login(envman)
    page = client.get(check.get_absolute_url()).content.decode()
    assert "复查人" not in page and ("Accepted by" in page or "验收人" in page)
    assert ">2025-03<" in page  # the month, not its first day
    detail = client.get(contract.get_absolute_url()).content.decode()
    assert "承包单位" in detail and "维保单位" not in detail


def test_approval_needs_confirmation_and_withhold_is_offered_only_before(
    client, envman, sup, contract
):
    record_check(contract, sup)
    instalment = contract.instalments.get(month=MARCH)
    client.force_login(envman)
    approve = _url("instalment_approve", pk=instalment.pk)
    client.post(approve, {})
    instalment.refresh_from_db()
    assert instalment.status == InstalmentStatus.SCHEDULED
    sheet = client.get(_url("instalment_detail", pk=instalment.pk)).content.decode()
    assert 'data-testid="confirm"' in sheet and 'data-testid="withhold"' in sheet
    assert 'data-testid="print"' in sheet and "d-print-none" in sheet
    client.post(approve, CONFIRM)
    instalment.refresh_from_db()
    assert instalment.status == InstalmentStatus.APPROVED
    sheet = client.get(_url("instalment_detail", pk=instalment.pk)).content.decode()
    assert 'data-testid="withhold"' not in sheet and 'data-testid="approve"' not in sheet
    assert 'data-testid="pay"' in sheet
    with pytest.raises(ValidationError):
        services.instalment_withhold(instalment=instalment, by=envman, reason="改主意")
    client.post(_url("instalment_withhold", pk=instalment.pk), {"reason": "改主意"})
    instalment.refresh_from_db()
    assert instalment.status == InstalmentStatus.APPROVED


def test_home_card_link_lists_exactly_what_it_counts(client, personas, envman, sup, contract):
    record_check(contract, sup)  # March checked: due for a decision; the other months are not
    request = RequestFactory().get("/")
    request.user, request.site = envman, personas.site
    card = dashboard_cards(request)[1]
    assert card.value == 1 and "due=true" in card.url
    client.force_login(envman)
    page = client.get(card.url).content.decode()
    assert page.count("2025-03") >= 1 and "2025-04" not in page
