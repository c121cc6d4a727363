"""The figures of the leadership dashboard (驾驶舱): key figures with their change on last year,
monthly trends, and the open items that need a leader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.dates import MONTHS_3
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from houqin.core.generic import perm_name, url_name
from houqin.core.permissions import has_perm_at
from houqin.reports.registry import ROWS, all_metrics, compute, year_bounds
from houqin.reports.render import format_value, shown_unit

OPEN_ITEM_ROWS = 5  # the first rows shown under an open item's count


@dataclass(frozen=True)
class KeyFigure:
    """A figure on the dashboard, and the permission that opens the list behind it."""

    key: str
    list_perm: str = ""
    # Which way is good news ("up", "down"), coloured so; "" when neither is (more visitors
    # is neither good nor bad), shown in grey.
    better: str = ""


KEY_FIGURES: tuple[KeyFigure, ...] = (
    KeyFigure("security.visitor_registrations", "security.view_visit"),
    KeyFigure("security.patrol_rounds", "inspections.view_round"),
    KeyFigure("security.hazards_found", "security.view_hazard"),
    KeyFigure("security.hazards_rectified", "security.view_hazard", better="up"),
    KeyFigure("facilities.work_orders_opened", "facilities.view_workorder"),
    KeyFigure("facilities.work_orders_closed", "facilities.view_workorder", better="up"),
    KeyFigure("facilities.maintenance_tasks_done", "facilities.view_maintenancetask", better="up"),
    KeyFigure("services.meeting_services", "meetings.view_booking"),
    KeyFigure("services.display_messages", "signage.view_message"),
    KeyFigure("outreach.library_loans", "outreach.view_loan"),
    KeyFigure("outreach.health_consultations", "outreach.view_consultation"),
    KeyFigure("team.training_sessions", "team.view_trainingsession"),
    # The orders signed in the year (their budgets less contracts are the savings) and the
    # readings whose costs the ledger adds up.
    KeyFigure("procurement.orders", "procurement.view_project"),
    KeyFigure("procurement.savings_yuan", "procurement.view_project", better="up"),
    KeyFigure("energy.cost_yuan", "energy.view_reading", better="down"),
)

# The figures drawn month by month (each from a source that costs one or two queries).
TREND_KEYS = (
    "security.visitor_registrations",
    "security.patrol_rounds",
    "services.meeting_services",
    "facilities.work_orders_opened",
)


def year_dates(year: int) -> tuple[date, date]:
    """1 January of ``year`` and of the next year (the end exclusive), as dates."""
    return date(year, 1, 1), date(year + 1, 1, 1)


def change_on_last_year(value, last) -> float | None:
    """The change in per cent, one decimal; None when either year has no number or last year
    is zero."""
    numbers = (int, float)
    if not isinstance(value, numbers) or not isinstance(last, numbers) or isinstance(value, bool):
        return None
    if not last:
        return None
    return round((float(value) - float(last)) * 100 / float(last), 1)


def key_figures(*, site_ids, year: int, user, link_site: str | None, links: bool) -> list[dict]:
    """The key figures of ``year`` at the sites, each with last year's change and, when the
    user may open the list and ``links``, the URL of the rows behind it. Two compute calls."""
    keys = [figure.key for figure in KEY_FIGURES]
    now = compute(
        site_ids=site_ids, start=year_bounds(year)[0], end=year_bounds(year)[1], keys=keys
    )
    before = compute(
        site_ids=site_ids, start=year_bounds(year - 1)[0], end=year_bounds(year - 1)[1], keys=keys
    )
    metrics = {m.key: m for m in all_metrics()}
    start, end = year_dates(year)
    cards = []
    for figure in KEY_FIGURES:
        url = _rows_url(figure, user, start, end, link_site) if links else None
        card = _card(metrics[figure.key], now.get(figure.key), before.get(figure.key), url)
        cards.append({**card, "tone": _tone(card["direction"], figure.better)})
    return cards


def _rows_url(figure: KeyFigure, user, start: date, end: date, site_code: str | None):
    rows = ROWS.get(figure.key)
    if rows is None or not figure.list_perm or not has_perm_at(user, figure.list_perm):
        return None
    url = rows(start=start, end=end)
    return f"{url}&site={site_code}" if site_code else url


def _card(metric, value, last, url: str | None) -> dict:
    """One card: label, the figure with its unit (as the annual report shows it), the change."""
    change = None if value is None else change_on_last_year(value, last)
    return {
        "key": metric.key,
        "label": str(metric.label),
        "text": format_value(value, metric.kind, metric.display),
        "unit": shown_unit(metric, str(metric.unit)) if value is not None else "",
        "value": value,
        "change": change,
        "change_text": None if change is None else _change_text(change),
        "direction": None
        if change is None
        else ("up" if change > 0 else "down" if change < 0 else "flat"),
        "url": url,
    }


def _tone(direction: str | None, better: str) -> str:
    """good / bad when the figure says which way is good news, else neutral."""
    if not direction or direction == "flat" or not better:
        return "neutral"
    return "good" if direction == better else "bad"


def _change_text(change: float) -> str:
    figure = {"change": f"{abs(change):g}%"}
    if change > 0:
        return pgettext("change on last year", "up %(change)s on last year") % figure
    if change < 0:
        return pgettext("change on last year", "down %(change)s on last year") % figure
    return pgettext("change on last year", "as last year")


def monthly_trends(*, site_ids, year: int) -> dict:
    """``{"months": [...], "series": [{"key", "name", "data": [12 values]}]}`` for the chart;
    one compute call per month, restricted to the trend figures' sources."""
    tz = ZoneInfo(settings.TIME_ZONE)
    bounds = [datetime(year + m // 12, m % 12 + 1, 1, tzinfo=tz) for m in range(13)]
    months = [
        compute(site_ids=site_ids, start=bounds[m], end=bounds[m + 1], keys=TREND_KEYS)
        for m in range(12)
    ]
    metrics = {m.key: m for m in all_metrics()}
    return {
        "months": [str(MONTHS_3[m]).capitalize() for m in range(1, 13)],
        "series": [
            {
                "key": key,
                "name": str(metrics[key].label),
                "data": [month.get(key) for month in months],
            }
            for key in TREND_KEYS
        ],
    }


@dataclass(frozen=True)
class OpenItem:
    """An open item: a list page's filter (run through the list's own filterset, so the count
    is the list's), the list's URL name and its query."""

    key: str
    label: str
    model: str
    filterset: str
    url_name: str
    query: dict
    order: tuple[str, ...]


OPEN_ITEMS = (
    OpenItem(
        "hazards_overdue",
        gettext_lazy("Overdue hazards"),
        "security.Hazard",
        "houqin.security.filtersets.hazards.HazardFilterSet",
        "security:hazard_list",
        {"overdue": "true", "void": "false"},
        ("deadline", "pk"),
    ),
    OpenItem(
        "certificates_due",
        gettext_lazy("Equipment certificates expired or expiring within 30 days"),
        "facilities.Certificate",
        "houqin.facilities.filtersets.equipment.CertificateFilterSet",
        "facilities:certificate_list",
        {"current": "true", "due": "true"},
        ("expires_on", "pk"),
    ),
    OpenItem(
        "qualifications_expired",
        gettext_lazy("Supplier qualifications expired"),
        "procurement.Qualification",
        "houqin.procurement.filtersets.suppliers.QualificationFilterSet",
        "procurement:qualification_list",
        {"expired": "true"},
        ("valid_until", "pk"),
    ),
    OpenItem(
        "qualifications_expiring",
        gettext_lazy("Supplier qualifications expiring within 30 days"),
        "procurement.Qualification",
        "houqin.procurement.filtersets.suppliers.QualificationFilterSet",
        "procurement:qualification_list",
        {"expiring": "true"},
        ("valid_until", "pk"),
    ),
)


def open_items(request, *, site_ids, site_code: str | None) -> list[dict]:
    """Each open item the user may see: the count at the sites, the first rows, the list's URL;
    and the leader's own pending approvals."""
    items = [_open_item(request, item, site_ids, site_code) for item in OPEN_ITEMS]
    return [item for item in items if item is not None] + [
        _approvals(request.user, site_ids, site_code)
    ]


def _open_item(request, item: OpenItem, site_ids, site_code: str | None) -> dict | None:
    model = apps.get_model(item.model)
    if not has_perm_at(request.user, perm_name(model, "view")):
        return None
    rows = model.objects.restrict(request.user, "view")
    if site_ids is not None:
        rows = rows.filter(site_id__in=site_ids)
    filterset = import_string(item.filterset)(item.query, queryset=rows, request=request)
    rows = filterset.qs.order_by(*item.order)
    url = _list_url(item.url_name, site_code, item.query)
    return _item(item.key, str(item.label), rows, url)


def _approvals(user, site_ids, site_code: str | None) -> dict:
    from houqin.approvals.queries import approvals_pending_for

    rows = approvals_pending_for(user)
    if site_ids is not None:
        rows = rows.filter(site_id__in=site_ids)
    url = _list_url("approvals:queue", None, {})
    return _item("approvals_pending", _("Awaiting my approval"), rows, url)


def _item(key: str, label: str, rows, url: str) -> dict:
    """Count and first rows: two queries."""
    first = [{"text": str(row), "url": _detail_url(row)} for row in rows[:OPEN_ITEM_ROWS]]
    return {"key": key, "label": label, "count": rows.count(), "rows": first, "url": url}


def _detail_url(obj) -> str | None:
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    try:
        return reverse(url_name(type(obj), "detail"), args=[obj.pk])
    except NoReverseMatch:
        return None


def _list_url(name: str, site_code: str | None, query: dict) -> str:
    """A list page's URL with ``query`` (and the site when the dashboard names one)."""
    query = {**query, **({"site": site_code} if site_code else {})}
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)
