"""The survey flows in a real browser under the strict Content-Security-Policy: a member of
staff answers from the home card on a phone, and the leadership's satisfaction page draws its
month trend with the vendored ECharts."""

from __future__ import annotations

import pytest

from houqin.core.tests.browser import browse, chromium  # noqa: F401  (browser fixtures)
from houqin.quality.models import SurveyAnswer
from houqin.quality.tests.helpers_surveys import local, open_survey, rated_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_answers_a_survey_from_the_home_card(browse, personas, sup):  # noqa: F811
    survey = open_survey(personas.site, sup)
    page = browse.page("phone", user=personas.staff)
    page.goto("/")
    with page.expect_navigation():
        page.locator(f"a[href='/quality/surveys/{survey.pk}/answer/']").first.tap()
    page.locator("label[for=id_score_cleaning_3]").tap()
    page.fill("#id_comment_cleaning", "楼道很干净")
    with page.expect_navigation():
        page.locator("[data-testid=survey-answer] button[type=submit]").tap()
    assert page.locator(".alert-success").count() == 1
    answer = SurveyAnswer.objects.get()
    assert (answer.service, answer.score, answer.comment) == ("cleaning", 4, "楼道很干净")
    browse.assert_clean()


def test_satisfaction_page_draws_its_trend(browse, personas):  # noqa: F811
    rated_meeting(personas.site, personas.staff, 5, local(2026, 3, 10, 15))
    page = browse.page("desktop", user=personas.leader)
    page.goto("/quality/satisfaction/?year=2026")
    page.locator("[data-testid=trend] canvas").first.wait_for()
    assert page.locator("[data-service=meeting] [data-col=answered]").inner_text() == "1"
    browse.assert_clean()
