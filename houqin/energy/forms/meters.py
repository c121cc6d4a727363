"""Forms of meters, tariffs (prices typed one period a line), standard-coal factors, the yearly
statistics base, budgets, and replacing a meter's device."""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.core.models import Building, Department, Floor
from houqin.energy.choices import TariffPeriod
from houqin.energy.models import ConversionFactor, EnergyBudget, EnergyYear, Meter, Tariff

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PRICE_LINE = re.compile(r"^(\w+)\s+(\d{1,2}):(\d{2})\s+(\d{1,2}):(\d{2})\s+([\d.]+)$")


class SiteLimitedMixin:
    """Narrow the related-record choices to the sites the user may write to."""

    site_fields: dict = {}

    def limit_to_sites(self, sites) -> None:
        for name, model in self.site_fields.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.filter(site__in=sites)


class MeterForm(SiteLimitedMixin, StyledFormMixin, forms.ModelForm):
    site_fields = {
        "building": Building,
        "floor": Floor,
        "department": Department,
        "parent": Meter,
        "tariff": Tariff,
    }

    class Meta:
        model = Meter
        fields = [
            "site",
            "code",
            "name",
            "energy_type",
            "building",
            "floor",
            "department",
            "parent",
            "tariff",
            "serial",
            "multiplier",
            "rollover_at",
            "jump_factor",
            "is_active",
            "note",
        ]


class TariffForm(StyledFormMixin, forms.ModelForm):
    """A tariff and, optionally, its prices from one date: one period a line, such as
    ``peak 07:00 23:00 1.0560`` (``flat 00:00 00:00 0.8`` for a whole-day price)."""

    valid_from = forms.DateField(label=_("Prices valid from"), required=False, widget=DATE)
    price_lines = forms.CharField(
        label=_("Prices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One period a line: period, from, until, price — e.g. “peak 07:00 23:00 1.0560”; "
            "periods: sharp, peak, flat, valley."
        ),
    )

    class Meta:
        model = Tariff
        fields = ["site", "code", "name", "energy_type", "is_time_of_use", "note"]

    def clean(self):
        data = super().clean()
        lines = [ln.strip() for ln in (data.get("price_lines") or "").splitlines() if ln.strip()]
        if lines and not data.get("valid_from"):
            self.add_error("valid_from", _("Give the date the prices apply from."))
        data["prices"] = [self._line(ln, data.get("valid_from")) for ln in lines]
        return data

    def _line(self, line: str, valid_from) -> dict:
        match = PRICE_LINE.match(line)
        if not match or match[1] not in TariffPeriod.values:
            raise forms.ValidationError(
                _("“%(line)s” is not a line like “peak 07:00 23:00 1.0560”.") % {"line": line}
            )
        try:
            starts, ends = (
                time(int(match[2]), int(match[3])),
                time(int(match[4]) % 24, int(match[5])),
            )
            price = Decimal(match[6])
        except (ValueError, InvalidOperation) as exc:
            raise forms.ValidationError(
                _("“%(line)s” is not a line like “peak 07:00 23:00 1.0560”.") % {"line": line}
            ) from exc
        return {"valid_from": valid_from, "period": match[1], "starts": starts, "ends": ends,
                "price": price}  # fmt: skip


class FactorForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ConversionFactor
        fields = ["energy_type", "year_from", "factor", "basis", "source", "confidence", "in_total"]


class EnergyYearForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = EnergyYear
        fields = ["site", "year", "people", "floor_area_m2"]


class BudgetForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = EnergyBudget
        fields = ["site", "year", "item", "amount"]


class ReplaceForm(StyledFormMixin, forms.Form):
    """The old device's last reading and the new device's first."""

    at = forms.DateTimeField(label=_("Replaced at"), widget=DateTimeInput())
    final_value = forms.DecimalField(label=_("Final reading of the old meter"), min_value=0,
                                     max_digits=16, decimal_places=3)  # fmt: skip
    serial = forms.CharField(label=_("Serial number of the new meter"), max_length=50)
    initial_value = forms.DecimalField(label=_("Initial reading of the new meter"), min_value=0,
                                       max_digits=16, decimal_places=3)  # fmt: skip
    multiplier = forms.DecimalField(label=_("New multiplier"), required=False, min_value=0,
                                    max_digits=10, decimal_places=3)  # fmt: skip
    rollover_at = forms.DecimalField(label=_("New register rolls over at"), required=False,
                                     min_value=1, max_digits=16, decimal_places=3)  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
