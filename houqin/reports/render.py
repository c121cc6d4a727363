"""Presenting the annual report: grouping by module, HTML for the CLI."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from houqin.reports.registry import all_metrics

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


def format_value(value, kind: str) -> str:
    """Rates as percentages (their unit is %), whole numbers with thousands separators."""
    if kind == "rate" and isinstance(value, int | float):
        return f"{value * 100:.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "—" if value is None else str(value)


def grouped(report: dict) -> list[dict]:
    """Metrics grouped by module (the key's first part), in registry order."""
    kinds = {m.key: m.kind for m in all_metrics()}
    groups: dict[str, dict] = {}
    for key, metric in report["metrics"].items():
        module = key.split(".", 1)[0]
        group = groups.setdefault(
            module, {"module": module, "label": str(MODULE_LABELS.get(module, module)), "rows": []}
        )
        group["rows"].append(
            {"key": key, **metric, "text": format_value(metric["value"], kinds.get(key, "count"))}
        )
    return list(groups.values())


def report_html(report: dict) -> str:
    """A standalone HTML page of the report (for `houqin report annual --format html`)."""
    return render_to_string(
        "reports/annual_standalone.html", {"report": report, "groups": grouped(report)}
    )
