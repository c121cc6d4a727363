"""Vector-control API: standards with thresholds, surveys carrying indicators and level,
control actions — role and site refused, list query counts fixed."""

from __future__ import annotations

import pytest

from houqin.environment.tests.helpers_pests import ROACH, envmgr, other_envmgr, survey  # noqa: F401

pytestmark = pytest.mark.django_db
BASE = "/api/environment/"


def body(site="main", **extra):
    return {"site": site, "pest": "cockroach", "surveyed_on": "2026-06-01", "counts": ROACH,
            **extra}  # fmt: skip


def test_standards_read(api, personas):
    api.force_authenticate(personas.leader)
    rows = api.get(f"{BASE}pest-standards/").json()
    rows = rows.get("results", rows)
    assert len(rows) == 5
    fly = next(r for r in rows if r["edition"] == "2025")
    assert {t["confidence"] for t in fly["thresholds"]} == {"M"}
    api.force_authenticate(personas.guard)
    assert api.get(f"{BASE}pest-standards/").status_code == 403


def test_survey_create_and_read(api, personas, envmgr, other_envmgr):  # noqa: F811
    api.force_authenticate(envmgr)
    response = api.post(f"{BASE}pest-surveys/", body(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["level"] == "B"
    rate = next(i for i in data["indicators"] if i["code"] == "roach_infestation_rate")
    assert (rate["level"], rate["value"][:4]) == ("B", "2")
    assert api.post(f"{BASE}pest-surveys/", body("other"), format="json").status_code == 400
    bad = body(counts={**ROACH, "rooms_positive": 500})
    assert api.post(f"{BASE}pest-surveys/", bad, format="json").status_code == 400
    url = f"{BASE}pest-surveys/{data['id']}/"
    assert api.get(url).json()["level"] == "B"
    api.force_authenticate(other_envmgr)
    assert api.get(url).status_code == 404
    api.force_authenticate(personas.guard)
    assert api.get(f"{BASE}pest-surveys/").status_code == 403
    api.force_authenticate(personas.leader)
    assert api.post(f"{BASE}pest-surveys/", body(), format="json").status_code == 403


def test_survey_list_query_count(api, personas, envmgr, django_assert_max_num_queries):  # noqa: F811
    for _ in range(4):
        survey(personas.site, envmgr)
    api.force_authenticate(envmgr)
    with django_assert_max_num_queries(8):
        response = api.get(f"{BASE}pest-surveys/")
    assert response.status_code == 200
    assert [r["level"] for r in response.json()["results"]] == ["B"] * 4


def test_control_actions(api, personas, envmgr):  # noqa: F811
    api.force_authenticate(envmgr)
    data = {"site": "main", "pest": "mosquito", "done_on": "2026-06-02", "method": "larvicide"}
    response = api.post(f"{BASE}pest-actions/", data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["number"].startswith("XS-")
    assert (
        api.post(f"{BASE}pest-actions/", {**data, "site": "other"}, format="json").status_code
        == 400
    )
    assert api.get(f"{BASE}pest-actions/").json()["count"] == 1
    api.force_authenticate(personas.guard)
    assert api.get(f"{BASE}pest-actions/").status_code == 403
