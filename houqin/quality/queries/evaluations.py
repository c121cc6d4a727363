"""Reads of service evaluations: the roll-ups by post, team and month (averaged in the
database), a person's history, open and overdue rectifications, and the home-page cards."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.dashboard import Card
from houqin.core.permissions import has_perm_at
from houqin.quality.choices import RectificationStatus
from houqin.quality.models import Evaluation, Rectification, ServicePost

LIVE = Q(voided_at__isnull=True)


def live_evaluations(queryset=None):
    """Evaluations that count (void ones stay in the ledger but not in any figure)."""
    queryset = Evaluation.objects.all() if queryset is None else queryset
    return queryset.filter(LIVE)


def _months(queryset, start: date | None, end: date | None):
    if start is not None:
        queryset = queryset.filter(month__gte=start)
    if end is not None:
        queryset = queryset.filter(month__lte=end)
    return queryset


def by_post_month(queryset, *, start: date | None = None, end: date | None = None) -> list[dict]:
    """Rows (post_id, post__name, month, average, count) of the average score per post and
    month; a post's own score and its people's scores are averaged together."""
    rows = _months(live_evaluations(queryset), start, end).values("post_id", "post__name", "month")
    return list(
        rows.annotate(average=Avg("score"), count=Count("pk")).order_by("month", "post__name")
    )


def by_team_month(queryset, *, start: date | None = None, end: date | None = None) -> list[dict]:
    """Rows (post__team_id, post__team__name, month, average, count) per team and month."""
    rows = _months(live_evaluations(queryset), start, end).values(
        "post__team_id", "post__team__name", "month"
    )
    return list(
        rows.annotate(average=Avg("score"), count=Count("pk")).order_by("month", "post__team__name")
    )


def by_month(queryset, *, start: date | None = None, end: date | None = None) -> list[dict]:
    """Rows (month, average, count, below) of the site's average score per month; ``below``
    counts evaluations with an item left to rectify."""
    # A subquery, not a join on the item scores: a join would weight each evaluation's score by
    # its number of items.
    low = Exists(Rectification.objects.filter(score__evaluation=OuterRef("pk")).values("pk"))
    rows = _months(live_evaluations(queryset), start, end).values("month")
    return list(
        rows.annotate(
            average=Avg("score"), count=Count("pk"), below=Count("pk", filter=low)
        ).order_by("month")
    )


def person_history(queryset, person) -> list[Evaluation]:
    """A person's own evaluations, newest first."""
    return list(
        live_evaluations(queryset).filter(person=person).select_related("post").order_by("-month")
    )


def score_figures(*, site_ids, start: date, end: date) -> dict:
    """Average score (one decimal) and count of the evaluations of the months in [start, end)."""
    qs = live_evaluations().filter(month__gte=start, month__lt=end)
    if site_ids is not None:
        qs = qs.filter(site_id__in=site_ids)
    row = qs.aggregate(average=Avg("score"), count=Count("pk"))
    average = Decimal(row["average"] or 0).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return {"average": float(average), "count": row["count"]}


# Rectifications ----------------------------------------------------------------------------


def live_rectifications(queryset=None):
    """Rectifications of evaluations that are not void."""
    queryset = Rectification.objects.all() if queryset is None else queryset
    return queryset.filter(score__evaluation__voided_at__isnull=True)


def overdue_q(today: date | None = None) -> Q:
    """Still to be put right after the deadline."""
    today = today or timezone.localdate()
    return Q(status=RectificationStatus.OPEN, deadline__lt=today)


def rectification_counts(queryset) -> dict:
    """open / done (awaiting the check) / overdue counts."""
    return live_rectifications(queryset).aggregate(
        open=Count("pk", filter=Q(status=RectificationStatus.OPEN)),
        done=Count("pk", filter=Q(status=RectificationStatus.DONE)),
        overdue=Count("pk", filter=overdue_q()),
    )


def posts_due(queryset, month: date):
    """Active posts not yet scored as a whole for ``month``."""
    scored = Evaluation.objects.filter(LIVE, post=OuterRef("pk"), month=month, person__isnull=True)
    return queryset.filter(is_active=True).exclude(Exists(scored))


def dashboard_cards(request) -> list:
    """Supervisors: posts due this month and rectifications to check; service staff: the
    rectifications of their posts."""
    user = request.user
    cards = []
    if has_perm_at(user, "quality.add_evaluation"):
        cards += _supervisor_cards(request)
    elif has_perm_at(user, "quality.change_rectification"):
        cards += _staff_cards(request)
    return cards


def _supervisor_cards(request) -> list:
    user = request.user
    month = date(timezone.localdate().year, timezone.localdate().month, 1)
    posts = ServicePost.objects.restrict(user, "view").in_scope(request)
    due = posts_due(posts, month).count()
    rect = Rectification.objects.restrict(user, "change").in_scope(request)
    counts = rectification_counts(rect)
    url = reverse("quality:rectification_list")
    return [
        Card(
            _("Posts to score this month"),
            due,
            reverse("quality:evaluation_add"),
            "clipboard-check",
            "warning" if due else "success",
        ),
        Card(_("Rectifications to check"), counts["done"], f"{url}?status=done", "check2-square"),
        Card(
            _("Overdue rectifications"),
            counts["overdue"],
            f"{url}?overdue=true",
            "alarm",
            "danger" if counts["overdue"] else "success",
        ),
    ]


def _staff_cards(request) -> list:
    user = request.user
    mine = live_rectifications(Rectification.objects.in_scope(request)).filter(
        score__evaluation__post__members__user=user
    )
    counts = mine.aggregate(
        open=Count("pk", filter=Q(status=RectificationStatus.OPEN)),
        overdue=Count("pk", filter=overdue_q()),
    )
    url = reverse("quality:rectification_list")
    return [
        Card(_("Items of my posts to rectify"), counts["open"], f"{url}?mine=true", "tools"),
        Card(
            _("Overdue rectifications"),
            counts["overdue"],
            f"{url}?mine=true&overdue=true",
            "alarm",
            "danger" if counts["overdue"] else "success",
        ),
    ]
