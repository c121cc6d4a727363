"""Pages of vector control: the standards and their thresholds (edited in the browser), the
density-survey ledger with levels computed from the counts, and the control actions."""

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
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    allowed_sites,
    crud_urls,
)
from houqin.core.permissions import has_perm_at
from houqin.environment import levels
from houqin.environment.choices import ControlLevel, Pest
from houqin.environment.filtersets.pests import PestControlActionFilterSet, PestSurveyFilterSet
from houqin.environment.forms.pests import (
    ControlActionForm,
    StandardForm,
    SurveyForm,
    ThresholdForm,
)
from houqin.environment.models import PestControlAction, PestStandard, PestSurvey, PestThreshold
from houqin.environment.queries import pests as queries
from houqin.environment.services import pests as services
from houqin.environment.tables.pests import PestControlActionTable, PestSurveyTable

# Standards ---------------------------------------------------------------------------------


class NationalView(RestrictedView):
    """Standards are national, not per site: holding the permission at any site suffices."""

    def restricted(self, action=None):
        return self.queryset

    def get_object(self, action=None):
        try:
            return self.queryset.get(pk=self.kwargs["pk"])
        except self.model.DoesNotExist as exc:
            raise Http404 from exc


class StandardListView(NationalView):
    queryset = PestStandard.objects.all()

    def get(self, request):
        context = {
            "title": _("Density-control standards"),
            "standards": self.queryset.order_by("pest", "-in_force_from"),
            "can_add": has_perm_at(request.user, "environment.add_peststandard"),
        }
        return render(request, "environment/pest_standard_list.html", context)


class StandardDetailView(NationalView):
    queryset = PestStandard.objects.all()

    def get(self, request, pk):
        standard = self.get_object()
        indicators = {ind.code: ind for ind in levels.indicators_of(standard.pest)}
        rows = [(indicators.get(t.indicator), t) for t in standard.thresholds.all()]
        context = {
            "title": str(standard),
            "standard": standard,
            "rows": rows,
            "can_edit": has_perm_at(request.user, "environment.change_pestthreshold"),
        }
        return render(request, "environment/pest_standard_detail.html", context)


