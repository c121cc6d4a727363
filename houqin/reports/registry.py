"""The metric registry (SPEC §3): every module registers the figures it contributes to the annual
report and the dashboards. A source computes one or more metrics with one database query;
nothing is stored, everything is computed from records when asked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings


@dataclass(frozen=True)
class Metric:
    """A figure of the annual report: stable dotted key, label and unit (both translatable)."""

    key: str
    label: str
    unit: str
    kind: str = "count"  # count, yuan, rate (a fraction 0–1) or grade (a short string)
    # "wan": shown in 万 (ten thousands) of the unit, as the seed quotes money (1730万元);
    # the value itself (JSON, API) stays exact.
    display: str = ""
    # What is counted, in words, for the metric catalogue (translatable).
    definition: str = ""

    @property
    def module(self) -> str:
        return self.key.split(".", 1)[0]


@dataclass(frozen=True)
class Source:
    metrics: tuple[Metric, ...]
    compute: Callable[..., dict]


SOURCES: list[Source] = []


def metric_source(*metrics: Metric):
    """Register ``compute(site_ids, start, end) -> {key: value}`` for ``metrics``.

    ``site_ids`` is a list of site ids, or None for every site; ``start``/``end`` are aware
    datetimes bounding the period (end exclusive)."""

    def wrap(func):
        SOURCES.append(Source(metrics=tuple(metrics), compute=func))
        return func

    return wrap


# The list behind a figure: key -> rows(start: date, end: date) -> URL (path and query string) of
# the list page filtered to exactly the rows that make the figure over [start, end) (end
# exclusive), at the sites the list's own scope (the site switcher) covers.
ROWS: dict[str, Callable[..., str]] = {}


def metric_rows(*keys: str):
    """Register ``rows(*, start, end) -> url`` as the list behind each of ``keys``."""

    def wrap(func):
        for key in keys:
            ROWS[key] = func
        return func

    return wrap


def all_metrics() -> list[Metric]:
    """Every registered metric, in registration order."""
    return [m for source in SOURCES for m in source.metrics]


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """1 January 00:00 to the next 1 January, in the compound's time zone (Asia/Shanghai)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def compute(
    *, site_ids: list[int] | None, start: datetime, end: datetime, keys=None
) -> dict[str, object]:
    """Every metric's value for the sites and period; with ``keys``, only the sources that give
    one of them are asked (a chart of three figures month by month need not compute all)."""
    if site_ids is None:
        # Every site named rather than no site filter: each source's (site, date) index then
        # serves the query (a month of ten years of rows is read, not the whole table), and a
        # database distributed by site routes it.
        from houqin.core.models import Site

        site_ids = list(Site.objects.order_by("pk").values_list("pk", flat=True))
    values: dict[str, object] = {}
    for source in SOURCES:
        if keys is not None and not any(m.key in keys for m in source.metrics):
            continue
        values.update(source.compute(site_ids=site_ids, start=start, end=end))
    return values
