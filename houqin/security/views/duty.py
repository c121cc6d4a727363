"""Pages of the 24-hour duty: posts, shifts, absences, special periods, rosters, swaps, duty
logs and handover."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from houqin.core.exports import ledger_workbook, xlsx_response
from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    allowed_sites,
    crud_urls,
)
from houqin.core.permissions import sites_with_perm
from houqin.security.choices import RosterStatus
from houqin.security.filtersets import duty as fs
from houqin.security.forms import duty as forms
from houqin.security.models import (
    Absence,
    Assignment,
    DutyLog,
    DutyPost,
    DutyShift,
    Roster,
    SpecialPeriod,
    SwapRequest,
)
from houqin.security.queries import duty_pages as queries
from houqin.security.services import duty as services
from houqin.security.tables import duty as tables

# Master data: posts, shifts, absences, special periods -----------------------------------------


class DutyPostListView(ObjectListView):
    queryset = DutyPost.objects.all()
    filterset_class = fs.DutyPostFilterSet
    table_class = tables.DutyPostTable
    title = gettext_lazy("Duty posts")

    def base_queryset(self):
        return (
            super()
            .base_queryset()
            .annotate(qualified_count=Count("qualified"))
            .order_by("site", "position", "name")
        )


class DutyPostDetailView(ObjectDetailView):
    queryset = DutyPost.objects.select_related("site", "location").prefetch_related("qualified")
    fields = ("site", "name", "kind", "staff_per_shift", "location", "qualified_people")
    labels = {"qualified_people": gettext_lazy("Qualified people")}

    def get_object(self, action=None):
        obj = super().get_object(action)
        obj.qualified_people = "、".join(p.name for p in obj.qualified.all())
        return obj


class DutyPostEditView(ObjectEditView):
    queryset = DutyPost.objects.all()
    form_class = forms.DutyPostForm

    def save(self, form):
        post = super().save(form)
        post.qualified.set(form.cleaned_data["qualified"])
        return post


class DutyShiftListView(ObjectListView):
    queryset = DutyShift.objects.all()
    filterset_class = fs.DutyShiftFilterSet
    table_class = tables.DutyShiftTable
    title = gettext_lazy("Shifts")


class DutyShiftDetailView(ObjectDetailView):
    queryset = DutyShift.objects.select_related("site")
    fields = ("site", "name", "start_time", "hours", "is_night", "position", "is_active")


class DutyShiftEditView(ObjectEditView):
    queryset = DutyShift.objects.all()
    form_class = forms.DutyShiftForm


class AbsenceListView(ObjectListView):
    queryset = Absence.objects.all()
    filterset_class = fs.AbsenceFilterSet
    table_class = tables.AbsenceTable
    title = gettext_lazy("Leave and absences")


class AbsenceDetailView(ObjectDetailView):
    queryset = Absence.objects.select_related("site", "person")
    fields = ("site", "person", "start_date", "end_date", "reason", "note")


class AbsenceEditView(ObjectEditView):
    queryset = Absence.objects.all()
    form_class = forms.AbsenceForm


class SpecialPeriodListView(ObjectListView):
    queryset = SpecialPeriod.objects.all()
    filterset_class = fs.SpecialPeriodFilterSet
    table_class = tables.SpecialPeriodTable
    title = gettext_lazy("Special protection periods")


class SpecialPeriodDetailView(ObjectDetailView):
    queryset = SpecialPeriod.objects.select_related("site")
    fields = ("site", "name", "start_date", "end_date")


class SpecialPeriodEditView(ObjectEditView):
    queryset = SpecialPeriod.objects.all()
    form_class = forms.SpecialPeriodForm


# Rosters ---------------------------------------------------------------------------------------


class RosterListView(ObjectListView):
    queryset = Roster.objects.all()
    filterset_class = fs.RosterFilterSet
    table_class = tables.RosterTable
    template_name = "security/roster_list.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["generate_url"] = reverse("security:roster_generate") if self.can("add") else None
        return context


class RosterGenerateView(RestrictedView):
    """Generate a month's roster for a site; an impossible month is explained, not failed."""

    queryset = Roster.objects.all()
    action = "add"
    template_name = "security/roster_generate.html"

    def form(self, data=None):
        sites = allowed_sites(self.request.user, Roster, "add")
        return forms.RosterGenerateForm(data, sites=sites)

    def get(self, request):
        return self.render(self.form())

    def post(self, request):
        from houqin.security.services.roster import roster_generate

        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        d = form.cleaned_data
        try:
            roster = roster_generate(site=d["site"], month=d["month"], by=request.user)
        except ValidationError as exc:
            return self.render(form, explanations=exc.messages, status=400)
        messages.success(request, _generated_message(roster))
        return redirect(roster.get_absolute_url())

    def render(self, form, explanations=(), status=200):
        context = {"form": form, "explanations": explanations, "title": _("Generate a roster")}
        return render(self.request, self.template_name, context, status=status)


