# ruff: noqa: F811  (fixtures imported from the helpers are arguments here)
"""Readings API: a collector posts readings (use, cost and flag computed), the ledger lists
them with a bounded query count, void needs the manager — role and site checked."""

from __future__ import annotations

import pytest

from houqin.energy.models import Reading
from houqin.energy.services.readings import reading_record
from houqin.energy.tests.helpers_energy import at, flat_tariff, fm, meter, other_fm, tech  # noqa: F401

pytestmark = pytest.mark.django_db
BASE = "/api/energy/"


def post(api, value, when="2006-03-02T08:00:00+08:00", code="E-01"):
    return api.post(f"{BASE}readings/", {"meter": code, "read_at": when, "value": value},
                    format="json")  # fmt: skip


def test_collector_posts_readings(api, personas, fm, tech):
    meter(personas.site, tariff=flat_tariff(personas.site, price="0.8"))
    api.force_authenticate(tech)
    first = post(api, "100", when="2006-03-01T08:00:00+08:00")
    assert first.status_code == 201, first.content
    assert first.json()["consumption"] is None
    second = post(api, "125.5")
    assert second.status_code == 201
    body = second.json()
    assert (body["consumption"], body["cost"], body["source"]) == ("25.500", "20.40", "api")
    assert post(api, "126").status_code == 400  # same moment
    assert post(api, "-5", when="2006-03-03T08:00:00+08:00").status_code == 400
    assert post(api, "1", code="NOPE", when="2006-03-03T08:00:00+08:00").status_code == 400


def test_flagged_reading_comes_back_held(api, personas, fm):
    m = meter(personas.site)
    reading_record(meter=m, read_at=at("2006-03-01", 8), value="100", by=fm)
    api.force_authenticate(fm)
    body = post(api, "90").json()
    assert (body["flag"], body["flag_status"], body["consumption"]) == ("negative", "pending", None)


def test_roles_and_sites(api, personas, fm, tech, other_fm):
    m = meter(personas.site)
    reading = reading_record(meter=m, read_at=at("2006-03-01", 8), value="100", by=fm)
    api.force_authenticate(other_fm)
    assert post(api, "110").status_code == 400  # the code is not of their sites
    assert api.get(f"{BASE}readings/{reading.pk}/").status_code == 404
    assert api.get(f"{BASE}meters/{m.pk}/").status_code == 404
    api.force_authenticate(personas.staff)
    assert post(api, "110").status_code == 403
    assert api.get(f"{BASE}readings/").status_code == 403
    api.force_authenticate(tech)
    assert api.get(f"{BASE}meters/").json()["count"] == 1
    assert api.post(f"{BASE}readings/{reading.pk}/void/", {"reason": "x"}).status_code == 403
    api.force_authenticate(fm)
    assert api.post(f"{BASE}readings/{reading.pk}/void/", {"reason": "x"}).status_code == 204
    assert Reading.objects.get().voided_at is not None
    assert api.get(f"{BASE}tariffs/").status_code == 200


def test_list_query_count(api, personas, fm, django_assert_max_num_queries):
    m = meter(personas.site)
    for day in range(1, 9):
        reading_record(meter=m, read_at=at(f"2006-03-{day:02d}", 8), value=str(day * 10), by=fm)
    api.force_authenticate(fm)
    with django_assert_max_num_queries(8):
        response = api.get(f"{BASE}readings/?meter=E-01")
    assert response.status_code == 200 and response.json()["count"] == 8
    with django_assert_max_num_queries(8):
        assert api.get(f"{BASE}meters/").status_code == 200
