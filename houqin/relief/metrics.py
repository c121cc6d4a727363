"""Relief figures for the annual report (SPEC §4 relief.*): cash donated by the bureau, by its
staff and in all, clothing donated, and the supplies sent to the front by category."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.relief.queries import report_figures
from houqin.reports.registry import Metric, metric_source

YUAN = pgettext_lazy("unit", "yuan")


@metric_source(
    Metric(
        "relief.donations.organisation_yuan",
        _("relief donations by the bureau"),
        YUAN,
        "yuan",
        definition=_(
            "Cash donations received in the period (by time received) with the bureau "
            "as donor, in whole yuan; voided donations are not counted."
        ),
    ),
    Metric(
        "relief.donations.staff_yuan",
        _("relief donations by staff"),
        YUAN,
        "yuan",
        definition=_(
            "Cash donations received in the period (by time received) from staff "
            "members, in whole yuan; voided donations are not counted."
        ),
    ),
    Metric(
        "relief.donations.total_yuan",
        _("relief donations in cash"),
        YUAN,
        "yuan",
        definition=_(
            "Cash donations received in the period (by time received) from every kind "
            "of donor, in whole yuan; voided donations are not counted."
        ),
    ),
    Metric(
        "relief.donations.clothing_items",
        _("clothing donated"),
        pgettext_lazy("unit", "pieces"),
        definition=_(
            "Pieces of clothing received into the relief store from donations in the "
            "period (receipt movements, by movement time); voided movements are not "
            "counted."
        ),
    ),
    Metric(
        "relief.supplies.water_bottles",
        _("drinking water sent"),
        pgettext_lazy("unit", "bottles"),
        definition=_(
            "Bottles of drinking water issued from the relief store for dispatches in "
            "the period (issue movements, by movement time); voided movements are not "
            "counted."
        ),
    ),
    Metric(
        "relief.supplies.dry_food_kg",
        _("dry food sent"),
        pgettext_lazy("unit", "kg"),
        definition=_(
            "Kilograms of dry food issued from the relief store for dispatches in the "
            "period (issue movements, by movement time); voided movements are not "
            "counted."
        ),
    ),
    Metric(
        "relief.supplies.tarpaulin_m2",
        _("tarpaulin sent"),
        pgettext_lazy("unit", "m²"),
        definition=_(
            "Square metres of tarpaulin issued from the relief store for dispatches in "
            "the period (issue movements, by movement time); voided movements are not "
            "counted."
        ),
    ),
    Metric(
        "relief.supplies.woven_bags",
        _("woven bags sent"),
        pgettext_lazy("unit", "bags"),
        definition=_(
            "Woven bags issued from the relief store for dispatches in the period "
            "(issue movements, by movement time); voided movements are not counted."
        ),
    ),
)
def relief_metrics(*, site_ids, start, end) -> dict:
    figures = report_figures(site_ids=site_ids, start=start, end=end)
    values = {
        "relief.donations.organisation_yuan": _yuan(
            figures.pop("relief.donations.organisation_yuan")
        ),
        "relief.donations.staff_yuan": _yuan(figures.pop("relief.donations.staff_yuan")),
        "relief.donations.total_yuan": _yuan(figures.pop("total")),
    }
    values.update({key: _quantity(value) for key, value in figures.items()})
    return values


def _yuan(value) -> int:
    return int((value or Decimal(0)).quantize(Decimal(1)))


def _quantity(value):
    """An integer when whole (20000 bottles), else the exact decimal (12.5 kg)."""
    value = Decimal(value or 0)
    return int(value) if value == value.to_integral_value() else value
