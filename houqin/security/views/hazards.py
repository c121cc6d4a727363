"""Pages of cameras, alarms (人机联动), hazards (隐患排查) and incidents.

Lists, details and edits are the generic views; each workflow step (verify an alarm, assign,
rectify or verify a hazard, follow up or close an incident) is a small view calling its service.
A refused step shows the record's page again with the reason and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
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
)
from houqin.security.choices import AlarmStatus, HazardStatus, IncidentStatus
from houqin.security.filtersets.hazards import (
    AlarmFilterSet,
    CameraFilterSet,
    HazardFilterSet,
    IncidentFilterSet,
)
from houqin.security.forms.hazards import (
    AlarmRaiseForm,
    AlarmVerifyForm,
    CameraForm,
    HazardAssignForm,
    HazardRectifyForm,
    HazardReportForm,
    HazardVerifyForm,
    IncidentCloseForm,
    IncidentFollowUpForm,
    IncidentForm,
)
from houqin.security.models import Alarm, Camera, Hazard, Incident
from houqin.security.queries.hazards import alarms_open_first, is_overdue
from houqin.security.services import hazards as services
from houqin.security.tables.hazards import AlarmTable, CameraTable, HazardTable, IncidentTable


class WorkflowMixin:
    """A POST-only step on a record's detail page. ``action`` names the permission (held at the
    record's site: another site's record is a 404); a refused step renders the detail page
    again, status 400, with the bound form and its messages."""

    form_class = None
    form_name = ""

    def get(self, request, *args, **kwargs):
        return redirect(self.get_object().get_absolute_url())

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.make_form(obj, request.POST, request.FILES)
        if form.is_valid():
            try:
                message = self.perform(obj, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect(obj.get_absolute_url())
        obj.refresh_from_db()
        context = self.get_context_data(object=obj)
        if context.get(self.form_name) is None:  # the step is no longer offered: say why
            for error in form.errors.values():
                messages.error(request, " ".join(error))
        context[self.form_name] = form
        return render(request, self.get_template_names(), context, status=400)

    def make_form(self, obj, data=None, files=None):
        return self.form_class(data, files)

    def perform(self, obj, data) -> str:
        raise NotImplementedError


def _site_choices(request, model, action: str = "add"):
    """The sites where the user may ``action``, narrowed to the site switcher's choice."""
    sites = allowed_sites(request.user, model, action)
    return sites.filter(pk=request.site.pk) if request.site is not None else sites


# Cameras ---------------------------------------------------------------------------------------


class CameraListView(ObjectListView):
    queryset = Camera.objects.all()
    filterset_class = CameraFilterSet
    table_class = CameraTable
    title = gettext_lazy("Cameras")


class CameraDetailView(ObjectDetailView):
    queryset = Camera.objects.select_related("site", "location")
    fields = ("code", "name", "site", "location", "kind", "recorder", "channel", "status")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        camera = context["object"]
        user = self.request.user
        context["alarms"] = AlarmTable(
            Alarm.objects.restrict(user, "view")
            .filter(camera=camera)
            .select_related(*AlarmTable.select_related)[:20]
        )
        context["hazards"] = HazardTable(
            Hazard.objects.restrict(user, "view")
            .filter(camera=camera)
            .select_related(*HazardTable.select_related)[:20]
        )
        return context


class CameraEditView(ObjectEditView):
    queryset = Camera.objects.all()
    form_class = CameraForm

    def save(self, form):
        return services.camera_save(camera=form.instance, by=self.request.user)


# Alarms ----------------------------------------------------------------------------------------


class AlarmListView(ObjectListView):
    queryset = Alarm.objects.all()
    filterset_class = AlarmFilterSet
    table_class = AlarmTable
    title = gettext_lazy("Alarms")

    def base_queryset(self):
        return alarms_open_first(super().base_queryset())


