"""Pages of the staff surveys and of the satisfaction figures: the survey list and record,
drafting, opening and closing a survey, the invitee's answer page (signed in, or by the token
link), and the leadership's satisfaction page with its month trend and Excel ledger."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from houqin.core.exports import ledger_workbook, xlsx_response
from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RestrictedView,
    crud_urls,
)
from houqin.core.inputs import chosen_year
from houqin.core.permissions import user_site_ids
from houqin.quality.choices import SurveyStatus
from houqin.quality.filtersets.surveys import SurveyFilterSet
from houqin.quality.forms.surveys import SurveyAnswerForm, SurveyForm
from houqin.quality.models import Survey
from houqin.quality.queries import surveys as queries
from houqin.quality.satisfaction import satisfaction_by_month, satisfaction_totals
from houqin.quality.services import surveys as services
from houqin.quality.tables.surveys import SatisfactionTable, SurveyTable, percent
from houqin.reports.registry import year_bounds

ALWAYS_SHOWN = ("meeting", "repair")  # shown even without answers; survey services only with


class SurveyListView(ObjectListView):
    queryset = Survey.objects.all()
    filterset_class = SurveyFilterSet
    table_class = SurveyTable
    title = gettext_lazy("Satisfaction surveys")


class SurveyDetailView(ObjectDetailView):
    queryset = Survey.objects.select_related("site", "created_by")
    fields = ("site", "title", "audience", "opens_at", "closes_at", "status", "created_by")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        survey = context["object"]
        may_change = self.can("change", survey)
        context.update(
            counts=queries.survey_counts(survey),
            results=[{**r, "pct": percent(r["rate"])} for r in queries.survey_results(survey)],
            comments=queries.survey_comments(survey),
            departments=survey.departments.all(),
            edit_url=context["edit_url"] if survey.status == SurveyStatus.DRAFT else None,
            can_open=may_change and survey.status != SurveyStatus.CLOSED,
            can_close=may_change and survey.status == SurveyStatus.OPEN,
        )
        return context


class SurveyEditView(ObjectEditView):
    queryset = Survey.objects.all()
    form_class = SurveyForm

    def save(self, form):
        return services.survey_save(
            survey=form.instance,
            by=self.request.user,
            departments=form.cleaned_data.get("departments") or (),
        )


class SurveyActionView(RestrictedView):
    """A POST-only step on a survey (open, close) through its service."""

    queryset = Survey.objects.all()
    action = "change"
    done_message = ""

    def run(self, survey):
        raise NotImplementedError

    def post(self, request, pk):
        survey = self.get_object()
        try:
            self.run(survey)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, self.done_message)
        return redirect(survey.get_absolute_url())


class SurveyOpenView(SurveyActionView):
    done_message = gettext_lazy("The survey is open; the staff asked were notified.")

    def run(self, survey):
        services.survey_open(survey=survey, by=self.request.user)


class SurveyCloseView(SurveyActionView):
    done_message = gettext_lazy("The survey is closed.")

    def run(self, survey):
        services.survey_close(survey=survey, by=self.request.user)


def answer_page(request, invitation, *, done_url: str | None):
    """The answer form of an invitation (GET), and the answers it sends (POST); then to
    ``done_url``, or a thank-you page when there is none (a spent token link)."""
    survey = invitation.survey
    if invitation.answered_at is not None:
        return _answer_state(request, survey, _("You have answered this survey. Thank you."))
    form = SurveyAnswerForm(request.POST or None, services=survey.services)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(invitation=invitation, answers=form.answers())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if done_url is None:
                return _answer_state(request, survey, _("Thank you for your answers."))
            messages.success(request, _("Thank you for your answers."))
            return redirect(done_url)
    is_open = survey.status == SurveyStatus.OPEN and (
        survey.opens_at <= timezone.now() < survey.closes_at
    )
    context = {"title": survey.title, "survey": survey, "form": form, "is_open": is_open}
    status = 400 if request.method == "POST" else 200
    return render(request, "quality/survey_answer.html", context, status=status)


def _answer_state(request, survey, text: str, status: int = 200):
    context = {"title": survey.title, "survey": survey, "state": text}
    return render(request, "quality/survey_answer.html", context, status=status)


class SurveyAnswerView(LoginRequiredMixin, View):
    """The signed-in invitee answers; only an invited user of the survey's site gets here."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        invitation = queries.invitation_for(request.user, kwargs["pk"])
        sites = user_site_ids(request.user)
        if invitation is None or (sites is not None and invitation.site_id not in sites):
            raise Http404
        return answer_page(request, invitation, done_url=reverse("home"))


