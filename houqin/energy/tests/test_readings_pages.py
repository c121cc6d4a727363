# ruff: noqa: F811  (fixtures imported from the helpers are arguments here)
"""Reading pages: entry on a phone (last reading shown, flagged result held for review), the
ledger, the review queue, confirm and void — role and site checked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from houqin.energy.choices import FlagStatus
from houqin.energy.models import Reading
from houqin.energy.services.readings import reading_record
from houqin.energy.tests.helpers_energy import at, flat_tariff, fm, meter, other_fm, tech  # noqa: F401

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _jumpy(site, by):
    m = meter(site, tariff=flat_tariff(site))
    for day, value in enumerate(["0", "10", "20", "30", "40"], start=1):
        reading_record(meter=m, read_at=at(f"2006-03-{day:02d}", 8), value=value, by=by)
    return m


def test_technician_enters_readings_and_sees_a_flag(client, personas, fm, tech):
    m = _jumpy(personas.site, fm)
    client.force_login(tech)
    page = client.get(f"/energy/readings/enter/?meter={m.pk}")
    assert page.status_code == 200 and b'data-testid="last-reading"' in page.content
    assert b"2006-03-05 08:00" in page.content
    data = {"meter": m.pk, "read_at": "2006-03-06T08:00", "value": "50"}
    assert client.post("/energy/readings/enter/", data).status_code == 302
    assert Reading.objects.get(read_at=at("2006-03-06", 8)).consumption == Decimal("10.000")
    jump = {**data, "read_at": "2006-03-07T08:00", "value": "500"}
    response = client.post("/energy/readings/enter/", jump, follow=True, **EN)
    assert b"held for review" in response.content and b'data-testid="held"' in response.content
    assert b'data-testid="confirm"' not in response.content  # a technician does not review
    again = client.post("/energy/readings/enter/", {**data, "value": "51"}, **EN)
    assert again.status_code == 400 and b"already has a reading" in again.content
    assert client.post("/energy/readings/enter/", {**data, "value": "abc"}).status_code == 400


def test_review_and_void_permissions(client, personas, fm, tech, other_fm):
    m = _jumpy(personas.site, fm)
    held = reading_record(meter=m, read_at=at("2006-03-06", 8), value="400", by=fm)
    assert held.flag_status == FlagStatus.PENDING
    client.force_login(tech)
    assert client.get("/energy/readings/review/").status_code == 403
    assert client.post(f"/energy/readings/{held.pk}/review/").status_code == 403
    assert client.post(f"/energy/readings/{held.pk}/void/", {"reason": "x"}).status_code == 403
    assert client.get("/energy/readings/import/").status_code == 403
    client.force_login(other_fm)
    assert client.post(f"/energy/readings/{held.pk}/review/").status_code == 404
    assert client.get(f"/energy/readings/{held.pk}/").status_code == 404
    client.force_login(fm)
    queue = client.get("/energy/readings/review/")
    assert queue.status_code == 200 and b"400" in queue.content
    assert client.post(f"/energy/readings/{held.pk}/review/").status_code == 302
    held.refresh_from_db()
    assert held.flag_status == FlagStatus.ACCEPTED and held.consumption == Decimal("360.000")
    assert client.post(f"/energy/readings/{held.pk}/void/", {"reason": "抄错"}).status_code == 302
    held.refresh_from_db()
    assert held.voided_at is not None


def test_staff_and_outsiders_refused(client, personas, fm):
    m = meter(personas.site)
    reading = reading_record(meter=m, read_at=at("2006-03-01", 8), value="1", by=fm)
    for user in (personas.staff, personas.outsider, personas.nobody):
        client.force_login(user)
        assert client.get("/energy/readings/enter/").status_code == 403
        assert client.get("/energy/readings/").status_code == 403
        assert client.get(f"/energy/readings/{reading.pk}/").status_code == 403


def test_other_sites_meter_cannot_be_chosen(client, personas, fm, other_fm):
    theirs = meter(personas.other_site, code="X-01")
    client.force_login(fm)
    data = {"meter": theirs.pk, "read_at": "2006-03-06T08:00", "value": "50"}
    assert client.post("/energy/readings/enter/", data).status_code == 400
    assert not Reading.objects.exists()


def test_ledger_filters_export_and_query_count(client, personas, fm, django_assert_max_num_queries):
    m = _jumpy(personas.site, fm)
    meter(personas.site, code="W-01", energy_type="water")
    reading_record(meter=m, read_at=at("2006-03-06", 8), value="400", by=fm)
    client.force_login(fm)
    with django_assert_max_num_queries(14):
        response = client.get("/energy/readings/")
    assert response.status_code == 200
    flagged = client.get("/energy/readings/?flagged=true")
    assert flagged.content.count(b"table-warning") == 1
    dated = client.get(
        "/energy/readings/?read_at_after=2006-03-02&read_at_before=2006-03-03&meter=E-01"
    )
    assert b"2006-03-02 08:00" in dated.content and b"2006-03-04 08:00" not in dated.content
    export = client.get("/energy/readings/?export=xlsx&energy_type=electricity")
    assert export.status_code == 200
