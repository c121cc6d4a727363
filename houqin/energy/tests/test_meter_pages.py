# ruff: noqa: F811  (fixtures imported from the helpers are arguments here)
"""Pages of meters, tariffs, factors, statistics base and budgets: role and site checked, writes
through the services, list query counts bounded."""

from __future__ import annotations

from decimal import Decimal

import pytest

from houqin.energy.models import ConversionFactor, EnergyBudget, EnergyYear, Meter, Reading, Tariff
from houqin.energy.services.readings import reading_record
from houqin.energy.tests.helpers_energy import (  # noqa: F401
    at,
    building,
    flat_tariff,
    fm,
    meter,
    other_fm,
    tech,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_meter_list_roles_and_query_count(
    client, personas, fm, tech, django_assert_max_num_queries
):
    tariff = flat_tariff(personas.site)
    for i in range(6):
        meter(personas.site, code=f"E-{i:02d}", tariff=tariff)
    meter(personas.other_site, code="X-01")
    client.force_login(fm)
    with django_assert_max_num_queries(14):
        response = client.get("/energy/meters/")
    assert response.status_code == 200
    assert b"E-05" in response.content and b"X-01" not in response.content
    export = client.get("/energy/meters/?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")
    client.force_login(tech)
    assert client.get("/energy/meters/").status_code == 200
    assert client.get("/energy/meters/add/").status_code == 403
    for user in (personas.staff, personas.outsider, personas.nobody):
        client.force_login(user)
        assert client.get("/energy/meters/").status_code == 403


def test_meter_detail_shows_last_readings_and_other_site_refused(client, personas, fm, other_fm):
    m = meter(personas.site)
    reading_record(meter=m, read_at=at("2006-03-01", 8), value="1234.5", by=fm)
    client.force_login(fm)
    response = client.get(f"/energy/meters/{m.pk}/")
    assert response.status_code == 200
    assert b"1234.5" in response.content and b'data-testid="enter-reading"' in response.content
    client.force_login(other_fm)
    assert client.get(f"/energy/meters/{m.pk}/").status_code == 404
    assert client.get(f"/energy/meters/{m.pk}/edit/").status_code == 404


def test_meter_add_and_sub_meter_rules(client, personas, fm):
    bld = building(personas.site)
    main = meter(personas.site, code="E-MAIN", bld=bld)
    client.force_login(fm)
    data = {"site": personas.site.pk, "code": "E-SUB", "name": "二楼", "energy_type": "water",
            "building": bld.pk, "parent": main.pk, "multiplier": "1", "jump_factor": "5",
            "is_active": "on"}  # fmt: skip
    response = client.post("/energy/meters/add/", data, **EN)
    assert (
        response.status_code == 200 and b"same site, building and energy type" in response.content
    )
    assert not Meter.objects.filter(code="E-SUB").exists()
    response = client.post("/energy/meters/add/", {**data, "energy_type": "electricity"})
    assert response.status_code == 302
    assert Meter.objects.get(code="E-SUB").parent == main


def test_meter_replace_page(client, personas, fm, tech):
    m = meter(personas.site)
    reading_record(meter=m, read_at=at("2006-03-01", 8), value="100", by=fm)
    data = {"at": "2006-03-02T08:00", "final_value": "150", "serial": "N-2", "initial_value": "0"}
    client.force_login(tech)
    assert client.post(f"/energy/meters/{m.pk}/replace/", data).status_code == 403
    client.force_login(fm)
    assert client.post(f"/energy/meters/{m.pk}/replace/", data).status_code == 302
    final = Reading.objects.get(meter=m, kind="final")
    assert final.consumption == Decimal("50.000")
    bad = client.post(f"/energy/meters/{m.pk}/replace/", {**data, "final_value": "x"})
    assert bad.status_code == 400


def test_tariff_add_with_price_lines(client, personas, fm, tech):
    client.force_login(fm)
    data = {"site": personas.site.pk, "code": "TOU", "name": "分时", "energy_type": "electricity",
            "is_time_of_use": "on", "valid_from": "2006-01-01",
            "price_lines": "peak 07:00 23:00 1.0\nvalley 23:00 07:00 0.3"}  # fmt: skip
    gap = client.post("/energy/tariffs/add/", {**data, "price_lines": "peak 08:00 23:00 1"}, **EN)
    assert gap.status_code == 200 and b"without a price" in gap.content
    garbage = client.post("/energy/tariffs/add/", {**data, "price_lines": "cheap all day"}, **EN)
    assert garbage.status_code == 200 and not Tariff.objects.exists()
    assert client.post("/energy/tariffs/add/", data).status_code == 302
    tariff = Tariff.objects.get()
    assert tariff.prices.count() == 2
    response = client.get(f"/energy/tariffs/{tariff.pk}/")
    assert response.status_code == 200 and b"1.0000" in response.content
    client.force_login(tech)
    assert client.get("/energy/tariffs/add/").status_code == 403


def test_factors_budgets_and_statistics_base(client, personas, fm, tech):
    client.force_login(fm)
    assert client.get("/energy/factors/").status_code == 200
    # The data migration's row (created here when a transactional test flushed it)
    factor = ConversionFactor.objects.get_or_create(
        energy_type="electricity",
        year_from=1990,
        defaults={"factor": "0.1229", "basis": "当量值", "source": "GB/T 2589"},
    )[0]
    data = {"energy_type": "electricity", "year_from": 1990, "factor": "0.1230",
            "basis": factor.basis, "source": factor.source, "confidence": "C",
            "in_total": "on"}  # fmt: skip
    assert client.post(f"/energy/factors/{factor.pk}/edit/", data).status_code == 302
    factor.refresh_from_db()
    assert factor.factor == Decimal("0.1230")
    year = {"site": personas.site.pk, "year": 2006, "people": 120, "floor_area_m2": "8600"}
    assert client.post("/energy/statistics-base/add/", year).status_code == 302
    assert EnergyYear.objects.get().people == 120
    budget = {"site": personas.site.pk, "year": 2006, "item": "electricity", "amount": "300000"}
    assert client.post("/energy/budgets/add/", budget).status_code == 302
    assert EnergyBudget.objects.get().amount == Decimal("300000")
    assert client.get("/energy/budgets/").status_code == 200
    client.force_login(tech)
    assert client.get(f"/energy/factors/{factor.pk}/edit/").status_code == 403
    assert client.get("/energy/budgets/add/").status_code == 403
