"""The facilities benchmark at a tiny scale: its data is realistic and its SQL floors compute what
the pages and the report compute (a floor that did less work would flatter the ratios)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from houqin.core.models import Sequence
from houqin.facilities import bench
from houqin.facilities.models import RunLog, WorkOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def prepared(personas):
    """The bench sites with one year of data at 2 % of SPEC §5 scale."""
    return bench.prepare(SimpleNamespace(fac_years=1, fac_scale=0.02))


def test_generation_is_realistic_and_not_repeated(prepared):
    site, other, _user = prepared
    logs = RunLog.objects.filter(site=site)
    assert logs.count() > 800
    assert WorkOrder.objects.filter(site=site).count() > 300
    assert RunLog.objects.filter(site=other).exists()
    # Sequences continue after the generated numbers.
    last = Sequence.objects.get(site=site, prefix="YX", year=bench.END_YEAR).last_value
    assert last == logs.count()
    before = list(logs.order_by("pk").values_list("pk", flat=True)[:5])
    bench.generate(site, years=1, scale=0.02, seed=6)
    assert list(logs.order_by("pk").values_list("pk", flat=True)[:5]) == before


def test_metric_floor_computes_the_same_figures(prepared):
    site, _other, _user = prepared
    values = bench._metrics_timer(site, bench.END_YEAR)()
    figures = bench.floor_figures(bench._sql_timer(bench.metrics_floor(site, bench.END_YEAR))())
    assert 365 * 3 - 2 <= values["facilities.run_shifts.water_supply"] <= 365 * 3
    assert {key: figures[key] for key in values} == values


@pytest.mark.parametrize(
    ("url_name", "field", "floor"),
    [
        ("facilities:runlog_list", "shift_date", bench.run_log_floor),
        ("facilities:workorder_list", "reported_at", bench.work_order_floor),
    ],
)
def test_page_floor_selects_the_page_rows(prepared, url_name, field, floor):
    site, _other, user = prepared
    response = bench._page_timer(user, site, url_name, field)()
    (count,), rows = bench._sql_timer(floor(site))()
    page = response.context["page"]
    assert page.paginator.count == count[0] > 0
    # Logs of one shift tie on the sort key, so the rows are compared by the sorted column.
    shown = [str(getattr(row, field))[:10] for row in page.object_list]
    assert shown == [str(row[2])[:10] for row in rows]
