"""API of the surveys (read) and of the satisfaction figures: role and site checks, counts,
figures, bad input and query counts."""

from __future__ import annotations

import pytest

from houqin.quality.models import SurveyInvitation
from houqin.quality.services.surveys import survey_answer
from houqin.quality.tests.helpers_surveys import local, make_survey, open_survey, rated_meeting

SURVEYS = "/api/quality/surveys/"
SATISFACTION = "/api/quality/satisfaction/"


@pytest.fixture
def survey(personas, sup):
    survey = open_survey(personas.site, sup)
    invitation = SurveyInvitation.objects.get(survey=survey, user=personas.staff)
    survey_answer(invitation=invitation, answers={"cleaning": (4, "")})
    return survey


def test_surveys_list_with_counts(api, personas, sup, survey, django_assert_max_num_queries):
    make_survey(personas.other_site, sup, title="分院区测评")
    for i in range(5):
        make_survey(personas.site, sup, title=f"测评{i}")
    api.force_authenticate(personas.leader)
    api.get(SURVEYS)
    with django_assert_max_num_queries(6):
        response = api.get(SURVEYS)
    assert response.status_code == 200
    rows = response.json()["results"] if "results" in response.json() else response.json()
    titles = {row["title"] for row in rows}
    assert "分院区测评" not in titles and len(rows) == 6
    mine = next(row for row in rows if row["id"] == survey.pk)
    assert (mine["invited"], mine["answered"], mine["site"]) == (7, 1, "main")


def test_surveys_refused_without_the_role(api, personas, survey):
    assert api.get(SURVEYS).status_code in (401, 403)
    for user in (personas.staff, personas.outsider, personas.nobody):
        api.force_authenticate(user)
        assert api.get(SURVEYS).status_code == 403
    api.force_authenticate(personas.leader)
    assert api.get(f"{SURVEYS}{survey.pk}/").status_code == 200


def test_a_survey_of_another_site_is_not_found(api, personas, other_sup, survey):
    api.force_authenticate(other_sup)
    assert api.get(f"{SURVEYS}{survey.pk}/").status_code == 404


def test_satisfaction_figures(api, personas, survey, django_assert_max_num_queries):
    rated_meeting(personas.site, personas.staff, 5, local(2026, 3, 10, 15))
    rated_meeting(personas.other_site, personas.outsider, 1, local(2026, 3, 10, 15))
    api.force_authenticate(personas.leader)
    with django_assert_max_num_queries(25):
        response = api.get(SATISFACTION, {"year": 2026})
    assert response.status_code == 200
    data = response.json()
    meeting = next(row for row in data["services"] if row["service"] == "meeting")
    assert (meeting["answered"], meeting["satisfied"], meeting["rate"]) == (1, 1, 1.0)
    assert data["overall"]["answered"] == 2  # the meeting and the survey answer of this year
    assert len(data["months"]) == 12 and data["months"][2]["answered"] == 1


def test_satisfaction_bad_year_and_wrong_role(api, personas):
    api.force_authenticate(personas.leader)
    response = api.get(SATISFACTION, {"year": "abc"})
    assert response.status_code == 400
    assert "year" in str(response.json())
    for user in (personas.staff, personas.outsider):
        api.force_authenticate(user)
        assert api.get(SATISFACTION).status_code == 403
