"""Pages of service evaluation (服务考评): posts, standards with their items, the phone scoring
page, the evaluation ledger, rectifications and the month × post summary."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
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
    crud_urls,
)
from houqin.core.inputs import chosen_year
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.quality.filtersets.evaluations import (
    EvaluationFilterSet,
    RectificationFilterSet,
    ServicePostFilterSet,
    StandardFilterSet,
)
from houqin.quality.forms.evaluations import (
    EvaluationForm,
    EvaluationStartForm,
    RectificationDoneForm,
    RectificationVerifyForm,
    ServicePostForm,
    StandardForm,
    StandardItemFormSet,
    item_lines,
)
from houqin.quality.models import (
    Evaluation,
    Rectification,
    ServicePost,
    Standard,
)
from houqin.quality.queries import evaluations as queries
from houqin.quality.services import evaluations as services
from houqin.quality.tables.evaluations import (
    EvaluationTable,
    RectificationTable,
    ServicePostTable,
    StandardTable,
)

# Posts -------------------------------------------------------------------------------------


class ServicePostListView(ObjectListView):
    queryset = ServicePost.objects.all()
    filterset_class = ServicePostFilterSet
    table_class = ServicePostTable


class ServicePostDetailView(ObjectDetailView):
    queryset = ServicePost.objects.select_related("site", "team")
    fields = ("name", "kind", "site", "team", "is_active")
    template_name = "quality/servicepost_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        post = context["object"]
        context.update(
            members=list(post.members.all()),
            standards=list(post.standards.all()),
            months=queries.by_post_month(Evaluation.objects.filter(post=post))[-12:],
        )
        return context


class ServicePostEditView(ObjectEditView):
    queryset = ServicePost.objects.all()
    form_class = ServicePostForm

    def save(self, form):
        post = form.save(commit=False)
        fields = None if post.pk is None else [f for f in form.changed_data if f != "site"]
        post = services.post_save(post=post, by=self.request.user, fields=fields)
        form.save_m2m()
        return post


# Standards ---------------------------------------------------------------------------------


class StandardListView(ObjectListView):
    queryset = Standard.objects.all()
    filterset_class = StandardFilterSet
    table_class = StandardTable


class StandardDetailView(ObjectDetailView):
    queryset = Standard.objects.select_related("site", "post")
    fields = ("title", "post", "site", "effective_from", "pass_mark")
    template_name = "quality/standard_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        items = list(context["object"].items.all())
        context.update(items=items, total=sum(item.weight for item in items))
        return context


class StandardEditView(ObjectEditView):
    """A new standard (or a revision) with its weighted items, saved together."""

    queryset = Standard.objects.all()
    form_class = StandardForm
    template_name = "quality/standard_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_both(self.get_form(), StandardItemFormSet(prefix="items"))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        formset = StandardItemFormSet(request.POST, prefix="items")
        if form.is_valid() and formset.is_valid():
            try:
                standard = services.standard_save(
                    standard=form.save(commit=False), items=item_lines(formset), by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(standard.get_absolute_url())
        return self.render_both(form, formset, status=400)

    def render_both(self, form, formset, status=200):
        context = {"form": form, "formset": formset, "title": _("New service standard")}
        return render(self.request, self.template_name, context, status=status)


# Evaluations -------------------------------------------------------------------------------


class EvaluationListView(ObjectListView):
    queryset = Evaluation.objects.all()
    filterset_class = EvaluationFilterSet
    table_class = EvaluationTable
    title = gettext_lazy("Service evaluation ledger")  # 服务考评台帐, also the export's title


class EvaluationDetailView(ObjectDetailView):
    queryset = Evaluation.objects.select_related("site", "post", "person", "standard", "created_by")
    fields = ("number", "post", "person", "month", "standard", "score", "comment", "created_by")
    labels = {"created_by": _("Scored by")}
    template_name = "quality/evaluation_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["scores"] = list(
            context["object"]
            .scores.select_related("item", "rectification")
            .order_by("item__position", "item__pk")
        )
        return context


class EvaluationVoidView(ObjectVoidView):
    queryset = Evaluation.objects.all()


class EvaluationAddView(RestrictedView):
    """The phone page: choose the post and month, then score each item (total shown live)."""

    queryset = Evaluation.objects.all()
    action = "add"
    template_name = "quality/evaluation_add.html"

    def posts(self):
        sites = sites_with_perm(self.request.user, "quality.add_evaluation")
        qs = ServicePost.objects.filter(is_active=True).select_related("site")
        qs = qs if sites is None else qs.filter(site_id__in=sites)
        site = getattr(self.request, "site", None)
        return qs.filter(site=site) if site is not None else qs

    def get(self, request, *args, **kwargs):
        start = EvaluationStartForm(request.GET or None, posts=self.posts())
        if not start.is_valid():
            if not start.is_bound:
                start.initial["month"] = timezone.localdate().replace(day=1)
            return self.render(start)
        return self.render_items(start, None)

    def post(self, request, *args, **kwargs):
        start = EvaluationStartForm(request.POST, posts=self.posts())
        if not start.is_valid():
            return self.render(start, status=400)
        return self.render_items(start, request)

    def render_items(self, start, request):
        post, month = start.cleaned_data["post"], start.cleaned_data["month"]
        standard = services.standard_in_force(post, month)
        if standard is None:
            start.add_error("month", _("This post has no standard in force for this month."))
            return self.render(start, status=400)
        items = list(standard.items.all())
        data, files = (request.POST, request.FILES) if request else (None, None)
        form = EvaluationForm(data, files, post=post, items=items)
        if request is not None and form.is_valid():
            evaluation = self.record(form, post, month)
            if evaluation is not None:
                messages.success(self.request, _("Saved."))
                return redirect(evaluation.get_absolute_url())
        status = 400 if request is not None else 200
        return self.render(start, form=form, standard=standard, status=status)

    def record(self, form, post, month):
        try:
            return services.evaluation_record(
                post=post,
                month=month,
                by=self.request.user,
                scores=form.scores(),
                person=form.cleaned_data.get("person"),
                comment=form.cleaned_data.get("comment", ""),
                photo=form.cleaned_data.get("photo"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return None

    def render(self, start, form=None, standard=None, status=200):
        context = {
            "start": start,
            "form": form,
            "standard": standard,
            "title": _("Score a service post"),
        }
        return render(self.request, self.template_name, context, status=status)


# Rectifications ----------------------------------------------------------------------------


class RectificationListView(ObjectListView):
    """Items to put right: supervisors see their sites', service staff their site's."""

    queryset = Rectification.objects.all()
    filterset_class = RectificationFilterSet
    table_class = RectificationTable
    any_of_perms = ("quality.view_rectification", "quality.change_rectification")

    def restricted(self, action=None):
        view = sites_with_perm(self.request.user, "quality.view_rectification")
        change = sites_with_perm(self.request.user, "quality.change_rectification")
        qs = queries.live_rectifications(self.queryset)
        if view is None or change is None:
            return qs
        return qs.filter(site_id__in=view | change)

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["add_url"] = None
        return context


class RectificationDetailView(RectificationListView):
    """One item to put right, with the step the user may take (report done, or check)."""

    template_name = "quality/rectification_detail.html"

    def get(self, request, *args, **kwargs):
        return self.render_page(self.get_object())

    def get_object(self, action=None):
        qs = self.restricted().select_related(
            "score__item", "score__evaluation__post", "verified_by"
        )
        try:
            return qs.get(pk=self.kwargs["pk"])
        except Rectification.DoesNotExist as exc:
            raise Http404 from exc

    def render_page(self, obj, done=None, verify=None, status=200):
        user = self.request.user
        context = {
            "object": obj,
            "title": str(obj.score.item),
            "evaluation": obj.score.evaluation,
            "done_form": done or RectificationDoneForm(),
            "verify_form": verify or RectificationVerifyForm(),
            "can_do": obj.status == "open" and services.may_rectify(user, obj),
            "can_verify": obj.status == "done"
            and has_perm_at(user, "quality.change_evaluation", obj.site_id),
        }
        return render(self.request, self.template_name, context, status=status)


class RectificationDoneView(RectificationDetailView):
    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        if not has_perm_at(request.user, "quality.change_rectification", obj.site_id):
            raise PermissionDenied
        form = RectificationDoneForm(request.POST)
        if form.is_valid():
            try:
                services.rectification_done(
                    rectification=obj, by=request.user, action=form.cleaned_data["action"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("quality:rectification_detail", pk=obj.pk)
        return self.render_page(obj, done=form, status=400)


class RectificationVerifyView(RectificationDetailView):
    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        if not has_perm_at(request.user, "quality.change_evaluation", obj.site_id):
            raise PermissionDenied
        form = RectificationVerifyForm(request.POST)
        if form.is_valid():
            try:
                services.rectification_verify(
                    rectification=obj,
                    by=request.user,
                    accepted=form.cleaned_data["accepted"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("quality:rectification_detail", pk=obj.pk)
        return self.render_page(obj, verify=form, status=400)


# Summary -----------------------------------------------------------------------------------


class SummaryView(RestrictedView):
    """Month × post averages and the month trend (ECharts), over a chosen year."""

    queryset = Evaluation.objects.all()
    template_name = "quality/summary.html"

    def get(self, request, *args, **kwargs):
        year = chosen_year(request)
        qs = self.restricted().in_scope(request)
        start, end = date(year, 1, 1), date(year, 12, 1)
        cells = queries.by_post_month(qs, start=start, end=end)
        trend = queries.by_month(qs, start=start, end=end)
        context = {
            "title": _("Service evaluation summary"),
            "year": year,
            "months": [date(year, m, 1) for m in range(1, 13)],
            "grid": _grid(cells),
            "trend": trend,
            "chart": json.dumps(_chart(trend), ensure_ascii=False),
            "teams": queries.by_team_month(qs, start=start, end=end),
        }
        return render(request, self.template_name, context)


def _grid(cells: list[dict]) -> list[dict]:
    """One row per post with its twelve monthly averages (None where not scored)."""
    rows: dict[int, dict] = {}
    for cell in cells:
        row = rows.setdefault(cell["post_id"], {"name": cell["post__name"], "scores": [None] * 12})
        row["scores"][cell["month"].month - 1] = round(float(cell["average"]), 1)
    return sorted(rows.values(), key=lambda r: r["name"])


def _chart(trend: list[dict]) -> dict:
    """An ECharts line of the site's monthly average score."""
    return {
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": [row["month"].strftime("%Y-%m") for row in trend]},
        "yAxis": {"type": "value", "min": 0, "max": 100},
        "series": [
            {
                "name": _("Average score"),
                "type": "line",
                "data": [round(float(row["average"]), 1) for row in trend],
            }
        ],
    }