class AlarmRaiseView(RestrictedView):
    """Raise an alarm from a phone (a guard's sighting or a camera alarm)."""

    queryset = Alarm.objects.all()
    action = "add"
    template_name = "security/alarm_raise.html"

    def get(self, request):
        camera = request.GET.get("camera")
        initial = {"camera": camera, "source": "camera"} if camera else {}
        return self.render(AlarmRaiseForm(initial=initial, sites=self.sites()))

    def post(self, request):
        form = AlarmRaiseForm(request.POST, sites=self.sites())
        if form.is_valid():
            d = form.cleaned_data
            try:
                alarm = services.alarm_raise(
                    site=d["site"],
                    source=d["source"],
                    by=request.user,
                    description=d["description"],
                    camera=d.get("camera"),
                    location=d.get("location"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Alarm %(number)s raised.") % {"number": alarm.number})
                return redirect(alarm.get_absolute_url())
        return self.render(form, status=400)

    def sites(self):
        return _site_choices(self.request, Alarm)

    def render(self, form, status=200):
        context = {"form": form, "title": _("Raise an alarm")}
        return render(self.request, self.template_name, context, status=status)


class AlarmDetailView(ObjectDetailView):
    hide_empty = True
    queryset = Alarm.objects.select_related(
        "site", "camera", "location", "assigned_to", "verified_by", "created_by", "voided_by"
    )
    fields = (
        "number",
        "site",
        "source",
        "camera",
        "location",
        "raised_at",
        "description",
        "assigned_to",
        "status",
        "result",
        "verified_at",
        "verified_by",
        "verification_note",
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        alarm = context["object"]
        can_verify = (
            alarm.status == AlarmStatus.OPEN and not alarm.voided_at and self.can("verify", alarm)
        )
        context.update(
            edit_url=None,
            verify_form=AlarmVerifyForm() if can_verify else None,
            linked_hazards=alarm.hazards.all(),
            linked_incidents=alarm.incidents.all(),
        )
        return context


class AlarmVerifyView(WorkflowMixin, AlarmDetailView):
    action = "verify"
    form_class = AlarmVerifyForm
    form_name = "verify_form"

    def perform(self, obj, data) -> str:
        services.alarm_verify(
            alarm=obj,
            by=self.request.user,
            result=data["result"],
            note=data["note"],
            hazard_category=data.get("hazard_category") or None,
            incident_kind=data.get("incident_kind") or None,
        )
        return _("Verification recorded.")


class AlarmVoidView(ObjectVoidView):
    queryset = Alarm.objects.all()


# Hazards ---------------------------------------------------------------------------------------


class HazardListView(ObjectListView):
    """The hazard ledger; overdue rows are highlighted and ``?export=xlsx`` prints it."""

    queryset = Hazard.objects.all()
    filterset_class = HazardFilterSet
    table_class = HazardTable
    title = gettext_lazy("Hazard ledger")


class HazardReportView(RestrictedView):
    """Report a hazard on one phone screen (anyone with a role at the site)."""

    queryset = Hazard.objects.all()
    action = "add"
    template_name = "security/hazard_report.html"

    def get(self, request):
        return self.render(HazardReportForm(sites=self.sites()))

    def post(self, request):
        form = HazardReportForm(request.POST, request.FILES, sites=self.sites())
        if form.is_valid():
            d = form.cleaned_data
            try:
                hazard = services.hazard_report(
                    site=d["site"],
                    description=d["description"],
                    category=d["category"],
                    grade=d["grade"],
                    by=request.user,
                    location=d.get("location"),
                    place=d.get("place", ""),
                    photo=d.get("photo"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Hazard %(number)s reported. Thank you.") % {"number": hazard.number}
                )
                return redirect(hazard.get_absolute_url())
        return self.render(form, status=400)

    def sites(self):
        return _site_choices(self.request, Hazard)

    def render(self, form, status=200):
        context = {"form": form, "title": _("Report a hazard")}
        return render(self.request, self.template_name, context, status=status)


class HazardDetailView(ObjectDetailView):
    hide_empty = True
    queryset = Hazard.objects.select_related(
        "site",
        "location",
        "owner_department",
        "rectified_by",
        "verified_by",
        "created_by",
        "voided_by",
        "alarm",
        "camera",
    )
    fields = (
        "number",
        "site",
        "source",
        "location",
        "place",
        "description",
        "category",
        "grade",
        "found_at",
        "created_by",
        "owner_department",
        "deadline",
        "status",
        "rectification",
        "rectified_at",
        "rectified_by",
        "verified_at",
        "verified_by",
        "escalated_at",
        "alarm",
        "camera",
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        hazard = context["object"]
        context.update(edit_url=None, overdue=is_overdue(hazard), **self.steps(hazard))
        return context

    def steps(self, hazard) -> dict:
        """The workflow forms the user may use on this hazard now (None when not)."""
        live = hazard.voided_at is None
        user = self.request.user
        may = {
            "assign": self.can("change", hazard) and hazard.status != HazardStatus.CLOSED,
            "rectify": self.can("rectify", hazard) and hazard.status == HazardStatus.REPORTED,
            "verify": self.can("verify", hazard) and hazard.status == HazardStatus.RECTIFIED,
        }
        own_work = hazard.rectified_by_id is not None and hazard.rectified_by_id == user.pk
        initial = {"grade": hazard.grade, "deadline": hazard.deadline}
        initial["owner_department"] = hazard.owner_department_id
        return {
            "assign_form": HazardAssignForm(initial=initial, site=hazard.site)
            if live and may["assign"]
            else None,
            "rectify_form": HazardRectifyForm() if live and may["rectify"] else None,
            "verify_form": HazardVerifyForm() if live and may["verify"] and not own_work else None,
            "own_rectification": live and may["verify"] and own_work,
        }


class HazardAssignView(WorkflowMixin, HazardDetailView):
    action = "change"
    form_class = HazardAssignForm
    form_name = "assign_form"

    def make_form(self, obj, data=None, files=None):
        return HazardAssignForm(data, site=obj.site)

    def perform(self, obj, data) -> str:
        services.hazard_assign(
            hazard=obj,
            owner_department=data["owner_department"],
            deadline=data["deadline"],
            grade=data["grade"],
            by=self.request.user,
        )
        return _("Responsible department and deadline saved.")


class HazardRectifyView(WorkflowMixin, HazardDetailView):
    action = "rectify"
    form_class = HazardRectifyForm
    form_name = "rectify_form"

    def perform(self, obj, data) -> str:
        services.hazard_rectify(
            hazard=obj,
            rectification=data["rectification"],
            by=self.request.user,
            photo=data.get("photo"),
        )
        return _("Rectification recorded; a second person will verify it.")


class HazardVerifyView(WorkflowMixin, HazardDetailView):
    action = "verify"
    form_class = HazardVerifyForm
    form_name = "verify_form"

    def perform(self, obj, data) -> str:
        accepted = data["decision"] == "accept"
        services.hazard_verify(
            hazard=obj, by=self.request.user, accepted=accepted, note=data["note"]
        )
        if accepted:
            return _("Hazard verified and closed.")
        return _("Rectification not accepted; the hazard is open again.")


class HazardVoidView(ObjectVoidView):
    queryset = Hazard.objects.all()


# Incidents -------------------------------------------------------------------------------------


class IncidentListView(ObjectListView):
    queryset = Incident.objects.all()
    filterset_class = IncidentFilterSet
    table_class = IncidentTable
    title = gettext_lazy("Incident register")


class IncidentDetailView(ObjectDetailView):
    hide_empty = True
    queryset = Incident.objects.select_related(
        "site", "location", "alarm", "created_by", "voided_by"
    )
    fields = (
        "number",
        "site",
        "kind",
        "occurred_at",
        "location",
        "place",
        "description",
        "losses",
        "reported_to_police",
        "alarm",
        "status",
        "closed_at",
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        incident = context["object"]
        open_ = incident.status == IncidentStatus.OPEN and not incident.voided_at
        may = open_ and self.can("change", incident)
        context.update(
            edit_url=context["edit_url"] if open_ else None,
            follow_up_form=IncidentFollowUpForm() if may else None,
            close_form=IncidentCloseForm() if may else None,
        )
        return context


class IncidentEditView(ObjectEditView):
    queryset = Incident.objects.all()
    form_class = IncidentForm

    def save(self, form):
        d = form.cleaned_data
        if form.instance.pk is None:
            return services.incident_register(
                site=d["site"],
                kind=d["kind"],
                occurred_at=d["occurred_at"],
                description=d["description"],
                by=self.request.user,
                location=d.get("location"),
                place=d.get("place", ""),
                losses=d.get("losses", ""),
                reported_to_police=d.get("reported_to_police", False),
            )
        incident = Incident.objects.get(pk=form.instance.pk)  # the stored row, not the form's
        changes = {name: d[name] for name in services.INCIDENT_EDITABLE_FIELDS if name in d}
        return services.incident_update(incident=incident, by=self.request.user, changes=changes)


class IncidentFollowUpView(WorkflowMixin, IncidentDetailView):
    action = "change"
    form_class = IncidentFollowUpForm
    form_name = "follow_up_form"

    def perform(self, obj, data) -> str:
        services.incident_follow_up(incident=obj, text=data["text"], by=self.request.user)
        return _("Follow-up added.")


class IncidentCloseView(WorkflowMixin, IncidentDetailView):
    action = "change"
    form_class = IncidentCloseForm
    form_name = "close_form"

    def perform(self, obj, data) -> str:
        services.incident_close(incident=obj, by=self.request.user, note=data["note"])
        return _("Incident closed.")


class IncidentVoidView(ObjectVoidView):
    queryset = Incident.objects.all()


urlpatterns: list = [
    *crud_urls(
        Camera, list_view=CameraListView, detail_view=CameraDetailView, edit_view=CameraEditView
    ),
    path("alarms/raise/", AlarmRaiseView.as_view(), name="alarm_add"),
    path("alarms/<int:pk>/verify/", AlarmVerifyView.as_view(), name="alarm_verify"),
    *crud_urls(
        Alarm, list_view=AlarmListView, detail_view=AlarmDetailView, void_view=AlarmVoidView
    ),
    path("hazards/report/", HazardReportView.as_view(), name="hazard_add"),
    path("hazards/<int:pk>/assign/", HazardAssignView.as_view(), name="hazard_assign"),
    path("hazards/<int:pk>/rectify/", HazardRectifyView.as_view(), name="hazard_rectify"),
    path("hazards/<int:pk>/verify/", HazardVerifyView.as_view(), name="hazard_verify"),
    *crud_urls(
        Hazard, list_view=HazardListView, detail_view=HazardDetailView, void_view=HazardVoidView
    ),
    path(
        "incidents/<int:pk>/follow-up/", IncidentFollowUpView.as_view(), name="incident_follow_up"
    ),
    path("incidents/<int:pk>/close/", IncidentCloseView.as_view(), name="incident_close"),
    *crud_urls(
        Incident,
        list_view=IncidentListView,
        detail_view=IncidentDetailView,
        edit_view=IncidentEditView,
        void_view=IncidentVoidView,
    ),
]
