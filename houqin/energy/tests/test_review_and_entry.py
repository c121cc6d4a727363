# ruff: noqa: F811  (fixtures imported from the helpers are arguments here)
"""The review queue shows what a held reading would count and why; confirm and void return to
the queue; the entry form fetches the chosen meter's last counted reading and offers the next
reading of the same building; the import template's example is a meter of the user's site."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from houqin.energy.choices import FlagStatus
from houqin.energy.services.readings import reading_record
from houqin.energy.tests.helpers_energy import at, flat_tariff, fm, meter, other_fm, tech  # noqa: F401

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _held(site, by):
    m = meter(site, code="E-07", tariff=flat_tariff(site))
    for day, value in enumerate(["0", "10", "20", "30", "40"], start=1):
        reading_record(meter=m, read_at=at(f"2006-03-{day:02d}", 8), value=value, by=by)
    held = reading_record(meter=m, read_at=at("2006-03-06", 8), value="400", by=by)
    assert held.flag_status == FlagStatus.PENDING
    return m, held


def test_queue_shows_the_use_it_would_count_and_why(client, personas, fm):
    _m, held = _held(personas.site, fm)
    client.force_login(fm)
    queue = client.get("/energy/readings/review/", **EN)
    assert queue.status_code == 200
    row = next(iter(queue.context["table"].body()))
    cells = {column.name: text for column, text in row[2]}
    assert cells["would_use"] == "360"  # (400 − 40) × 1
    assert cells["flag_note"] == held.flag_note and held.flag_note


def test_confirm_and_void_return_to_the_queue(client, personas, fm):
    m, held = _held(personas.site, fm)
    client.force_login(fm)
    response = client.post(f"/energy/readings/{held.pk}/review/", **EN)
    assert response.status_code == 302 and response.url == "/energy/readings/review/"
    other = reading_record(meter=m, read_at=at("2006-03-07", 8), value="9000", by=fm)
    assert other.flag_status == FlagStatus.PENDING
    response = client.post(f"/energy/readings/{other.pk}/void/", {"reason": "抄错"}, **EN)
    assert response.status_code == 302 and response.url == "/energy/readings/review/"
    follow = client.get(response.url, **EN)
    assert b"voided" in follow.content


def test_chosen_meter_shows_its_last_counted_reading(client, personas, fm, tech, other_fm):
    m, _held_reading = _held(personas.site, fm)
    client.force_login(tech)
    form = client.get("/energy/readings/enter/")
    assert b'hx-get="/energy/readings/enter/last/"' in form.content
    card = client.get("/energy/readings/enter/last/", {"meter": m.pk})
    assert card.status_code == 200
    html = card.content.decode()
    assert "2006-03-05 08:00" in html and 'data-testid="last-value">40<' in html  # not the held
    client.force_login(other_fm)
    assert b"last-value" not in client.get("/energy/readings/enter/last/", {"meter": m.pk}).content
    client.force_login(personas.staff)
    assert client.get("/energy/readings/enter/last/", {"meter": m.pk}).status_code == 403


def test_after_saving_the_next_reading_of_the_building_is_offered(client, personas, tech, fm):
    m = meter(personas.site, code="E-08")
    meter(personas.site, code="E-09", bld=m.building)
    client.force_login(tech)
    data = {"meter": m.pk, "read_at": "2006-03-06T08:00", "value": "50"}
    response = client.post("/energy/readings/enter/", data, follow=True)
    assert b'data-testid="next-reading"' in response.content
    next_url = f"/energy/readings/enter/?building={m.building_id}"
    assert next_url.encode() in response.content
    again = client.get(next_url)
    assert set(again.context["form"].fields["meter"].queryset) == {
        m,
        m.__class__.objects.get(code="E-09"),
    }


def test_template_example_is_a_meter_of_the_site(client, personas, fm):
    meter(personas.site, code="M-100")
    client.force_login(fm)
    response = client.get("/energy/readings/import/", {"template": "1"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == "M-100"
