# ruff: noqa: F811  (fixtures imported from the helpers are arguments here)
"""Import of readings from Excel: all or nothing, every bad row named, garbage refused."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from houqin.core.testing import xlsx_bytes
from houqin.energy.models import Reading
from houqin.energy.tests.helpers_energy import fm, meter, tech  # noqa: F401

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HEADER = ["表号", "抄表时间", "读数", "备注"]


def upload(rows, title_rows=1):
    data = xlsx_bytes([HEADER, *rows], title_rows=title_rows).read()
    return SimpleUploadedFile("readings.xlsx", data)


def test_import_all_rows(client, personas, fm):
    meter(personas.site)
    rows = [
        ["E-01", "2006-03-01 08:00", 100, ""],
        ["E-01", datetime(2006, 3, 2, 8, 0), 112.5, "Excel date"],
        ["E-01", "38779.3333333333", 120, "serial"],  # 2006-03-03 08:00
    ]
    client.force_login(fm)
    response = client.post("/energy/readings/import/", {"file": upload(rows)}, **EN)
    assert response.status_code == 302, response.content.decode()[-3000:]
    values = list(Reading.objects.order_by("read_at").values_list("consumption", flat=True))
    assert values == [None, Decimal("12.500"), Decimal("7.500")]
    assert Reading.objects.filter(source="import").count() == 3


def test_one_bad_row_changes_nothing_and_is_named(client, personas, fm):
    meter(personas.site)
    rows = [
        ["E-01", "2006-03-01 08:00", 100, ""],
        ["E-01", "2006-03-02 08:00", "lots", ""],
        ["E-01", "2006-03-03 08:00", 120, ""],
        ["E-99", "2006-03-04 08:00", 130, ""],
    ]
    client.force_login(fm)
    response = client.post("/energy/readings/import/", {"file": upload(rows)}, **EN)
    assert response.status_code == 400
    assert b"Row 4:" in response.content and b"Row 6:" in response.content
    assert b"Row 3:" not in response.content and b"Row 5:" not in response.content
    assert not Reading.objects.exists()
    later = [["E-01", "2006-03-01 08:00", 100, ""], ["E-01", "2099-03-01 08:00", 101, ""]]
    response = client.post("/energy/readings/import/", {"file": upload(later)}, **EN)
    assert response.status_code == 400 and b"Row 4:" in response.content
    assert not Reading.objects.exists()


def test_garbage_refused_and_template(client, personas, fm, tech):
    client.force_login(fm)
    garbage = SimpleUploadedFile("x.xlsx", b"not a workbook at all")
    assert client.post("/energy/readings/import/", {"file": garbage}).status_code == 400
    template = client.get("/energy/readings/import/?template=1")
    assert template.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(template.content)).active
    assert [c.value for c in sheet[1]] == HEADER
    client.force_login(tech)
    assert client.post("/energy/readings/import/", {"file": upload([])}).status_code == 403
