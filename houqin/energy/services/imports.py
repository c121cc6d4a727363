"""Import of meter readings from an Excel ledger (抄表记录), all or nothing: every row is read
and computed first, each error is reported with its row number, and nothing is saved unless
every row is good."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.imports import ImportColumn, ImportRejected, ImportRow, check_rows, read_rows
from houqin.core.models import Site
from houqin.core.services import event_record
from houqin.energy.choices import ReadingSource
from houqin.energy.models import Meter
from houqin.energy.services.readings import readings_load

COLUMNS = [
    ImportColumn("meter", ("表号", "计量点编号", "编号", "Meter", "Meter code", "Code")),
    ImportColumn("read_at", ("抄表时间", "时间", "Read at")),
    ImportColumn("value", ("读数", "表底数", "本次读数", "Register value", "Value")),
    ImportColumn("note", ("备注", "Note"), required=False),
]
TEMPLATE_HEADERS = ["表号", "抄表时间", "读数", "备注"]
TIME_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y.%m.%d %H:%M",
    "%Y-%m-%d",
)


def parse_read_at(text: str) -> datetime:
    """A local date and time, as written or as an Excel serial number (days since 1899-12-30)."""
    if not text:
        raise ValidationError(_("The time of the reading is empty."))
    for fmt in TIME_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)  # noqa: DTZ007  (made aware below)
        except ValueError:
            continue
        if 1990 <= parsed.year <= 2100:
            return timezone.make_aware(parsed)
        break
    parsed = _excel_serial(text)
    if parsed is None:
        raise ValidationError(
            _("“%(value)s” is not a date and time like 2006-03-01 08:00.") % {"value": text}
        )
    return parsed


def _excel_serial(text: str) -> datetime | None:
    from openpyxl.utils.datetime import from_excel

    try:
        serial = float(text)
    except ValueError:
        return None
    if not 32874 <= serial <= 73051:  # 1990-01-01 … 2100-01-01
        return None
    # A serial number carries float noise (08:00 reads as 07:59:59.99…): round to the second.
    moment = (from_excel(serial) + timedelta(microseconds=500_000)).replace(microsecond=0)
    return timezone.make_aware(moment)


class _Rows:
    """The site's meters by code, read once for the whole file."""

    def __init__(self, site: Site):
        self.meters = {m.code: m for m in Meter.objects.filter(site=site)}

    def __call__(self, row: ImportRow) -> dict:
        values = row.values
        meter = self.meters.get(values["meter"])
        if meter is None:
            raise ValidationError(
                _("No meter of this site has the code “%(code)s”.") % {"code": values["meter"]}
            )
        try:
            value = Decimal(values["value"].replace(",", ""))
        except InvalidOperation as exc:
            raise ValidationError(
                _("The register value “%(value)s” is not a number.") % {"value": values["value"]}
            ) from exc
        return {
            "meter": meter,
            "read_at": parse_read_at(values["read_at"]),
            "value": value,
            "note": values.get("note", "")[:200],
            "row": row.number,
        }


def readings_import(*, site: Site, file, by) -> int:
    """Import a readings ledger into ``site``; raises ImportRejected listing every bad row."""
    rows = check_rows(read_rows(file, COLUMNS), _Rows(site))
    try:
        readings = readings_load(rows=rows, by=by, source=ReadingSource.IMPORT)
    except ValidationError as exc:
        raise ImportRejected(list(exc.messages)) from exc
    event_record(site=site, verb="import", actor=by, detail=f"{len(readings)} readings")
    return len(readings)


def template_workbook(example_code: str = "E-01"):
    """An empty ledger with the recognised headings and one example row (``example_code``: a
    meter of the user's site, so the example imports as it stands)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "readings"
    ws.append(TEMPLATE_HEADERS)
    ws.append([example_code, "2006-03-01 08:00", 12345.6, ""])
    for letter, width in zip("ABCD", (14, 20, 14, 30), strict=True):
        ws.column_dimensions[letter].width = width
    return wb
