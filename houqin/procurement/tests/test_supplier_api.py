"""The supplier and rules API: role and site checked on every endpoint, credit codes checked
with their message, debarments added and lifted, thresholds and time limits read by every
procurement reader and written by the officer, and the lists' query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from houqin.procurement.models import Debarment, Jurisdiction, Supplier, Threshold, TimeLimit
from houqin.procurement.tests.helpers_suppliers import *  # noqa: F403
from houqin.procurement.tests.helpers_suppliers import CODES, add_qualification, make_supplier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def english_pages(api):
    """Pages and API answers in English, as the messages are asserted."""
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


BASE = "/api/procurement"


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_supplier_list_by_role_and_site(api, personas, buyer, supplier, other_supplier):
    for user in (buyer, personas.leader):
        response = as_user(api, user).get(f"{BASE}/suppliers/")
        assert response.status_code == 200
        names = [row["name"] for row in response.json()["results"]]
        assert names == [supplier.name]
    for user in (personas.staff, personas.outsider, personas.nobody):
        assert as_user(api, user).get(f"{BASE}/suppliers/").status_code == 403
    other = as_user(api, buyer).get(f"{BASE}/suppliers/{other_supplier.pk}/")
    assert other.status_code == 404


def test_supplier_list_query_count(api, personas, buyer, django_assert_max_num_queries):
    for i, code in enumerate(CODES):
        supplier = make_supplier(personas.site, buyer, name=f"公司{i}", code=code)
        add_qualification(supplier, buyer, days=5)
    as_user(api, buyer)
    for path in ("suppliers", "qualifications", "debarments"):
        with django_assert_max_num_queries(6):
            assert api.get(f"{BASE}/{path}/").status_code == 200


def test_create_supplier_checks_the_code(api, personas, buyer):
    as_user(api, buyer)
    data = {"site": "main", "name": "新公司", "credit_code": "91350100M000100Y44"}
    bad = api.post(f"{BASE}/suppliers/", data, format="json")
    assert bad.status_code == 400
    assert "check character" in bad.json()["errors"]["credit_code"][0]
    assert not Supplier.objects.exists()
    ok = api.post(f"{BASE}/suppliers/", {**data, "credit_code": "91350100m000100y43"})
    assert ok.status_code == 201 and ok.json()["credit_code"] == CODES[0]
    assert ok.json()["bid_count"] == 0
    again = api.post(f"{BASE}/suppliers/", data | {"credit_code": CODES[0]}, format="json")
    assert (
        again.status_code == 400
        and "already registered" in again.json()["errors"]["credit_code"][0]
    )
    elsewhere = api.post(f"{BASE}/suppliers/", {**data, "site": "other"}, format="json")
    assert elsewhere.status_code == 400 and Supplier.objects.count() == 1


def test_change_supplier_by_role_and_site(api, personas, buyer, other_buyer, supplier):
    url = f"{BASE}/suppliers/{supplier.pk}/"
    assert as_user(api, other_buyer).patch(url, {"contact_name": "x"}).status_code == 404
    assert as_user(api, personas.leader).patch(url, {"contact_name": "x"}).status_code == 403
    response = as_user(api, buyer).patch(url, {"contact_name": "王经理"}, format="json")
    supplier.refresh_from_db()
    assert response.status_code == 200 and supplier.contact_name == "王经理"
    bad = api.patch(url, {"credit_code": "123"}, format="json")
    assert bad.status_code == 400 and "18 characters" in bad.json()["errors"]["credit_code"][0]
    supplier.refresh_from_db()
    assert supplier.credit_code == CODES[0]


def test_qualification_create_and_expiring_filter(api, personas, buyer, other_buyer, supplier):
    add_qualification(supplier, buyer, name="长期资质", days=400)
    data = {"supplier": supplier.pk, "name": "ISO9001", "valid_until": "2000-01-01"}
    assert as_user(api, other_buyer).post(f"{BASE}/qualifications/", data).status_code == 400
    created = as_user(api, buyer).post(f"{BASE}/qualifications/", data)
    assert created.status_code == 201 and created.json()["site"] == "main"
    expired = api.get(f"{BASE}/qualifications/", {"expired": "true"}).json()["results"]
    assert [row["name"] for row in expired] == ["ISO9001"]


def test_debarment_add_and_lift(api, personas, buyer, other_buyer, supplier):
    data = {
        "supplier": supplier.pk,
        "starts_on": "2026-01-01",
        "authority": "市财政局",
        "reason": "提供虚假材料",
    }
    assert as_user(api, personas.leader).post(f"{BASE}/debarments/", data).status_code == 403
    created = as_user(api, buyer).post(f"{BASE}/debarments/", data)
    assert created.status_code == 201 and created.json()["number"].startswith("JY-")
    pk = created.json()["id"]
    bad = api.post(f"{BASE}/debarments/", {**data, "ends_on": "2025-01-01"})
    assert bad.status_code == 400 and Debarment.objects.count() == 1
    lift = f"{BASE}/debarments/{pk}/void/"
    assert as_user(api, other_buyer).post(lift, {"reason": "x"}).status_code == 404
    assert as_user(api, buyer).post(lift, {"reason": "复议撤销"}).status_code == 204
    assert Debarment.objects.get().void_reason == "复议撤销"
    assert api.post(lift, {"reason": "again"}).status_code == 400


def test_rules_read_by_readers_written_by_the_officer(api, personas, buyer):
    for user in (buyer, personas.leader):
        for path in ("jurisdictions", "thresholds", "time-limits"):
            assert as_user(api, user).get(f"{BASE}/{path}/").status_code == 200
    for path in ("thresholds", "time-limits"):
        assert as_user(api, personas.staff).get(f"{BASE}/{path}/").status_code == 403
    Jurisdiction.objects.create(code="fj", name="福建省", level="province")
    data = {
        "jurisdiction": "fj",
        "kind": "public_tender",
        "object_type": "goods",
        "amount_yuan": "2000000",
        "valid_from": "2021-01-01",
        "basis": "闽财采",
        "confidence": "M",
    }
    assert as_user(api, personas.leader).post(f"{BASE}/thresholds/", data).status_code == 403
    created = as_user(api, buyer).post(f"{BASE}/thresholds/", data)
    assert created.status_code == 201
    clash = api.post(f"{BASE}/thresholds/", {**data, "valid_from": "2022-01-01"})
    assert clash.status_code == 400 and "overlaps" in clash.json()["errors"]["valid_from"][0]
    assert Threshold.objects.filter(jurisdiction__code="fj").count() == 1
    pk = created.json()["id"]
    patched = api.patch(f"{BASE}/thresholds/{pk}/", {"amount_yuan": "4000000"}, format="json")
    assert patched.status_code == 200
    assert Threshold.objects.get(pk=pk).amount_yuan == Decimal("4000000")


def test_time_limit_patch(api, personas, buyer):
    limit = TimeLimit.objects.get(code="tender-notice-period")
    url = f"{BASE}/time-limits/{limit.pk}/"
    assert as_user(api, personas.leader).patch(url, {"days": 7}, format="json").status_code == 403
    assert as_user(api, buyer).patch(url, {"days": 7}, format="json").status_code == 200
    assert TimeLimit.objects.get(pk=limit.pk).days == 7
    bad = api.patch(url, {"to_stage": "requested"}, format="json")
    assert bad.status_code == 400 and TimeLimit.objects.get(pk=limit.pk).to_stage == "opened"
    assert api.post(f"{BASE}/time-limits/", {}, format="json").status_code == 405
