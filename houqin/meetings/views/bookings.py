"""Pages of meeting rooms and bookings: rooms and their rules, blackout periods, booking a room
(once or repeating, with service items), my bookings / the room-use ledger, a booking's page with
check-in and cancelling, the week and day calendar, the free-room search, the waitlist, and the
calendar (ICS) feeds of a room and of a person, opened by a signed token without a session."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RestrictedView,
    allowed_sites,
    crud_urls,
)
from houqin.core.models import Department
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.meetings.choices import HOLDING_STATUSES, BookingStatus
from houqin.meetings.filtersets.bookings import (
    BlackoutFilterSet,
    BookingFilterSet,
    RoomFilterSet,
)
from houqin.meetings.forms.bookings import (
    AvailabilityForm,
    BlackoutForm,
    BookingForm,
    ReasonForm,
    RoomForm,
    WaitlistForm,
)
from houqin.meetings.models import Blackout, Booking, Room, WaitlistEntry
from houqin.meetings.queries import bookings as queries
from houqin.meetings.services import bookings as services
from houqin.meetings.tables.bookings import BlackoutTable, BookingTable, RoomTable
from houqin.utils.text import parse_id

BOOKER_PERMS = ("meetings.add_booking", "meetings.view_booking")


def _in_range(day: date, margin: int) -> bool:
    """Whether ``day`` is at least ``margin`` days from the calendar's ends (year 1 and 9999),
    so the neighbouring weeks and an hour's slot stay computable."""
    return date.min + timedelta(days=margin) <= day <= date.max - timedelta(days=margin)


def _date_param(raw: str | None, *, margin: int = 0) -> date | None:
    """A date from the address, or None when it is not a real date or too near the ends."""
    try:
        day = parse_date(raw or "")
    except ValueError:  # well formed but impossible, as 2026-02-30
        return None
    return day if day is not None and _in_range(day, margin) else None


def _datetime_param(raw: str | None) -> datetime | None:
    """A date and time from the address, or None when it is not a real one."""
    try:
        value = parse_datetime(raw or "")
    except ValueError:
        return None
    return value if value is not None and _in_range(value.date(), 7) else None


