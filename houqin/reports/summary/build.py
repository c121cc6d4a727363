"""Building the annual work summary: the figures of a year and the year before, put into the
site's wording, points numbered 一是/二是/… once those without data are left out, parts numbered
一、二、三 once the empty ones are left out, and the charts."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from django.conf import settings
from django.utils import translation

from houqin.core.models import Site
from houqin.reports.choices import SummaryPart, SummaryTextKind
from houqin.reports.models import SummaryText
from houqin.reports.queries import summary_texts
from houqin.reports.registry import compute, year_bounds
from houqin.reports.summary.defaults import INSTALLATION_NAME
from houqin.reports.summary.structure import Chart, Part, Point, Series, Summary
from houqin.reports.summary.template import (
    HONOURS,
    ORGANISATION,
    PREVIOUS_YEAR,
    YEAR,
    Figures,
    template_check,
    template_fill,
)

NUMERALS = "一二三四五六七八九十"
# Figures month by month (the "monthly" chart) and this year against last (the "yoy" chart):
# counts of work done, of like size, so one axis shows them all.
# Month-by-month charts: (key, title after the year, figures). Figures of one scale share a chart
# (a thousand visitors a month would flatten fifty meetings).
MONTHLY_CHARTS = (
    ("monthly-visitors", "来访登记月度情况", ("security.visitor_registrations",)),
    (
        "monthly",
        "会议服务和维修工单月度情况",
        ("services.meeting_services", "facilities.work_orders_opened"),
    ),
)
MONTHLY_KEYS = tuple(key for _chart, _title, keys in MONTHLY_CHARTS for key in keys)
YOY_KEYS = (
    "services.meeting_services",
    "services.display_messages",
    "facilities.work_orders_opened",
    "relief.donations.clothing_items",
    "procurement.orders",
    "security.hazards_found",
    "outreach.health_sessions",
    "team.training_sessions",
)


def numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (points and parts never reach a hundred)."""
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[units - 1] if units else "")


def organisation_name(site: Site | None) -> str:
    """Who reports: the site's name, or the installation's for the summary of all sites."""
    if site is not None:
        return site.name
    return getattr(settings, "HOUQIN_INSTALLATION_NAME", "") or INSTALLATION_NAME


def honour_titles(site_ids: list[int] | None, year: int) -> list[str]:
    """The titles of the honours awarded in ``year`` at the sites, newest first (the honours'
    own order, the one the seed lists them in)."""
    from houqin.team.models import Honour

    rows = Honour.objects.filter(voided_at__isnull=True, awarded_on__year=year)
    if site_ids is not None:
        rows = rows.filter(site_id__in=site_ids)
    return list(dict.fromkeys(rows.order_by("-awarded_on", "-id").values_list("title", flat=True)))


def summary_figures(*, year: int, site_ids: list[int] | None, site: Site | None) -> Figures:
    """This year's and last year's figures at the sites, and the text names."""
    current = compute(site_ids=site_ids, start=year_bounds(year)[0], end=year_bounds(year)[1])
    previous = compute(
        site_ids=site_ids, start=year_bounds(year - 1)[0], end=year_bounds(year - 1)[1]
    )
    honours = honour_titles(site_ids, year)
    texts = {
        YEAR: str(year),
        PREVIOUS_YEAR: str(year - 1),
        ORGANISATION: organisation_name(site),
        HONOURS: "、".join(honours) or None,
    }
    return Figures(current=current, previous=previous, texts=texts)


def _filled(row: SummaryText | None, figures: Figures) -> str:
    return (template_fill(row.template, figures) or "") if row is not None else ""


def _points(rows: list[SummaryText], figures: Figures) -> list[Point]:
    """The points with data, numbered 一是, 二是, … in order."""
    filled = [(row, template_fill(row.template, figures)) for row in rows]
    kept = [(row, text) for row, text in filled if text]
    return [
        Point(key=row.key, number=f"{numeral(n)}是", lead=row.lead, text=text)
        for n, (row, text) in enumerate(kept, start=1)
    ]


