"""Forms of rooms, blackout periods, bookings (with repeat and service items), cancelling,
the free-room search and the waitlist."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.core.models import Department, Location
from houqin.meetings.choices import Frequency, Layout, RoomFeature, ServiceItem
from houqin.meetings.forms.service import validate_day_in_range, validate_moment_in_range
from houqin.meetings.models import Blackout, Room
from houqin.meetings.services.bookings import Repeat, ServiceLine

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class RoomForm(StyledFormMixin, forms.ModelForm):
    """A room and its rules (meeting managers)."""

    features = forms.MultipleChoiceField(
        label=_("equipment"),
        choices=RoomFeature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    layouts = forms.MultipleChoiceField(
        label=_("possible layouts"),
        choices=Layout.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Room
        fields = [
            "site", "code", "name", "location", "capacity", "features", "layouts",
            "description", "opens_at", "closes_at", "max_days_ahead", "max_minutes",
            "requires_approval", "allowed_departments", "check_in_minutes", "is_active",
        ]  # fmt: skip
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def limit_to_sites(self, sites) -> None:
        """Only places and departments of the user's sites can be chosen."""
        self.fields["location"].queryset = Location.objects.filter(site__in=sites)
        self.fields["allowed_departments"].queryset = Department.objects.filter(site__in=sites)


class BlackoutForm(StyledFormMixin, forms.ModelForm):
    """A period one room (or every room of the site) cannot be booked."""

    class Meta:
        model = Blackout
        fields = ["site", "room", "starts_at", "ends_at", "reason"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].validators.append(validate_moment_in_range)

    def limit_to_sites(self, sites) -> None:
        self.fields["room"].queryset = Room.objects.filter(site__in=sites)


class SlotFields(StyledFormMixin, forms.Form):
    """A day and a from–to time on it, as the booking and free-room forms ask for them."""

    date = forms.DateField(
        label=_("date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_day_in_range],
    )
    start = forms.TimeField(
        label=pgettext_lazy("time", "from"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=pgettext_lazy("time", "until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class BookingForm(SlotFields):
    """Book a room: when, who, what for, how it repeats and which service items."""

    field_order = ["room", "title", "date", "start", "end"]

    room = forms.ModelChoiceField(label=_("room"), queryset=Room.objects.none())
    title = forms.CharField(label=pgettext_lazy("booking", "meeting"), max_length=200)
    attendees = forms.IntegerField(label=_("number of attendees"), min_value=1, max_value=9999)
    layout = forms.ChoiceField(label=_("layout"), choices=Layout.choices)
    organiser = forms.ModelChoiceField(
        label=_("organiser"), queryset=None, required=False, help_text=_("Empty: yourself.")
    )
    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.none(), required=False
    )
    attendee_names = forms.CharField(
        label=_("attendees (names)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("note for the service staff"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    frequency = forms.ChoiceField(
        label=_("repeats"),
        choices=[("", _("does not repeat")), *Frequency.choices],
        required=False,
    )
    interval = forms.IntegerField(label=_("every"), min_value=1, max_value=52, initial=1)
    until = forms.DateField(
        label=_("repeat until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("on weekdays"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, rooms, organisers=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        if organisers is None:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = organisers
        self.fields["department"].queryset = departments or Department.objects.none()
        for value, label in ServiceItem.choices:
            self.fields[f"svc_{value}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"qty_{value}"] = forms.IntegerField(
                label=_("quantity"), min_value=1, max_value=999, initial=1, required=False
            )
            self.fields[f"qty_{value}"].widget.attrs.update({"class": "form-control qty"})

    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith(("svc_", "qty_"))]

    def service_rows(self):
        """(checkbox, quantity) per service item, for the template."""
        return [(self[f"svc_{v}"], self[f"qty_{v}"]) for v, _label in ServiceItem.choices]

    def clean(self):
        data = super().clean()
        if data.get("frequency") and not data.get("until"):
            self.add_error("until", _("Say until when the meeting repeats."))
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("A meeting must end after it starts."))
        return data

    def times(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        start = timezone.make_aware(datetime.combine(data["date"], data["start"]))
        end = timezone.make_aware(datetime.combine(data["date"], data["end"]))
        return start, end

    def repeat(self) -> Repeat | None:
        data = self.cleaned_data
        if not data.get("frequency"):
            return None
        return Repeat(
            frequency=data["frequency"],
            interval=data.get("interval") or 1,
            until=data["until"],
            weekdays=tuple(data.get("weekdays") or ()),
        )

    def services(self) -> list[ServiceLine]:
        data = self.cleaned_data
        return [
            ServiceLine(item=v, quantity=data.get(f"qty_{v}") or 1)
            for v, _label in ServiceItem.choices
            if data.get(f"svc_{v}")
        ]


class ReasonForm(StyledFormMixin, forms.Form):
    """Why a booking (or every coming meeting of its series) is cancelled."""

    reason = forms.CharField(
        label=_("reason for cancelling"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )
    whole_series = forms.BooleanField(
        label=_("cancel every coming meeting of the series"), required=False
    )


class AvailabilityForm(SlotFields):
    """Search free rooms: a day, from–to, seats and a piece of equipment."""

    seats = forms.IntegerField(label=_("seats"), min_value=0, max_value=9999, required=False)
    feature = forms.ChoiceField(
        label=_("equipment"), choices=[("", "—"), *RoomFeature.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must be after the start."))
        return data

    def times(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        start = timezone.make_aware(datetime.combine(data["date"], data["start"]))
        return start, timezone.make_aware(datetime.combine(data["date"], data["end"]))


class WaitlistForm(forms.Form):
    """Join the waitlist for the slot a refused booking asked for (hidden fields)."""

    room = forms.ModelChoiceField(queryset=Room.objects.none(), widget=forms.HiddenInput)
    title = forms.CharField(max_length=200, widget=forms.HiddenInput)
    starts_at = forms.DateTimeField(widget=forms.HiddenInput)
    ends_at = forms.DateTimeField(widget=forms.HiddenInput)
    attendees = forms.IntegerField(min_value=1, max_value=9999, widget=forms.HiddenInput)

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms


def default_slot(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The next whole hour, for an hour."""
    now = timezone.localtime(now or timezone.now())
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return start, start + timedelta(hours=1)
