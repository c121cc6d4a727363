"""Template filters of the procurement pages."""

from django import template

from houqin.procurement.tables.projects import yuan_text

register = template.Library()


@register.filter
def yuan(value) -> str:
    """Yuan with thousands separators and two decimals whatever the locale (zh-hans formats
    numbers without grouping)."""
    try:
        return yuan_text(value)
    except (TypeError, ValueError, ArithmeticError):
        return ""
