"""How the report prints figures: money in 万 as the seed writes it, rates as percentages."""

from decimal import Decimal

import pytest
from django.utils import translation

from houqin.reports.registry import Metric
from houqin.reports.render import _row, format_value, in_wan


@pytest.mark.parametrize(
    ("yuan", "shown"),
    [
        (17_296_000, "1730"),
        (15_220_000, "1522"),
        (2_076_000, "207.6"),
        (63_000, "6.3"),
        (150_000, "15"),
        (Decimal("40360.50"), "4"),
        (0, "0"),
    ],
)
def test_money_in_wan_has_one_decimal_at_most_and_four_significant_figures(yuan, shown):
    assert in_wan(yuan) == shown


def test_rates_are_percentages_without_a_trailing_zero():
    assert format_value(2_076_000 / 17_296_000, "rate") == "12"
    assert format_value(0.1234, "rate") == "12.3"
    assert format_value(None, "rate") == "—"


def test_counts_keep_thousands_separators_and_exact_yuan_stay_exact():
    assert format_value(1095, "count") == "1,095"
    assert format_value(15800, "yuan") == "15,800"


def test_a_row_prints_the_figure_with_the_seed_units_in_chinese():
    wan = Metric("x.budget_yuan", "budget", "元", "yuan", display="wan")
    rate = Metric("x.rate", "rate", "%", "rate")
    with translation.override("zh-hans"):
        assert (
            _row("x.budget_yuan", {"value": 17_296_000, "unit": "元"}, wan)["shown"] == "1730万元"
        )
        assert _row("x.rate", {"value": 0.12003, "unit": "%"}, rate)["shown"] == "12%"
    with translation.override("en"):
        assert _row("x.rate", {"value": 0.12003, "unit": "%"}, rate)["shown"] == "12 %"
