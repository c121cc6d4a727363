"""Vector-control pages: role and site refusals, the ledgers with computed levels and their
exports, the survey form by pest and by area, standards and thresholds edited in the browser."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from houqin.environment.models import PestControlAction, PestSurvey, PestThreshold
from houqin.environment.tests.helpers_pests import envmgr, other_envmgr, survey  # noqa: F401

pytestmark = pytest.mark.django_db
LIST = reverse("environment:survey_list")
ADD = reverse("environment:survey_add")


def login(client, user):
    client.force_login(user)
    return client


def test_survey_list_levels_roles_and_queries(
    client,
    personas,
    envmgr,  # noqa: F811
    other_envmgr,  # noqa: F811
    django_assert_max_num_queries,
):
    for day in range(1, 6):
        survey(personas.site, envmgr, day=__import__("datetime").date(2026, 6, day))
    survey(personas.other_site, other_envmgr)
    login(client, envmgr)
    with django_assert_max_num_queries(16):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count("BM-2026-") == 5
    assert client.get(LIST, {"level": "B"}).content.decode().count("BM-2026-") == 5
    assert client.get(LIST, {"level": "A"}).content.decode().count("BM-2026-") == 0
    export = client.get(LIST, {"export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(client, personas.leader).get(LIST).status_code == 200
    assert login(client, personas.guard).get(LIST).status_code == 403


def test_survey_detail_and_void_by_site(client, personas, envmgr, other_envmgr):  # noqa: F811
    found = survey(personas.site, envmgr)
    url = reverse("environment:survey_detail", kwargs={"pk": found.pk})
    page = login(client, envmgr).get(url)
    assert page.status_code == 200
    assert 'data-testid="overall-level">B<' in page.content.decode()
    assert "2.00 %" in page.content.decode()
    assert login(client, other_envmgr).get(url).status_code == 404
    assert login(client, personas.guard).get(url).status_code == 403
    void = reverse("environment:survey_void", kwargs={"pk": found.pk})
    assert login(client, personas.leader).post(void, {"reason": "x"}).status_code == 403
    assert login(client, other_envmgr).post(void, {"reason": "x"}).status_code == 404
    assert login(client, envmgr).post(void, {"reason": "录错"}).status_code == 302
    found.refresh_from_db()
    assert found.voided_at is not None


def test_survey_add_by_pest_and_by_area(client, personas, envmgr):  # noqa: F811
    login(client, envmgr)
    page = client.get(ADD, {"pest": "fly"}).content.decode()
    assert 'name="adults"' in page and 'name="oothecae"' not in page
    data = {
        "site": personas.site.pk, "pest": "cockroach", "surveyed_on": "2026-06-01",
        "room_areas": "10 20 30", "rooms_positive": "0", "trace_rooms": "0",
    }  # fmt: skip
    response = client.post(f"{ADD}?pest=cockroach", data)
    assert response.status_code == 302
    created = PestSurvey.objects.get()
    assert created.rooms_inspected == 1 + 2 + 2  # 10 m² → 1, 20 → 2, 30 → 2 standard rooms
    bad = {**data, "rooms_positive": "9"}
    assert client.post(ADD, bad).status_code == 400
    both = {**data, "rooms_inspected": "5"}
    assert client.post(ADD, both).status_code == 400
    other = {**data, "site": personas.other_site.pk}
    assert client.post(ADD, other).status_code == 400
    assert PestSurvey.objects.count() == 1
    assert login(client, personas.leader).post(ADD, data).status_code == 403


def test_standards_and_threshold_edit(client, personas, envmgr):  # noqa: F811
    row = PestThreshold.objects.get(standard__edition="2025", indicator="fly_room_rate")
    login(client, personas.leader)
    assert client.get(reverse("environment:standard_list")).status_code == 200
    page = client.get(reverse("environment:standard_detail", kwargs={"pk": row.standard_id}))
    assert page.status_code == 200 and "2025 text not obtained; verify" in page.content.decode()
    edit = reverse("environment:threshold_edit", kwargs={"pk": row.pk})
    assert client.get(edit).status_code == 403
    assert (
        login(client, personas.guard).get(reverse("environment:standard_list")).status_code == 403
    )
    login(client, envmgr)
    form = {"limit_a": "2", "limit_b": "5", "limit_c": "8", "clause": "表1",
            "confidence": "C", "evidence": "text read"}  # fmt: skip
    assert client.post(edit, form).status_code == 302
    row.refresh_from_db()
    assert (row.limit_c, row.confidence) == (8, "C")
    assert client.post(edit, {**form, "limit_a": "9"}).status_code == 400
    add = reverse("environment:standard_add")
    assert client.get(add).status_code == 200
    assert login(client, personas.leader).get(add).status_code == 403


def test_control_actions_pages(client, personas, envmgr, other_envmgr):  # noqa: F811
    login(client, envmgr)
    data = {"site": personas.site.pk, "pest": "rodent", "done_on": "2026-05-02",
            "method": "bait", "agent": "溴敌隆"}  # fmt: skip
    assert client.post(reverse("environment:action_add"), data).status_code == 302
    action = PestControlAction.objects.get()
    assert client.get(reverse("environment:action_list")).content.decode().count("XS-2026-") == 1
    assert client.get(reverse("environment:action_list"), {"export": "xlsx"}).status_code == 200
    url = reverse("environment:action_detail", kwargs={"pk": action.pk})
    assert client.get(url).status_code == 200
    assert login(client, other_envmgr).get(url).status_code == 404
    assert login(client, personas.guard).get(url).status_code == 403
    other = {**data, "site": personas.other_site.pk}
    assert login(client, envmgr).post(reverse("environment:action_add"), other).status_code == 400


def test_survey_page_words_and_follow_up_when_not_met(client, personas, envmgr):  # noqa: F811
    from datetime import date

    bad = {"rooms_inspected": 100, "rooms_positive": 10}  # 10 % infested: below level C
    found = survey(personas.site, envmgr, day=date(2005, 6, 1), counts=bad)
    page = login(client, envmgr).get(found.get_absolute_url()).content.decode()
    assert "控制水平" in page and "审批级次" not in page
    assert "二手资料" in page or "secondary source" in page
    assert "[S]</span></td>" not in page and "城镇控制水平表" in page
    assert 'data-testid="before-standard"' in page
    action = reverse("environment:action_add") + "?pest=cockroach"
    recheck = ADD + "?pest=cockroach&amp;recheck=1"
    assert action in page and recheck in page
    assert login(client, personas.leader).get(found.get_absolute_url()).status_code == 200
    leader_page = client.get(found.get_absolute_url()).content.decode()
    assert 'data-testid="follow-up"' not in leader_page  # a reader records nothing
    fine = survey(personas.site, envmgr)
    page = login(client, envmgr).get(fine.get_absolute_url()).content.decode()
    assert 'data-testid="follow-up"' not in page and 'data-testid="before-standard"' not in page


def test_survey_add_defaults_and_help_per_pest(client, personas, envmgr):  # noqa: F811
    from django.utils import timezone

    page = login(client, envmgr).get(ADD, {"pest": "cockroach", "recheck": "1"})
    body = page.content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in body
    assert f'<option value="{personas.site.pk}" selected' in body
    assert re.search(r'<input[^>]*name="is_recheck"[^>]*checked', body)
    assert "鼠迹" not in body and "成蝇" not in body
    fly = client.get(ADD, {"pest": "fly"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rooms where adult flies were seen." in fly and "鼠迹" not in fly
    action = client.get(reverse("environment:action_add"), {"pest": "fly"}).content.decode()
    assert '<option value="fly" selected' in action


def test_survey_list_labels_the_control_level(client, personas, envmgr):  # noqa: F811
    survey(personas.site, envmgr)
    page = login(client, envmgr).get(LIST).content.decode()
    assert "控制水平" in page and "审批级次" not in page
