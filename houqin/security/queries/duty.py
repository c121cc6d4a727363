"""Reads of the duty roster: figures of published rosters."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, F
from django.utils import timezone

from houqin.security.choices import RosterStatus
from houqin.security.models import Assignment, DutyPost


def published_assignments(*, site_ids, start, end):
    """Assignments of published, non-void rosters dated within [start, end)."""
    qs = Assignment.objects.filter(
        roster__status=RosterStatus.PUBLISHED,
        roster__voided_at__isnull=True,
        date__gte=timezone.localtime(start).date(),
        date__lt=timezone.localtime(end).date(),
    )
    return qs if site_ids is None else qs.filter(site_id__in=site_ids)


def duty_figures(*, site_ids, start, end) -> dict:
    """Person-shifts, and (date, shift) pairs whose every active post had its people."""
    assignments = published_assignments(site_ids=site_ids, start=start, end=end)
    # Posts staffed to strength per (site, date, shift), then pairs where that equals the
    # site's number of active posts: two levels of grouping, one SQL statement.
    staffed = (
        assignments.filter(post__is_active=True)
        .values("site_id", "date", "shift_id", "post_id")
        .annotate(people=Count("pk"))
        .filter(people__gte=F("post__staff_per_shift"))
    )
    inner, params = staffed.query.sql_with_params()
    posts = DutyPost._meta.db_table
    sql = (
        "SELECT COUNT(*) FROM (SELECT s.site_id, COUNT(*) AS staffed FROM "
        f"({inner}) s GROUP BY s.site_id, s.date, s.shift_id) g "
        f"JOIN (SELECT site_id, COUNT(*) AS posts FROM {posts} WHERE is_active "
        "GROUP BY site_id) p ON p.site_id = g.site_id WHERE g.staffed >= p.posts"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        covered = cursor.fetchone()[0]
    return {"covered": covered, "assignments": assignments.count()}