urlpatterns = [
    *crud_urls(
        ServicePost,
        prefix="posts",
        list_view=ServicePostListView,
        detail_view=ServicePostDetailView,
        edit_view=ServicePostEditView,
    ),
    path("standards/", StandardListView.as_view(), name="standard_list"),
    path("standards/add/", StandardEditView.as_view(), name="standard_add"),
    path("standards/<int:pk>/", StandardDetailView.as_view(), name="standard_detail"),
    path("evaluations/", EvaluationListView.as_view(), name="evaluation_list"),
    path("evaluations/add/", EvaluationAddView.as_view(), name="evaluation_add"),
    path("evaluations/<int:pk>/", EvaluationDetailView.as_view(), name="evaluation_detail"),
    path("evaluations/<int:pk>/void/", EvaluationVoidView.as_view(), name="evaluation_void"),
    path("rectifications/", RectificationListView.as_view(), name="rectification_list"),
    path(
        "rectifications/<int:pk>/",
        RectificationDetailView.as_view(),
        name="rectification_detail",
    ),
    path(
        "rectifications/<int:pk>/done/",
        RectificationDoneView.as_view(),
        name="rectification_done",
    ),
    path(
        "rectifications/<int:pk>/verify/",
        RectificationVerifyView.as_view(),
        name="rectification_verify",
    ),
    path("summary/", SummaryView.as_view(), name="quality_summary"),
]