def _generated_message(roster: Roster) -> str:
    return _(
        "Roster %(month)s generated in %(seconds)s s; spread of unsocial shifts: %(spread)s."
    ) % {
        "month": roster.month.strftime("%Y-%m"),
        "seconds": roster.solve_seconds if roster.solve_seconds is not None else "—",
        "spread": roster.fairness_spread if roster.fairness_spread is not None else "—",
    }


class RosterDetailView(ObjectDetailView):
    """The roster as a month calendar: days × shifts, each cell listing post: person."""

    queryset = Roster.objects.select_related("site", "created_by", "voided_by")
    template_name = "security/roster_detail.html"

    def get(self, request, *args, **kwargs):
        roster = self.get_object()
        if request.GET.get("export") == "xlsx":
            return roster_workbook(roster)
        return render(request, self.template_name, self.get_context_data(object=roster))

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        roster = context["object"]
        shifts, days = queries.roster_grid(roster)
        editable = roster.voided_at is None and self.can("change", roster)
        context.update(
            shifts=shifts,
            days=days,
            editable=editable,
            can_publish=editable
            and roster.status == RosterStatus.DRAFT
            and self.can("publish", roster),
            edit_url=None,
            attach_url=None,
            feeds=_feeds(days) if editable else [],
        )
        return context


def _feeds(days) -> list[tuple]:
    """(person, calendar feed URL) of everyone on the roster, for the duty manager to send."""
    people = {a.person.pk: a.person for d in days for cell in d.cells for a in cell}
    return [
        (p, reverse("security:person_ics", kwargs={"token": queries.ics_token(p)}))
        for p in sorted(people.values(), key=lambda p: p.name)
    ]


def roster_workbook(roster: Roster) -> HttpResponse:
    """The roster as an Excel ledger, one line per shift."""
    rows = tables.AssignmentTable.prepare(roster.assignments.all()).order_by(
        "date", "shift__position", "-is_leader", "post__position"
    )
    title = _("Duty roster %(month)s") % {"month": roster.month.strftime("%Y-%m")}
    wb = ledger_workbook(
        tables.AssignmentTable(rows), title=title, filters=[(_("Site"), str(roster.site))]
    )
    return xlsx_response(wb, f"{title}.xlsx")


class RosterPrintView(RosterDetailView):
    """The monthly roster on one A4 landscape sheet."""

    template_name = "security/roster_print.html"


class RosterPublishView(RestrictedView):
    queryset = Roster.objects.all()
    action = "publish"

    def post(self, request, pk):
        roster = self.get_object("change")
        if not self.can("publish", roster):
            raise Http404
        try:
            services.roster_publish(roster=roster, by=request.user)
        except ValidationError as exc:
            messages.error(request, _("The roster cannot be published yet:"))
            for message in exc.messages[:30]:
                messages.error(request, message)
        else:
            messages.success(request, _("The roster is published; everyone on it was notified."))
        return redirect(roster.get_absolute_url())


class RosterVoidView(ObjectVoidView):
    queryset = Roster.objects.all()