class FormPage(RestrictedView):
    """A page of one form saved through a service; errors stay on the form (status 400)."""

    template_name = "core/object_form.html"

    def render_form(self, form, status=200, cancel=None):
        context = {"form": form, "title": self.get_title(), "cancel_url": cancel}
        return render(self.request, self.template_name, context, status=status)

    def submit(self, form, save, success):
        if form.is_valid():
            try:
                obj = save(form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(self.request, _("Saved."))
                return redirect(success(obj))
        return self.render_form(form, status=400)


class StandardAddView(FormPage, NationalView):
    queryset = PestStandard.objects.all()
    action = "add"

    def get_title(self):
        return _("New edition of a standard")

    def get(self, request):
        return self.render_form(StandardForm(), cancel=reverse("environment:standard_list"))

    def post(self, request):
        return self.submit(
            StandardForm(request.POST),
            lambda form: services.standard_save(standard=form.instance, by=request.user),
            lambda obj: obj.get_absolute_url(),
        )


class ThresholdEditView(FormPage, NationalView):
    queryset = PestThreshold.objects.select_related("standard")
    action = "change"

    def get_title(self):
        threshold = self.get_object()
        indicator = levels.BY_CODE.get(threshold.indicator)
        name = indicator.label if indicator else threshold.indicator
        return _("Limits of %(indicator)s in %(standard)s") % {
            "indicator": name,
            "standard": threshold.standard,
        }

    def get(self, request, pk):
        threshold = self.get_object()
        form = ThresholdForm(instance=threshold)
        return self.render_form(form, cancel=threshold.standard.get_absolute_url())

    def post(self, request, pk):
        return self.submit(
            ThresholdForm(request.POST, instance=self.get_object()),
            lambda form: services.threshold_save(threshold=form.instance, by=request.user),
            lambda obj: obj.standard.get_absolute_url(),
        )


# Surveys -----------------------------------------------------------------------------------


def default_site(request, sites):
    """The site to pre-select: the one being worked on, else the user's only site."""
    site = getattr(request, "site", None)
    if site is not None:
        return site
    only = list(sites[:2])
    return only[0] if len(only) == 1 else None


class SurveyListView(ObjectListView):
    queryset = PestSurvey.objects.all()
    filterset_class = PestSurveyFilterSet
    table_class = PestSurveyTable
    title = gettext_lazy("Vector monitoring ledger")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["add_url"] = reverse("environment:survey_add") if self.can("add") else None
        return context


class SurveyAddView(FormPage):
    """Record a survey: the counts shown are those of the pest chosen (``?pest=``)."""

    queryset = PestSurvey.objects.all()
    action = "add"
    template_name = "environment/pest_survey_form.html"

    def get_title(self):
        return _("New density survey")

    def form(self, data=None):
        sites = allowed_sites(self.request.user, PestSurvey, "add")
        initial = {
            "site": default_site(self.request, sites),
            "pest": self.request.GET.get("pest"),
            "surveyed_on": timezone.localdate(),
            "is_recheck": self.request.GET.get("recheck") == "1",
        }
        return SurveyForm(data, sites=sites, initial=initial)

    def chosen_pest(self, form) -> str:
        pest = form.data.get("pest") if form.is_bound else form.initial.get("pest")
        return pest if pest in Pest.values else Pest.COCKROACH

    def render_form(self, form, status=200, cancel=None):
        pest = self.chosen_pest(form)
        context = {
            "form": form,
            "title": self.get_title(),
            "pest": pest,
            "pests": Pest.choices,
            "count_fields": form.pest_fields(pest),
            "cancel_url": reverse("environment:survey_list"),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_form(self.form())

    def post(self, request):
        return self.submit(self.form(request.POST), self.save, lambda obj: obj.get_absolute_url())

    def save(self, form):
        data = form.cleaned_data
        return services.survey_record(
            site=data["site"],
            pest=data["pest"],
            surveyed_on=data["surveyed_on"],
            counts=form.counts(),
            by=self.request.user,
            is_recheck=data["is_recheck"],
            scope=data["scope"],
            note=data["note"],
        )


class SurveyDetailView(ObjectDetailView):
    queryset = PestSurvey.objects.select_related(
        "site", "standard", "surveyed_by", "created_by", "voided_by"
    )
    fields = ("number", "site", "pest", "surveyed_on", "standard", "is_recheck", "scope")
    fields += tuple(dict.fromkeys(n for p in Pest.values for n in levels.count_fields(p)))
    fields += ("surveyed_by", "note", "created_by", "created_at")
    hide_empty = True

    template_name = "environment/pest_survey_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        survey = context["object"]
        rows = queries.survey_rows(survey)
        context["indicators"] = rows
        context["level"] = levels.worst(row["level"] for row in rows)
        context["edit_url"] = None  # a survey is voided and recorded again, never edited
        context["before_standard"] = survey.surveyed_on < survey.standard.in_force_from
        context["follow_up"] = self.follow_up(survey, context["level"])
        return context

    def follow_up(self, survey, level) -> dict:
        """Links to record a control action and a re-inspection of a survey that did not meet
        level C, for those who may record them at its site."""
        if level != ControlLevel.NOT_MET or survey.voided_at is not None:
            return {}
        user, links = self.request.user, {}
        if has_perm_at(user, "environment.add_pestcontrolaction", survey.site_id):
            links["action"] = reverse("environment:action_add") + f"?pest={survey.pest}"
        if has_perm_at(user, "environment.add_pestsurvey", survey.site_id):
            links["recheck"] = reverse("environment:survey_add") + f"?pest={survey.pest}&recheck=1"
        return links


class SurveyVoidView(ObjectVoidView):
    queryset = PestSurvey.objects.all()

    def void(self, obj, reason: str) -> None:
        services.survey_void(survey=obj, by=self.request.user, reason=reason)


# Control actions ---------------------------------------------------------------------------


class ActionListView(ObjectListView):
    queryset = PestControlAction.objects.all()
    filterset_class = PestControlActionFilterSet
    table_class = PestControlActionTable
    title = gettext_lazy("Pest control records")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["add_url"] = reverse("environment:action_add") if self.can("add") else None
        return context


class ActionAddView(FormPage):
    queryset = PestControlAction.objects.all()
    action = "add"

    def get_title(self):
        return _("New control action")

    def form(self, data=None):
        sites = allowed_sites(self.request.user, PestControlAction, "add")
        initial = {
            "site": default_site(self.request, sites),
            "pest": self.request.GET.get("pest"),
            "done_on": timezone.localdate(),
        }
        return ControlActionForm(data, sites=sites, initial=initial)

    def get(self, request):
        return self.render_form(self.form(), cancel=reverse("environment:action_list"))

    def post(self, request):
        return self.submit(self.form(request.POST), self.save, lambda obj: obj.get_absolute_url())

    def save(self, form):
        # The site field offers only the sites where the user may add actions.
        return services.control_action_record(**form.cleaned_data, by=self.request.user)


class ActionDetailView(ObjectDetailView):
    queryset = PestControlAction.objects.select_related(
        "site", "location", "created_by", "voided_by"
    )
    fields = (
        "number",
        "site",
        "pest",
        "done_on",
        "method",
        "agent",
        "quantity",
        "unit",
        "location",
        "area",
        "done_by",
        "note",
        "created_by",
        "created_at",
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["edit_url"] = None
        return context


class ActionVoidView(ObjectVoidView):
    queryset = PestControlAction.objects.all()

    def void(self, obj, reason: str) -> None:
        services.control_action_void(action=obj, by=self.request.user, reason=reason)


urlpatterns = [
    path("pests/standards/", StandardListView.as_view(), name="standard_list"),
    path("pests/standards/add/", StandardAddView.as_view(), name="standard_add"),
    path("pests/standards/<int:pk>/", StandardDetailView.as_view(), name="standard_detail"),
    path("pests/thresholds/<int:pk>/edit/", ThresholdEditView.as_view(), name="threshold_edit"),
    *crud_urls(
        PestSurvey,
        prefix="pests/surveys",
        list_view=SurveyListView,
        detail_view=SurveyDetailView,
        add_view=SurveyAddView,
        void_view=SurveyVoidView,
        alias="survey",
    ),
    *crud_urls(
        PestControlAction,
        prefix="pests/actions",
        list_view=ActionListView,
        detail_view=ActionDetailView,
        add_view=ActionAddView,
        void_view=ActionVoidView,
        alias="action",
    ),
]
