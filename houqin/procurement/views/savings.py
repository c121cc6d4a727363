"""Procurement pages: the savings statistics of a year (节约资金、节资率) — totals, tables per
method, department and month (each exportable as an Excel ledger) and the month chart."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.exports import ledger_workbook, xlsx_response
from houqin.core.generic import RestrictedView
from houqin.core.inputs import chosen_year, is_site_code
from houqin.core.models import Department, Site
from houqin.core.permissions import sites_with_perm
from houqin.procurement.models import Project
from houqin.procurement.queries.savings import month_rows, savings_rows, savings_totals
from houqin.procurement.tables.savings import SavingsScreenTable, SavingsTable, percent
from houqin.utils.text import parse_id

VIEW_PERM = "procurement.view_project"
# The tables of the page, in order: grouping, title, label of the group column.
TABLES = (
    ("method", gettext_lazy("Savings by method"), gettext_lazy("procurement method")),
    ("department", gettext_lazy("Savings by department"), gettext_lazy("department")),
    ("month", gettext_lazy("Savings by month"), gettext_lazy("month")),
)


class SavingsView(RestrictedView):
    """Budget, contract amount, savings and savings rate of the orders signed in a year, for
    procurement staff and leadership, at the sites where they may see projects."""

    queryset = Project.objects.all()

    def get(self, request):
        year = chosen_year(request)
        site_ids = self.site_ids()
        department = self.department(site_ids)
        scope = {
            "site_ids": site_ids,
            "start": date(year, 1, 1),
            "end": date(year + 1, 1, 1),
            "department_id": department.pk if department else None,
        }
        export = request.GET.get("export")
        if export in dict((by, title) for by, title, _label in TABLES):
            return self.export(export, scope, year, department)
        if export:
            messages.error(request, _("There is no such table to export."))
        return self.page(year, site_ids, department, scope)

    def site_ids(self) -> list[int] | None:
        """The user's sites with projects, narrowed by the switcher or ``?site=code``; a site
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

    def department(self, site_ids) -> Department | None:
        """The department of ``?department=``, if it is one of these sites'; else a message."""
        raw = self.request.GET.get("department")
        if not raw:
            return None
        qs = Department.objects.all()
        if site_ids is not None:
            qs = qs.filter(site_id__in=site_ids)
        found = qs.filter(pk=parse_id(raw)).first() if parse_id(raw) else None
        if found is None:
            messages.error(self.request, _("Choose a department of the sites shown."))
        return found

    def page(self, year: int, site_ids, department, scope: dict):
        rows = {by: savings_rows(**scope, by=by) for by, _title, _label in TABLES}
        rows["month"] = month_rows(rows["month"], year)
        departments = Department.objects.order_by("name").only("pk", "name")
        if site_ids is not None:
            departments = departments.filter(site_id__in=site_ids)
        totals = savings_totals(**scope)
        context = {
            "title": _("Procurement savings"),
            "year": year,
            "totals": totals,
            "totals_rate": percent(totals["rate"]),
            "department": department,
            "departments": departments,
            "site_code": self.request.GET.get("site", ""),
            "tables": [
                (
                    by,
                    title,
                    SavingsScreenTable(rows[by], label),
                    self.export_url(by, year, department),
                )
                for by, title, label in TABLES
            ],
            "chart": json.dumps(month_chart(rows["month"]), ensure_ascii=False),
        }
        return render(self.request, "procurement/savings.html", context)

    def export_url(self, by: str, year: int, department) -> str:
        query = {"year": year, "export": by}
        if department is not None:
            query["department"] = department.pk
        if self.request.GET.get("site"):
            query["site"] = self.request.GET["site"]
        return "?" + urlencode(query)

    def export(self, by: str, scope: dict, year: int, department):
        """One table of the page as the Excel ledger, with the year and department filter."""
        title, label = next((t, lab) for key, t, lab in TABLES if key == by)
        rows = savings_rows(**scope, by=by)
        if by == "month":
            rows = month_rows(rows, year)
        filters = [(_("Year"), str(year))]
        if department is not None:
            filters.append((_("Department"), department.name))
        wb = ledger_workbook(SavingsTable(rows, label), title=str(title), filters=filters)
        return xlsx_response(wb, f"{title}-{year}.xlsx")


def month_chart(rows: list[dict]) -> dict:
    """An ECharts option: budget and contract bars per month, the savings rate as a line on a
    second (percent) axis."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "grid": {"containLabel": True, "left": 8, "right": 8},
        "xAxis": {"type": "category", "data": [row["key"].month for row in rows]},
        "yAxis": [
            {"type": "value", "name": _("yuan")},
            {"type": "value", "name": "%", "min": 0, "splitLine": {"show": False}},
        ],
        "series": [
            {"type": "bar", "name": _("Budget"), "data": [float(r["budget"]) for r in rows]},
            {"type": "bar", "name": _("Contract"), "data": [float(r["contract"]) for r in rows]},
            {
                "type": "line",
                "name": _("Savings rate (%)"),
                "yAxisIndex": 1,
                "connectNulls": True,
                "data": [_rate_point(r["rate"]) for r in rows],
            },
        ],
    }


def _rate_point(rate) -> float | None:
    value = percent(rate)
    return None if value is None else float(value)


urlpatterns = [path("savings/", SavingsView.as_view(), name="savings")]
