"""The quality module's part of the annual report's floor (``make bench`` row (c))."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def metrics_floor(site, year: int) -> list[tuple[str, list]]:
    """The year's staff survey answers per service in hand-written SQL (count, satisfied and
    score sum): the survey part of the satisfaction rate. Organisers' and reporters' ratings,
    its other parts, are in the meetings and facilities floors."""
    from django.db import connection

    tz = ZoneInfo("Asia/Shanghai")
    adapt = connection.ops.adapt_datetimefield_value
    start, end = adapt(datetime(year, 1, 1, tzinfo=tz)), adapt(datetime(year + 1, 1, 1, tzinfo=tz))
    return [
        (
            "SELECT service, COUNT(*), SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END), SUM(score) "
            "FROM quality_surveyanswer WHERE site_id = %s AND answered_at >= %s "
            "AND answered_at < %s GROUP BY service",
            [site.pk, start, end],
        )
    ]
