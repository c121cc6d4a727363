"""Pages of the consumption subject: use and cost by month, building, department and meter (with
the month chart against the year before); the yearly energy statistics in the units of the
public-institution statistics; the savings of electricity, water and office supplies. Each
table exports to the Excel ledger, and each figure links to the readings it adds up."""

from __future__ import annotations

import json
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.exports import ledger_workbook, xlsx_response
from houqin.core.generic import RestrictedView
from houqin.core.inputs import chosen_year, is_site_code
from houqin.core.models import Site
from houqin.core.permissions import sites_with_perm
from houqin.energy.choices import ENERGY_UNITS, EnergyType
from houqin.energy.models import Reading
from houqin.energy.queries.consumption import (
    change,
    consumption_by,
    energy_totals,
    factors_for,
    kgce_of,
    savings,
)
from houqin.energy.tables.consumption import (
    ConsumptionTable,
    MonthTable,
    SavingsTable,
    StatisticsTable,
    signed_percent,
)

VIEW_PERM = "energy.view_reading"
# The grouped tables of the consumption page: grouping, title, label of the group column.
TABLES = (
    ("building", gettext_lazy("Use by building"), gettext_lazy("building")),
    ("department", gettext_lazy("Use by department"), gettext_lazy("department")),
    ("meter", gettext_lazy("Use by meter"), gettext_lazy("meter")),
)


def ledger_url(first: date, last: date, *, main_only: bool = True, **params) -> str:
    """The readings ledger filtered to exactly the readings a figure adds: counted ones whose
    use falls from ``first`` to ``last`` (of main meters only unless ``main_only`` is off)."""
    try:
        base = reverse("energy:reading_list")
    except NoReverseMatch:  # the ledger is not there: the figures stay unlinked
        return ""
    query = {
        **{k: v for k, v in params.items() if v not in (None, "")},
        "used_on_after": first.isoformat(),
        "used_on_before": last.isoformat(),
        "counted": "true",
    }
    if main_only:
        query["main_only"] = "true"
    return f"{base}?{urlencode(query)}"


def year_ledger_url(year: int, **params) -> str:
    return ledger_url(date(year, 1, 1), date(year, 12, 31), **params)


def _site_code(request) -> str | None:
    """The site the figures are narrowed to (``?site=`` or the switcher), for the links."""
    code = request.GET.get("site")
    if code:
        return code
    site = getattr(request, "site", None)
    return site.code if site is not None else None


class EnergyPage(RestrictedView):
    """A yearly energy page for those who may see readings, at the sites where they may."""

    queryset = Reading.objects.all()
    template_name = ""
    export_names: tuple[str, ...] = ()

    def get(self, request):
        self.year = chosen_year(request)
        self.site_ids = self.scope()
        export = request.GET.get("export")
        if export and export in self.export_names:
            return self.export(export)
        if export:
            messages.error(request, _("There is no such table to export."))
        return render(request, self.template_name, self.context())

    def scope(self) -> list[int] | None:
        """The user's sites with readings, narrowed by the switcher or ``?site=code``; a site
        the user may not see is a 404."""
        allowed = sites_with_perm(self.request.user, VIEW_PERM)
        code = self.request.GET.get("site")
        if code:
            site = Site.objects.filter(code=code).first() if is_site_code(code) else None
            if site is None or (allowed is not None and site.pk not in allowed):
                raise Http404(_("No such site, or you may not see it."))
            return [site.pk]
        chosen = self.request.site
        if chosen is not None:
            return [chosen.pk] if allowed is None or chosen.pk in allowed else []
        return None if allowed is None else sorted(allowed)

    def export_url(self, name: str, **extra) -> str:
        query = {"year": self.year, **extra, "export": name}
        if self.request.GET.get("site"):
            query["site"] = self.request.GET["site"]
        return "?" + urlencode(query)

    def workbook(self, table, title, filters: list[tuple[str, str]], name: str):
        filters = [(_("Year"), str(self.year)), *filters]
        wb = ledger_workbook(table, title=str(title), filters=filters)
        return xlsx_response(wb, f"{name}-{self.year}.xlsx")

    def base_context(self, title: str) -> dict:
        return {"title": title, "year": self.year, "site_code": self.request.GET.get("site", "")}


