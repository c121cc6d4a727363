"""Pages of the run logs: the one-screen shift entry on a phone, its summary, the run ledger, a
log's page, voiding, and the operating shifts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    allowed_sites,
    crud_urls,
)
from houqin.core.models import Location
from houqin.facilities.filtersets.runlogs import OperatingShiftFilterSet, RunLogFilterSet
from houqin.facilities.forms.runlogs import OperatingShiftForm, RunShiftForm, ShiftChoiceForm
from houqin.facilities.models import OperatingShift, RunLog
from houqin.facilities.queries import runlogs as queries
from houqin.facilities.services import runlogs as services
from houqin.facilities.tables.runlogs import OperatingShiftTable, RunLogTable
from houqin.utils.text import parse_id

ROOM_SESSION_KEY = "facilities.runlog_room"
SUMMARY_LIMIT = 50


class RunShiftView(RestrictedView):
    """Log one shift of every in-service unit of a room on one screen."""

    queryset = RunLog.objects.all()
    action = "add"
    template_name = "facilities/runlog_shift.html"

    def sites(self):
        sites = allowed_sites(self.request.user, RunLog, "add")
        site = getattr(self.request, "site", None)
        return sites.filter(pk=site.pk) if site is not None else sites

    def choice_form(self, data):
        sites = self.sites()
        rooms = Location.objects.filter(pk__in=_room_ids(sites)).order_by("site", "code")
        shifts = OperatingShift.objects.filter(site__in=sites, is_active=True)
        return ShiftChoiceForm(data, rooms=rooms, shifts=shifts, initial=self.initial(rooms))

    def initial(self, rooms) -> dict:
        """The last room of this technician, today's date and the shift running now."""
        room = rooms.filter(pk=parse_id(self.request.session.get(ROOM_SESSION_KEY))).first()
        room = room or rooms.first()
        shifts = queries.active_shifts(room.site) if room else []
        shift, day = services.current_shift(shifts)
        return {"room": room, "shift": shift, "shift_date": day}

    def get(self, request):
        choice = self.choice_form(request.GET if "room" in request.GET else None)
        return self.render(choice, self.units_form(choice))

    def post(self, request):
        choice = self.choice_form(request.POST)
        form = self.units_form(choice, request.POST)
        if form is None or not form.is_valid():
            return self.render(choice, form, status=400)
        try:
            logs = services.run_logs_record(
                **self.chosen(choice), by=request.user, entries=form.entries()
            )
        except ValidationError as exc:
            return self.render(choice, form, errors=_card_errors(exc, form), status=400)
        request.session[ROOM_SESSION_KEY] = choice.cleaned_data["room"].pk
        ids = ",".join(str(log.pk) for log in logs)
        return redirect(f"{reverse('facilities:runlog_shift_summary')}?logs={ids}")

    def chosen(self, choice) -> dict:
        d = choice.cleaned_data
        return {"site": d["room"].site, "shift_date": d["shift_date"], "shift": d["shift"]}

    def units_form(self, choice, data=None):
        """The units' form of the chosen (or initial) room; None when no room is chosen."""
        room = _chosen_value(choice, "room")
        if room is None:
            return None
        units = list(queries.room_units(room))
        done = queries.logged_in_shift(
            shift_date=_chosen_value(choice, "shift_date"),
            shift=_chosen_value(choice, "shift"),
            units=units,
        )
        return RunShiftForm(data, units=units, done=done)

    def render(self, choice, form, errors=None, status=200):
        cards = form.cards(errors.get("cards") if errors else None) if form else []
        attention = sum(1 for card in cards if card.errors)
        context = {
            "title": _("Log a shift"),
            "choice": choice,
            "form": form,
            "cards": cards,
            "done": form.done if form else [],
            "general_errors": (errors or {}).get("general", []),
            "attention": ngettext(
                "%(count)d unit needs attention.", "%(count)d units need attention.", attention
            )
            % {"count": attention}
            if attention
            else "",
        }
        return render(self.request, self.template_name, context, status=status)


def _room_ids(sites):
    ids = []
    for site in sites:
        ids += list(queries.rooms_with_units(site).values_list("pk", flat=True))
    return ids


def _chosen_value(choice, name: str):
    if choice.is_bound:
        return choice.cleaned_data.get(name) if choice.is_valid() else None
    return choice.initial.get(name)


