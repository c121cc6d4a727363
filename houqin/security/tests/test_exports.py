"""The visitor ledger exported to Excel (登记台帐): the layout an office prints, text only."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from houqin.core.testing import resident_id
from houqin.security.tables.visitors import VisitTable
from houqin.security.tests.helpers import blacklist, check_in, login, shanghai

pytestmark = pytest.mark.django_db

LEDGER = reverse("security:visit_list")
MARCH = {"date_after": "2006-03-01", "date_before": "2006-03-31"}


@pytest.fixture
def visits(personas):
    """Three March visits at the main site (one with a formula as organisation), one in April,
    one at the other site in March."""
    march = [
        check_in(
            personas.site,
            personas.guard,
            at=shanghai(2006, 3, 1 + i, 9, i),
            seq=10 + i,
            name=f"三月{i}",
            organisation=org,
            phone="13812345678",
        )
        for i, org in enumerate(["=1+2", "@SUM(A1:A2)", "+cmd|' /C calc'!A0"])
    ]
    april = check_in(personas.site, personas.guard, at=shanghai(2006, 4, 2, 9, 0), seq=20)
    elsewhere = check_in(
        personas.other_site, personas.outsider, at=shanghai(2006, 3, 5, 9, 0), seq=30
    )
    return march, april, elsewhere


def export(client, **params):
    response = client.get(LEDGER, {**params, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content)).active


def data_rows(ws):
    return [row for row in ws.iter_rows(min_row=4) if any(c.value for c in row)]


def test_ledger_has_title_filter_and_header_rows(personas, visits):
    ws = export(login(personas.duty), **MARCH)

    assert ws["A1"].value == "Visitor ledger"
    filter_text = ws["A2"].value
    assert filter_text.startswith("Filter:")
    assert "Date" in filter_text
    assert "2006-03-01" in filter_text and "2006-03-31" in filter_text
    assert "Printed:" in filter_text
    header = [c.value for c in ws[3] if c.value]
    assert header == [str(c.label) for c in VisitTable.base_columns.values()]
    assert header[:4] == ["No.", "Visitor", "ID type", "ID number"]


def test_ledger_without_filter_says_all_records(personas, visits):
    ws = export(login(personas.duty))
    assert "all records" in ws["A2"].value
    assert len(data_rows(ws)) == 4  # every main-site visit, none of the other site


def test_ledger_has_one_row_per_visit_matching_the_filter(personas, visits):
    march, _april, _elsewhere = visits
    ws = export(login(personas.duty), **MARCH)

    rows = data_rows(ws)
    numbers = sorted(row[0].value for row in rows)
    assert numbers == sorted(v.number for v in march)
    names = {row[1].value for row in rows}
    assert names == {"三月0", "三月1", "三月2"}


def test_ledger_filter_by_status_is_described_and_applied(personas, visits):
    number = resident_id(seq=77)
    blacklist(personas.site, personas.secadmin, number)
    refused = check_in(
        personas.site, personas.guard, at=shanghai(2006, 3, 9, 9, 0), id_number=number
    )
    ws = export(login(personas.duty), status="refused")

    assert "refused entry" in ws["A2"].value
    assert [row[0].value for row in data_rows(ws)] == [refused.number]


def test_ledger_shows_id_and_phone_numbers_masked(personas, visits):
    _march, _april, _elsewhere = visits
    ws = export(login(personas.secadmin), **MARCH)

    id_column = [c.value for c in ws[3]].index("ID number")
    phone_column = [c.value for c in ws[3]].index("Phone")
    all_text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for i in range(3):
        number = resident_id(seq=10 + i)
        assert number not in all_text
    for row in data_rows(ws):
        assert "********" in row[id_column].value
        assert row[phone_column].value == "138****5678"


def test_every_ledger_cell_is_text_so_no_formula_can_run(personas, visits):
    ws = export(login(personas.duty), **MARCH)

    organisations = set()
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            if cell.value in (None, ""):
                continue
            assert cell.data_type == "s", (cell.coordinate, cell.value, cell.data_type)
            assert isinstance(cell.value, str)
    org_column = [c.value for c in ws[3]].index("Organisation")
    organisations = {row[org_column].value for row in data_rows(ws)}
    assert organisations == {"=1+2", "@SUM(A1:A2)", "+cmd|' /C calc'!A0"}
    companions_column = [c.value for c in ws[3]].index("Companions")
    assert {row[companions_column].data_type for row in data_rows(ws)} == {"s"}


def test_ledger_prints_landscape_with_the_title_rows_repeated(personas, visits):
    ws = export(login(personas.duty), **MARCH)

    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows in ("1:3", "$1:$3")
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.freeze_panes == "A4"


def test_export_of_an_invalid_filter_is_empty_not_everything(personas, visits):
    ws = export(login(personas.duty), date_after="not-a-date")
    assert data_rows(ws) == []