class AssignmentEditView(RestrictedView):
    """Put another qualified person on one cell of the roster."""

    queryset = Assignment.objects.all()
    any_of_perms = ("security.change_roster",)
    template_name = "security/roster_cell_edit.html"

    def get_object(self, action=None):
        sites = sites_with_perm(self.request.user, "security.change_roster")
        qs = Assignment.objects.select_related("roster", "shift", "post", "person", "site")
        if sites is not None:
            qs = qs.filter(site_id__in=sites)
        assignment = qs.filter(pk=self.kwargs["pk"], roster__voided_at__isnull=True).first()
        if assignment is None:
            raise Http404
        return assignment

    def get(self, request, pk):
        assignment = self.get_object()
        form = forms.PersonChoiceForm(
            initial={"person": assignment.person_id}, assignment=assignment
        )
        return self.render(assignment, form)

    def post(self, request, pk):
        assignment = self.get_object()
        form = forms.PersonChoiceForm(request.POST, assignment=assignment)
        if form.is_valid():
            try:
                services.assignment_change(
                    assignment=assignment, person=form.cleaned_data["person"], by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The shift was changed."))
                return redirect(assignment.roster.get_absolute_url())
        return self.render(assignment, form, status=400)

    def render(self, assignment, form, status=200):
        context = {"form": form, "assignment": assignment, "title": _("Change a shift")}
        return render(self.request, self.template_name, context, status=status)


# My shifts, the calendar feed, swap requests ---------------------------------------------------


class MyShiftsView(RestrictedView):
    """The logged-in person's coming shifts, the calendar feed link and swap requests."""

    queryset = Assignment.objects.all()

    def get(self, request):
        person = getattr(request.user, "person", None)
        shifts = list(queries.shifts_of(person, since=timezone.localdate())[:100]) if person else []
        feed_url = (
            request.build_absolute_uri(
                reverse("security:person_ics", kwargs={"token": queries.ics_token(person)})
            )
            if person
            else None
        )
        context = {"title": _("My shifts"), "shifts": shifts, "feed_url": feed_url}
        return render(request, "security/duty_my_shifts.html", context)


class PersonIcsView(View):
    """A person's published shifts as an iCalendar feed, opened by its signed token (calendar
    apps subscribe without a session)."""

    def get(self, request, token):
        person = queries.person_from_ics_token(token)
        if person is None:
            raise Http404
        body = person_calendar(person, queries.shifts_of(person))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="duty.ics"'
        return response


def person_calendar(person, shifts) -> bytes:
    """The iCalendar text of a person's shifts: one event per shift, with a stable UID."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Houqin//duty roster//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Duty shifts of %(person)s") % {"person": person})
    for a in shifts:
        event = Event()
        event.add("uid", f"assignment-{a.pk}@houqin")
        event.add("dtstamp", a.roster.published_at or a.roster.created_at)
        event.add("dtstart", timezone.localtime(a.starts_at))
        event.add("dtend", timezone.localtime(a.ends_at))
        event.add("summary", _shift_summary(a))
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _shift_summary(a: Assignment) -> str:
    place = a.post.name if a.post_id else _("leader on duty")
    return _("Duty: %(post)s, %(shift)s shift") % {"post": place, "shift": a.shift.name}


class SwapRequestCreateView(RestrictedView):
    """Ask for someone to take over one of one's shifts."""

    queryset = SwapRequest.objects.all()
    action = "add"
    template_name = "security/duty_swap_form.html"

    def get_assignment(self) -> Assignment:
        qs = Assignment.objects.restrict(self.request.user, "view").select_related(
            "roster", "shift", "post", "person", "site"
        )
        assignment = qs.filter(pk=self.kwargs["pk"], roster__voided_at__isnull=True).first()
        if assignment is None:
            raise Http404
        return assignment

    def get(self, request, pk):
        assignment = self.get_assignment()
        return self.render(assignment, forms.SwapRequestForm(assignment=assignment))

    def post(self, request, pk):
        assignment = self.get_assignment()
        form = forms.SwapRequestForm(request.POST, assignment=assignment)
        if form.is_valid():
            try:
                swap = services.swap_request_create(
                    by=request.user, assignment=assignment, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your swap request was sent for approval."))
                return redirect(swap.get_absolute_url())
        return self.render(assignment, form, status=400)

    def render(self, assignment, form, status=200):
        context = {"form": form, "assignment": assignment, "title": _("Request a swap")}
        return render(self.request, self.template_name, context, status=status)


class SwapRequestListView(ObjectListView):
    queryset = SwapRequest.objects.all()
    filterset_class = fs.SwapRequestFilterSet
    table_class = tables.SwapRequestTable


class SwapRequestDetailView(ObjectDetailView):
    queryset = SwapRequest.objects.select_related(
        "site", "assignment__shift", "assignment__post", "assignment__person", "replacement"
    )
    template_name = "security/duty_swap_detail.html"
    fields = ("number", "site", "assignment", "replacement", "reason", "status", "decided_at")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["approval"] = _approval_of(context["object"])
        context["edit_url"] = None
        return context


def _approval_of(swap):
    try:
        from houqin.approvals.queries import approval_for
    except ImportError:  # the approvals engine is not installed
        return None
    return approval_for(swap)


class SwapRequestVoidView(ObjectVoidView):
    queryset = SwapRequest.objects.all()

    def void(self, obj, reason: str) -> None:
        services.swap_request_void(swap=obj, by=self.request.user, reason=reason)


# Duty log ---------------------------------------------------------------------------------------


class DutyLogListView(ObjectListView):
    queryset = DutyLog.objects.all()
    filterset_class = fs.DutyLogFilterSet
    table_class = tables.DutyLogTable
    template_name = "security/duty_log_list.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["open_url"] = reverse("security:dutylog_open") if self.can("add") else None
        context["add_url"] = None
        return context


class DutyLogOpenView(RestrictedView):
    """Open today's log of my shift (or go to it when it is already open)."""

    queryset = DutyLog.objects.all()
    action = "add"

    def form(self, data=None):
        sites = allowed_sites(self.request.user, DutyLog, "add")
        form = forms.DutyLogOpenForm(data, sites=sites)
        person = getattr(self.request.user, "person", None)
        mine = queries.todays_assignment(person) if person else None
        if mine is not None and data is None:
            form.initial.update(
                site=mine.site_id, date=mine.date, shift=mine.shift_id, post=mine.post_id
            )
        return form

    def get(self, request):
        return self.render(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            existing = _open_log(form.cleaned_data)
            if existing is not None and self.can("view", existing):
                return redirect(existing.get_absolute_url())
            try:
                log = services.duty_log_open(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect(log.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = {"form": form, "title": _("Open the duty log"), "cancel_url": "/"}
        return render(self.request, "core/object_form.html", context, status=status)


def _open_log(data) -> DutyLog | None:
    return DutyLog.objects.filter(
        site=data["site"],
        date=data["date"],
        shift=data["shift"],
        post=data["post"],
        voided_at__isnull=True,
    ).first()


class DutyLogDetailView(ObjectDetailView):
    queryset = DutyLog.objects.select_related(
        "site", "shift", "post", "on_duty", "received_by", "voided_by", "created_by"
    )
    template_name = "security/duty_log_detail.html"
    fields = (
        "number",
        "date",
        "shift",
        "post",
        "on_duty",
        "handover_note",
        "handed_over_at",
        "received_by",
        "received_at",
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        log, user = context["object"], self.request.user
        open_ = log.voided_at is None and log.handed_over_at is None
        context.update(
            entries=log.entries.select_related("noted_by"),
            can_note=open_ and log.on_duty_id == user.pk,
            can_receive=log.voided_at is None
            and log.handed_over_at is not None
            and log.received_at is None
            and log.on_duty_id != user.pk
            and self.can("change", log),
            note_form=forms.DutyLogNoteForm(),
            handover_form=forms.HandOverForm(),
            edit_url=None,
        )
        return context


class DutyLogActionView(RestrictedView):
    """Base of the duty log's actions: the log must be one the user may change."""

    queryset = DutyLog.objects.select_related("site")
    action = "change"

    def post(self, request, pk):
        log = self.get_object()
        try:
            response = self.perform(log)
        except ValidationError as exc:
            if request.headers.get("HX-Request"):
                return HttpResponse(
                    " ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8"
                )
            for message in exc.messages:
                messages.error(request, message)
            response = None
        return response or redirect(log.get_absolute_url())


class DutyLogNoteView(DutyLogActionView):
    """Note an event; with htmx the new line is appended to the list."""

    def perform(self, log):
        form = forms.DutyLogNoteForm(self.request.POST)
        text = form.data.get("text", "")
        entry = services.duty_log_note(log=log, text=text, by=self.request.user)
        if self.request.headers.get("HX-Request"):
            return render(self.request, "security/duty_log_entry.html", {"entry": entry})
        return None


class DutyLogHandOverView(DutyLogActionView):
    def perform(self, log):
        note = self.request.POST.get("note", "")
        services.duty_log_hand_over(log=log, note=note, by=self.request.user)
        messages.success(self.request, _("The shift was handed over."))


class DutyLogReceiveView(DutyLogActionView):
    def perform(self, log):
        services.duty_log_receive(log=log, by=self.request.user)
        messages.success(self.request, _("You received the handover."))


class DutyLogVoidView(ObjectVoidView):
    queryset = DutyLog.objects.all()


urlpatterns: list = [
    *crud_urls(
        DutyPost,
        prefix="duty/posts",
        list_view=DutyPostListView,
        detail_view=DutyPostDetailView,
        edit_view=DutyPostEditView,
    ),
    *crud_urls(
        DutyShift,
        prefix="duty/shifts",
        list_view=DutyShiftListView,
        detail_view=DutyShiftDetailView,
        edit_view=DutyShiftEditView,
    ),
    *crud_urls(
        Absence,
        prefix="duty/absences",
        list_view=AbsenceListView,
        detail_view=AbsenceDetailView,
        edit_view=AbsenceEditView,
    ),
    *crud_urls(
        SpecialPeriod,
        prefix="duty/special-periods",
        list_view=SpecialPeriodListView,
        detail_view=SpecialPeriodDetailView,
        edit_view=SpecialPeriodEditView,
    ),
    path("duty/rosters/generate/", RosterGenerateView.as_view(), name="roster_generate"),
    path("duty/rosters/<int:pk>/print/", RosterPrintView.as_view(), name="roster_print"),
    path("duty/rosters/<int:pk>/publish/", RosterPublishView.as_view(), name="roster_publish"),
    *crud_urls(
        Roster,
        prefix="duty/rosters",
        list_view=RosterListView,
        detail_view=RosterDetailView,
        void_view=RosterVoidView,
    ),
    path("duty/shifts-of/<int:pk>/edit/", AssignmentEditView.as_view(), name="assignment_edit"),
    path("duty/shifts-of/<int:pk>/swap/", SwapRequestCreateView.as_view(), name="swaprequest_add"),
    path("duty/my-shifts/", MyShiftsView.as_view(), name="my_shifts"),
    path("duty/calendar/<str:token>.ics", PersonIcsView.as_view(), name="person_ics"),
    *crud_urls(
        SwapRequest,
        prefix="duty/swaps",
        list_view=SwapRequestListView,
        detail_view=SwapRequestDetailView,
        void_view=SwapRequestVoidView,
    ),
    path("duty/log/open/", DutyLogOpenView.as_view(), name="dutylog_open"),
    path("duty/log/<int:pk>/note/", DutyLogNoteView.as_view(), name="dutylog_note"),
    path("duty/log/<int:pk>/hand-over/", DutyLogHandOverView.as_view(), name="dutylog_hand_over"),
    path("duty/log/<int:pk>/receive/", DutyLogReceiveView.as_view(), name="dutylog_receive"),
    *crud_urls(
        DutyLog,
        prefix="duty/log",
        list_view=DutyLogListView,
        detail_view=DutyLogDetailView,
        void_view=DutyLogVoidView,
    ),
]
