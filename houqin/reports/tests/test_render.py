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


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1390450.4, "1,390,450.4"),
        (4566.0, "4,566"),
        (0.35, "0.35"),
        (-1234.5, "-1,234.5"),
        (0.1 + 0.2, "0.3"),
        (-0.0, "0"),
        (Decimal("4566.00"), "4,566"),
        (Decimal("12345.60"), "12,345.6"),
        (Decimal("0.25"), "0.25"),
    ],
)
def test_decimal_quantities_get_separators_and_only_the_decimals_they_carry(value, shown):
    assert format_value(value, "count") == shown


def test_decimal_quantities_keep_wan_and_rates_as_they_were():
    assert format_value(63_000.0, "yuan", "wan") == "6.3"
    assert format_value(Decimal("63000.00"), "yuan", "wan") == "6.3"
    assert format_value(0.125, "rate") == "12.5"
    assert format_value("A", "grade") == "A"


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
