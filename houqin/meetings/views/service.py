"""Pages of the meeting service (会议服务): the service staff's task list of a day (phone cards
with a button per item, swapped in place by htmx; a print view of the day), marking an item done
or taking it back, and the organiser's rating of a served meeting."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.forms import add_service_errors
from houqin.core.generic import RestrictedView
from houqin.core.permissions import sites_with_perm
from houqin.meetings.forms.service import BookingRateForm, TaskDayForm
from houqin.meetings.models import Booking, BookingService
from houqin.meetings.queries import service as queries
from houqin.meetings.services import service as services
from houqin.meetings.tables.service import ServiceTaskTable, task_rows

SERVE_PERM = "meetings.serve_bookingservice"


def _mark_servable(user, bookings) -> None:
    """Flag each booking the user may serve (service staff of its site)."""
    sites = sites_with_perm(user, SERVE_PERM)
    for booking in bookings:
        booking.can_serve = sites is None or booking.site_id in sites


class ServiceTasksView(RestrictedView):
    """The day's meetings that ask for service, by room and time; ``?print=1`` for the sheet."""

    queryset = BookingService.objects.all()
    action = "view"

    def get(self, request):
        form = TaskDayForm(request.GET or None)
        day = timezone.localdate()
        if form.is_bound and form.is_valid():
            day = form.cleaned_data["date"] or day
        elif form.is_bound:
            messages.error(request, _("Enter a valid date; today's tasks are shown."))
        bookings = queries.day_tasks(request.user, day, request)
        if request.GET.get("print"):
            return self.print_sheet(day, bookings)
        _mark_servable(request.user, bookings)
        context = {
            "title": _("Meeting service tasks"),
            "form": TaskDayForm(initial={"date": day}),
            "day": day,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "groups": queries.tasks_by_room(bookings),
        }
        return render(request, "meetings/service_tasks.html", context)

    def print_sheet(self, day, bookings):
        context = {
            "title": _("Meeting service tasks"),
            "day": day,
            "table": ServiceTaskTable(task_rows(bookings)),
        }
        return render(self.request, "meetings/service_tasks_print.html", context)


class ServiceStepView(RestrictedView):
    """A POST-only step on one service item of a site where the user serves meetings (another
    site's item is a 404). With htmx the meeting's card is returned to be swapped in place;
    otherwise the task list of the meeting's day, with the outcome as a message."""

    queryset = BookingService.objects.select_related("booking__site", "booking__organiser")
    action = "serve"
    success_message = ""

    def get(self, request, pk):
        return redirect("meetings:service_tasks")

    def post(self, request, pk):
        service = self.get_object()
        error = ""
        try:
            self.perform(service)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        if request.headers.get("HX-Request"):
            return self.card(service.booking_id, error)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, self.success_message % {"item": service})
        day = timezone.localdate(service.booking.starts_at)
        return redirect(f"{reverse('meetings:service_tasks')}?date={day:%Y-%m-%d}")

    def card(self, booking_id: int, error: str):
        items = BookingService.objects.select_related("done_by").order_by("item")
        booking = (
            Booking.objects.select_related("room__location", "organiser", "department")
            .prefetch_related(Prefetch("services", queryset=items))
            .get(pk=booking_id)
        )
        _mark_servable(self.request.user, [booking])
        context = {"booking": booking, "error": error}
        return render(self.request, "meetings/service_card.html", context)

    def perform(self, service) -> None:
        raise NotImplementedError


class BookingServiceDoneView(ServiceStepView):
    success_message = gettext_lazy("%(item)s done.")

    def perform(self, service):
        services.service_item_done(service=service, by=self.request.user)


class BookingServiceUndoView(ServiceStepView):
    success_message = gettext_lazy("%(item)s taken back: not done.")

    def perform(self, service):
        services.service_item_undo(service=service, by=self.request.user)


class BookingRateView(RestrictedView):
    """The organiser's rating of a served meeting (from the notification or the booking)."""

    queryset = Booking.objects.select_related("room", "site")
    any_of_perms = ("meetings.add_booking",)

    def get_object(self, action=None):
        booking = self.queryset.filter(
            pk=self.kwargs["pk"], organiser=self.request.user, voided_at__isnull=True
        ).first()
        if booking is None:
            raise Http404
        return booking

    def get(self, request, pk):
        return self.render(self.get_object(), BookingRateForm())

    def post(self, request, pk):
        booking = self.get_object()
        form = BookingRateForm(request.POST)
        if not form.is_valid():
            return self.render(booking, form, status=400)
        try:
            services.booking_rate(booking=booking, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render(booking, form, status=400)
        messages.success(request, _("Thank you for rating the meeting service."))
        return redirect("meetings:booking_rate", pk=booking.pk)

    def render(self, booking, form, status=200):
        context = {"title": _("Rate the meeting service"), "booking": booking, "form": form}
        return render(self.request, "meetings/booking_rate.html", context, status=status)


urlpatterns = [
    path("service/", ServiceTasksView.as_view(), name="service_tasks"),
    path(
        "service/items/<int:pk>/done/",
        BookingServiceDoneView.as_view(),
        name="bookingservice_done",
    ),
    path(
        "service/items/<int:pk>/undo/",
        BookingServiceUndoView.as_view(),
        name="bookingservice_undo",
    ),
    path("bookings/<int:pk>/rate/", BookingRateView.as_view(), name="booking_rate"),
]