def _card_errors(exc: ValidationError, form: RunShiftForm) -> dict:
    """The service's refusal split into each unit's card and the messages above the cards."""
    if not hasattr(exc, "error_dict"):
        return {"general": exc.messages, "cards": {}}
    cards, general = {}, []
    for key, errors in exc.message_dict.items():
        index = _entry_index(key)
        if index is not None and index < len(form.units):
            cards[form.units[index].pk] = errors
        else:
            general += errors
    return {"general": general, "cards": cards}


def _entry_index(key: str) -> int | None:
    """The entry index of a service error key ``entries.<index>``, else None."""
    rest = key.removeprefix("entries.")
    return int(rest) if rest != key and rest.isascii() and rest.isdigit() else None


class RunShiftSummaryView(RestrictedView):
    """What was just logged: the log numbers and any work order opened."""

    queryset = RunLog.objects.all()
    action = "add"

    def get(self, request):
        ids = [parse_id(part) for part in request.GET.get("logs", "").split(",")[:SUMMARY_LIMIT]]
        logs = (
            self.restricted("view")
            .filter(pk__in=[pk for pk in ids if pk])
            .select_related("equipment", "shift", "work_order")
            .order_by("number")
        )
        return render(
            request,
            "facilities/runlog_shift_summary.html",
            {"title": _("Shift logged"), "logs": logs},
        )


class RunLogListView(ObjectListView):
    queryset = RunLog.objects.all()
    filterset_class = RunLogFilterSet
    table_class = RunLogTable
    title = gettext_lazy("Equipment run ledger")


class RunLogDetailView(ObjectDetailView):
    queryset = RunLog.objects.select_related(
        "site",
        "equipment__category",
        "equipment__location",
        "shift",
        "operator",
        "work_order",
        "created_by",
        "voided_by",
    )
    fields = (
        "number",
        "site",
        "equipment",
        "system",
        "shift_date",
        "shift",
        "started_at",
        "ended_at",
        "operator",
        "status",
        "anomaly",
        "is_accident",
        "created_by",
        "created_at",
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        log = context["object"]
        context["readings"] = _reading_rows(log)
        context["edit_url"] = None  # a log is voided and logged again, never edited
        return context


def _reading_rows(log: RunLog) -> list[dict]:
    """Each reading field of the unit's category with the value read and whether it was out
    of its normal range."""
    rows = []
    for spec in log.equipment.category.reading_fields.all():
        value = log.readings.get(spec.code)
        try:
            number = services.parse_reading(value)
        except ValueError:
            number = None
        rows.append(
            {
                "spec": spec,
                "value": value,
                "range": services.range_text(spec)
                if spec.minimum is not None or spec.maximum is not None
                else "",
                "out": number is not None and services.out_of_range(spec, number),
            }
        )
    return rows


class RunLogVoidView(ObjectVoidView):
    queryset = RunLog.objects.all()

    def void(self, obj, reason: str) -> None:
        services.run_log_void(log=obj, by=self.request.user, reason=reason)


class OperatingShiftListView(ObjectListView):
    queryset = OperatingShift.objects.all()
    filterset_class = OperatingShiftFilterSet
    table_class = OperatingShiftTable


class OperatingShiftDetailView(ObjectDetailView):
    queryset = OperatingShift.objects.select_related("site")
    fields = ("site", "name", "start_time", "hours", "position", "is_active")


class OperatingShiftEditView(ObjectEditView):
    queryset = OperatingShift.objects.all()
    form_class = OperatingShiftForm

    def save(self, form):
        return services.operating_shift_save(shift=form.instance, by=self.request.user)


urlpatterns = [
    path("runlogs/shift/", RunShiftView.as_view(), name="runlog_shift"),
    path("runlogs/shift/done/", RunShiftSummaryView.as_view(), name="runlog_shift_summary"),
    *crud_urls(
        RunLog,
        prefix="runlogs",
        list_view=RunLogListView,
        detail_view=RunLogDetailView,
        void_view=RunLogVoidView,
    ),
    *crud_urls(
        OperatingShift,
        prefix="shifts",
        list_view=OperatingShiftListView,
        detail_view=OperatingShiftDetailView,
        edit_view=OperatingShiftEditView,
    ),
]
