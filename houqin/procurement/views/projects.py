"""Pages of procurement projects: the ledger, a department's request and "my requests", the
project page with its stages, bids and notices, and the officer's actions on it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

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
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    crud_urls,
)
from houqin.core.permissions import has_perm_at, sites_with_perm, user_site_ids
from houqin.procurement.choices import STAGE_ORDER, ObjectType, ProjectStatus, Stage
from houqin.procurement.filtersets.projects import MyRequestsFilterSet, ProjectFilterSet
from houqin.procurement.forms.projects import (
    AdvanceForm,
    BidForm,
    CancelForm,
    EvaluateForm,
    LineFormSet,
    RequestForm,
    request_lines,
)
from houqin.procurement.models import ProcurementOffice, Project
from houqin.procurement.queries import projects as queries
from houqin.procurement.tables.projects import ProjectLedgerTable, ProjectTable

REQUEST_PERMS = ("procurement.request_project", "procurement.add_project")
CLOSED = (ProjectStatus.CANCELLED, ProjectStatus.FAILED, ProjectStatus.COMPLETED)


def _services():
    # Imported when used: the URLconf must load even while the services are being changed.
    from houqin.procurement.services import projects

    return projects


def _rules():
    from houqin.procurement.services import rules

    return rules


def _in_sites(qs, site_ids):
    return qs if site_ids is None else qs.filter(site_id__in=site_ids)


# Ledger and "my requests" ------------------------------------------------------------------


class ProjectListView(ObjectListView):
    queryset = Project.objects.all()
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    title = gettext_lazy("Procurement project ledger")  # 采购项目台帐, also the export's title

    def base_queryset(self):
        return queries.with_figures(super().base_queryset())

    def export(self, queryset, filterset):
        # The page shows the columns that fit a laptop screen; the ledger keeps them all.
        self.table_class = ProjectLedgerTable
        return super().export(queryset, filterset)


class MyRequestsView(ObjectListView):
    """The projects the user requested, for staff who do not see the ledger."""

    queryset = Project.objects.all()
    any_of_perms = REQUEST_PERMS
    filterset_class = MyRequestsFilterSet
    table_class = ProjectTable
    title = gettext_lazy("My procurement requests")

    def base_queryset(self):
        mine = queries.my_requests(self.request.user)
        return queries.with_figures(_in_sites(mine, user_site_ids(self.request.user)))

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["add_url"] = _reverse("procurement:project_add")
        return context

    def export(self, queryset, filterset):
        self.table_class = ProjectLedgerTable
        return super().export(queryset, filterset)


def _reverse(name: str, **kwargs) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


# The request -------------------------------------------------------------------------------


class ProjectRequestView(RestrictedView):
    """A new request: staff for their own department, the officer for any of the site's."""

    queryset = Project.objects.all()
    any_of_perms = REQUEST_PERMS
    template_name = "procurement/project_request.html"

    def forms(self, data=None):
        departments = queries.requestable_departments(self.request.user)
        if not departments.exists():
            raise PermissionDenied
        return RequestForm(data, departments=departments), LineFormSet(data, prefix="lines")

    def get(self, request):
        form, formset = self.forms()
        return self.render(form, formset)

    def post(self, request):
        form, formset = self.forms(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                project = self.submit(form, request_lines(formset))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                _announce(request, project)
                return redirect(project.get_absolute_url())
        return self.render(form, formset, status=400)

    def submit(self, form, lines: list[dict]) -> Project:
        data = form.cleaned_data
        department = data["department"]
        person = getattr(self.request.user, "person", None)
        own = person is not None and person.department_id == department.pk
        return _services().project_request(
            site=department.site,
            department=department,
            title=data["title"],
            object_type=data["object_type"],
            funding_source=data["funding_source"],
            method=data["method"],
            method_reason=data["method_reason"],
            description=data["description"],
            lines=lines,
            by=self.request.user,
            requester=person if own else None,
        )

    def render(self, form, formset, status=200):
        departments = form.fields["department"].queryset
        context = {
            "form": form,
            "formset": formset,
            "title": _("New procurement request"),
            "budgets": budget_rows(departments),
            "thresholds": threshold_rows({d.site_id for d in departments}),
            "lines_total": _total(formset),
            # The thresholds are the officer's daily tool; staff open them when they need them.
            "is_officer": sites_with_perm(self.request.user, "procurement.add_project") != set(),
        }
        return render(self.request, self.template_name, context, status=status)


def _total(formset) -> Decimal | None:
    """Σ quantity × unit price of the lines entered so far (shown again after a refusal)."""
    if not formset.is_bound:
        return None
    formset.is_valid()  # cleans the lines when the request form failed first
    total = Decimal("0")
    for form in formset:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("quantity") is not None and data.get("unit_price_yuan") is not None:
            total += data["quantity"] * data["unit_price_yuan"]
    return total.quantize(Decimal("0.01"))


def _announce(request, project: Project) -> None:
    """Say plainly what happens next to the request."""
    if project.status == ProjectStatus.AWAITING_BUDGET:
        messages.warning(
            request,
            _(
                "Request %(number)s exceeds the department's remaining budget: it waits for "
                "the leadership's approval."
            )
            % {"number": project.number},
        )
    elif project.status == ProjectStatus.AWAITING_METHOD:
        messages.warning(
            request,
            _("Request %(number)s needs approval of the method before it proceeds.")
            % {"number": project.number},
        )
    else:
        messages.success(request, _("Request %(number)s submitted.") % {"number": project.number})


def budget_rows(departments) -> list[dict]:
    """The year's remaining budget of each department the user may request for."""
    from houqin.procurement.queries.budgets import remaining_budget

    year = timezone.localdate().year
    return [
        {
            "department": d,
            "year": year,
            "remaining": remaining_budget(department=d, year=year),
        }
        for d in departments
    ]


def threshold_rows(site_ids) -> list[dict]:
    """The public-tender thresholds in force today for the sites' jurisdictions."""
    today = timezone.localdate()
    rows = []
    offices = ProcurementOffice.objects.filter(site_id__in=site_ids).select_related("jurisdiction")
    for office in offices:
        for object_type, label in ObjectType.choices:
            row = _rules().threshold_in_force(
                jurisdiction=office.jurisdiction,
                kind="public_tender",
                object_type=object_type,
                on=today,
            )
            if row is not None:
                rows.append({"office": office, "object": label, "threshold": row})
    return rows


# The project page --------------------------------------------------------------------------


def visible_projects(user):
    """Projects ``user`` may open: those of the sites where they see the ledger, and their own
    requests at the sites where they may request."""
    qs = Project.objects.all()
    ledger = sites_with_perm(user, "procurement.view_project")
    if ledger is None:
        return qs
    requesting = sites_with_perm(user, "procurement.request_project")
    mine = queries.my_requests(user).filter(site_id__in=requesting).values("pk")
    return qs.filter(site_id__in=ledger) | qs.filter(pk__in=mine)


def next_stage(project: Project) -> str | None:
    """The stage after the project's current one in its plan (None at the end)."""
    plan = _rules().stage_plan(project)
    if project.stage not in plan:
        return plan[0] if plan else None
    index = plan.index(project.stage)
    return plan[index + 1] if index + 1 < len(plan) else None


def default_stage_time(project: Project, window) -> datetime:
    """Now, or — when the "due by" date has passed — that date (at the current time of day,
    and not before the last stage recorded): the form proposes a date the rules accept."""
    now = timezone.localtime()
    if window.latest is None or window.latest >= now.date():
        return now
    due = timezone.make_aware(datetime.combine(window.latest, now.time().replace(microsecond=0)))
    last = project.stages.order_by("-at").values_list("at", flat=True).first()
    return timezone.localtime(max(due, last)) if last else due


def _reached(project: Project, stage: str) -> bool:
    return STAGE_ORDER.index(project.stage) >= STAGE_ORDER.index(stage)


class ProjectDetailView(ObjectDetailView):
    """Header figures, lines, the stage timeline with documents, the pending approval, bids,
    notices, and for the officer the next-stage, bid and cancel forms."""

    queryset = Project.objects.all()
    any_of_perms = ("procurement.view_project", *REQUEST_PERMS)
    template_name = "procurement/project_detail.html"
    fields = (
        "number",
        "title",
        "department",
        "requester",
        "object_type",
        "funding_source",
        "method",
        "method_reason",
        "status",
        "stage",
        "description",
        "supplier",
        "contract_number",
        "contract_signed_on",
    )
    hide_empty = True

    def get_object(self, action=None):
        project = queries.project_detail(self.kwargs["pk"], visible_projects(self.request.user))
        if project is None:
            raise Http404
        return project

    def may(self, perm: str, project: Project) -> bool:
        return has_perm_at(self.request.user, f"procurement.{perm}", project.site_id)

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        project = context["object"]
        forms = context.pop("forms", {})
        context.update(
            lines=list(project.lines.all()),
            lines_total=queries.lines_total(project),
            savings_rate=queries.savings_rate_percent(project),
            stages=queries.stages_of(project),
            approval=self.approval(project),
            notices=queries.notices_of(project),
            show_bids=self.may("view_bid", project),
            show_internal=self.may("change_bid", project),
        )
        if context["show_bids"]:
            context["bids"] = queries.bids_of(project)
        context.update(self.action_forms(project, forms))
        return context

    def approval(self, project: Project):
        from houqin.approvals.queries import approval_for

        request = approval_for(project)
        return request if request is not None and request.is_pending else None

    def action_forms(self, project: Project, bound: dict) -> dict:
        """The officer's forms (bound ones kept, with their errors, after a refusal)."""
        live = project.voided_at is None and project.status not in CLOSED
        out: dict = {}
        stage = next_stage(project) if live else None
        if stage and self.may("advance_project", project):
            out.update(self.advance_form(project, stage, bound.get("advance")))
        if live and self.may("add_bid", project) and not _reached(project, Stage.OPENED):
            out["bid_form"] = bound.get("bid") or BidForm(
                project=project, initial={"submitted_at": timezone.localtime()}
            )
        evaluating = _reached(project, Stage.OPENED) and not _reached(project, Stage.CONFIRMED)
        if live and evaluating and self.may("change_bid", project):
            out["evaluate_form"] = bound.get("evaluate") or EvaluateForm(project=project)
        if live and not project.contract_signed_on and self.may("change_project", project):
            out["cancel_form"] = bound.get("cancel") or CancelForm()
        return out

    def advance_form(self, project: Project, stage: str, bound) -> dict:
        """The next-stage form, its date defaulted within the legal window; none while the
        window has not opened (the page says from when the stage can be recorded)."""
        window = _rules().stage_window(project, stage)
        out = {"next_stage": stage, "next_stage_label": Stage(stage).label, "window": window}
        if bound is None and window.earliest and window.earliest > timezone.localdate():
            out["not_before"] = window.earliest
            return out
        out["advance_form"] = bound or AdvanceForm(
            project=project, stage=stage, initial={"at": default_stage_time(project, window)}
        )
        return out

    def render_page(self, project: Project, forms: dict, status: int = 200):
        context = self.get_context_data(object=project, forms=forms)
        return render(self.request, self.get_template_names(), context, status=status)


class ProjectActionView(ProjectDetailView):
    """A form posted from the project page: checked, passed to the service, and on refusal the
    page shown again with the message on the form (nothing saved)."""

    http_method_names = ["post"]
    perm = ""
    form_key = ""
    done = gettext_lazy("Saved.")

    @property
    def any_of_perms(self):
        return (f"procurement.{self.perm}",)

    def action_object(self) -> Project:
        sites = sites_with_perm(self.request.user, f"procurement.{self.perm}")
        qs = _in_sites(Project.objects.filter(voided_at__isnull=True), sites)
        project = queries.project_detail(self.kwargs["pk"], qs)
        if project is None:
            raise Http404
        return project

    def post(self, request, pk):
        project = self.action_object()
        form = self.make_form(project, request.POST, request.FILES)
        if form.is_valid():
            try:
                self.perform(project, form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, str(self.done))
                return redirect(project.get_absolute_url())
        project = queries.project_detail(project.pk, Project.objects.all())
        return self.render_page(project, {self.form_key: form}, status=400)

    def make_form(self, project, data, files):
        raise NotImplementedError

    def perform(self, project, form) -> None:
        raise NotImplementedError


class ProjectAdvanceView(ProjectActionView):
    perm = "advance_project"
    form_key = "advance"
    done = gettext_lazy("Stage recorded.")

    def make_form(self, project, data, files):
        stage = data.get("stage") or ""
        if stage not in STAGE_ORDER:
            stage = next_stage(project) or Stage.REQUESTED
        return AdvanceForm(data, files, project=project, stage=stage)

    def perform(self, project, form) -> None:
        data = form.cleaned_data
        _services().project_advance(
            project=project,
            stage=data["stage"],
            at=data["at"],
            by=self.request.user,
            note=data["note"],
            late_reason=data["late_reason"],
            data=form.stage_data(),
            files=data["documents"],
        )


class BidAddView(ProjectActionView):
    perm = "add_bid"
    form_key = "bid"
    done = gettext_lazy("Bid recorded.")

    def make_form(self, project, data, files):
        return BidForm(data, project=project)

    def perform(self, project, form) -> None:
        data = form.cleaned_data
        _services().bid_record(
            project=project,
            supplier=data["supplier"],
            price_yuan=data["price_yuan"],
            submitted_at=data["submitted_at"],
            by=self.request.user,
        )


class BidEvaluateView(ProjectActionView):
    perm = "change_bid"
    form_key = "evaluate"
    done = gettext_lazy("Evaluation recorded.")

    def make_form(self, project, data, files):
        return EvaluateForm(data, project=project)

    def perform(self, project, form) -> None:
        data = form.cleaned_data
        _services().bid_evaluate(
            bid=data["bid"],
            score=data["score"],
            rank=data["rank"],
            is_valid=data["is_valid"],
            invalid_reason=data["invalid_reason"],
            note=data["note"],
            by=self.request.user,
        )


class ProjectCancelView(ProjectActionView):
    perm = "change_project"
    form_key = "cancel"
    done = gettext_lazy("The project was closed.")

    def make_form(self, project, data, files):
        return CancelForm(data)

    def perform(self, project, form) -> None:
        _services().project_cancel(
            project=project,
            reason=form.cleaned_data["reason"],
            failed=form.cleaned_data["failed"],
            by=self.request.user,
        )


class ProjectVoidView(ObjectVoidView):
    queryset = Project.objects.all()

    def void(self, obj, reason: str) -> None:
        _services().project_void(project=obj, by=self.request.user, reason=reason)


urlpatterns = [
    path("projects/mine/", MyRequestsView.as_view(), name="project_mine"),
    *crud_urls(
        Project,
        list_view=ProjectListView,
        detail_view=ProjectDetailView,
        add_view=ProjectRequestView,
        void_view=ProjectVoidView,
    ),
    path("projects/<int:pk>/advance/", ProjectAdvanceView.as_view(), name="project_advance"),
    path("projects/<int:pk>/bids/add/", BidAddView.as_view(), name="bid_add"),
    path("projects/<int:pk>/bids/evaluate/", BidEvaluateView.as_view(), name="bid_evaluate"),
    path("projects/<int:pk>/cancel/", ProjectCancelView.as_view(), name="project_cancel"),
]
