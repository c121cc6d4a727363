"""The savings statistics: grouped figures, the report's metrics, the page and its exports."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from houqin.procurement.choices import Method
from houqin.procurement.queries.savings import savings_rows, savings_totals
from houqin.procurement.tests.helpers_savings import *  # noqa: F403  (fixtures)
from houqin.procurement.tests.helpers_savings import make_project
from houqin.reports.registry import compute, year_bounds

D = Decimal
URL = reverse("procurement:savings")
YEAR_2006 = {"start": date(2006, 1, 1), "end": date(2007, 1, 1)}


def rows(site, by: str, **kw) -> dict:
    found = savings_rows(site_ids=[site.pk], by=by, **YEAR_2006, **kw)
    return {row["key"]: row for row in found}


def figures(row) -> tuple:
    return (row["orders"], row["budget"], row["contract"], row["savings"])


# --- queries -----------------------------------------------------------------------------------


def test_totals_count_only_the_orders_of_the_year_and_site(personas, savings):
    totals = savings_totals(site_ids=[personas.site.pk], **YEAR_2006)
    assert figures(totals) == (4, D("380000.00"), D("335500.50"), D("44499.50"))
    assert totals["rate"] == D("44499.50") / D("380000.00")
    everywhere = savings_totals(site_ids=None, **YEAR_2006)
    assert figures(everywhere) == (5, D("420000.00"), D("365500.50"), D("54499.50"))


def test_rows_by_method_in_the_laws_order(personas, savings):
    found = savings_rows(site_ids=[personas.site.pk], by="method", **YEAR_2006)
    assert [row["key"] for row in found] == [
        Method.PUBLIC_TENDER,
        Method.NEGOTIATION,
        Method.QUOTATION,
    ]
    tender = found[0]
    assert figures(tender) == (2, D("300000.00"), D("258000.00"), D("42000.00"))
    assert tender["rate"] == D("0.14")
    assert tender["label"] == str(Method.PUBLIC_TENDER.label)
    assert found[1]["rate"] == 0  # contract equals the budget: nothing saved


def test_rows_by_department_and_filter(personas, savings):
    by_dept = rows(personas.site, "department")
    assert figures(by_dept[savings.office.pk]) == (2, D("150000.00"), D("135500.50"), D("14499.50"))
    assert figures(by_dept[savings.works.pk]) == (2, D("230000.00"), D("200000.00"), D("30000.00"))
    assert by_dept[savings.works.pk]["label"] == "基建科"
    only = rows(personas.site, "method", department_id=savings.works.pk)
    assert set(only) == {Method.PUBLIC_TENDER, Method.NEGOTIATION}


def test_rows_by_year_month_and_project(personas, savings):
    years = savings_rows(
        site_ids=[personas.site.pk], by="year", start=date(2005, 1, 1), end=date(2008, 1, 1)
    )
    assert [(r["key"], r["orders"], r["budget"]) for r in years] == [
        (2005, 1, D("11111.00")),
        (2006, 4, D("380000.00")),
        (2007, 1, D("22222.00")),
    ]
    months = rows(personas.site, "month")
    assert sorted(months) == [date(2006, 3, 1), date(2006, 7, 1), date(2006, 12, 1)]
    assert figures(months[date(2006, 3, 1)]) == (2, D("150000.00"), D("135500.50"), D("14499.50"))
    assert months[date(2006, 3, 1)]["label"] == "2006-03"
    projects = rows(personas.site, "project")
    assert len(projects) == 4 and all(row["orders"] == 1 for row in projects.values())


def test_no_orders_gives_zero_sums_and_no_rate(personas, savings):
    empty = savings_totals(
        site_ids=[personas.site.pk], start=date(2010, 1, 1), end=date(2011, 1, 1)
    )
    assert figures(empty) == (0, D("0.00"), D("0.00"), D("0.00")) and empty["rate"] is None
    with pytest.raises(ValueError):
        savings_rows(site_ids=None, by="supplier", **YEAR_2006)


def test_grouped_rows_take_one_query(personas, savings, django_assert_num_queries):
    for by in ("project", "method", "department", "year", "month"):
        with django_assert_num_queries(1):
            savings_rows(site_ids=[personas.site.pk], by=by, **YEAR_2006)


# --- metrics through the annual report ---------------------------------------------------------


def test_annual_json_gives_the_exact_figures_of_one_site(api, personas, savings):
    api.force_authenticate(personas.leader)
    response = api.get("/api/reports/annual/", {"year": 2006, "site": "main"})
    assert response.status_code == 200
    metrics = {k: v["value"] for k, v in response.json()["metrics"].items()}
    assert metrics["procurement.orders"] == 4
    assert metrics["procurement.budget_yuan"] == 380000
    assert metrics["procurement.contract_yuan"] == 335501  # 335,500.50 rounded half up
    assert metrics["procurement.savings_yuan"] == 44500
    assert metrics["procurement.savings_rate"] == round(44499.5 / 380000, 4) == 0.1171
    assert response.json()["metrics"]["procurement.orders"]["unit"]


def test_metrics_of_every_site_include_the_other_one(personas, savings):
    values = compute(site_ids=None, **dict(zip(("start", "end"), year_bounds(2006), strict=True)))
    assert values["procurement.orders"] == 5
    assert values["procurement.savings_yuan"] == 54500


def test_a_year_without_orders_has_no_rate(personas, savings):
    start, end = year_bounds(2010)
    values = compute(site_ids=[personas.site.pk], start=start, end=end)
    assert values["procurement.orders"] == 0 and values["procurement.savings_rate"] is None


# --- the page ----------------------------------------------------------------------------------


def test_procurement_officer_sees_the_figures(client, personas, savings):
    client.force_login(savings.buyer)
    response = client.get(URL, {"year": 2006})
    assert response.status_code == 200
    assert response.context["totals"]["orders"] == 4
    assert response.context["totals_rate"] == D("11.7")
    html = response.content.decode()
    assert "380,000.00" in html and "44,499.50" in html and "11.7 %" in html
    assert ">14.0<" in html and "380000.00" not in html  # the tables too
    assert 'data-chart="' in html and "echarts.min.js" in html
    month_table = dict((by, table) for by, _t, table, _u in response.context["tables"])["month"]
    assert len(month_table.rows) == 12


def test_leadership_sees_the_page(client, personas, savings):
    client.force_login(personas.leader)
    assert client.get(URL, {"year": 2006}).status_code == 200


@pytest.mark.parametrize("name", ["staff", "guard", "outsider", "nobody"])
def test_other_roles_are_refused(client, personas, savings, name):
    client.force_login(getattr(personas, name))
    assert client.get(URL, {"year": 2006}).status_code == 403


def test_anonymous_goes_to_login(client, savings):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_other_sites_officer_sees_only_their_site(client, personas, savings):
    client.force_login(savings.other_buyer)
    response = client.get(URL, {"year": 2006})
    assert response.status_code == 200
    assert response.context["totals"]["orders"] == 1
    assert response.context["totals"]["budget"] == D("40000.00")
    assert client.get(URL, {"year": 2006, "site": "main"}).status_code == 404
    assert client.get(URL, {"year": 2006, "site": "nowhere"}).status_code == 404


def test_department_filter_and_bad_input(client, personas, savings):
    client.force_login(savings.buyer)
    response = client.get(URL, {"year": 2006, "department": savings.works.pk})
    assert response.context["totals"]["orders"] == 2
    other_dept = personas.other_site.department_set.first()
    for bad in ({"department": other_dept.pk}, {"department": "x²"}, {"year": "1899"}):
        response = client.get(URL, {"year": 2006, **bad})
        assert response.status_code == 200
        assert list(response.context["messages"])
    assert (
        client.get(URL, {"year": 2006, "department": other_dept.pk}).context["totals"]["orders"]
        == 4
    )


def test_page_queries_do_not_grow_with_projects(client, personas, savings):
    client.force_login(savings.buyer)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, {"year": 2006}).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request of a session loads what later ones find cached
    before = count()
    for n in range(30):
        make_project(personas.site, savings.office, "1000.00", "900.00", date(2006, 1 + n % 12, 2))
    assert count() == before <= 12


@pytest.mark.parametrize("by", ["method", "department", "month"])
def test_each_table_exports_to_excel(client, personas, savings, by):
    client.force_login(savings.buyer)
    response = client.get(URL, {"year": 2006, "export": by})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert sum(row[1] for row in values) == 4
    assert sum(D(str(row[2])) for row in values) == D("380000")
    assert len(values) == {"method": 3, "department": 2, "month": 12}[by]


def test_unknown_export_shows_the_page_with_a_message(client, personas, savings):
    client.force_login(savings.buyer)
    response = client.get(URL, {"year": 2006, "export": "suppliers"})
    assert response.status_code == 200 and list(response.context["messages"])