def _refused(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def visible_bookings(user):
    """Bookings ``user`` may open: every booking of the sites where they see bookings, and
    their own."""
    site_ids = sites_with_perm(user, "meetings.view_booking")
    if site_ids is None:
        return Booking.objects.all()
    return Booking.objects.filter(Q(site_id__in=site_ids) | Q(organiser=user))


# Rooms and blackout periods ---------------------------------------------------------------------


class RoomListView(ObjectListView):
    """The rooms, by seats, equipment and building."""

    queryset = Room.objects.all()
    filterset_class = RoomFilterSet
    table_class = RoomTable
    title = gettext_lazy("Meeting rooms")


class RoomDetailView(ObjectDetailView):
    """A room: its rules, photos (attachments), this week's bookings and its calendar feed."""

    queryset = Room.objects.select_related("location", "location__building", "site")
    template_name = "meetings/room_detail.html"
    fields = (
        "code", "name", "location", "capacity", "description", "opens_at", "closes_at",
        "max_days_ahead", "max_minutes", "requires_approval", "check_in_minutes", "is_active",
    )  # fmt: skip

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        room = context["object"]
        labels = dict(RoomForm.base_fields["features"].choices)
        context.update(
            features=[labels.get(f, f) for f in room.features or []],
            departments=list(room.allowed_departments.all()),
            week=queries.room_week(room),
            blackouts=room.blackouts.filter(ends_at__gt=timezone.now())[:10],
            feed_url=self.request.build_absolute_uri(
                reverse("meetings:room_ics", kwargs={"pk": room.pk})
                + f"?token={queries.room_ics_token(room)}"
            ),
            book_url=f"{reverse('meetings:booking_add')}?room={room.pk}",
        )
        return context


class RoomEditView(ObjectEditView):
    """Add or change a room and its rules (meeting managers)."""

    queryset = Room.objects.all()
    form_class = RoomForm

    def save(self, form):
        room = form.save(commit=False)
        fields = [n for n in form.changed_data if n not in ("allowed_departments", "site")]
        return services.room_save(
            room=room,
            by=self.request.user,
            departments=form.cleaned_data.get("allowed_departments"),
            fields=fields or ["name"],
        )


class BlackoutListView(ObjectListView):
    """Periods when rooms cannot be booked."""

    queryset = Blackout.objects.all()
    filterset_class = BlackoutFilterSet
    table_class = BlackoutTable
    title = gettext_lazy("Blackout periods")


class BlackoutEditView(ObjectEditView):
    """Add or change a blackout period."""

    queryset = Blackout.objects.all()
    form_class = BlackoutForm

    def save(self, form):
        fields = [n for n in form.changed_data if n != "site"]
        return services.blackout_save(
            blackout=form.instance, by=self.request.user, fields=fields or ["reason"]
        )

    def success_url(self, obj) -> str:
        return reverse("meetings:blackout_list")


# Booking ----------------------------------------------------------------------------------------


class BookingAddView(RestrictedView):
    """Book a room from a phone: ``?room=&start=`` prefill it (the calendar's free slots and the
    free-room search link here). A refusal names the clashes and offers the waitlist."""

    queryset = Booking.objects.all()
    action = "add"
    template_name = "meetings/booking_add.html"

    def form(self, data=None):
        user = self.request.user
        sites = allowed_sites(user, Booking, "add")
        if self.request.site is not None:
            sites = sites.filter(pk=self.request.site.pk)
        rooms = Room.objects.filter(site__in=sites, is_active=True).order_by("site", "code")
        others = sites_with_perm(user, "meetings.book_for_others")
        organisers = None
        if others is None or others:
            organisers = (
                get_user_model()
                .objects.filter(is_active=True, memberships__site__in=sites)
                .distinct()
            )
        departments = Department.objects.filter(site__in=sites)
        return BookingForm(
            data, rooms=rooms, organisers=organisers, departments=departments,
            initial=self.initial(rooms),
        )  # fmt: skip

    def initial(self, rooms) -> dict:
        room = rooms.filter(pk=parse_id(self.request.GET.get("room"))).first()
        start = _datetime_param(self.request.GET.get("start"))
        if start is None:
            day = _date_param(self.request.GET.get("date"), margin=7)
            start = datetime.combine(day, datetime.min.time()).replace(hour=9) if day else None
        if start is not None and timezone.is_naive(start):
            start = timezone.make_aware(start)
        initial = {"room": room, "attendees": 2, "interval": 1}
        if start is not None:
            local = timezone.localtime(start)
            end = local + timedelta(hours=1)
            initial.update(date=local.date(), start=local.time(), end=end.time())
        return initial

    def get(self, request):
        return self.render(self.form())

    def post(self, request):
        form = self.form(request.POST)
        waitlist = None
        if form.is_valid():
            try:
                bookings = self.book(form)
            except services.BookingRefused as exc:
                add_service_errors(form, exc)
                waitlist = self.waitlist_form(form) if exc.clashes else None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self.booked(bookings)
        return self.render(form, waitlist=waitlist, status=400)

    def book(self, form):
        data = form.cleaned_data
        starts_at, ends_at = form.times()
        return services.booking_create(
            room=data["room"],
            by=self.request.user,
            title=data["title"],
            starts_at=starts_at,
            ends_at=ends_at,
            attendees=data["attendees"],
            organiser=data.get("organiser"),
            department=data.get("department"),
            layout=data["layout"],
            attendee_names=data.get("attendee_names", ""),
            note=data.get("note", ""),
            services=form.services(),
            repeat=form.repeat(),
        )

    def booked(self, bookings):
        first = bookings[0]
        text = _("Booked: %(number)s, %(count)d meeting(s).") % {
            "number": first.number,
            "count": len(bookings),
        }
        if first.status == BookingStatus.PENDING:
            text += " " + _("The room needs approval: the meeting managers have been asked.")
        messages.success(self.request, text)
        return redirect(first.get_absolute_url())

    def waitlist_form(self, form):
        data = form.cleaned_data
        starts_at, ends_at = form.times()
        initial = {
            "room": data["room"].pk,
            "title": data["title"],
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "attendees": data["attendees"],
        }
        return WaitlistForm(initial=initial, rooms=form.fields["room"].queryset)

    def render(self, form, waitlist=None, status=200):
        context = {"title": _("Book a room"), "form": form, "waitlist": waitlist}
        return render(self.request, self.template_name, context, status=status)


class BookingListView(ObjectListView):
    """My bookings; meeting managers and readers of the ledger see every booking of their sites
    (with filters and the Excel ledger 会议室使用台帐)."""

    queryset = Booking.objects.all()
    any_of_perms = BOOKER_PERMS
    filterset_class = BookingFilterSet
    table_class = BookingTable
    template_name = "meetings/booking_list.html"

    def get_title(self) -> str:
        if has_perm_at(self.request.user, "meetings.view_booking"):
            return _("Room-use ledger")
        return _("My bookings")

    def restricted(self, action=None):
        return visible_bookings(self.request.user)

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["add_url"] = reverse("meetings:booking_add")
        context["feed_url"] = self.request.build_absolute_uri(
            reverse("meetings:my_ics") + f"?token={queries.person_ics_token(self.request.user)}"
        )
        return context


class BookingDetailView(ObjectDetailView):
    """A booking: status, series, service items, check-in, cancel, history."""

    queryset = Booking.objects.select_related(
        "room", "organiser", "department", "series", "created_by", "site"
    )
    any_of_perms = BOOKER_PERMS
    template_name = "meetings/booking_detail.html"
    fields = (
        "number", "status", "room", "title", "organiser", "department", "attendees",
        "attendee_names", "starts_at", "ends_at", "layout", "note", "checked_in_at",
        "released_at", "cancelled_at", "cancel_reason", "served_at",
    )  # fmt: skip
    hide_empty = True

    def restricted(self, action=None):
        return visible_bookings(self.request.user).select_related(
            "room", "organiser", "department", "series", "created_by", "site"
        )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        booking = context["object"]
        user = self.request.user
        may_change = booking.organiser_id == user.pk or has_perm_at(
            user, "meetings.book_for_others", booking.site_id
        )
        holding = booking.status in HOLDING_STATUSES and booking.voided_at is None
        now = timezone.now()
        context.update(
            services=list(booking.services.all()),
            occurrences=self.occurrences(booking),
            can_cancel=may_change and holding and booking.ends_at > now,
            can_check_in=booking.status == BookingStatus.CONFIRMED
            and not booking.checked_in_at
            and (may_change or has_perm_at(user, "meetings.change_booking", booking.site_id))
            and booking.starts_at - services.CHECK_IN_EARLY <= now < booking.ends_at,
            can_rate=booking.organiser_id == user.pk
            and booking.served_at is not None
            and booking.rating is None
            and booking.voided_at is None,
        )
        return context

    def occurrences(self, booking):
        if not booking.series_id:
            return []
        return list(booking.series.bookings.order_by("starts_at").only("pk", "starts_at", "status"))


class BookingCancelView(RestrictedView):
    """Cancel a booking (or every coming meeting of its series) with a reason."""

    queryset = Booking.objects.all()
    any_of_perms = BOOKER_PERMS
    template_name = "meetings/booking_cancel.html"

    def get_object(self, action=None):
        booking = (
            visible_bookings(self.request.user)
            .select_related("room", "series")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if booking is None:
            raise Http404
        return booking

    def get(self, request, pk):
        return self.render(self.get_object(), ReasonForm())

    def post(self, request, pk):
        booking = self.get_object()
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                self.cancel(booking, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The booking was cancelled."))
                return redirect(booking.get_absolute_url())
        return self.render(booking, form, status=400)

    def cancel(self, booking, data) -> None:
        reason, user = data["reason"], self.request.user
        if data.get("whole_series") and booking.series_id:
            services.series_cancel(series=booking.series, by=user, reason=reason)
        else:
            services.booking_cancel(booking=booking, by=user, reason=reason)

    def render(self, booking, form, status=200):
        context = {"title": _("Cancel %(name)s") % {"name": booking}, "object": booking}
        context["form"] = form
        return render(self.request, self.template_name, context, status=status)


class BookingCheckInView(BookingCancelView):
    """Check in to a meeting (POST only)."""

    def get(self, request, pk):
        return redirect(self.get_object().get_absolute_url())

    def post(self, request, pk):
        booking = self.get_object()
        try:
            services.booking_check_in(booking=booking, by=request.user)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Checked in."))
        return redirect(booking.get_absolute_url())


# Calendar and free rooms ------------------------------------------------------------------------


class BookingCalendarView(RestrictedView):
    """The week (default) or a day: rooms as rows, days as columns; each booking a block linking
    to it, each day cell a link to book the room that day. Navigation swaps the grid by htmx."""

    queryset = Room.objects.all()

    def get(self, request):
        view = "day" if request.GET.get("view") == "day" else "week"
        day = _date_param(request.GET.get("date"), margin=14) or timezone.localdate()
        first = day if view == "day" else queries.week_start(day)
        count = 1 if view == "day" else 7
        rooms = list(
            self.restricted()
            .in_scope(request)
            .filter(is_active=True)
            .order_by("site", "code")
            .select_related("site")
        )
        grid = queries.calendar_bookings(rooms, first, count)
        days = [first + timedelta(days=i) for i in range(count)]
        context = {
            "title": _("Room calendar"),
            "view": view,
            "days": days,
            "rows": [(room, [(d, grid.get((room.pk, d), [])) for d in days]) for room in rooms],
            "previous": first - timedelta(days=count),
            "next": first + timedelta(days=count),
            "today": timezone.localdate(),
            "can_book": has_perm_at(request.user, "meetings.add_booking"),
        }
        template = "meetings/_booking_calendar_grid.html"
        if not request.headers.get("HX-Request"):
            template = "meetings/booking_calendar.html"
        return render(request, template, context)


class AvailabilityView(RestrictedView):
    """Find a free room: date, from–to, seats and equipment → the rooms free then."""

    queryset = Room.objects.all()

    def get(self, request):
        form = AvailabilityForm(request.GET or None)
        rooms = None
        if form.is_bound and form.is_valid():
            start, end = form.times()
            site_ids = sites_with_perm(request.user, "meetings.view_room")
            if request.site is not None:
                site_ids = [request.site.pk] if site_ids is None else (
                    [request.site.pk] if request.site.pk in site_ids else []
                )  # fmt: skip
            rooms = list(
                queries.availability(
                    site_ids, start, end, form.cleaned_data.get("seats") or 0,
                    form.cleaned_data.get("feature") or "",
                )[:100]
            )  # fmt: skip
            context_start = timezone.localtime(start).strftime("%Y-%m-%dT%H:%M")
        else:
            context_start = ""
        context = {
            "title": _("Find a free room"),
            "form": form,
            "rooms": rooms,
            "start": context_start,
        }
        return render(request, "meetings/availability.html", context)


# Waitlist ---------------------------------------------------------------------------------------


class WaitlistView(RestrictedView):
    """My waitlist entries; accept an offer, leave, or join (posted from a refused booking)."""

    queryset = WaitlistEntry.objects.all()
    any_of_perms = ("meetings.add_booking",)

    def entries(self):
        return (
            WaitlistEntry.objects.filter(user=self.request.user)
            .select_related("room", "booking")
            .order_by("-created_at")[:100]
        )

    def get(self, request):
        context = {"title": _("My waitlist"), "entries": self.entries(), "now": timezone.now()}
        return render(request, "meetings/waitlist.html", context)

    def post(self, request):
        action = request.POST.get("action")
        try:
            if action == "join":
                return self.join(request)
            entry = WaitlistEntry.objects.filter(
                user=request.user, pk=parse_id(request.POST.get("entry"))
            ).first()
            if entry is None:
                raise Http404
            if action == "accept":
                bookings = services.waitlist_accept(entry=entry, by=request.user)
                messages.success(request, _("Booked: %(number)s.") % {"number": bookings[0].number})
                return redirect(bookings[0].get_absolute_url())
            services.waitlist_leave(entry=entry, by=request.user)
            messages.success(request, _("You left the waitlist."))
        except ValidationError as exc:
            _refused(request, exc)
        return redirect("meetings:waitlist")

    def join(self, request):
        sites = sites_with_perm(request.user, "meetings.add_booking")
        rooms = Room.objects.all() if sites is None else Room.objects.filter(site_id__in=sites)
        form = WaitlistForm(request.POST, rooms=rooms)
        if not form.is_valid():
            messages.error(request, _("This slot can no longer be waited for: book again."))
            return redirect("meetings:booking_add")
        services.waitlist_join(by=request.user, **form.cleaned_data)
        messages.success(request, _("You are on the waitlist: you will be told if it frees."))
        return redirect("meetings:waitlist")


# Calendar feeds ---------------------------------------------------------------------------------


def calendar_text(name: str, bookings) -> bytes:
    """The iCalendar text of bookings: one event per meeting, with a stable UID."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Houqin//meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for booking in bookings:
        event = Event()
        event.add("uid", booking.ics_uid or f"{booking.number}@houqin")
        event.add("summary", booking.title)
        event.add("location", str(booking.room))
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        event.add("dtstamp", booking.created_at)
        event.add("description", _("Organiser: %(name)s") % {"name": booking.organiser})
        if booking.status == BookingStatus.PENDING:
            event.add("status", "TENTATIVE")
        cal.add_component(event)
    return cal.to_ical()


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def room_ics(request, pk: int):
    """A room's bookings as a feed, opened by its signed token (no session needed)."""
    room = Room.objects.filter(pk=pk, is_active=True).first()
    if room is None or not queries.room_ics_token_ok(pk, request.GET.get("token", "")):
        raise Http404
    return _ics(calendar_text(room.name, queries.feed_bookings(room=room)), f"room-{pk}.ics")


def my_ics(request):
    """A person's meetings as a feed, opened by their signed token."""
    user = queries.user_from_ics_token(request.GET.get("token", ""))
    if user is None:
        raise Http404
    return _ics(calendar_text(str(user), queries.feed_bookings(organiser=user)), "meetings.ics")


urlpatterns = [
    *crud_urls(
        Room, prefix="rooms", list_view=RoomListView, detail_view=RoomDetailView,
        edit_view=RoomEditView,
    ),
    *crud_urls(
        Blackout, prefix="blackouts", list_view=BlackoutListView, edit_view=BlackoutEditView
    ),
    path("rooms/<int:pk>/calendar.ics", room_ics, name="room_ics"),
    path("bookings/", BookingListView.as_view(), name="booking_list"),
    path("bookings/add/", BookingAddView.as_view(), name="booking_add"),
    path("bookings/<int:pk>/", BookingDetailView.as_view(), name="booking_detail"),
    path("bookings/<int:pk>/cancel/", BookingCancelView.as_view(), name="booking_cancel"),
    path("bookings/<int:pk>/check-in/", BookingCheckInView.as_view(), name="booking_check_in"),
    path("bookings/calendar.ics", my_ics, name="my_ics"),
    path("calendar/", BookingCalendarView.as_view(), name="booking_calendar"),
    path("availability/", AvailabilityView.as_view(), name="availability"),
    path("waitlist/", WaitlistView.as_view(), name="waitlist"),
]  # fmt: skip
