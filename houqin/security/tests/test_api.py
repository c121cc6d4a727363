"""The visitor API: check-in, check-out, corrections, voiding, filtering, the annual report
contract, the schema and token authentication."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from houqin.core.models import Notification
from houqin.core.testing import resident_id
from houqin.security.models import Visit
from houqin.security.tests.helpers import (
    api_check_in_body,
    bad_check_digit,
    blacklist,
    check_in,
    department,
    shanghai,
)

pytestmark = pytest.mark.django_db

VISITS = "/api/security/visits/"
ANNUAL = "/api/reports/annual/"


@pytest.fixture(autouse=True)
def _english(api):
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def as_(api, user):
    api.force_authenticate(user)
    return api


# Check-in --------------------------------------------------------------------------------------


def test_post_checks_a_visitor_in_and_never_returns_the_plain_number(personas, api):
    body = api_check_in_body(personas.site, phone="13912345678")
    response = as_(api, personas.guard).post(VISITS, body, format="json")

    assert response.status_code == 201
    data = response.json()
    number = body["id_number"]
    assert data["status"] == "inside"
    assert data["number"].startswith(f"FK-{timezone.localdate().year}-")
    assert data["id_number_masked"] == number[:6] + "********" + number[-4:]
    assert data["phone_masked"] == "139****5678"
    assert "id_number" not in data and "phone" not in data
    raw = response.content.decode()
    assert number not in raw and "13912345678" not in raw
    visit = Visit.objects.get(pk=data["id"])
    assert visit.checked_in_by == personas.guard and visit.site == personas.site


def test_invalid_id_number_is_a_400_with_field_errors(personas, api):
    body = api_check_in_body(personas.site, id_number=bad_check_digit(resident_id(seq=9)))
    response = as_(api, personas.guard).post(VISITS, body, format="json")

    assert response.status_code == 400
    data = response.json()
    assert set(data) == {"detail", "errors"}
    assert isinstance(data["detail"], str) and data["detail"]
    assert data["errors"] == {
        "id_number": ["The check digit of this ID number is wrong; please check the number."]
    }
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"visitor_name": "<b>王</b>"}, "visitor_name"),
        ({"visitor_name": ""}, "visitor_name"),
        ({"id_number": ""}, "id_number"),
        ({"phone": "not a phone"}, "phone"),
        ({"companions": 999}, "companions"),
        ({"purpose": "smuggling"}, "purpose"),
        ({"id_type": "library_card"}, "id_type"),
        ({"site": "nowhere"}, "site"),
        ({"host_department": 999999}, "host_department"),
    ],
)
def test_each_bad_field_is_named_in_a_400(personas, api, override, field):
    body = api_check_in_body(personas.site, **override)
    response = as_(api, personas.guard).post(VISITS, body, format="json")
    assert response.status_code == 400
    data = response.json()
    assert isinstance(data["detail"], str)
    assert field in data["errors"]
    assert all(isinstance(m, str) for m in data["errors"][field])
    assert not Visit.objects.exists()


def test_vehicle_plate_that_grows_when_upper_cased_still_fits_its_column(personas, api):
    # "ß".upper() is "SS": 20 characters accepted by the serializer become 40 on save, which
    # PostgreSQL refuses (a 500) and SQLite silently stores past max_length.
    body = api_check_in_body(personas.site, vehicle_plate="ß" * 20)
    response = as_(api, personas.guard).post(VISITS, body, format="json")
    assert response.status_code in (201, 400)
    for visit in Visit.objects.all():
        assert len(visit.vehicle_plate) <= Visit._meta.get_field("vehicle_plate").max_length


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.text(max_size=60),
    number=st.one_of(st.text(max_size=25), st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True)),
    phone=st.text(alphabet="0123456789 +-()abc", max_size=25),
    companions=st.one_of(st.integers(-5, 500), st.text(max_size=5)),
)
def test_any_check_in_body_is_answered_without_a_server_error(
    personas, api, name, number, phone, companions
):
    from houqin.utils.idnumbers import normalise_id_number

    body = api_check_in_body(
        personas.site, visitor_name=name, id_number=number, phone=phone, companions=companions
    )
    response = as_(api, personas.guard).post(VISITS, body, format="json")

    assert response.status_code in (201, 400), response.content
    data = response.json()
    if response.status_code == 400:
        assert isinstance(data["detail"], str) and data["errors"]
        return
    normalise_id_number("resident_id", number, today=timezone.localdate())  # it was valid
    visit = Visit.objects.get(pk=data["id"])
    assert visit.visitor_name.strip()
    assert number.strip().upper() not in response.content.decode()


def test_host_department_of_another_site_is_a_400(personas, api):
    body = api_check_in_body(personas.site, host_department=department(personas.other_site).pk)
    response = as_(api, personas.guard).post(VISITS, body, format="json")
    assert response.status_code == 400
    assert "host_department" in response.json()["errors"]
    assert not Visit.objects.exists()


def test_malformed_json_is_a_400_not_a_500(personas, api):
    response = as_(api, personas.guard).post(VISITS, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_blacklisted_visitor_is_a_403_with_the_registration_number(
    personas, api, django_capture_on_commit_callbacks
):
    number = resident_id(seq=666)
    blacklist(personas.site, personas.secadmin, number)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_(api, personas.guard).post(
            VISITS, api_check_in_body(personas.site, id_number=number), format="json"
        )

    assert response.status_code == 403
    data = response.json()
    visit = Visit.objects.get()
    assert visit.status == "refused"
    assert data["number"] == visit.number
    assert "blacklist" in data["detail"]
    assert number not in response.content.decode()
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "duty",
        "secadmin",
    }


# Check-out, corrections, void ------------------------------------------------------------------


def test_check_out_through_the_api(personas, api):
    visit = check_in(personas.site, personas.guard, at=timezone.now() - timedelta(hours=1))
    response = as_(api, personas.guard).post(f"{VISITS}{visit.pk}/check-out/", {}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "left"
    assert response.json()["checked_out_at"]
    again = api.post(f"{VISITS}{visit.pk}/check-out/", {}, format="json")
    assert again.status_code == 400
    assert "not inside" in again.json()["detail"]


def test_check_out_before_check_in_through_the_api_is_a_400(personas, api):
    visit = check_in(personas.site, personas.guard, at=shanghai(2006, 5, 1, 10, 0))
    response = as_(api, personas.guard).post(
        f"{VISITS}{visit.pk}/check-out/",
        {"checked_out_at": "2006-05-01T09:00:00+08:00"},
        format="json",
    )
    assert response.status_code == 400
    assert "checked_out_at" in response.json()["errors"]
    assert Visit.objects.get(pk=visit.pk).status == "inside"


def test_patch_changes_only_the_correctable_fields(personas, api):
    visit = check_in(personas.site, personas.guard, name="张三", companions=0)
    before = Visit.objects.get(pk=visit.pk)
    response = as_(api, personas.guard).patch(
        f"{VISITS}{visit.pk}/",
        {
            "companions": 2,
            "vehicle_plate": "湘L12345",
            "organisation": "市审计局",
            "visitor_name": "李四",
            "id_number": resident_id(seq=5),
            "status": "left",
            "checked_in_at": "2001-01-01T00:00:00+08:00",
            "number": "FK-1999-99999",
        },
        format="json",
    )

    assert response.status_code == 200
    visit.refresh_from_db()
    assert (visit.companions, visit.vehicle_plate, visit.organisation) == (
        2,
        "湘L12345",
        "市审计局",
    )
    assert visit.visitor_name == "张三"
    assert visit.id_hash == before.id_hash
    assert visit.status == "inside"
    assert visit.checked_in_at == before.checked_in_at
    assert visit.number == before.number


def test_patch_with_bad_value_is_a_400(personas, api):
    visit = check_in(personas.site, personas.guard)
    response = as_(api, personas.guard).patch(
        f"{VISITS}{visit.pk}/", {"companions": -1}, format="json"
    )
    assert response.status_code == 400
    assert "companions" in response.json()["errors"]


def test_void_with_a_reason_removes_the_visit_from_the_annual_report(personas, api):
    at = shanghai(2006, 6, 1, 9, 0)
    keep = check_in(personas.site, personas.guard, at=at, seq=1)
    wrong = check_in(personas.site, personas.guard, at=at, seq=2)
    client = as_(api, personas.duty)
    before = client.get(ANNUAL, {"year": 2006, "site": "main"}).json()
    assert before["metrics"]["security.visitor_registrations"]["value"] == 2

    response = client.post(f"{VISITS}{wrong.pk}/void/", {"reason": "重复登记"}, format="json")

    assert response.status_code == 204
    wrong.refresh_from_db()
    assert wrong.voided_at is not None and wrong.void_reason == "重复登记"
    assert wrong.voided_by == personas.duty
    after = client.get(ANNUAL, {"year": 2006, "site": "main"}).json()
    assert after["metrics"]["security.visitor_registrations"]["value"] == 1
    assert Visit.objects.get(pk=keep.pk).voided_at is None
    listed = client.get(f"{VISITS}{wrong.pk}/").json()
    assert listed["voided_at"] and listed["void_reason"] == "重复登记"  # still on record


def test_void_without_a_reason_is_a_400(personas, api):
    visit = check_in(personas.site, personas.guard)
    client = as_(api, personas.duty)
    for body in ({}, {"reason": ""}, {"reason": "   "}):
        response = client.post(f"{VISITS}{visit.pk}/void/", body, format="json")
        assert response.status_code == 400, body
        assert "reason" in response.json()["errors"]
    assert Visit.objects.get(pk=visit.pk).voided_at is None


def test_void_twice_is_a_400(personas, api):
    visit = check_in(personas.site, personas.guard)
    client = as_(api, personas.duty)
    assert (
        client.post(f"{VISITS}{visit.pk}/void/", {"reason": "x"}, format="json").status_code == 204
    )
    again = client.post(f"{VISITS}{visit.pk}/void/", {"reason": "y"}, format="json")
    assert again.status_code == 400
    assert Visit.objects.get(pk=visit.pk).void_reason == "x"


def test_delete_is_not_allowed(personas, api):
    visit = check_in(personas.site, personas.guard)
    response = as_(api, personas.secadmin).delete(f"{VISITS}{visit.pk}/")
    assert response.status_code == 405
    assert Visit.objects.filter(pk=visit.pk).exists()


# Listing -------------------------------------------------------------------------------------


@pytest.fixture
def ledger(personas):
    march = check_in(
        personas.site,
        personas.guard,
        at=shanghai(2006, 3, 10, 9, 0),
        seq=1,
        name="三月",
        organisation="郴州日报社",
    )
    april = check_in(
        personas.site, personas.guard, at=shanghai(2006, 4, 10, 9, 0), seq=2, name="四月"
    )
    # the last minute of 31 March in Shanghai is still March, though it is 15:59 UTC
    late_march = check_in(
        personas.site, personas.guard, at=shanghai(2006, 3, 31, 23, 59), seq=3, name="月末"
    )
    number = resident_id(seq=4)
    blacklist(personas.site, personas.secadmin, number)
    refused = check_in(
        personas.site,
        personas.guard,
        at=shanghai(2006, 3, 15, 9, 0),
        id_number=number,
        name="拒绝",
    )
    return {"march": march, "april": april, "late_march": late_march, "refused": refused}


def numbers(response):
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


def test_list_filters_by_date_range(personas, api, ledger):
    client = as_(api, personas.guard)
    march = numbers(client.get(VISITS, {"date_after": "2006-03-01", "date_before": "2006-03-31"}))
    assert march == {ledger[k].number for k in ("march", "late_march", "refused")}
    april = numbers(client.get(VISITS, {"date_after": "2006-04-01"}))
    assert april == {ledger["april"].number}


def test_list_filters_by_status(personas, api, ledger):
    client = as_(api, personas.guard)
    assert numbers(client.get(VISITS, {"status": "refused"})) == {ledger["refused"].number}
    inside = numbers(client.get(VISITS, {"status": "inside"}))
    assert ledger["refused"].number not in inside and len(inside) == 3


def test_list_searches_name_number_organisation_and_full_id(personas, api, ledger):
    client = as_(api, personas.guard)
    assert numbers(client.get(VISITS, {"q": "四月"})) == {ledger["april"].number}
    assert numbers(client.get(VISITS, {"q": ledger["march"].number})) == {ledger["march"].number}
    assert numbers(client.get(VISITS, {"q": "日报"})) == {ledger["march"].number}
    assert numbers(client.get(VISITS, {"q": resident_id(seq=3)})) == {ledger["late_march"].number}
    assert numbers(client.get(VISITS, {"q": "nobody at all"})) == set()


def test_list_with_a_bad_filter_value_is_a_400(personas, api, ledger):
    client = as_(api, personas.guard)
    for params in ({"status": "teleported"}, {"date_after": "31/02/2006"}):
        response = client.get(VISITS, params)
        assert response.status_code == 400, params
        assert "errors" in response.json()


def test_list_never_contains_plain_id_or_phone_numbers(personas, api, ledger):
    raw = as_(api, personas.secadmin).get(VISITS).content.decode()
    for seq in (1, 2, 3, 4):
        assert resident_id(seq=seq) not in raw


# Annual report -------------------------------------------------------------------------------


def test_annual_report_api_follows_the_contract(personas, api, ledger):
    response = as_(api, personas.leader).get(ANNUAL, {"year": 2006, "site": "main"})

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"year", "site", "metrics"}
    assert data["year"] == 2006 and data["site"] == "main"
    for key, metric in data["metrics"].items():
        assert key == key.lower() and "." in key
        assert set(metric) == {"value", "unit", "label"}
        assert isinstance(metric["unit"], str) and isinstance(metric["label"], str)
        assert isinstance(metric["value"], (int, float, str))
    assert data["metrics"]["security.visitor_registrations"]["value"] == 3
    assert data["metrics"]["security.visitors_blocked"]["value"] == 1


def test_annual_report_without_site_covers_the_callers_sites(personas, api, ledger):
    check_in(personas.other_site, personas.outsider, at=shanghai(2006, 7, 1, 9, 0), seq=50)
    data = as_(api, personas.leader).get(ANNUAL, {"year": 2006}).json()
    assert data["site"] is None
    assert data["metrics"]["security.visitor_registrations"]["value"] == 3  # not the other site's


def test_annual_report_of_a_site_the_user_cannot_see_is_a_404(personas, api):
    response = as_(api, personas.leader).get(ANNUAL, {"year": 2006, "site": "other"})
    assert response.status_code == 404
    response = api.get(ANNUAL, {"year": 2006, "site": "no-such-site"})
    assert response.status_code == 404


@pytest.mark.parametrize("year", ["", "abc", "1066", "99999", "2006.5"])
def test_annual_report_with_a_bad_year_is_a_400(personas, api, year):
    response = as_(api, personas.leader).get(ANNUAL, {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()["errors"]


def test_annual_report_without_year_is_a_400(personas, api):
    response = as_(api, personas.leader).get(ANNUAL)
    assert response.status_code == 400


# Schema and authentication -------------------------------------------------------------------


def test_schema_is_an_openapi_3_document(personas, api):
    api.force_authenticate(personas.guard)
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/security/visits/" in schema["paths"]
    assert "/api/security/visits/{id}/check-out/" in schema["paths"]
    assert "/api/reports/annual/" in schema["paths"]


def test_docs_page_is_served_to_signed_in_users_only(personas, api):
    assert api.get("/api/docs/").status_code in (401, 403)
    assert api.get("/api/schema/").status_code in (401, 403)
    api.force_authenticate(personas.guard)
    assert api.get("/api/docs/").status_code == 200


def test_token_authentication_works(personas, api):
    token = Token.objects.create(user=personas.guard)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(VISITS, api_check_in_body(personas.site), format="json")
    assert response.status_code == 201
    assert Visit.objects.get().checked_in_by == personas.guard
    assert api.get(VISITS).status_code == 200

    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get(VISITS).status_code in (401, 403)
