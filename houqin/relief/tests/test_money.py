"""Amounts in the capitals of a receipt (人民币大写)."""

import pytest

from houqin.utils.money import yuan_in_capitals


@pytest.mark.parametrize(
    "amount,text",
    [
        ("15800", "壹万伍仟捌佰元整"),
        ("40360.50", "肆万零叁佰陆拾元伍角整"),
        ("40000", "肆万元整"),
        ("2076000", "贰佰零柒万陆仟元整"),
        ("17296000", "壹仟柒佰贰拾玖万陆仟元整"),
        ("100500", "壹拾万零伍佰元整"),
        ("1000000001", "壹拾亿零壹元整"),
        ("0.05", "伍分"),
        ("101.01", "壹佰零壹元零壹分"),
        ("12.34", "壹拾贰元叁角肆分"),
        ("0", "零元整"),
    ],
)
def test_yuan_in_capitals(amount, text):
    from decimal import Decimal

    assert yuan_in_capitals(Decimal(amount)) == text
