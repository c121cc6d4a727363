"""Pages of the training subject: the sessions ledger, a session with its attendees and
materials, the attendee picker, "my training record" and a person's record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    crud_urls,
)
from houqin.core.models import Person
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.team.filtersets.training import TrainingSessionFilterSet
from houqin.team.forms.training import AttendeesForm, TrainingSessionForm
from houqin.team.models import TrainingSession
from houqin.team.queries import training as queries
from houqin.team.services import training as services
from houqin.team.tables.training import TrainingSessionTable

RECORD_PERM = "team.view_attendance"


class TrainingListView(ObjectListView):
    queryset = TrainingSession.objects.annotate(attendee_count=Count("attendances")).order_by(
        "-starts_at", "-id"
    )
    filterset_class = TrainingSessionFilterSet
    table_class = TrainingSessionTable
    title = gettext_lazy("Training sessions")  # 学习培训台帐, also the export's title


class TrainingDetailView(ObjectDetailView):
    queryset = TrainingSession.objects.select_related("site", "organiser", "created_by")
    fields = (
        "number",
        "site",
        "topic",
        "trainer",
        "organiser",
        "starts_at",
        "hours",
        "place",
        "is_external",
        "description",
    )
    template_name = "team/training_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        session = context["object"]
        context.update(
            attendances=session.attendances.select_related("person__department"),
            attendees_url=_attendees_url(self, session),
            may_see_records=has_perm_at(self.request.user, RECORD_PERM, session.site_id),
        )
        return context


def _attendees_url(view, session):
    from django.urls import reverse

    if session.voided_at is None and view.can("change", session):
        return reverse("team:training_attendees", kwargs={"pk": session.pk})
    return None


class TrainingEditView(ObjectEditView):
    queryset = TrainingSession.objects.all()
    form_class = TrainingSessionForm

    def save(self, form):
        fields = [f for f in form.changed_data if f in services.SESSION_FIELDS]
        if form.instance.pk and not fields:
            return form.instance
        return services.training_save(session=form.instance, by=self.request.user, fields=fields)


class TrainingVoidView(ObjectVoidView):
    queryset = TrainingSession.objects.all()

    def void(self, obj, reason):
        services.training_void(session=obj, by=self.request.user, reason=reason)


class AttendeesView(RestrictedView):
    """Tick the people who attended, department by department."""

    queryset = TrainingSession.objects.select_related("site")
    action = "change"
    template_name = "team/training_attendees.html"

    def get(self, request, pk):
        session = self.get_object()
        current = session.attendances.values_list("person_id", flat=True)
        return self.render(session, AttendeesForm(session=session, initial={"people": current}))

    def post(self, request, pk):
        session = self.get_object()
        form = AttendeesForm(request.POST, session=session)
        if form.is_valid():
            try:
                services.attendance_set(
                    session=session,
                    people=form.cleaned_data["people"],
                    hours=form.cleaned_data["hours"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Attendees saved."))
                return redirect(session.get_absolute_url())
        return self.render(session, form, status=400)

    def render(self, session, form, status=200):
        chosen = {int(v) for v in (form["people"].value() or []) if str(v).isdecimal()}
        context = {
            "title": _("Attendees of %(session)s") % {"session": session},
            "object": session,
            "form": form,
            "groups": form.groups(),
            "chosen": chosen,
        }
        return render(self.request, self.template_name, context, status=status)


def _record_context(person: Person) -> dict:
    return {
        "person": person,
        "attendances": queries.person_sessions(person),
        "years": queries.person_hours_by_year(person),
    }


class MyTrainingView(LoginRequiredMixin, View):
    """Any member of staff: the sessions they attended and their hours per year."""

    def get(self, request):
        person = Person.objects.filter(user=request.user).select_related("department").first()
        if person is None:
            raise PermissionDenied
        context = {"title": _("My training record"), "mine": True, **_record_context(person)}
        return render(request, "team/training_record.html", context)


class PersonTrainingView(LoginRequiredMixin, View):
    """A person's training record, for those who keep or read the training ledger."""

    def get(self, request, pk):
        sites = sites_with_perm(request.user, RECORD_PERM)
        if sites is not None and not sites:
            raise PermissionDenied
        people = Person.objects.select_related("department", "site")
        person = (people if sites is None else people.filter(site_id__in=sites)).filter(pk=pk)
        if not person:
            raise Http404
        title = _("Training record of %(name)s") % {"name": person[0]}
        context = {"title": title, **_record_context(person[0])}
        return render(request, "team/training_record.html", context)


urlpatterns = [
    *crud_urls(
        TrainingSession,
        prefix="training",
        alias="training",
        list_view=TrainingListView,
        detail_view=TrainingDetailView,
        edit_view=TrainingEditView,
        void_view=TrainingVoidView,
    ),
    path("training/<int:pk>/attendees/", AttendeesView.as_view(), name="training_attendees"),
    path("training/mine/", MyTrainingView.as_view(), name="training_mine"),
    path("training/people/<int:pk>/", PersonTrainingView.as_view(), name="training_person"),
]
