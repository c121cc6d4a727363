"""Figures of the energy and supplies pages: fixed decimals and thousands separated by a comma
in every language (the Chinese locale format has no thousands separator, so Django's
``floatformat:"2g"`` would print 170886.36)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


def grouped_number(value, places: int) -> str:
    """``value`` with ``places`` decimals, half up, and comma thousands: 170,886.36; "" for
    None or text that is not a number."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{number:,.{places}f}"


@register.filter
def money(value) -> str:
    """Yuan: two decimals, thousands separated."""
    return grouped_number(value, 2)


@register.filter
def quantity(value) -> str:
    """A quantity of energy or water: one decimal, thousands separated."""
    return grouped_number(value, 1)


@register.filter
def figure(value, places=2) -> str:
    """Any figure with ``places`` decimals, thousands separated."""
    return grouped_number(value, int(places))
