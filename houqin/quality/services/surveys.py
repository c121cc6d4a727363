"""Writes of the staff satisfaction surveys: draft, open (invite everyone asked, once), answer
(once, anonymously, within the window) and close."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.services import event_record, notify
from houqin.quality.choices import PostKind, SurveyAudience, SurveyStatus
from houqin.quality.models import Survey, SurveyAnswer, SurveyInvitation

SURVEY_FIELDS = ["site", "title", "audience", "services", "opens_at", "closes_at"]


def _check_survey(survey: Survey, departments) -> None:
    errors = {}
    if not survey.services or set(survey.services) - set(PostKind.values):
        errors["services"] = _("Choose the services the staff are asked about.")
    if survey.opens_at and survey.closes_at and survey.closes_at <= survey.opens_at:
        errors["closes_at"] = _("The survey must close after it opens.")
    if survey.audience == SurveyAudience.DEPARTMENTS:
        if not departments:
            errors["departments"] = _("Choose the departments asked.")
        elif any(dept.site_id != survey.site_id for dept in departments):
            errors["departments"] = _("Choose departments of the survey's site.")
    if errors:
        raise ValidationError(errors)


def survey_save(*, survey: Survey, by, departments=()) -> Survey:
    """Create or change a draft survey (services asked, window, audience)."""
    departments = list(departments or ())
    if survey.pk and survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Only a draft survey can be changed."))
    _check_survey(survey, departments)
    with transaction.atomic():
        created = survey.pk is None
        if created:
            survey.created_by = by
            survey.save()
        else:
            survey.save(update_fields=SURVEY_FIELDS)
        survey.departments.set(departments if survey.audience == SurveyAudience.DEPARTMENTS else [])
        verb = "survey_created" if created else "survey_changed"
        event_record(site=survey.site, verb=verb, actor=by, target=survey)
    return survey


def survey_invitees(survey: Survey):
    """Active users holding a role at the survey's site (or of its chosen departments)."""
    users = get_user_model().objects.filter(
        is_active=True, memberships__site_id=survey.site_id, memberships__site__is_active=True
    )
    if survey.audience == SurveyAudience.DEPARTMENTS:
        users = users.filter(
            person__department__in=survey.departments.all(), person__is_active=True
        )
    return users.distinct()


def survey_open(*, survey: Survey, by) -> int:
    """Open the survey and invite everyone asked, with one in-app notification each.

    Idempotent: opening again invites only those not yet invited (e.g. new staff). Returns how
    many were invited now."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status == SurveyStatus.CLOSED:
            raise ValidationError(_("This survey is closed."))
        if survey.closes_at <= timezone.now():
            raise ValidationError(_("The survey's closing time has passed."))
        invited = SurveyInvitation.objects.filter(survey=survey).values("user_id")
        new_users = list(survey_invitees(survey).exclude(pk__in=invited))
        SurveyInvitation.objects.bulk_create(
            [SurveyInvitation(site_id=survey.site_id, survey=survey, user=u) for u in new_users]
        )
        _invite(survey, new_users)
        if survey.status != SurveyStatus.OPEN:
            survey.status = SurveyStatus.OPEN
            survey.save(update_fields=["status"])
        detail = _("{count} invited").format(count=len(new_users))
        event_record(site=survey.site, verb="survey_opened", actor=by, target=survey, detail=detail)
    return len(new_users)


def _invite(survey: Survey, users) -> None:
    if not users:
        return
    notify(
        site=survey.site,
        recipients=users,
        title=_("Satisfaction survey: {title}").format(title=survey.title),
        body=_("Please tell us how satisfied you are with the services, by {date}.").format(
            date=timezone.localtime(survey.closes_at).strftime("%Y-%m-%d %H:%M")
        ),
        url=reverse("quality:survey_answer", kwargs={"pk": survey.pk}),
    )


def _check_answers(survey: Survey, answers: dict) -> list[tuple[str, int, str]]:
    """The answers as (service, score, comment), refused unless each is a service of the
    survey with a score from 1 to 5."""
    if not answers:
        raise ValidationError(_("Give a score to at least one service."))
    rows = []
    for service, (score, comment) in answers.items():
        if service not in survey.services:
            raise ValidationError(_("This survey does not ask about that service."))
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            raise ValidationError(_("A score is a whole number from 1 to 5."))
        rows.append((service, score, (comment or "").strip()[:500]))
    return rows


def _check_window(survey: Survey, now: datetime) -> None:
    if survey.status != SurveyStatus.OPEN or not survey.opens_at <= now < survey.closes_at:
        raise ValidationError(_("This survey is not open for answers."))


def _anonymous_time(now: datetime) -> datetime:
    """The local midnight of the day answered: answers keep their day for the monthly figures,
    but no time that could be matched with the invitation's."""
    local = timezone.localtime(now)
    return datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)


def survey_answer(*, invitation: SurveyInvitation, answers: dict[str, tuple[int, str]]) -> None:
    """Record one invitee's answers (service → (score 1–5, comment)), once, within the window.

    The answers are not linked to the person: the invitation only records that they answered."""
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            SurveyInvitation.objects.select_for_update()
            .select_related("survey")
            .get(pk=invitation.pk)
        )
        if invitation.answered_at is not None:
            raise ValidationError(_("This survey has already been answered."))
        survey = invitation.survey
        _check_window(survey, now)
        rows = _check_answers(survey, answers)
        at = _anonymous_time(now)
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(
                site_id=survey.site_id,
                survey=survey,
                service=service,
                score=score,
                comment=comment,
                answered_at=at,
            )
            for service, score, comment in rows
        )
        # The day only, as on the answers: an exact time would match an invitee to an answer.
        invitation.answered_at = at
        invitation.save(update_fields=["answered_at"])
        # No actor: the event must not say who answered what.
        event_record(site=survey.site, verb="survey_answered", target=survey)


def survey_close(*, survey: Survey, by) -> Survey:
    """Close an open survey: no more answers are taken."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != SurveyStatus.OPEN:
            raise ValidationError(_("Only an open survey can be closed."))
        survey.status = SurveyStatus.CLOSED
        survey.save(update_fields=["status"])
        event_record(site=survey.site, verb="survey_closed", actor=by, target=survey)
    return survey
