"""The Excel ledger (台帐): the list table written to .xlsx in the layout offices print."""

from __future__ import annotations

from copy import copy
from decimal import Decimal, InvalidOperation
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from houqin.core.tables import Table

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _text_cell(ws, row: int, col: int, value: str, **style):
    """Write ``value`` as a text cell: never a formula, whatever it starts with."""
    cell = ws.cell(row=row, column=col)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except (InvalidOperation, ValueError):
        return False
    return Decimal(text).is_finite()


def _number_cell(ws, row: int, col: int, value: str, **style):
    """Write the text of a numeric column as a number, so the ledger can be summed."""
    cell = ws.cell(row=row, column=col)
    number = Decimal(value)
    cell.value = int(number) if number == number.to_integral_value() else float(number)
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def ledger_workbook(table: Table, *, title: str, filters: list[tuple[str, str]]) -> Workbook:
    """Build the ledger: a title row, the filter in force, the header row and the rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ncols = len(table.columns)
    _text_cell(
        ws, 1, 1, title, font=Font(bold=True, size=16), alignment=Alignment(horizontal="center")
    )
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(ncols, 1))
    described = "；".join(f"{label}：{value}" for label, value in filters) or _("all records")
    printed = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    _text_cell(
        ws,
        2,
        1,
        _("Filter: %(filters)s    Printed: %(printed)s")
        % {"filters": described, "printed": printed},
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(ncols, 1))
    header = Font(bold=True)
    for col, column in enumerate(table.columns, start=1):
        _text_cell(
            ws,
            3,
            col,
            str(column.label),
            font=header,
            border=_BORDER,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        ws.column_dimensions[get_column_letter(col)].width = column.width
    row_no = _write_body(ws, table)
    _print_setup(ws, last_row=row_no, ncols=ncols)
    return wb


def _write_body(ws, table: Table) -> int:
    """The rows, each cell taking a copy of one prepared style (openpyxl hashes a style set
    attribute by attribute, which costs seconds over a ledger of tens of thousands of rows).
    Returns the last row written (3 when there is none)."""
    style = _text_cell(
        ws, 4, 1, "", border=_BORDER, alignment=Alignment(vertical="top", wrap_text=True)
    )._style
    row_no = 3
    for row_no, (_row, _css, cells) in enumerate(table.body(), start=4):
        for col, (column, text) in enumerate(cells, start=1):
            if column.numeric and _is_number(text):
                cell = _number_cell(ws, row_no, col, text)
            else:
                cell = _text_cell(ws, row_no, col, text)
            cell._style = copy(style)
    if row_no == 3:
        del ws._cells[(4, 1)]  # the style's probe: the ledger has no rows
    return row_no


def _print_setup(ws, *, last_row: int, ncols: int) -> None:
    """A4 landscape, fit to the page width, header rows repeated, page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:3"
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.oddFooter.center.text = _("Page &P of &N")
    ws.freeze_panes = "A4"
    if last_row >= 3 and ncols:
        ws.print_area = f"A1:{get_column_letter(ncols)}{last_row}"


def xlsx_response(wb: Workbook, filename: str) -> HttpResponse:
    """Send a workbook as a download."""
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
