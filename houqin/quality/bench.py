"""The quality module's part of the annual report's floor (``make bench`` row (c))."""

from __future__ import annotations


def metrics_floor(site, year: int) -> list[tuple[str, list]]:
    """The year's staff survey answers per service in hand-written SQL (count, satisfied and
    score sum): the survey part of the satisfaction rate. Organisers' and reporters' ratings,
    its other parts, are in the meetings and facilities floors."""
    from houqin.bench import year_bounds

    return [
        (
            "SELECT service, COUNT(*), SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END), SUM(score) "
            "FROM quality_surveyanswer WHERE site_id = %s AND answered_at >= %s "
            "AND answered_at < %s GROUP BY service",
            [site.pk, *year_bounds(year)],
        )
    ]