def _parts(rows: list[SummaryText], figures: Figures) -> list[Part]:
    """The three parts in order, each with its points; a part without points is left out."""
    parts = []
    for part in SummaryPart.values[1:]:
        in_part = [row for row in rows if row.part == part]
        points = _points([r for r in in_part if r.kind == SummaryTextKind.POINT], figures)
        if not points:
            continue
        heading = next((r for r in in_part if r.kind == SummaryTextKind.HEADING), None)
        intro = next((r for r in in_part if r.kind == SummaryTextKind.INTRO), None)
        number = f"{numeral(len(parts) + 1)}、"
        parts.append(Part(part, number, _filled(heading, figures), _filled(intro, figures), points))
    return parts


def summary_build(
    *, year: int, site_ids: list[int] | None, site: Site | None, charts: bool = True
) -> Summary:
    """The summary of ``year`` at the sites, in the wording of ``site`` (None: all sites)."""
    from houqin.reports.services import summary_texts_ensure

    summary_texts_ensure(site=site)
    rows = list(summary_texts(site).filter(enabled=True))
    figures = summary_figures(year=year, site_ids=site_ids, site=site)
    first = {kind: next((r for r in rows if r.kind == kind), None) for kind in ("title", "opening")}
    return Summary(
        year=year,
        site_code=site.code if site else None,
        organisation=figures.texts[ORGANISATION],
        title=_filled(first["title"], figures),
        opening=_filled(first["opening"], figures),
        parts=_parts(rows, figures),
        charts=summary_charts(year=year, site_ids=site_ids, figures=figures) if charts else [],
    )


def summary_preview(*, text: SummaryText, template: str, lead: str, year: int) -> str | None:
    """The piece as it would print with the wording typed so far (a point with its lead
    phrase, without its number); None when it would be left out. Raises ValidationError for a
    bad template."""
    template_check(template)
    site_ids = [text.site_id] if text.site_id is not None else None
    figures = summary_figures(year=year, site_ids=site_ids, site=text.site)
    filled = template_fill(template, figures)
    lead = (lead or "").strip()
    if filled is None or not lead:
        return filled
    return f"{lead}{'' if lead.endswith(('。', '，', '；', '：')) else '。'}{filled}"


# --- charts ---------------------------------------------------------------------------


def _label(key: str, figures: Figures) -> str:
    with translation.override("zh-hans"):
        return str(figures.metrics[key].label)


def _months(year: int) -> list[tuple[datetime, datetime]]:
    start, _end = year_bounds(year)
    starts = [start.replace(month=m) for m in range(1, 13)] + [start.replace(year=year + 1)]
    return list(pairwise(starts))


def monthly_charts(*, year: int, site_ids: list[int] | None, figures: Figures) -> list[Chart]:
    """The charts of ``MONTHLY_CHARTS`` with data this year (one query per source and month for
    all of them, whatever the number of points or sites)."""
    keys = [key for key in MONTHLY_KEYS if figures.has_value(key)]
    if not keys:
        return []
    months = [
        compute(site_ids=site_ids, start=start, end=end, keys=keys) for start, end in _months(year)
    ]
    categories = [f"{m}月" for m in range(1, 13)]
    charts = []
    for chart_key, title, chart_keys in MONTHLY_CHARTS:
        shown = [key for key in chart_keys if key in keys]
        if shown:
            series = [Series(_label(k, figures), [month.get(k) for month in months]) for k in shown]
            charts.append(Chart(chart_key, f"{year}年{title}", "monthly", categories, series))
    return charts


def yoy_chart(*, year: int, figures: Figures) -> Chart | None:
    """``YOY_KEYS`` with data this year: last year's bar and this year's."""
    keys = [key for key in YOY_KEYS if figures.has_value(key)]
    if not keys:
        return None
    series = [
        Series(f"{year - 1}年", [figures.previous.get(key) for key in keys]),
        Series(f"{year}年", [figures.current.get(key) for key in keys]),
    ]
    labels = [_label(key, figures) for key in keys]
    return Chart("yoy", f"{year}年与{year - 1}年主要工作量对比", "yoy", labels, series)


def summary_charts(*, year: int, site_ids: list[int] | None, figures: Figures) -> list[Chart]:
    """The "monthly" and "yoy" charts, each only when it has figures to show."""
    yoy = yoy_chart(year=year, figures=figures)
    return [*monthly_charts(year=year, site_ids=site_ids, figures=figures), *([yoy] if yoy else [])]
