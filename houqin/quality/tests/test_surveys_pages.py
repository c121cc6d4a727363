"""Pages of the staff surveys and of the satisfaction figures: role and site checks, drafting
and opening, answering signed in and by the token link (once), the leadership's page and its
Excel ledger, and the home card."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from houqin.quality.choices import PostKind, SurveyStatus
from houqin.quality.models import Survey, SurveyAnswer, SurveyInvitation
from houqin.quality.tests.helpers_surveys import local, make_survey, open_survey, rated_meeting


@pytest.fixture
def survey(personas, sup):
    return open_survey(personas.site, sup)


def test_list_needs_the_survey_role(client, personas, sup, survey):
    url = reverse("quality:survey_list")
    assert client.get(url).status_code == 302  # anonymous → sign in
    for user in (personas.staff, personas.outsider, personas.nobody):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(personas.leader)
    response = client.get(url)
    assert response.status_code == 200
    assert survey.title in response.content.decode()


def test_list_query_count(client, personas, sup, django_assert_max_num_queries):
    for i in range(12):
        make_survey(personas.site, sup, title=f"测评{i}")
    client.force_login(sup)
    client.get(reverse("quality:survey_list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("quality:survey_list"))
    assert response.status_code == 200
    assert response.content.decode().count("测评") >= 12


def test_a_survey_of_another_site_is_not_found(client, personas, other_sup, survey):
    client.force_login(other_sup)
    assert client.get(reverse("quality:survey_detail", args=[survey.pk])).status_code == 404
    response = client.post(reverse("quality:survey_close", args=[survey.pk]))
    assert response.status_code == 404
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.OPEN


def test_detail_shows_counts_and_results(client, personas, sup, survey):
    invitation = SurveyInvitation.objects.get(survey=survey, user=personas.staff)
    client.force_login(personas.staff)
    client.post(
        reverse("quality:survey_answer", args=[survey.pk]),
        {"score_cleaning": "4", "comment_cleaning": "地面干净", "score_canteen": "2"},
    )
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    client.force_login(sup)
    response = client.get(reverse("quality:survey_detail", args=[survey.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="invited">7<' in content
    assert 'data-testid="answered">1<' in content
    assert "地面干净" in content
    assert "100.0%" in content and "0.0%" in content


def test_supervisor_drafts_and_opens_a_survey(client, personas, sup):
    client.force_login(sup)
    response = client.post(
        reverse("quality:survey_add"),
        {
            "site": personas.site.pk,
            "title": "食堂满意度测评",
            "audience": "all_staff",
            "services": ["canteen"],
            "opens_at": "2026-01-01T08:00",
            "closes_at": "2099-01-31T18:00",
        },
    )
    survey = Survey.objects.get(title="食堂满意度测评")
    assert response.status_code == 302
    assert survey.services == ["canteen"] and survey.created_by == sup
    response = client.post(reverse("quality:survey_open", args=[survey.pk]))
    assert response.status_code == 302
    assert survey.invitations.count() == 7


def test_bad_survey_form_is_refused_with_a_message(client, personas, sup):
    client.force_login(sup)
    response = client.post(
        reverse("quality:survey_add"),
        {
            "site": personas.site.pk,
            "title": "测评",
            "audience": "departments",
            "services": ["canteen"],
            "opens_at": "2026-02-01T08:00",
            "closes_at": "2026-01-31T18:00",
        },
    )
    assert response.status_code == 200
    assert 'data-field-error="closes_at"' in response.content.decode()
    assert not Survey.objects.exists()


def test_only_supervisors_draft_and_open(client, personas, survey):
    for user in (personas.leader, personas.staff):
        client.force_login(user)
        assert client.get(reverse("quality:survey_add")).status_code == 403
        assert client.post(reverse("quality:survey_close", args=[survey.pk])).status_code == 403
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.OPEN


def test_invitee_answers_once_signed_in(client, personas, survey):
    url = reverse("quality:survey_answer", args=[survey.pk])
    client.force_login(personas.staff)
    assert client.get(url).status_code == 200
    response = client.post(url, {"score_cleaning": "9"})
    assert response.status_code == 400
    assert not SurveyAnswer.objects.exists()
    response = client.post(url, {"score_cleaning": "5"})
    assert response.status_code == 302
    assert SurveyAnswer.objects.filter(survey=survey).count() == 1
    again = client.post(url, {"score_cleaning": "1"})
    assert again.status_code == 200
    assert 'data-testid="answer-state"' in again.content.decode()
    assert SurveyAnswer.objects.filter(survey=survey).count() == 1


def test_uninvited_users_cannot_answer(client, personas, survey):
    url = reverse("quality:survey_answer", args=[survey.pk])
    for user in (personas.outsider, personas.nobody):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"score_cleaning": "5"}).status_code == 404
    assert not SurveyAnswer.objects.exists()


def test_token_link_answers_once_without_signing_in(client, personas, survey):
    token = SurveyInvitation.objects.get(survey=survey, user=personas.guard).token
    url = reverse("quality:survey_answer_token", args=[token])
    assert url == f"/quality/surveys/answer/{token}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"score_canteen": "4", "comment_canteen": "饭菜可口"})
    assert response.status_code == 200
    assert SurveyAnswer.objects.filter(survey=survey, service=PostKind.CANTEEN).count() == 1
    assert client.get(url).status_code == 410
    assert client.post(url, {"score_canteen": "1"}).status_code == 410
    assert SurveyAnswer.objects.count() == 1
    assert client.get(reverse("quality:survey_answer_token", args=["x" * 27])).status_code == 404


@pytest.fixture
def year_ratings(personas, sup):
    rated_meeting(personas.site, personas.staff, 5, local(2026, 3, 10, 15))
    rated_meeting(personas.site, personas.staff, 2, local(2026, 3, 11, 15))
    rated_meeting(personas.other_site, personas.outsider, 5, local(2026, 3, 11, 15))


@pytest.mark.usefixtures("year_ratings")
def test_satisfaction_page_for_leadership_of_their_site(client, personas):
    url = reverse("quality:satisfaction") + "?year=2026"
    client.force_login(personas.leader)
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-service="meeting"><td>' in content
    assert 'data-col="answered">2<' in content  # the other site's rating is not counted
    assert "50.0%" in content
    assert 'data-month="2026-03"' in content
    assert "data-chart=" in content
    for user in (personas.staff, personas.outsider, personas.nobody):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_satisfaction_page_bad_year_falls_back_with_a_message(client, personas):
    client.force_login(personas.leader)
    response = client.get(reverse("quality:satisfaction") + "?year=abc")
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


@pytest.mark.usefixtures("year_ratings")
def test_satisfaction_ledger_export(client, personas, django_assert_max_num_queries):
    client.force_login(personas.leader)
    url = reverse("quality:satisfaction") + "?year=2026&export=xlsx"
    client.get(url)
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    meeting = next(row for row in values if row[1] == "2")
    assert meeting[2:4] == ["1", "50.0%"]
    assert any(row[0] == "2026-03" for row in values)


def test_home_card_of_waiting_surveys(client, personas, survey):
    client.force_login(personas.staff)
    content = client.get(reverse("home")).content.decode()
    assert reverse("quality:survey_answer", args=[survey.pk]) in content
    client.force_login(personas.outsider)
    content = client.get(reverse("home")).content.decode()
    assert reverse("quality:survey_answer", args=[survey.pk]) not in content
