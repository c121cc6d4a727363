"""Services of the staff surveys: drafting, opening (invitations and notifications, once),
answering (anonymous, once, within the window, only the services asked, 1–5) and closing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.core import roles
from houqin.core.models import Department, Notification, Person
from houqin.core.testing import make_user
from houqin.quality.choices import PostKind, SurveyAudience, SurveyStatus
from houqin.quality.models import Survey, SurveyAnswer, SurveyInvitation
from houqin.quality.services.surveys import (
    survey_answer,
    survey_close,
    survey_open,
    survey_save,
)
from houqin.quality.tests.helpers_surveys import make_survey, open_survey

pytestmark = pytest.mark.usefixtures("english")

MAIN_USERS = {"guard", "duty", "secadmin", "staff", "leader", "admin", "sup"}


def invitation_of(survey, user) -> SurveyInvitation:
    return SurveyInvitation.objects.get(survey=survey, user=user)


def test_opening_invites_every_active_user_of_the_site_once(personas, sup, other_sup):
    survey = make_survey(personas.site, sup)
    assert survey_open(survey=survey, by=sup) == len(MAIN_USERS)
    invited = set(survey.invitations.values_list("user__username", flat=True))
    assert invited == MAIN_USERS
    notes = Notification.objects.filter(title__contains=survey.title)
    assert notes.count() == len(MAIN_USERS)
    assert notes.filter(recipient=personas.staff, url=f"/quality/surveys/{survey.pk}/answer/")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    # Opening again sends nothing twice.
    assert survey_open(survey=survey, by=sup) == 0
    assert survey.invitations.count() == len(MAIN_USERS)
    assert notes.count() == len(MAIN_USERS)


def test_reopening_invites_only_newcomers_and_skips_inactive_users(personas, sup):
    survey = open_survey(personas.site, sup)
    personas.guard.is_active = False
    personas.guard.save(update_fields=["is_active"])
    make_user("newcomer", roles.STAFF, personas.site)
    assert survey_open(survey=survey, by=sup) == 1
    assert survey.invitations.filter(user__username="newcomer").exists()


def test_a_departments_survey_without_departments_is_refused(personas, sup):
    survey = Survey(
        site=personas.site,
        title="财务科测评",
        audience=SurveyAudience.DEPARTMENTS,
        services=[PostKind.CLEANING],
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=1),
    )
    with pytest.raises(ValidationError) as exc:
        survey_save(survey=survey, by=sup)
    assert "Choose the departments asked." in exc.value.messages
    assert not Survey.objects.exists()


def test_departments_survey_invites_only_those_departments(personas, sup):
    finance = Department.objects.create(site=personas.site, code="D2", name="财务科")
    Person.objects.filter(user=personas.staff).update(department=finance)
    survey = Survey(
        site=personas.site,
        title="财务科测评",
        audience=SurveyAudience.DEPARTMENTS,
        services=[PostKind.CLEANING],
        opens_at=timezone.now() - timedelta(minutes=5),
        closes_at=timezone.now() + timedelta(days=1),
    )
    survey_save(survey=survey, by=sup, departments=[finance])
    assert survey_open(survey=survey, by=sup) == 1
    assert list(survey.invitations.values_list("user__username", flat=True)) == ["staff"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"services": []}, "Choose the services the staff are asked about."),
        ({"services": ["sauna"]}, "Choose the services the staff are asked about."),
        (
            {"closes_at": timezone.now() - timedelta(days=3)},
            "The survey must close after it opens.",
        ),
    ],
)
def test_a_bad_survey_is_refused(personas, sup, fields, message):
    with pytest.raises(ValidationError) as exc:
        make_survey(personas.site, sup, **fields)
    assert message in exc.value.messages
    assert not Survey.objects.exists()


def test_departments_of_another_site_are_refused(personas, sup):
    foreign = Department.objects.filter(site=personas.other_site).first()
    survey = Survey(
        site=personas.site,
        title="测评",
        audience=SurveyAudience.DEPARTMENTS,
        services=[PostKind.CLEANING],
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=1),
    )
    with pytest.raises(ValidationError) as exc:
        survey_save(survey=survey, by=sup, departments=[foreign])
    assert "Choose departments of the survey's site." in exc.value.messages


def test_an_open_survey_cannot_be_changed(personas, sup):
    survey = open_survey(personas.site, sup)
    survey.title = "改名"
    with pytest.raises(ValidationError) as exc:
        survey_save(survey=survey, by=sup)
    assert "Only a draft survey can be changed." in exc.value.messages
    assert Survey.objects.get(pk=survey.pk).title != "改名"


def test_a_survey_past_its_closing_time_cannot_be_opened(personas, sup):
    survey = make_survey(
        personas.site,
        sup,
        opens_at=timezone.now() - timedelta(days=3),
        closes_at=timezone.now() - timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        survey_open(survey=survey, by=sup)
    assert not survey.invitations.exists()


def test_answers_are_recorded_anonymously_once(personas, sup):
    survey = open_survey(personas.site, sup)
    invitation = invitation_of(survey, personas.staff)
    survey_answer(
        invitation=invitation,
        answers={PostKind.CLEANING: (5, " 很干净 "), PostKind.CANTEEN: (3, "")},
    )
    answers = SurveyAnswer.objects.filter(survey=survey).order_by("service")
    assert [(a.service, a.score, a.comment) for a in answers] == [
        ("canteen", 3, ""),
        ("cleaning", 5, "很干净"),
    ]
    # Anonymity: an answer has no link to its person, and keeps only its day.
    user_fields = [
        f.name
        for f in SurveyAnswer._meta.get_fields()
        if f.is_relation and f.related_model in (type(personas.staff), Person, SurveyInvitation)
    ]
    assert user_fields == []
    local = timezone.localtime(answers[0].answered_at)
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    with pytest.raises(ValidationError) as exc:
        survey_answer(invitation=invitation, answers={PostKind.CLEANING: (1, "")})
    assert "This survey has already been answered." in exc.value.messages
    assert SurveyAnswer.objects.filter(survey=survey).count() == 2


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "Give a score to at least one service."),
        ({PostKind.SECURITY: (5, "")}, "This survey does not ask about that service."),
        ({PostKind.CLEANING: (0, "")}, "A score is a whole number from 1 to 5."),
        ({PostKind.CLEANING: (6, "")}, "A score is a whole number from 1 to 5."),
        ({PostKind.CLEANING: ("5", "")}, "A score is a whole number from 1 to 5."),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(personas, sup, answers, message):
    survey = open_survey(personas.site, sup)
    invitation = invitation_of(survey, personas.staff)
    with pytest.raises(ValidationError) as exc:
        survey_answer(invitation=invitation, answers=answers)
    assert message in exc.value.messages
    assert not SurveyAnswer.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_at is None


def test_answers_outside_the_window_are_refused(personas, sup):
    survey = open_survey(personas.site, sup)
    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() + timedelta(hours=1))
    invitation = invitation_of(survey, personas.staff)
    with pytest.raises(ValidationError) as exc:
        survey_answer(invitation=invitation, answers={PostKind.CLEANING: (4, "")})
    assert "This survey is not open for answers." in exc.value.messages
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=2), closes_at=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        survey_answer(invitation=invitation, answers={PostKind.CLEANING: (4, "")})
    assert not SurveyAnswer.objects.exists()


def test_a_closed_survey_takes_no_answers(personas, sup):
    survey = open_survey(personas.site, sup)
    survey_close(survey=survey, by=sup)
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.CLOSED
    with pytest.raises(ValidationError):
        survey_answer(
            invitation=invitation_of(survey, personas.staff),
            answers={PostKind.CLEANING: (4, "")},
        )
    with pytest.raises(ValidationError) as exc:
        survey_close(survey=survey, by=sup)
    assert "Only an open survey can be closed." in exc.value.messages
    with pytest.raises(ValidationError):
        survey_open(survey=survey, by=sup)
