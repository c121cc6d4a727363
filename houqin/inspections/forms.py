"""Forms of the inspection engine: checkpoints, routes with their stops, schedules and check
items, and a finding reported on a round."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Location
from houqin.inspections.models import Checkpoint, Route
from houqin.inspections.services import ItemData, StopData


class CheckpointForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Checkpoint
        fields = ["site", "code", "name", "location", "is_active"]

    def limit_to_sites(self, sites):
        self.fields["location"].queryset = Location.objects.filter(site__in=sites, is_active=True)
        if self.instance.pk:  # a checkpoint's site is fixed: its printed label names it
            self.fields["site"].disabled = True


class RouteForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Route
        fields = ["site", "name", "kind", "duration_minutes", "is_active"]

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True


class StopForm(StyledFormMixin, forms.Form):
    checkpoint = forms.ModelChoiceField(label=_("Checkpoint"), queryset=Checkpoint.objects.none())
    offset_minutes = forms.IntegerField(
        label=_("Due after start (minutes)"), min_value=0, max_value=1440, initial=0
    )
    window_minutes = forms.IntegerField(
        label=_("Window (minutes)"), min_value=1, max_value=1440, initial=30
    )


class ScheduleForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )


class ItemForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Check item"), max_length=200)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)
    checkpoint = forms.ModelChoiceField(
        label=_("At checkpoint (blank: every stop)"),
        queryset=Checkpoint.objects.none(),
        required=False,
    )


StopFormSet = forms.formset_factory(StopForm, extra=3, can_delete=True)
ScheduleFormSet = forms.formset_factory(ScheduleForm, extra=1, can_delete=True)
ItemFormSet = forms.formset_factory(ItemForm, extra=2, can_delete=True)


def _kept(formset) -> list[dict]:
    """The filled, undeleted rows of a valid formset, in order."""
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class RouteParts:
    """The stops, schedules and items formsets of the route form, limited to the user's sites'
    checkpoints."""

    def __init__(self, data=None, *, route: Route | None, sites):
        checkpoints = Checkpoint.objects.filter(site__in=sites, is_active=True).select_related(
            "site"
        )
        self.stops = StopFormSet(data, prefix="stops", initial=_stop_initial(route))
        self.schedules = ScheduleFormSet(data, prefix="schedules", initial=_schedule_initial(route))
        self.items = ItemFormSet(data, prefix="items", initial=_item_initial(route))
        for form in [*self.stops.forms, *self.items.forms, self.stops.empty_form]:
            form.fields["checkpoint"].queryset = checkpoints

    def is_valid(self) -> bool:
        return all(fs.is_valid() for fs in (self.stops, self.schedules, self.items))

    def stop_data(self) -> list[StopData]:
        return [
            StopData(d["checkpoint"], d["offset_minutes"], d["window_minutes"])
            for d in _kept(self.stops)
        ]

    def schedule_data(self) -> list[tuple]:
        return [(d["name"], d["start_time"]) for d in _kept(self.schedules)]

    def item_data(self) -> list[ItemData]:
        return [ItemData(d["text"], d["weight"], d.get("checkpoint")) for d in _kept(self.items)]


def _stop_initial(route):
    if route is None or route.pk is None:
        return []
    return [
        {
            "checkpoint": s.checkpoint_id,
            "offset_minutes": s.offset_minutes,
            "window_minutes": s.window_minutes,
        }
        for s in route.stops.all()
    ]


def _schedule_initial(route):
    if route is None or route.pk is None:
        return []
    return [{"name": s.name, "start_time": s.start_time} for s in route.schedules.all()]


def _item_initial(route):
    if route is None or route.pk is None:
        return []
    return [
        {"text": i.text, "weight": i.weight, "checkpoint": i.checkpoint_id}
        for i in route.items.all()
    ]


class FindingForm(StyledFormMixin, forms.Form):
    """An anomaly reported on the spot, with a photo."""

    description = forms.CharField(
        label=_("What did you find?"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(label=_("Category"), required=False, choices=())
    checkpoint = forms.ModelChoiceField(
        label=_("At checkpoint"), queryset=Checkpoint.objects.none(), required=False
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def __init__(self, *args, categories=(), checkpoints=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = list(categories)
        if not categories:
            del self.fields["category"]
        if checkpoints is not None:
            self.fields["checkpoint"].queryset = checkpoints


class ScanCodeForm(forms.Form):
    """A checkpoint code typed when its label cannot be scanned."""

    token = forms.CharField(max_length=200)
