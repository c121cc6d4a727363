"""Pages of the health subject: experts, sessions (list, record with bookings, attendance and
consultation counts, add, edit, cancel), the reader's booking page, the consultation ledger
(single and bulk logging, void) and the statistics of a year."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    allowed_sites,
    crud_urls,
    safe_next_url,
)
from houqin.core.inputs import chosen_year
from houqin.core.models import Person
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.outreach.filtersets.health import (
    ConsultationFilterSet,
    ExpertFilterSet,
    HealthSessionFilterSet,
)
from houqin.outreach.forms.health import (
    ConsultationBulkForm,
    ConsultationForm,
    ExpertForm,
    HealthSessionForm,
)
from houqin.outreach.models import Consultation, Expert, HealthBooking, HealthSession
from houqin.outreach.queries import health as queries
from houqin.outreach.services import health as services
from houqin.outreach.tables.health import ConsultationTable, ExpertTable, HealthSessionTable
from houqin.reports.registry import year_bounds
from houqin.utils.text import parse_id


class ExpertListView(ObjectListView):
    queryset = Expert.objects.all()
    filterset_class = ExpertFilterSet
    table_class = ExpertTable
    title = gettext_lazy("Health experts")


class ExpertEditView(ObjectEditView):
    queryset = Expert.objects.all()
    form_class = ExpertForm

    def save(self, form):
        return services.expert_save(expert=form.instance, by=self.request.user)

    def success_url(self, obj) -> str:
        return reverse("outreach:expert_list")


class SessionListView(ObjectListView):
    queryset = HealthSession.objects.all()
    filterset_class = HealthSessionFilterSet
    table_class = HealthSessionTable
    title = gettext_lazy("Health sessions")


class SessionDetailView(ObjectDetailView):
    queryset = HealthSession.objects.select_related("site", "expert")
    fields = (
        "site",
        "expert",
        "topic",
        "starts_at",
        "ends_at",
        "place",
        "capacity",
        "cancelled_at",
    )
    template_name = "outreach/health_session_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        session = context["object"]
        now = timezone.now()
        may_change = self.can("change", session) and session.cancelled_at is None
        bookings = list(queries.session_bookings(session))
        context.update(
            bookings=bookings,
            booked=sum(b.status != "cancelled" for b in bookings),
            kind_counts=queries.session_kind_counts(session),
            can_cancel=may_change and session.starts_at > now,
            can_mark=may_change and session.starts_at <= now,
            can_log=may_change and session.starts_at <= now and self.can_consultation(session),
            edit_url=context["edit_url"] if may_change else None,
        )
        return context

    def can_consultation(self, session) -> bool:
        return has_perm_at(self.request.user, "outreach.add_consultation", session.site_id)


class SessionEditView(ObjectEditView):
    queryset = HealthSession.objects.all()
    form_class = HealthSessionForm

    def save(self, form):
        return services.session_save(session=form.instance, by=self.request.user)


class SessionActionView(RestrictedView):
    """A POST-only step on a session (cancel, mark attendance) through its service."""

    queryset = HealthSession.objects.all()
    action = "change"

    def post(self, request, pk):
        session = self.get_object()
        try:
            message = self.run(session)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, message)
        return redirect(reverse("outreach:session_detail", kwargs={"pk": session.pk}))


class SessionCancelView(SessionActionView):
    def run(self, session) -> str:
        reason = self.request.POST.get("reason", "")[:200]
        services.session_cancel(session=session, by=self.request.user, reason=reason)
        return _("The session was cancelled; those who booked were told.")


class AttendanceView(SessionActionView):
    def run(self, session) -> str:
        raw = self.request.POST.getlist("attended")
        if not all(value.isdecimal() for value in raw):
            raise ValidationError(_("Choose people from the list of bookings."))
        counts = services.attendance_mark(
            session=session, attended={int(v) for v in raw}, by=self.request.user
        )
        return _("Attendance saved: {came} came, {missed} did not.").format(
            came=counts["attended"], missed=counts["no_show"]
        )


class SessionBookView(RestrictedView):
    """The reader's page (phone): upcoming sessions with places left and a Book button; their
    own bookings with Cancel."""

    queryset = HealthBooking.objects.all()
    action = "add"
    template_name = "outreach/health_book.html"

    def me(self) -> list[Person]:
        return list(Person.objects.filter(user=self.request.user, is_active=True))

    def get(self, request):
        people = self.me()
        site_ids = sites_with_perm(request.user, "outreach.add_healthbooking")
        site_ids = [p.site_id for p in people if site_ids is None or p.site_id in site_ids]
        booked = list(queries.bookings_of([p.pk for p in people]))
        booked_ids = {b.session_id for b in booked}
        sessions = [s for s in queries.bookable_sessions(site_ids) if s.pk not in booked_ids]
        for session in sessions:
            # One form for any number: Chinese does not inflect, so no plural msgid is needed.
            session.places_text = _("%(n)d places left") % {"n": session.places_left}
        context = {"title": _("Book a health session"), "sessions": sessions, "bookings": booked}
        return render(request, self.template_name, context)

    def post(self, request):
        session = self.session_from(request.POST.get("session", ""))
        person = next((p for p in self.me() if p.site_id == session.site_id), None)
        if person is None:
            raise Http404
        try:
            services.session_book(session=session, person=person, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your place is booked."))
        return redirect("outreach:session_book")

    def session_from(self, raw: str) -> HealthSession:
        qs = HealthSession.objects.restrict(self.request.user, "view")
        session = qs.filter(pk=int(raw)).first() if raw.isdecimal() else None
        if session is None:
            raise Http404
        return session


class BookingCancelView(RestrictedView):
    """Cancel one's own booking (the librarian: anyone's)."""

    queryset = HealthBooking.objects.all()
    action = "add"

    def post(self, request, pk):
        booking = HealthBooking.objects.restrict(request.user, "add").filter(pk=pk).first()
        if booking is None:
            raise Http404
        try:
            services.booking_cancel(booking=booking, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your booking is cancelled."))
        return redirect(safe_next_url(request, reverse("outreach:session_book")))


class ConsultationListView(ObjectListView):
    queryset = Consultation.objects.all()
    filterset_class = ConsultationFilterSet
    table_class = ConsultationTable
    title = gettext_lazy("Health consultation ledger")


class ConsultationDetailView(ObjectDetailView):
    queryset = Consultation.objects.select_related("site", "session", "person", "logged_by")
    fields = (
        "number",
        "site",
        "consulted_at",
        "kind",
        "session",
        "consent",
        "person",
        "department",
        "note",
        "logged_by",
    )


class ConsultationAddView(RestrictedView):
    """Log one consultation, or the counts per type after a busy session (bulk)."""

    queryset = Consultation.objects.all()
    action = "add"
    template_name = "outreach/health_consultation_add.html"

    def forms(self, data=None):
        sites = allowed_sites(self.request.user, Consultation, "add")
        bulk = data is not None and "bulk" in data
        one = ConsultationForm(None if bulk else data, sites=sites, prefix="one")
        initial = {"session": parse_id(self.request.GET.get("session"))} if data is None else {}
        many = ConsultationBulkForm(
            data if bulk else None, sites=sites, prefix="many", initial=initial
        )
        one.fields["site"].initial = getattr(self.request, "site", None)
        return one, many, bulk

    def get(self, request):
        one, many, _bulk = self.forms()
        return self.render(one, many)

    def post(self, request):
        one, many, bulk = self.forms(request.POST)
        form = many if bulk else one
        if form.is_valid():
            try:
                target = self.save_bulk(many) if bulk else self.save_one(one)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect(target)
        return self.render(one, many, status=400)

    def save_one(self, form) -> str:
        data = form.cleaned_data
        row = services.consultation_log(
            site=data["site"],
            kind=data["kind"],
            consulted_at=data["consulted_at"],
            by=self.request.user,
            session=data["session"],
            consent=data["consent"],
            person=data["person"],
            note=data["note"],
        )
        messages.success(self.request, _("Consultation {number} logged.").format(number=row.number))
        return reverse("outreach:consultation_detail", kwargs={"pk": row.pk})

    def save_bulk(self, form) -> str:
        session = form.cleaned_data["session"]
        total = services.consultations_log_many(
            session=session, counts=form.counts(), by=self.request.user
        )
        messages.success(self.request, _("{n} consultations logged.").format(n=total))
        return reverse("outreach:session_detail", kwargs={"pk": session.pk})

    def render(self, one, many, status=200):
        context = {"title": _("Log consultations"), "form": one, "bulk_form": many}
        return render(self.request, self.template_name, context, status=status)


class ConsultationVoidView(ObjectVoidView):
    queryset = Consultation.objects.all()

    def void(self, obj, reason: str) -> None:
        services.consultation_void(consultation=obj, by=self.request.user, reason=reason)


class HealthStatisticsView(RestrictedView):
    """Consultations per month and by type for a year, and the attendance rate of sessions."""

    queryset = Consultation.objects.all()
    template_name = "outreach/health_statistics.html"

    def get(self, request):
        year = chosen_year(self.request)
        start, end = year_bounds(year)
        site_ids = self.site_ids()
        by_month = {
            timezone.localtime(r["month"]).month
            if timezone.is_aware(r["month"])
            else r["month"].month: r["count"]
            for r in queries.consultations_by_month(site_ids, start, end)
        }
        context = {
            "title": _("Health consultation statistics"),
            "year": year,
            "months": [(m, by_month.get(m, 0)) for m in range(1, 13)],
            "total": sum(by_month.values()),
            "kinds": queries.consultations_by_kind(site_ids, start, end),
            "attendance": self.attendance(site_ids, start, end),
        }
        return render(request, self.template_name, context)

    def attendance(self, site_ids, start, end) -> dict:
        figures = queries.attendance_figures(site_ids, start, end)
        rate = figures["rate"]
        return {**figures, "pct": "" if rate is None else f"{rate * 100:.1f}%"}

    def site_ids(self):
        ids = sites_with_perm(self.request.user, "outreach.view_consultation")
        site = getattr(self.request, "site", None)
        if site is not None:
            return [site.pk] if ids is None or site.pk in ids else []
        return None if ids is None else list(ids)


urlpatterns: list = [
    *crud_urls(Expert, list_view=ExpertListView, edit_view=ExpertEditView),
    path("sessions/book/", SessionBookView.as_view(), name="session_book"),
    path("bookings/<int:pk>/cancel/", BookingCancelView.as_view(), name="booking_cancel"),
    path("sessions/<int:pk>/cancel/", SessionCancelView.as_view(), name="session_cancel"),
    path("sessions/<int:pk>/attendance/", AttendanceView.as_view(), name="session_attendance"),
    *crud_urls(
        HealthSession,
        prefix="sessions",
        list_view=SessionListView,
        detail_view=SessionDetailView,
        edit_view=SessionEditView,
        alias="session",
    ),
    path("consultations/add/", ConsultationAddView.as_view(), name="consultation_add"),
    *crud_urls(
        Consultation,
        list_view=ConsultationListView,
        detail_view=ConsultationDetailView,
        void_view=ConsultationVoidView,
    ),
    path("health/statistics/", HealthStatisticsView.as_view(), name="health_statistics"),
]
