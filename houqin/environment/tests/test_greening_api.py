"""Greening API: contracts and instalments (read, with figures), acceptance checks (list, read,
record with results and photos); role and site refused; list query counts."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import translation

from houqin.environment.models import AcceptanceCheck
from houqin.environment.tests.helpers_greening import *  # noqa: F403
from houqin.environment.tests.helpers_greening import make_contract, photo, record_check

pytestmark = pytest.mark.django_db

CONTRACTS = "/api/environment/greening/contracts/"
CHECKS = "/api/environment/greening/checks/"
INSTALMENTS = "/api/environment/greening/instalments/"


@pytest.fixture(autouse=True)
def _english(api):
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def as_(api, user):
    api.force_authenticate(user)
    return api


def _rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_contracts_list_with_figures_and_site_scope(api, envman, sup, contract, other_contract):
    record_check(contract, sup, failed=(0, 1))
    response = as_(api, envman).get(CONTRACTS)
    assert response.status_code == 200
    rows = _rows(response)
    assert [r["id"] for r in rows] == [contract.pk]
    assert Decimal(rows[0]["deductions"]) == Decimal("1300")
    assert len(rows[0]["terms"]) == 3
    assert as_(api, envman).get(f"{CONTRACTS}{other_contract.pk}/").status_code == 404


def test_api_refuses_wrong_role(api, personas, contract):
    for url in (CONTRACTS, CHECKS, INSTALMENTS):
        assert as_(api, personas.guard).get(url).status_code == 403
    assert as_(api, personas.leader).get(CONTRACTS).status_code == 200
    assert as_(api, personas.leader).post(CHECKS, {}, format="json").status_code == 403
    assert as_(api, personas.leader).post(CONTRACTS, {}, format="json").status_code in (403, 405)


def _body(contract, failed=()):
    return {
        "contract": contract.pk,
        "month": "2025-03-15",
        "checked_on": "2025-03-28",
        "results": [
            {"term": t.pk, "passed": t.position not in failed, "note": ""}
            for t in contract.terms.all()
        ],
    }


def test_check_created_as_json_when_every_term_passed(api, sup, contract):
    response = as_(api, sup).post(CHECKS, _body(contract), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert Decimal(data["score"]) == Decimal("100") and data["month"] == "2025-03-01"
    assert len(data["results"]) == 3
    detail = as_(api, sup).get(f"{CHECKS}{data['id']}/").json()
    assert all(r["passed"] for r in detail["results"])


def test_check_with_failed_terms_needs_photos_sent_as_multipart(api, sup, contract):
    body = _body(contract, failed=(1,))
    response = as_(api, sup).post(CHECKS, body, format="json")
    assert response.status_code == 400
    assert "photo" in json.dumps(response.json())
    first = contract.terms.get(position=1)
    multipart = {**body, "results": json.dumps(body["results"]), f"photo_{first.pk}": photo()}
    response = as_(api, sup).post(CHECKS, multipart, format="multipart")
    assert response.status_code == 201, response.content
    assert Decimal(response.json()["score"]) == Decimal("90")
    assert AcceptanceCheck.objects.get().results.get(term=first).photo is not None


def test_check_refuses_other_sites_contract_and_bad_input(api, sup, other_contract, contract):
    assert as_(api, sup).post(CHECKS, _body(other_contract), format="json").status_code == 400
    body = _body(contract)
    body["results"] = body["results"][:2]
    assert as_(api, sup).post(CHECKS, body, format="json").status_code == 400
    bad = {**_body(contract), "results": "not json"}
    assert as_(api, sup).post(CHECKS, bad, format="multipart").status_code == 400
    assert not AcceptanceCheck.objects.exists()


def test_instalments_with_payable(api, envman, sup, contract):
    record_check(contract, sup, failed=(0, 1))
    rows = _rows(as_(api, envman).get(INSTALMENTS))
    march = next(r for r in rows if r["month"] == "2025-03-01")
    assert Decimal(march["payable"]) == Decimal("8700")
    assert Decimal(march["check_score"]) == Decimal("75")
    assert len(rows) == 12


@pytest.mark.parametrize("url", [CONTRACTS, CHECKS, INSTALMENTS])
def test_list_query_count_does_not_grow(api, envman, sup, django_assert_max_num_queries, url):
    for i in range(5):
        c = make_contract(envman.memberships.get().site, envman, title=f"合同{i}")
        record_check(c, sup)
    as_(api, envman).get(url)
    with django_assert_max_num_queries(8):
        assert as_(api, envman).get(url).status_code == 200
