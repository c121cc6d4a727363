"""Check items recorded by the person walking a round: with the scan (API and the printed QR
link's page), after it through the results endpoint, for a queued scan sent again, refused when
wrong, and shown on the round's page with its score."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from houqin.core.services import scan_link_sign
from houqin.inspections import services
from houqin.inspections.models import CheckItem, ItemResult, Round, Scan
from houqin.inspections.tests.helpers import checkpoints, make_route, open_round
from houqin.security.tests.helpers import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SCANS = "/api/inspections/scans/"


def _api(user) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


def _items(route):
    # the helper route's two items (weights 2 and 1), due at every stop
    heavy, light = route.items.filter(checkpoint__isnull=True).order_by("position")
    return heavy, light


def _link(cp) -> str:
    return reverse("scan_link", kwargs={"signed": scan_link_sign(cp.scan_link)})


@pytest.fixture
def rnd(route):
    return open_round(route)


@pytest.fixture
def own_item(route):
    """An item due only at the route's second checkpoint."""
    return CheckItem.objects.create(
        route=route, checkpoint=checkpoints(route)[1], text="配电柜上锁", weight=3, position=9
    )


# Services ------------------------------------------------------------------------------------


def test_a_scan_and_its_results_are_recorded_together(route, rnd, personas):
    heavy, light = _items(route)
    outcome = services.scan_record(
        checkpoint=checkpoints(route)[0],
        by=personas.guard,
        results=[(heavy.pk, True, ""), (light.pk, False, "杂物")],
    )
    assert outcome.created
    assert {(r.item_id, r.passed, r.note) for r in outcome.scan.results.all()} == {
        (heavy.pk, True, ""),
        (light.pk, False, "杂物"),
    }
    assert str(Round.objects.get(pk=rnd.pk).score) == "66.7"


def test_a_refused_result_leaves_no_scan_behind(route, rnd, personas, own_item):
    with pytest.raises(ValidationError):
        services.scan_record(
            checkpoint=checkpoints(route)[0], by=personas.guard, results=[(own_item.pk, True, "")]
        )
    assert not Scan.objects.exists() and not ItemResult.objects.exists()
    assert Round.objects.get(pk=rnd.pk).scans_done == 0


# The scan endpoint ---------------------------------------------------------------------------