def survey_answer_token(request, token: str):
    """The invitation's own link: answers without signing in, once."""
    invitation = queries.invitation_for_token(token)
    if invitation is None:
        raise Http404
    if invitation.answered_at is not None:  # one use: the link is spent once answered
        text = _("This link has already been used.")
        return _answer_state(request, invitation.survey, text, status=410)
    return answer_page(request, invitation, done_url=None)


class SatisfactionView(RestrictedView):
    """The leadership's satisfaction page: rate per service and overall with the sample sizes,
    by month, for the chosen year; also as the Excel ledger."""

    queryset = Survey.objects.all()
    template_name = "quality/satisfaction.html"

    def get(self, request):
        year = chosen_year(request)
        start, end = year_bounds(year)
        site_ids = queries.satisfaction_site_ids(request)
        totals = satisfaction_totals(site_ids=site_ids, start=start, end=end)
        rows = [r for r in totals["services"] if r["answered"] or r["service"] in ALWAYS_SHOWN]
        months = satisfaction_by_month(site_ids=site_ids, start=start, end=end)
        if request.GET.get("export") == "xlsx":
            return self.export(year, rows, totals["overall"], months)
        for row in [*rows, totals["overall"], *(m["overall"] for m in months)]:
            row["pct"] = percent(row["rate"])
        context = {
            "title": _("Satisfaction"),
            "year": year,
            "rows": rows,
            "overall": totals["overall"],
            "months": months,
            "chart": json.dumps(trend_chart(months)),
            "years": year_choices(year),
        }
        return render(request, self.template_name, context)

    def export(self, year, rows, overall, months):
        title = _("Satisfaction {year}").format(year=year)
        overall_row = {"label": _("All services"), **overall}
        month_rows = [{"label": f"{m['month']:%Y-%m}", **m["overall"]} for m in months]
        table = SatisfactionTable([*rows, overall_row, *month_rows])
        site = getattr(self.request, "site", None)
        filters = [(_("Year"), str(year)), (_("Site"), site.name if site else _("All my sites"))]
        return xlsx_response(ledger_workbook(table, title=title, filters=filters), f"{title}.xlsx")


def year_choices(chosen: int) -> list[int]:
    """The last six years and the chosen one, newest first."""
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 5, this_year + 1), chosen}, reverse=True)


def trend_chart(months: list[dict]) -> dict:
    """The ECharts option of the month trend: the overall rate (%) and the answers."""
    rates = [
        None if m["overall"]["rate"] is None else round(m["overall"]["rate"] * 100, 1)
        for m in months
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("Satisfaction rate (%)"), _("Answers")]},
        "xAxis": {"type": "category", "data": [f"{m['month']:%Y-%m}" for m in months]},
        "yAxis": [{"type": "value", "min": 0, "max": 100}, {"type": "value", "min": 0}],
        "series": [
            {"name": _("Satisfaction rate (%)"), "type": "line", "data": rates},
            {
                "name": _("Answers"),
                "type": "bar",
                "yAxisIndex": 1,
                "data": [m["overall"]["answered"] for m in months],
            },
        ],
    }


urlpatterns: list = [
    path("surveys/<int:pk>/open/", SurveyOpenView.as_view(), name="survey_open"),
    path("surveys/<int:pk>/close/", SurveyCloseView.as_view(), name="survey_close"),
    path("surveys/<int:pk>/answer/", SurveyAnswerView.as_view(), name="survey_answer"),
    path("surveys/answer/<str:token>/", survey_answer_token, name="survey_answer_token"),
    path("satisfaction/", SatisfactionView.as_view(), name="satisfaction"),
    *crud_urls(
        Survey, list_view=SurveyListView, detail_view=SurveyDetailView, edit_view=SurveyEditView
    ),
]
