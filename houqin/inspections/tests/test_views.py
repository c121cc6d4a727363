"""The checkpoint scan link, the API's answers to good and bad scans, the pages' query counts,
the QR label sheet, saving a route with its parts and reporting an anomaly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from houqin.core.services import scan_link_sign
from houqin.inspections.choices import RoundStatus
from houqin.inspections.models import Round, Route, Scan
from houqin.inspections.tests.helpers import checkpoints, make_route, open_round
from houqin.security.tests.helpers import login

pytestmark = pytest.mark.django_db


def _link(cp) -> str:
    return reverse("scan_link", kwargs={"signed": scan_link_sign(cp.scan_link)})


# The printed QR link -------------------------------------------------------------------------


def test_opening_a_checkpoint_link_confirms_then_records_the_scan(route, personas):
    rnd = open_round(route)
    cp = checkpoints(route)[0]
    client = login(personas.guard)
    page = client.get(_link(cp))
    assert page.status_code == 200
    assert cp.name in page.content.decode()
    assert not Scan.objects.exists()
    before = timezone.now()
    done = client.post(_link(cp))
    assert done.status_code == 200
    scan = Scan.objects.get()
    assert scan.round == rnd and scan.scanned_by == personas.guard
    assert before <= scan.scanned_at <= timezone.now() and not scan.queued


def test_a_tampered_checkpoint_link_is_refused(route, personas):
    open_round(route)
    link = _link(checkpoints(route)[0])
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    response = login(personas.guard).post(tampered)
    assert response.status_code == 400
    assert b'data-testid="scan-error"' in response.content
    assert not Scan.objects.exists()


def test_a_checkpoint_link_of_another_site_is_refused(route, personas):
    open_round(route)
    link = _link(checkpoints(route)[0])
    for method in ("get", "post"):
        response = getattr(login(personas.outsider), method)(link)
        assert response.status_code == 403
        assert b'data-testid="scan-error"' in response.content
    assert not Scan.objects.exists()


def test_anonymous_checkpoint_link_goes_to_login_and_back(route, personas):
    link = _link(checkpoints(route)[0])
    response = login(None).get(link)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={link}")


def test_a_second_scan_through_the_link_shows_the_reason(route, personas):
    open_round(route)
    link = _link(checkpoints(route)[0])
    client = login(personas.guard)
    client.post(link)
    response = client.post(link)
    assert response.status_code == 400
    assert "already been scanned" in response.content.decode()
    assert Scan.objects.count() == 1


# API -----------------------------------------------------------------------------------------


@pytest.fixture
def guard_api(personas):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(personas.guard)
    return api


def test_api_scan_by_signed_link_then_queued_resend_is_idempotent(route, personas, guard_api):
    rnd = open_round(route)
    cp = checkpoints(route)[0]
    taken = (timezone.now() - timedelta(minutes=2)).isoformat()
    body = {"token": "http://testserver" + _link(cp), "scanned_at": taken}
    first = guard_api.post("/api/inspections/scans/", body, format="json")
    again = guard_api.post("/api/inspections/scans/", body, format="json")
    assert first.status_code == 201, first.content
    assert again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["queued"] is True and first.json()["round"] == rnd.pk
    assert Scan.objects.count() == 1


def test_api_scan_by_typed_code(route, guard_api):
    open_round(route)
    response = guard_api.post("/api/inspections/scans/", {"token": "cp2"}, format="json")
    assert response.status_code == 201
    assert response.json()["checkpoint_code"] == "CP2"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "token"),
        ({"token": "abc:defghijklmnopqrstuv"}, "non_field_errors"),
        ({"token": "NOPE"}, "non_field_errors"),
        ({"token": "CP1", "scanned_at": "yesterday"}, "scanned_at"),
        ({"token": "CP1", "scanned_at": "2999-01-01T00:00:00+08:00"}, "non_field_errors"),
    ],
)
def test_api_bad_scans_get_400_in_the_standard_format(route, guard_api, body, field):
    open_round(route)
    response = guard_api.post("/api/inspections/scans/", body, format="json")
    assert response.status_code == 400
    data = response.json()
    assert data["detail"] and field in data["errors"]
    assert not Scan.objects.exists()


def test_api_foreign_site_scan_is_403_with_the_reason(route, personas):
    open_round(route)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(personas.outsider)
    token = scan_link_sign(checkpoints(route)[0].scan_link)
    response = api.post("/api/inspections/scans/", {"token": token}, format="json")
    assert response.status_code == 403
    assert "another site" in response.json()["detail"] or "site" in response.json()["detail"]
    assert not Scan.objects.exists()


def test_api_round_list_query_count(route, personas, django_assert_max_num_queries):
    for hours in range(1, 30):
        open_round(route, starts_at=timezone.now() - timedelta(hours=hours * 3))
    api = APIClient()
    api.force_authenticate(personas.duty)
    with django_assert_max_num_queries(5):
        response = api.get("/api/inspections/rounds/")
    assert response.status_code == 200 and response.json()["count"] == 29


# Pages ---------------------------------------------------------------------------------------


def test_round_list_query_count(route, personas, django_assert_max_num_queries):
    for hours in range(1, 30):
        open_round(route, starts_at=timezone.now() - timedelta(hours=hours * 3))
    client = login(personas.duty)
    client.get(reverse("inspections:round_list"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("inspections:round_list") + "?status=open")
    assert response.status_code == 200
    assert response.content.decode().count("XL-") >= 29


def test_live_board_lists_open_rounds_in_one_query(route, personas, django_assert_max_num_queries):
    other = make_route(personas.site, personas.secadmin, codes=("A1", "A2"), name="第二路线")
    open_round(route)
    open_round(other)
    open_round(route, starts_at=timezone.now() - timedelta(hours=5))  # over: not shown
    client = login(personas.duty)
    client.get(reverse("inspections:round_live"))
    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("inspections:round_live"), HTTP_HX_REQUEST="true", HTTP_X_HOUQIN_POLL="1"
        )
    html = response.content.decode()
    assert html.count("data-round=") == 2
    assert "<html" not in html


def test_live_board_polls_with_the_idle_timeout_header(route, personas):
    html = login(personas.duty).get(reverse("inspections:round_live")).content.decode()
    assert 'hx-trigger="every 30s"' in html
    assert "X-Houqin-Poll" in html


def test_round_ledger_exports_to_excel(route, personas):
    open_round(route)
    response = login(personas.duty).get(reverse("inspections:round_list") + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_qr_label_sheet_shows_the_chosen_checkpoints(route, personas):
    cps = checkpoints(route)
    client = login(personas.secadmin)
    response = client.get(
        reverse("inspections:checkpoint_labels") + f"?pk={cps[0].pk}&pk={cps[2].pk}"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="qr-label"') == 2
    assert "data:image/svg+xml" in html and "CP1" in html and "CP3" in html
    assert personas.site.name in html
    assert "houqin/labels.css" in html
    every = client.get(reverse("inspections:checkpoint_labels")).content.decode()
    assert every.count('data-testid="qr-label"') == 3


def test_checkpoint_page_shows_its_qr_code(route, personas):
    cp = checkpoints(route)[0]
    html = login(personas.secadmin).get(cp.get_absolute_url()).content.decode()
    assert 'data-testid="checkpoint-qr"' in html
    assert scan_link_sign(cp.scan_link) in html


def _route_post(cps, **extra):
    data = {
        "site": cps[0].site_id,
        "name": "夜间路线",
        "kind": "patrol",
        "duration_minutes": 45,
        "is_active": "on",
        "stops-TOTAL_FORMS": 3,
        "stops-INITIAL_FORMS": 0,
        "schedules-TOTAL_FORMS": 1,
        "schedules-INITIAL_FORMS": 0,
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 0,
        "schedules-0-name": "夜班",
        "schedules-0-start_time": "22:00",
        "items-0-text": "照明正常",
        "items-0-weight": 1,
    }
    for i, cp in enumerate(cps):
        data.update(
            {
                f"stops-{i}-checkpoint": cp.pk,
                f"stops-{i}-offset_minutes": i * 5,
                f"stops-{i}-window_minutes": 10,
            }
        )
    data.update(extra)
    return data


def test_route_is_saved_with_its_stops_schedules_and_items(route, personas):
    cps = list(reversed(checkpoints(route)))
    response = login(personas.secadmin).post(reverse("inspections:route_add"), _route_post(cps))
    assert response.status_code == 302, response.content.decode()[:2000]
    new = Route.objects.get(name="夜间路线")
    assert [s.checkpoint for s in new.stops.order_by("position")] == cps
    assert new.schedules.get().start_time.hour == 22
    assert new.items.get().text == "照明正常"


def test_route_with_a_checkpoint_twice_is_refused_and_nothing_saved(route, personas):
    cps = checkpoints(route)
    data = _route_post([cps[0], cps[1], cps[0]])
    response = login(personas.secadmin).post(reverse("inspections:route_add"), data)
    assert response.status_code == 400
    assert "twice" in response.content.decode()
    assert not Route.objects.filter(name="夜间路线").exists()


def test_my_round_shows_the_current_rounds_stops(route, personas):
    open_round(route)
    html = login(personas.guard).get(reverse("inspections:round_mine")).content.decode()
    assert html.count("data-stop=") == 3
    assert "houqin/rounds.js" in html
    assert "<script>" not in html


def test_void_round_stops_counting(route, personas):
    rnd = open_round(route)
    response = login(personas.secadmin).post(
        reverse("inspections:round_void", args=[rnd.pk]), {"reason": "排班错误"}
    )
    assert response.status_code == 302
    rnd.refresh_from_db()
    assert rnd.voided_at is not None and rnd.status == RoundStatus.OPEN
    assert Round.objects.filter(voided_at__isnull=True).count() == 0