def test_api_scan_with_results_answers_the_items_due(route, rnd, personas, own_item):
    heavy, light = _items(route)
    body = {"token": "CP2", "results": [{"item": light.pk, "passed": False, "note": "灯坏"}]}
    response = _api(personas.guard).post(SCANS, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert [i["id"] for i in data["items"]] == [heavy.pk, light.pk, own_item.pk]
    by_id = {i["id"]: i for i in data["items"]}
    assert by_id[heavy.pk]["result"] is None and by_id[heavy.pk]["weight"] == 2
    assert by_id[light.pk]["result"] == {"passed": False, "note": "灯坏"}
    assert by_id[own_item.pk]["text"] == "配电柜上锁"
    assert data["score"] == "0.0"


def test_api_scan_without_results_lists_only_the_checkpoints_items(route, rnd, personas, own_item):
    response = _api(personas.guard).post(SCANS, {"token": "CP1"}, format="json")
    assert response.status_code == 201
    assert own_item.pk not in [i["id"] for i in response.json()["items"]]
    assert not ItemResult.objects.exists()


def test_a_queued_scan_sent_again_replaces_its_results(route, rnd, personas):
    heavy, light = _items(route)
    taken = (timezone.now() - timedelta(minutes=3)).isoformat()
    api = _api(personas.guard)
    first = {
        "token": "CP1",
        "scanned_at": taken,
        "results": [{"item": heavy.pk, "passed": True}, {"item": light.pk, "passed": True}],
    }
    assert api.post(SCANS, first, format="json").status_code == 201
    again = {**first, "results": [{"item": heavy.pk, "passed": False, "note": "窗未关"}]}
    response = api.post(SCANS, again, format="json")
    assert response.status_code == 200
    scan = Scan.objects.get()
    assert scan.queued
    results = {r.item_id: (r.passed, r.note) for r in scan.results.all()}
    assert results == {heavy.pk: (False, "窗未关"), light.pk: (True, "")}
    assert str(Round.objects.get(pk=rnd.pk).score) == "33.3"


def _bad_results(route, own_item, other_item):
    heavy, _light = _items(route)
    return {
        "unknown item": [{"item": 999999, "passed": True}],
        "other checkpoint": [{"item": own_item.pk, "passed": True}],
        "other route": [{"item": other_item.pk, "passed": True}],
        "passed as text": [{"item": heavy.pk, "passed": "yes"}],
        "passed as number": [{"item": heavy.pk, "passed": 1}],
        "passed missing": [{"item": heavy.pk}],
        "passed null": [{"item": heavy.pk, "passed": None}],
        "note too long": [{"item": heavy.pk, "passed": False, "note": "x" * 201}],
        "item twice": [{"item": heavy.pk, "passed": True}, {"item": heavy.pk, "passed": False}],
        "item not a number": [{"item": "abc", "passed": True}],
        "not a list": {"item": heavy.pk, "passed": True},
        "not objects": ["pass"],
    }


BAD = [
    "unknown item",
    "other checkpoint",
    "other route",
    "passed as text",
    "passed as number",
    "passed missing",
    "passed null",
    "note too long",
    "item twice",
    "item not a number",
    "not a list",
    "not objects",
]


@pytest.fixture
def other_item(personas):
    other = make_route(personas.site, personas.secadmin, codes=("Z1",), name="另一条路线")
    return other.items.first()


@pytest.mark.parametrize("case", BAD)
def test_api_scan_with_bad_results_is_400_and_records_nothing(
    route, rnd, personas, own_item, other_item, case
):
    results = _bad_results(route, own_item, other_item)[case]
    body = {"token": "CP1", "results": results}
    response = _api(personas.guard).post(SCANS, body, format="json")
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["detail"] and data["errors"]
    assert not Scan.objects.exists() and not ItemResult.objects.exists()


def test_scan_endpoint_query_count_is_bounded(route, rnd, personas, django_assert_max_num_queries):
    heavy, light = _items(route)
    api = _api(personas.guard)
    api.post(SCANS, {"token": "CP1"}, format="json")
    body = {
        "token": "CP2",
        "results": [{"item": heavy.pk, "passed": True}, {"item": light.pk, "passed": False}],
    }
    # checkpoint, round (locked), its scans, INSERT, UPDATE, the items, DELETE + INSERT of the
    # results, the score, its UPDATE, the event, the answer's items, and savepoints
    with django_assert_max_num_queries(19):
        response = api.post(SCANS, body, format="json")
    assert response.status_code == 201
    with django_assert_max_num_queries(14):  # the last stop also finishes the round
        response = api.post(SCANS, {"token": "CP3"}, format="json")
    assert response.status_code == 201


# The results endpoint ------------------------------------------------------------------------


def _scanned(route, personas, code="CP1"):
    response = _api(personas.guard).post(SCANS, {"token": code}, format="json")
    assert response.status_code == 201
    return Scan.objects.get(pk=response.json()["id"])


def _results_url(scan) -> str:
    return f"{SCANS}{scan.pk}/results/"


def test_results_are_recorded_and_corrected_after_the_scan(route, rnd, personas):
    heavy, light = _items(route)
    scan = _scanned(route, personas)
    api = _api(personas.guard)
    body = {"results": [{"item": heavy.pk, "passed": False, "note": "门未锁"}]}
    response = api.post(_results_url(scan), body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["score"] == "0.0"
    body = {"results": [{"item": heavy.pk, "passed": True}, {"item": light.pk, "passed": True}]}
    response = api.post(_results_url(scan), body, format="json")
    assert response.status_code == 200
    assert {i["id"]: i["result"]["passed"] for i in response.json()["items"]} == {
        heavy.pk: True,
        light.pk: True,
    }
    assert ItemResult.objects.filter(scan=scan).count() == 2
    assert str(Round.objects.get(pk=rnd.pk).score) == "100.0"


@pytest.mark.parametrize("case", BAD)
def test_bad_results_after_the_scan_are_400_and_change_nothing(
    route, rnd, personas, own_item, other_item, case
):
    heavy, _light = _items(route)
    scan = _scanned(route, personas)
    api = _api(personas.guard)
    api.post(_results_url(scan), {"results": [{"item": heavy.pk, "passed": True}]}, format="json")
    body = {"results": _bad_results(route, own_item, other_item)[case]}
    response = api.post(_results_url(scan), body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["detail"] and response.json()["errors"]
    assert list(ItemResult.objects.values_list("item_id", "passed")) == [(heavy.pk, True)]


@pytest.mark.parametrize("body", [{}, {"results": []}, {"results": None}, []])
def test_results_without_any_result_are_400(route, rnd, personas, body):
    scan = _scanned(route, personas)
    response = _api(personas.guard).post(_results_url(scan), body, format="json")
    assert response.status_code == 400
    assert not ItemResult.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("guard", 200), ("duty", 200), ("outsider", 404), ("staff", 403), ("nobody", 403)],
)
def test_results_are_taken_from_the_scanner_and_walkers_of_the_site(
    route, rnd, personas, who, expected
):
    heavy, _light = _items(route)
    scan = _scanned(route, personas)
    body = {"results": [{"item": heavy.pk, "passed": False, "note": "x"}]}
    response = _api(getattr(personas, who)).post(_results_url(scan), body, format="json")
    assert response.status_code == expected, response.content
    assert ItemResult.objects.exists() == (expected == 200)


def test_results_of_an_unknown_scan_are_404(route, rnd, personas):
    body = {"results": [{"item": 1, "passed": True}]}
    assert _api(personas.guard).post(f"{SCANS}999999/results/", body).status_code == 404


def test_results_on_a_void_round_are_refused(route, rnd, personas):
    heavy, _light = _items(route)
    scan = _scanned(route, personas)
    services.round_void(round=rnd, by=personas.secadmin, reason="演练")
    body = {"results": [{"item": heavy.pk, "passed": True}]}
    response = _api(personas.guard).post(_results_url(scan), body, format="json")
    assert response.status_code == 400
    assert "void" in response.json()["detail"]
    assert not ItemResult.objects.exists()


# Pages ---------------------------------------------------------------------------------------


def test_the_checkpoint_link_page_shows_the_items_as_toggles(route, rnd, personas, own_item):
    heavy, light = _items(route)
    page = login(personas.guard).get(_link(checkpoints(route)[0])).content.decode()
    assert page.count('data-testid="check-item"') == 2
    assert f'name="item-{heavy.pk}" id="item-{heavy.pk}-pass" value="pass" checked' in page
    assert f'name="note-{light.pk}"' in page and "配电柜上锁" not in page


def test_the_checkpoint_link_records_the_scan_with_its_results(route, rnd, personas):
    heavy, light = _items(route)
    response = login(personas.guard).post(
        _link(checkpoints(route)[0]),
        {f"item-{heavy.pk}": "pass", f"item-{light.pk}": "fail", f"note-{light.pk}": " 有 杂物 "},
    )
    assert response.status_code == 200
    scan = Scan.objects.get()
    results = {r.item_id: (r.passed, r.note) for r in scan.results.all()}
    assert results == {heavy.pk: (True, ""), light.pk: (False, "有 杂物")}
    assert str(Round.objects.get(pk=rnd.pk).score) == "66.7"


@pytest.mark.parametrize("extra", [{"choice": "maybe"}, {"note": "x" * 201}])
def test_the_checkpoint_link_refuses_bad_results_and_records_nothing(route, rnd, personas, extra):
    heavy, _light = _items(route)
    data = {
        f"item-{heavy.pk}": extra.get("choice", "fail"),
        f"note-{heavy.pk}": extra.get("note", ""),
    }
    response = login(personas.guard).post(_link(checkpoints(route)[0]), data)
    assert response.status_code == 400
    assert b'data-testid="scan-error"' in response.content
    assert not Scan.objects.exists()


def test_my_round_carries_the_stops_items_for_offline_use(route, rnd, personas):
    page = login(personas.guard).get(reverse("inspections:round_mine")).content.decode()
    data = json.loads(page.split('id="stop-data" type="application/json">')[1].split("<")[0])
    first = checkpoints(route)[0]
    stop = data[str(first.pk)]
    assert stop["code"] == "CP1" and stop["token"] == scan_link_sign(first.scan_link)
    assert [i["text"] for i in stop["items"]] == ["门窗完好", "通道畅通"]
    assert 'id="check-item-template"' in page


def test_round_detail_shows_failures_notes_and_score(route, rnd, personas):
    heavy, light = _items(route)
    services.scan_record(
        checkpoint=checkpoints(route)[0],
        by=personas.guard,
        results=[(heavy.pk, True, ""), (light.pk, False, "<b>杂物</b>")],
    )
    page = login(personas.duty).get(rnd.get_absolute_url()).content.decode()
    assert 'data-testid="round-score">66.7<' in page
    assert 'data-passed="false"' in page and "&lt;b&gt;杂物&lt;/b&gt;" in page
    assert "Checks passed: 1, failed: 1" in page
