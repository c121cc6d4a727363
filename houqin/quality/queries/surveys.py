"""Reads of the staff surveys: who still has to answer, a survey's counts and results, the
satisfaction figures of a year for the sites a user may see, and the home-page card."""

from __future__ import annotations

import re

from django.db.models import Avg, Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.dashboard import Card
from houqin.core.permissions import sites_with_perm
from houqin.quality.choices import PostKind, SurveyStatus
from houqin.quality.models import Survey, SurveyAnswer, SurveyInvitation
from houqin.quality.satisfaction import SATISFIED_FROM, with_rates


def invitations_waiting(user):
    """The user's unanswered invitations to surveys open now."""
    now = timezone.now()
    return SurveyInvitation.objects.filter(
        user=user,
        answered_at__isnull=True,
        survey__status=SurveyStatus.OPEN,
        survey__opens_at__lte=now,
        survey__closes_at__gt=now,
    )


def invitation_for(user, survey_pk: int) -> SurveyInvitation | None:
    """The user's own invitation to a survey (None when not invited)."""
    if not user.is_authenticated:
        return None
    return (
        SurveyInvitation.objects.select_related("survey")
        .filter(user=user, survey_id=survey_pk)
        .first()
    )


# What secrets.token_urlsafe produces; anything else (a NUL byte …) is not looked up.
TOKEN_CHARS = re.compile(r"[A-Za-z0-9_-]+")


def invitation_for_token(token: str) -> SurveyInvitation | None:
    """The invitation a token link names."""
    if not token or len(token) > 40 or not TOKEN_CHARS.fullmatch(token):
        return None
    return SurveyInvitation.objects.select_related("survey").filter(token=token).first()


def survey_counts(survey: Survey) -> dict:
    """How many were invited and how many have answered."""
    return SurveyInvitation.objects.filter(survey=survey).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )


def survey_results(survey: Survey) -> list[dict]:
    """Per service asked: answers, satisfied, rate and average score (one grouped query)."""
    rows = {
        row["service"]: row
        for row in SurveyAnswer.objects.filter(survey=survey)
        .order_by()
        .values("service")
        .annotate(
            answered=Count("pk"),
            satisfied=Count("pk", filter=Q(score__gte=SATISFIED_FROM)),
            avg=Avg("score"),
        )
    }
    labels = dict(PostKind.choices)
    results = []
    for service in survey.services:
        row = rows.get(service, {"answered": 0, "satisfied": 0, "avg": None})
        figures = with_rates(
            {"answered": row["answered"], "satisfied": row["satisfied"], "score_sum": 0}
        )
        figures["average"] = round(float(row["avg"]), 2) if row["avg"] is not None else None
        results.append({"service": service, "label": labels.get(service, service), **figures})
    return results


def survey_comments(survey: Survey, limit: int = 200):
    """The answers' comments (anonymous), newest day first."""
    return (
        SurveyAnswer.objects.filter(survey=survey)
        .exclude(comment="")
        .order_by("-answered_at", "service")
        .values_list("service", "score", "comment")[:limit]
    )


def satisfaction_site_ids(request) -> list[int] | None:
    """The sites whose satisfaction the user may see, narrowed to the site switcher's choice;
    None means every site (superuser without a chosen site)."""
    ids = sites_with_perm(request.user, "quality.view_survey")
    site = getattr(request, "site", None)
    if site is not None:
        return [site.pk] if ids is None or site.pk in ids else []
    return None if ids is None else sorted(ids)


def dashboard_cards(request) -> list:
    """Surveys waiting for the user's answer (only when there is one); the card opens the
    first of them."""
    user = request.user
    if not user.is_authenticated:
        return []
    row = invitations_waiting(user).aggregate(count=Count("pk"), first=Min("survey_id"))
    if not row["count"]:
        return []
    url = reverse("quality:survey_answer", kwargs={"pk": row["first"]})
    return [Card(_("Surveys waiting for your answer"), row["count"], url, "ui-checks", "warning")]
