"""Probes of the quality pages and API by someone trying to break them: far-off months and
times, points outside 0..weight, another site's posts, tampered or reused survey tokens and
scores outside 1..5."""

from __future__ import annotations

import pytest
from django.urls import reverse

from houqin.quality.models import Evaluation, Standard, Survey, SurveyAnswer, SurveyInvitation
from houqin.quality.tests.helpers_surveys import open_survey
from houqin.quality.tests.test_evaluations_api import BASE, payload


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13", "x", "9999-12-31"])
def test_evaluation_page_with_a_far_off_month_is_not_a_500(client, sup, post_setup, month):
    client.force_login(sup)
    url = reverse("quality:evaluation_add")
    assert client.get(url, {"post": post_setup.post.pk, "month": month}).status_code in (200, 400)
    data = {"post": post_setup.post.pk, "month": month}
    data.update({f"points_{item.pk}": "1" for item in post_setup.items})
    assert client.post(url, data).status_code in (200, 400)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("points", ["-1", "1000", "NaN", "Infinity", "1e10", "x", ""])
def test_evaluation_page_with_points_outside_the_weight_saves_nothing(
    client, sup, post_setup, points
):
    client.force_login(sup)
    data = {"post": post_setup.post.pk, "month": "2026-03"}
    data.update({f"points_{item.pk}": points for item in post_setup.items})
    assert client.post(reverse("quality:evaluation_add"), data).status_code == 400
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"month": "9999-12-31"},
        {"month": "0001-01-01"},
        {"scores": [{"item": 1, "points": "NaN"}]},
        {"scores": "x"},
        {"post": "x"},
        {"points": "huge"},
    ],
)
def test_evaluation_api_bad_bodies_are_a_400(api, sup, post_setup, change):
    api.force_authenticate(sup)
    body = {**payload(post_setup, 40, 30, 20, 10), **change}
    if change.get("points"):
        body["scores"][0]["points"] = "1" + "0" * 40
    assert api.post(f"{BASE}evaluations/", body, format="json").status_code == 400
    assert not Evaluation.objects.exists()


def test_evaluation_api_points_above_the_weight_are_a_400(api, sup, post_setup):
    api.force_authenticate(sup)
    body = payload(post_setup, 400, 30, 20, 10)
    assert api.post(f"{BASE}evaluations/", body, format="json").status_code == 400
    assert not Evaluation.objects.exists()


def test_evaluation_api_refuses_another_sites_post(api, sup, other_post_setup):
    api.force_authenticate(sup)
    body = payload(other_post_setup, 40, 30, 20, 10)
    assert api.post(f"{BASE}evaluations/", body, format="json").status_code in (400, 404)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("effective_from", ["0001-01-01", "9999-12-31", "2026-02-30"])
def test_standard_with_a_far_off_start_is_not_a_500(
    client, personas, sup, post_setup, effective_from
):
    client.force_login(sup)
    before = Standard.objects.count()
    data = {
        "site": personas.site.pk,
        "post": post_setup.post.pk,
        "title": "探针",
        "effective_from": effective_from,
        "pass_mark": "60",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-text": "整洁",
        "items-0-weight": "10",
    }
    response = client.post(reverse("quality:standard_add"), data)
    assert response.status_code in (200, 302, 400)
    if effective_from == "2026-02-30":
        assert Standard.objects.count() == before


@pytest.mark.parametrize(
    ("opens_at", "closes_at"),
    [
        ("0001-01-01T00:00", "0001-01-02T00:00"),
        ("9999-12-31T00:00", "9999-12-31T23:59"),
        ("2026-01-01T08:00", "9999-12-31T23:59"),
        ("2026-02-30T08:00", "2026-03-01T08:00"),
    ],
)
def test_survey_with_far_off_times_is_refused(client, personas, sup, opens_at, closes_at):
    client.force_login(sup)
    data = {
        "site": personas.site.pk,
        "title": "探针",
        "audience": "all_staff",
        "services": ["canteen"],
        "opens_at": opens_at,
        "closes_at": closes_at,
    }
    assert client.post(reverse("quality:survey_add"), data).status_code in (200, 400)
    assert not Survey.objects.filter(title="探针").exists()


@pytest.fixture
def survey(personas, sup):
    return open_survey(personas.site, sup)


