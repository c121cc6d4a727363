"""Forms of the run logs: the one-screen shift entry (a header plus one card per unit) and the
operating shifts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Location
from houqin.facilities.choices import RunStatus
from houqin.facilities.models import Equipment, OperatingShift, ReadingField
from houqin.facilities.services.runlogs import RunEntry, range_text


class ShiftChoiceForm(StyledFormMixin, forms.Form):
    """Which room, date and shift is being logged."""

    room = forms.ModelChoiceField(label=_("Room"), queryset=Location.objects.none())
    shift_date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    shift = forms.ModelChoiceField(label=_("Shift"), queryset=OperatingShift.objects.none())

    def __init__(self, *args, rooms, shifts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        self.fields["shift"].queryset = shifts

    def clean(self):
        data = super().clean()
        room, shift = data.get("room"), data.get("shift")
        if room is not None and shift is not None and room.site_id != shift.site_id:
            self.add_error("shift", _("This shift is not of the room's site."))
        return data


@dataclass
class UnitCard:
    """One unit's card on the entry screen: its reading inputs and its status fields."""

    unit: Equipment
    readings: list = field(default_factory=list)  # (bound field, reading field)
    status: object = None
    anomaly: object = None
    accident: object = None
    work_order: object = None
    errors: list = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"u{self.unit.pk}"


def _reading_field(spec: ReadingField) -> forms.Field:
    hint = range_text(spec) if spec.minimum is not None or spec.maximum is not None else ""
    return forms.CharField(
        label=spec.label,
        required=False,
        max_length=30,
        help_text=hint,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )


class RunShiftForm(StyledFormMixin, forms.Form):
    """The units' fields of one shift, named ``u<unit id>_<name>``; the readings stay text so
    the service gives the one message about a bad number."""

    def __init__(self, *args, units, done=None, **kwargs):
        done = done or {}
        units = list(units)
        # Units already logged in this shift are shown as done and take no fields.
        self.done = [(unit, done[unit.pk]) for unit in units if unit.pk in done]
        self.units = [unit for unit in units if unit.pk not in done]
        super().__init__(*args, **kwargs)
        for unit in self.units:
            self._add_unit_fields(unit)

    def _add_unit_fields(self, unit: Equipment) -> None:
        p = f"u{unit.pk}"
        for spec in unit.category.reading_fields.all():
            self.fields[f"{p}_r_{spec.code}"] = _reading_field(spec)
        self.fields[f"{p}_status"] = forms.ChoiceField(
            label=_("Status"),
            choices=RunStatus.choices,
            initial=RunStatus.NORMAL,
            widget=forms.RadioSelect,
        )
        self.fields[f"{p}_anomaly"] = forms.CharField(
            label=_("Anomaly"), required=False, max_length=500, widget=forms.Textarea({"rows": 2})
        )
        self.fields[f"{p}_accident"] = forms.BooleanField(
            label=_("Equipment accident"), required=False
        )
        self.fields[f"{p}_work_order"] = forms.BooleanField(
            label=_("Open a work order"), required=False
        )

    def cards(self, errors: dict | None = None) -> list[UnitCard]:
        """The cards of the page, each with its own errors (``errors``: unit id → messages)."""
        errors = errors or {}
        return [self._card(unit, errors.get(unit.pk, [])) for unit in self.units]

    def _card(self, unit: Equipment, errors: list) -> UnitCard:
        p = f"u{unit.pk}"
        return UnitCard(
            unit=unit,
            readings=[(self[f"{p}_r_{s.code}"], s) for s in unit.category.reading_fields.all()],
            status=self[f"{p}_status"],
            anomaly=self[f"{p}_anomaly"],
            accident=self[f"{p}_accident"],
            work_order=self[f"{p}_work_order"],
            errors=[*errors, *self._field_errors(p)],
        )

    def _field_errors(self, prefix: str) -> list[str]:
        return [
            str(message)
            for name, messages in (self.errors.items() if self.is_bound else [])
            if name.startswith(f"{prefix}_")
            for message in messages
        ]

    def entries(self) -> list[RunEntry]:
        """The cleaned cards as the service's entries."""
        return [self._entry(unit) for unit in self.units]

    def _entry(self, unit: Equipment) -> RunEntry:
        d, p = self.cleaned_data, f"u{unit.pk}"
        return RunEntry(
            equipment=unit,
            readings={
                s.code: d.get(f"{p}_r_{s.code}", "") for s in unit.category.reading_fields.all()
            },
            status=d[f"{p}_status"],
            anomaly=d.get(f"{p}_anomaly", ""),
            is_accident=d.get(f"{p}_accident", False),
            open_work_order=d.get(f"{p}_work_order", False),
        )


class OperatingShiftForm(StyledFormMixin, forms.ModelForm):
    """An operating shift of the plant rooms."""

    class Meta:
        model = OperatingShift
        fields = ["site", "name", "start_time", "hours", "position", "is_active"]
        widgets = {"start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["site"].disabled = True
