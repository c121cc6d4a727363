"""Presenting the annual report: grouping by module, HTML for the CLI."""

from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from houqin.reports.registry import Metric, all_metrics

MODULE_LABELS = {
    "security": _("Security"),
    "environment": _("Environment"),
    "outreach": _("Science popularisation"),
    "facilities": _("Facilities"),
    "services": _("Services"),
    "relief": _("Relief"),
    "procurement": _("Procurement"),
    "energy": _("Energy and supplies"),
    "team": _("Team"),
}


def _trimmed(number: Decimal) -> str:
    """A decimal without a trailing ".0" (12.0 → 12, 207.6 → 207.6)."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def in_wan(value) -> str:
    """An amount in 万 as the seed writes it: one decimal at most, and no more than four
    significant figures (17,296,000 → 1730; 2,076,000 → 207.6; 63,000 → 6.3)."""
    wan = Decimal(value) / 10000
    places = Decimal("1") if abs(wan) >= 1000 else Decimal("0.1")
    return _trimmed(wan.quantize(places, rounding=ROUND_HALF_UP))


def grouped_number(value: float | Decimal) -> str:
    """A quantity with thousands separators and the decimals it carries, trailing zeros
    trimmed (4566.0 → 4,566; 1390450.4 → 1,390,450.4; Decimal("12.50") → 12.5). A float is
    taken to four decimals at most, so binary noise (0.30000000000000004) never shows."""
    number = Decimal(repr(round(value, 4))) if isinstance(value, float) else value
    if not number.is_finite():
        return str(value)
    if number == 0:  # also -0.0 and Decimal("-0.00")
        return "0"
    text = f"{number:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_value(value, kind: str, display: str = "") -> str:
    """Rates as percentages (their unit is %, one decimal at most), amounts shown in 万 when
    the metric says so, whole numbers and decimal quantities with thousands separators."""
    if value is None:
        return "—"
    if kind == "rate" and isinstance(value, int | float):
        return _trimmed(Decimal(str(value * 100)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    if display == "wan" and isinstance(value, int | float | Decimal):
        return in_wan(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float | Decimal):
        return grouped_number(value)
    return str(value)


def shown_unit(metric: Metric | None, unit: str) -> str:
    """The unit as shown beside a value: 万元 for a metric shown in 万."""
    if metric is not None and metric.display == "wan":
        return pgettext("amount in ten thousands", "10k %(unit)s") % {"unit": unit}
    return unit


def grouped(report: dict) -> list[dict]:
    """Metrics grouped by module (the key's first part), in registry order; each row's
    ``shown`` is the figure with its unit, as a report prints it (1730万元, 12%)."""
    metrics = {m.key: m for m in all_metrics()}
    groups: dict[str, dict] = {}
    for key, value in report["metrics"].items():
        module = key.split(".", 1)[0]
        group = groups.setdefault(
            module, {"module": module, "label": str(MODULE_LABELS.get(module, module)), "rows": []}
        )
        group["rows"].append(_row(key, value, metrics.get(key)))
    return list(groups.values())


def _row(key: str, metric_value: dict, metric: Metric | None) -> dict:
    kind, display = (metric.kind, metric.display) if metric else ("count", "")
    text = format_value(metric_value["value"], kind, display)
    unit = shown_unit(metric, metric_value["unit"])
    shown = pgettext("figure with unit", "%(value)s %(unit)s") % {"value": text, "unit": unit}
    return {"key": key, **metric_value, "unit": unit, "text": text, "shown": shown}


def report_html(report: dict) -> str:
    """A standalone HTML page of the report (for `houqin report annual --format html`)."""
    return render_to_string(
        "reports/annual_standalone.html", {"report": report, "groups": grouped(report)}
    )
