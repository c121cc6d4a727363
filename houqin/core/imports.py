"""All-or-nothing import of an Excel ledger: every row is checked first, errors are reported by
row number, and nothing is saved unless every row is good."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 60  # a ledger has a dozen columns; a sheet may claim 16,384


class ImportRejected(Exception):
    """The file cannot be imported; ``errors`` lists what is wrong, row by row."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ImportColumn:
    """A column of the ledger: its key, the header texts it is recognised by, and whether a
    value is required."""

    key: str
    headers: tuple[str, ...]
    required: bool = True


@dataclass
class ImportRow:
    """One data row: its row number in the sheet and its values by column key."""

    number: int
    values: dict = field(default_factory=dict)


def cell_text(value) -> str:
    """A cell's value as text (dates as ISO dates, whole numbers without a decimal point)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _open_sheet(upload):
    from openpyxl import load_workbook

    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportRejected(
            [
                _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                }
            ]
        )
    try:
        upload.seek(0)
        wb = load_workbook(upload, read_only=True, data_only=True)
        return wb.worksheets[0]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError) as exc:
        raise ImportRejected(
            [_("The file is not an Excel workbook (.xlsx) that can be read.")]
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportRejected(
            [_("The file is not an Excel workbook (.xlsx) that can be read.")]
        ) from exc


def _header_map(rows: list[tuple], columns: list[ImportColumn]) -> tuple[int, dict[str, int]]:
    wanted = {h.strip().lower(): c.key for c in columns for h in c.headers}
    for index, row in enumerate(rows):
        found = {}
        for pos, value in enumerate(row):
            key = wanted.get(cell_text(value).lower())
            if key and key not in found:
                found[key] = pos
        if found:
            missing = [c for c in columns if c.required and c.key not in found]
            if missing:
                raise ImportRejected(
                    [
                        _("Row %(row)d: required column “%(col)s” is missing.")
                        % {"row": index + 1, "col": m.headers[0]}
                        for m in missing
                    ]
                )
            return index, found
    raise ImportRejected(
        [_("No header row was found in the first %(n)d rows.") % {"n": HEADER_SEARCH_ROWS}]
    )


def read_rows(upload, columns: list[ImportColumn]) -> list[ImportRow]:
    """Read the first sheet into rows keyed by column; blank rows are skipped."""
    ws = _open_sheet(upload)
    try:
        raw = list(
            ws.iter_rows(
                values_only=True, max_row=settings.IMPORT_MAX_ROWS + 20, max_col=MAX_COLUMNS
            )
        )
    except Exception as exc:  # a damaged sheet part
        raise ImportRejected(
            [_("The file is not an Excel workbook (.xlsx) that can be read.")]
        ) from exc
    header_index, positions = _header_map(raw[:HEADER_SEARCH_ROWS], columns)
    rows = []
    for index, row in enumerate(raw[header_index + 1 :], start=header_index + 2):
        values = {
            key: cell_text(row[pos]) if pos < len(row) else "" for key, pos in positions.items()
        }
        if any(values.values()):
            rows.append(ImportRow(number=index, values=values))
    if not rows:
        raise ImportRejected([_("The file has no data rows.")])
    if len(rows) > settings.IMPORT_MAX_ROWS:
        raise ImportRejected(
            [_("The file has more than %(n)d rows; split it.") % {"n": settings.IMPORT_MAX_ROWS}]
        )
    return rows


def check_rows(rows: list[ImportRow], check: Callable[[ImportRow], object]) -> list:
    """Run ``check`` on every row; collect its errors with row numbers; return the results only
    if every row passed."""
    from django.core.exceptions import ValidationError

    results, errors = [], []
    for row in rows:
        try:
            results.append(check(row))
        except ValidationError as exc:
            for message in _messages(exc):
                errors.append(
                    _("Row %(row)d: %(message)s") % {"row": row.number, "message": message}
                )
    if errors:
        raise ImportRejected(errors)
    return results


def _messages(exc) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            f"{field}: {m}" if field != "__all__" else str(m)
            for field, errs in exc.message_dict.items()
            for m in errs
        ]
    return list(exc.messages)
