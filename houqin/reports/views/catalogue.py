"""The metric catalogue: every figure the system computes, what it counts, its values by year."""

from __future__ import annotations

from operator import itemgetter

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.exports import ledger_workbook, xlsx_response
from houqin.core.inputs import chosen_year
from houqin.core.models import Site
from houqin.core.permissions import sites_with_perm
from houqin.core.tables import Column, Table
from houqin.reports.queries import REPORT_PERM
from houqin.reports.registry import Metric, all_metrics, compute, year_bounds
from houqin.reports.render import MODULE_LABELS, format_value, shown_unit
from houqin.reports.views.scope import report_scope

YEARS_SHOWN = 5
EARLIEST = 1990
NO_DATA = "—"
KIND_LABELS = {
    "count": gettext_lazy("count"),
    "yuan": gettext_lazy("amount of money"),
    "rate": gettext_lazy("rate"),
    "grade": gettext_lazy("grade"),
}


def values_by_year(*, site_ids: list[int] | None, years: list[int]) -> dict[int, dict]:
    """Every metric's value for each year: one ``compute`` per year, whatever the metrics."""
    return {year: compute(site_ids=site_ids, **_bounds(year)) for year in years}


def _bounds(year: int) -> dict:
    start, end = year_bounds(year)
    return {"start": start, "end": end}


def _has_data(values: dict, module: str) -> bool:
    """Whether any metric of ``module`` has a value other than none or zero: a year without a
    record of the module shows "—", not zeros it never counted."""
    return any(
        value is not None and value != 0
        for key, value in values.items()
        if key.split(".", 1)[0] == module
    )


def _cell(metric: Metric, value, has_data: bool) -> str:
    if not has_data or value is None:
        return NO_DATA
    return format_value(value, metric.kind, metric.display)


def _matches(row: dict, query: str) -> bool:
    text = " ".join((row["key"], row["label"], row["definition"], row["unit"]))
    return query.casefold() in text.casefold()


def _row(metric: Metric, by_year: dict[int, dict], present: dict) -> dict:
    """One metric's line: what it is, and its text in each year."""
    return {
        "key": metric.key,
        "module": metric.module,
        "label": str(metric.label),
        "definition": str(metric.definition),
        "unit": str(shown_unit(metric, str(metric.unit))),
        "kind": str(KIND_LABELS.get(metric.kind, metric.kind)),
        "values": [
            _cell(metric, values.get(metric.key), present[(year, metric.module)])
            for year, values in by_year.items()
        ],
    }


def catalogue_groups(*, by_year: dict[int, dict], query: str = "") -> list[dict]:
    """The metrics matching ``query`` grouped by module, in the order of the module labels."""
    modules = {m.module for m in all_metrics()}
    present = {(y, m): _has_data(v, m) for y, v in by_year.items() for m in modules}
    rows = [_row(metric, by_year, present) for metric in all_metrics()]
    rows = [row for row in rows if not query or _matches(row, query)]
    order = [*MODULE_LABELS, *sorted(modules - set(MODULE_LABELS))]
    groups = []
    for module in order:
        found = [row for row in rows if row["module"] == module]
        if found:
            label = str(MODULE_LABELS.get(module, module))
            groups.append({"module": module, "label": label, "rows": found})
    return groups


class CatalogueTable(Table):
    """The catalogue as a ledger: its columns are set per export (one per year shown)."""

    def __init__(self, rows, years: list[int]):
        super().__init__(rows)
        self.columns = [
            Column(_("Module"), itemgetter("module_label"), width=12),
            Column(_("Key"), itemgetter("key"), width=30),
            Column(_("Metric"), itemgetter("label"), width=26),
            Column(_("Definition"), itemgetter("definition"), width=60),
            Column(_("Unit"), itemgetter("unit"), width=10),
            Column(_("Kind"), itemgetter("kind"), width=10),
            *(
                Column(str(year), _year_value(i), width=12, numeric=True)
                for i, year in enumerate(years)
            ),
        ]


def _year_value(index: int):
    # Figures without thousands separators, so that the ledger holds numbers that add up.
    return lambda row: row["values"][index].replace(",", "")


def _export(groups: list[dict], years: list[int], site: Site | None, query: str):
    rows = [{**row, "module_label": g["label"]} for g in groups for row in g["rows"]]
    filters = [
        (_("Site"), site.name if site else _("All my sites")),
        (_("Years"), f"{years[0]}–{years[-1]}"),
        *([(_("Search"), query)] if query else []),
    ]
    wb = ledger_workbook(CatalogueTable(rows, years), title=_("Metric catalogue"), filters=filters)
    return xlsx_response(wb, f"metrics-{years[-1]}.xlsx")


def _sites(user) -> list[Site]:
    """The sites the user may choose in the catalogue's site list."""
    allowed = sites_with_perm(user, REPORT_PERM)
    sites = Site.objects.all() if allowed is None else Site.objects.filter(pk__in=allowed)
    return list(sites.order_by("code"))


def _export_url(request) -> str:
    params = request.GET.copy()
    params["export"] = "xlsx"
    return "?" + params.urlencode()


@login_required
def catalogue(request):
    """Every metric by module: key, label, definition, unit, kind and the figures of the five
    years up to the chosen one, for the chosen site (or all the user's sites)."""
    site_ids, site = report_scope(request)
    year = chosen_year(request, earliest=EARLIEST)
    query = request.GET.get("q", "").strip()[:100]
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    by_year = values_by_year(site_ids=site_ids, years=years)
    groups = catalogue_groups(by_year=by_year, query=query)
    if request.GET.get("export") == "xlsx":
        return _export(groups, years, site, query)
    context = {
        "title": _("Metric catalogue"),
        "groups": groups,
        "count": sum(len(g["rows"]) for g in groups),
        "years": years,
        "year": year,
        "site": site,
        "sites": _sites(request.user),
        "query": query,
        "switcher_site": request.site,
        "export_url": _export_url(request),
    }
    return render(request, "reports/catalogue.html", context)