class ConsumptionView(EnergyPage):
    """Use, cost and standard coal of one energy type by month (against the year before),
    building, department and meter."""

    template_name = "energy/consumption.html"
    export_names = ("month", *(by for by, _title, _label in TABLES))

    def get(self, request):
        self.energy_type = self.chosen_type()
        return super().get(request)

    def chosen_type(self) -> str:
        raw = self.request.GET.get("energy_type", "")
        if raw in EnergyType.values:
            return raw
        if raw:
            messages.error(self.request, _("Choose one of the energy types."))
        return EnergyType.ELECTRICITY.value

    def rows(self, by: str) -> list[dict]:
        rows = consumption_by(
            site_ids=self.site_ids,
            start=date(self.year, 1, 1),
            end=date(self.year + 1, 1, 1),
            by=by,
            energy_type=self.energy_type,
        )
        for row in rows:
            row["type_label"] = EnergyType(row["energy_type"]).label
            row["url"] = year_ledger_url(self.year, **self.link_params(by, row))
        return rows

    def link_params(self, by: str, row: dict) -> dict:
        """The ledger filter of a row: department and meter rows count sub-meters too."""
        params = {"energy_type": row["energy_type"], "site": _site_code(self.request)}
        if by == "building":
            params["building"] = row["key"]
        elif by == "department":
            params.update(department=row["key"], main_only=False)
        elif by == "meter":
            params.update(meter=row["label"].split(" ", 1)[0], main_only=False)
        return params

    def month_rows(self) -> list[dict]:
        """The twelve months of the year beside the year before (two grouped queries)."""
        this = {row["key"]: row for row in self.rows_of(self.year)}
        last = {row["key"]: row for row in self.rows_of(self.year - 1)}
        return [self.month_row(month, this, last) for month in range(1, 13)]

    def rows_of(self, year: int) -> list[dict]:
        rows = consumption_by(
            site_ids=self.site_ids,
            start=date(year, 1, 1),
            end=date(year + 1, 1, 1),
            by="month",
            energy_type=self.energy_type,
        )
        return [{**row, "key": row["label"][5:7]} for row in rows]

    def month_row(self, month: int, this: dict, last: dict) -> dict:
        key = f"{month:02d}"
        now, before = this.get(key, {}), last.get(key, {})
        use, last_use = now.get("use"), before.get("use")
        first = date(self.year, month, 1)
        last_day = date(self.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        site = _site_code(self.request)
        url = ledger_url(first, last_day, energy_type=self.energy_type, site=site)
        return {
            "label": f"{self.year}-{key}",
            "use": use,
            "last_use": last_use,
            "change": change(use, last_use) if use is not None else None,
            "cost": now.get("cost"),
            "kgce": now.get("kgce"),
            "url": url,
        }

    def context(self) -> dict:
        months = self.month_rows()
        unit = ENERGY_UNITS[self.energy_type]
        return {
            **self.base_context(_("Energy and water use")),
            "energy_type": self.energy_type,
            "energy_types": EnergyType.choices,
            "unit": unit,
            "totals": self.totals(months),
            "month_table": MonthTable(months),
            "month_export": self.export_url("month", energy_type=self.energy_type),
            "chart": json.dumps(month_chart(months, self.year), ensure_ascii=False),
            "tables": [
                (by, title, ConsumptionTable(self.rows(by), label), self.export_of(by))
                for by, title, label in TABLES
            ],
        }

    def totals(self, months: list[dict]) -> dict:
        """The year's figures; standard coal converted from the year's use, as the statistics
        page does, not added from rounded months."""
        totals = _month_totals(months)
        factor = factors_for(self.year).get(self.energy_type)
        totals["kgce"] = kgce_of(totals["use"], factor)
        return totals

    def export_of(self, by: str) -> str:
        return self.export_url(by, energy_type=self.energy_type)

    def export(self, name: str):
        filters = [(_("Energy type"), str(EnergyType(self.energy_type).label))]
        if name == "month":
            return self.workbook(MonthTable(self.month_rows()), _("Use by month"), filters, name)
        title, label = next((t, lab) for by, t, lab in TABLES if by == name)
        return self.workbook(ConsumptionTable(self.rows(name), label), title, filters, name)


def _month_totals(months: list[dict]) -> dict:
    def total(key):
        values = [row[key] for row in months if row[key] is not None]
        return sum(values) if values else None

    use, last_use = total("use"), total("last_use")
    return {
        "use": use,
        "last_use": last_use,
        "cost": total("cost"),
        "change": signed_percent(change(use, last_use)) if use is not None else None,
    }


def month_chart(rows: list[dict], year: int) -> dict:
    """An ECharts option: this year's and last year's use per month as bars."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "grid": {"containLabel": True, "left": 8, "right": 8},
        "xAxis": {"type": "category", "data": [row["label"][5:] for row in rows]},
        "yAxis": {"type": "value"},
        "series": [
            {"type": "bar", "name": str(year), "data": [_point(r["use"]) for r in rows]},
            {"type": "bar", "name": str(year - 1), "data": [_point(r["last_use"]) for r in rows]},
        ],
    }


def _point(value) -> float | None:
    return None if value is None else float(value)


class StatisticsView(EnergyPage):
    """The year's energy statistics: use per type, standard coal, intensities, year on year,
    budget against actual, and the factors used with their source."""

    template_name = "energy/statistics.html"
    export_names = ("types",)

    def totals(self) -> dict:
        totals = energy_totals(site_ids=self.site_ids, year=self.year)
        for row in totals["types"]:
            row["url"] = year_ledger_url(
                self.year, energy_type=row["energy_type"], site=_site_code(self.request)
            )
        return totals

    def context(self) -> dict:
        totals = self.totals()
        return {
            **self.base_context(_("Energy statistics")),
            "totals": totals,
            "kgce_change": signed_percent(totals["kgce_change"]),
            "cost_change": signed_percent(totals["cost_change"]),
            "not_in_total": [str(t["label"]) for t in totals["types"] if not t["in_total"]],
            "table": StatisticsTable(totals["types"]),
            "export_url": self.export_url("types"),
        }

    def export(self, name: str):
        table = StatisticsTable(self.totals()["types"])
        return self.workbook(table, _("Energy statistics"), [], "energy-statistics")


class SavingsView(EnergyPage):
    """Last year's cost, this year's and the saving, for electricity, water and office
    supplies, and the total (节约费用)."""

    template_name = "energy/savings.html"
    export_names = ("savings",)

    def rows(self) -> tuple[dict, list[dict]]:
        result = savings(site_ids=self.site_ids, year=self.year)
        labels = {
            "electricity": EnergyType.ELECTRICITY.label,
            "water": EnergyType.WATER.label,
            "supplies": gettext_lazy("office supplies"),
            "total": gettext_lazy("total"),
        }
        rows = [{**result[key], "key": key, "label": label} for key, label in labels.items()]
        for row in rows[:2]:
            row["url"] = year_ledger_url(
                self.year, energy_type=row["key"], site=_site_code(self.request)
            )
        return result, rows

    def context(self) -> dict:
        result, rows = self.rows()
        return {
            **self.base_context(_("Running costs saved")),
            "result": result,
            "table": SavingsTable(rows),
            "export_url": self.export_url("savings"),
        }

    def export(self, name: str):
        return self.workbook(SavingsTable(self.rows()[1]), _("Running costs saved"), [], name)


urlpatterns = [
    path("consumption/", ConsumptionView.as_view(), name="consumption"),
    path("statistics/", StatisticsView.as_view(), name="statistics"),
    path("savings/", SavingsView.as_view(), name="savings"),
]