@pytest.mark.parametrize("score", ["0", "6", "x", "-1", "5.5", ""])
def test_token_answer_with_a_bad_score_saves_nothing_and_keeps_the_link(
    client, personas, survey, score
):
    invitation = SurveyInvitation.objects.get(survey=survey, user=personas.guard)
    url = reverse("quality:survey_answer_token", args=[invitation.token])
    assert client.post(url, {"score_canteen": score}).status_code == 400
    assert not SurveyAnswer.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_at is None


def test_token_answer_about_a_service_not_asked_saves_nothing(client, personas, sup):
    survey = open_survey(personas.site, sup, services=["canteen"])
    invitation = SurveyInvitation.objects.filter(survey=survey).first()
    url = reverse("quality:survey_answer_token", args=[invitation.token])
    client.post(url, {"score_cleaning": "5"})
    assert not SurveyAnswer.objects.exists()


@pytest.mark.parametrize("token", ["x" * 41, "a" * 5000, "%00", "..", "' OR 1=1 --"])
def test_tampered_survey_tokens_are_404(client, survey, token):
    assert client.get(f"/quality/surveys/answer/{token}/").status_code == 404


def test_closed_survey_token_link_takes_no_answer(client, personas, sup, survey):
    from houqin.quality.services.surveys import survey_close

    survey_close(survey=survey, by=sup)
    invitation = SurveyInvitation.objects.filter(survey=survey).first()
    url = reverse("quality:survey_answer_token", args=[invitation.token])
    assert client.post(url, {"score_canteen": "5"}).status_code == 400
    assert not SurveyAnswer.objects.exists()


def test_another_sites_survey_cannot_be_closed_or_answered(client, personas, survey, other_sup):
    client.force_login(other_sup)
    assert client.post(reverse("quality:survey_close", args=[survey.pk])).status_code == 404
    client.force_login(personas.outsider)
    url = reverse("quality:survey_answer", args=[survey.pk])
    assert client.post(url, {"score_canteen": "5"}).status_code == 404
    assert not SurveyAnswer.objects.exists()


@pytest.mark.parametrize("year", ["99999999999999999999", "-1", "0", "x", "2026.5", "²", "٢٠٢٦"])
def test_satisfaction_and_summary_with_odd_years_are_not_a_500(client, personas, sup, year):
    client.force_login(personas.leader)
    assert client.get(reverse("quality:satisfaction"), {"year": year}).status_code == 200
    client.force_login(sup)
    assert client.get(reverse("quality:quality_summary"), {"year": year}).status_code == 200


def test_ordinary_months_and_times_still_pass_the_range_checks(client, personas, sup, post_setup):
    client.force_login(sup)
    data = {"post": post_setup.post.pk, "month": "2026-03"}
    data.update({f"points_{item.pk}": "1" for item in post_setup.items})
    assert client.post(reverse("quality:evaluation_add"), data).status_code == 302
    data = {"site": personas.site.pk, "title": "探针", "audience": "all_staff"}
    data.update(services=["canteen"], opens_at="2026-01-01T08:00", closes_at="2099-01-31T18:00")
    assert client.post(reverse("quality:survey_add"), data).status_code == 302


JUNK = {
    "post": "99999999999999999999",
    "team": "x",
    "month_after": "0001-01",
    "month_before": "9999-12",
    "month_min": "9999-12",
    "month_max": "0001-01",
    "person": "<script>",
    "below": "maybe",
    "status": "x",
    "overdue": "2",
    "mine": "yes",
    "q": "%",
    "kind": "x",
    "is_active": "x",
    "site": "-1",
}


@pytest.mark.parametrize(
    "name",
    ["servicepost_list", "standard_list", "evaluation_list", "rectification_list", "survey_list"],
)
def test_lists_and_exports_with_junk_filters_are_not_a_500(client, sup, post_setup, name):
    client.force_login(sup)
    url = reverse(f"quality:{name}")
    assert client.get(url, JUNK).status_code == 200
    assert client.get(url, {**JUNK, "export": "xlsx"}).status_code == 200


@pytest.mark.parametrize("path", ["posts/", "standards/", "evaluations/", "surveys/"])
def test_api_lists_with_junk_filters_are_not_a_500(api, sup, post_setup, path):
    api.force_authenticate(sup)
    assert api.get(f"{BASE}{path}", JUNK).status_code in (200, 400, 404)
