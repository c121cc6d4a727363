"""Pages of the approvals engine: my pending queue with htmx decisions, a request's page, my
requests, and the admin's flow configuration."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.approvals import queries, services
from houqin.approvals.filtersets import ApprovalFlowFilterSet, ApprovalRequestFilterSet
from houqin.approvals.forms import ApprovalFlowForm, DecisionForm, StepFormSet
from houqin.approvals.models import ApprovalFlow, ApprovalRequest
from houqin.approvals.registry import kind_label, summary_of
from houqin.approvals.tables import ApprovalFlowTable, ApprovalRequestTable
from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RestrictedView,
    safe_next_url,
)
from houqin.core.roles import role_label

# Holding any role at any site ("" in the permission map) opens the personal pages; what each
# person sees there is limited by the queries, not by a model permission.
ANY_SITE = ("",)


class ApprovalQueueView(RestrictedView):
    """The requests waiting for my decision, oldest first, each with approve / reject."""

    queryset = ApprovalRequest.objects.all()
    any_of_perms = ANY_SITE
    paginate_by = 50

    def get(self, request):
        pending = queries.approvals_pending_for(request.user).in_scope(request)
        page = Paginator(pending, self.paginate_by).get_page(request.GET.get("page"))
        rows = [(item, kind_label(item.kind)) for item in page.object_list]
        context = {"title": _("Awaiting my approval"), "page": page, "rows": rows}
        return render(request, "approvals/queue.html", context)


class ApprovalDecideView(RestrictedView):
    """Approve or reject the current step (from the queue by htmx, or from the request's page)."""

    queryset = ApprovalRequest.objects.all()
    any_of_perms = ANY_SITE

    def post(self, request, pk):
        item = _visible_or_404(request.user, pk)[0]
        form = DecisionForm(request.POST)
        error = None
        if not form.is_valid():
            error = _("Choose approve or reject; keep the comment short.")
        else:
            try:
                item = services.approval_decide(request=item, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                error = " ".join(exc.messages)
        if request.headers.get("HX-Request"):
            context = {"item": item, "kind": kind_label(item.kind), "error": error}
            return render(request, "approvals/_decided.html", context)
        _message(request, item, error)
        return redirect(safe_next_url(request, item.get_absolute_url()))


def _message(request, item: ApprovalRequest, error: str | None) -> None:
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(title)s: %(status)s.") % {"title": item.title, "status": _state(item)},
        )


def _state(item: ApprovalRequest) -> str:
    if item.is_pending:
        return _("passed to level %(step)d") % {"step": item.current_step}
    return str(item.get_status_display())


def _visible_or_404(user, pk):
    found = queries.request_visible(user, pk)
    if found is None:
        raise Http404
    return found


class ApprovalWithdrawView(RestrictedView):
    """The submitter takes a pending request back."""

    queryset = ApprovalRequest.objects.all()
    any_of_perms = ANY_SITE

    def post(self, request, pk):
        item = _visible_or_404(request.user, pk)[0]
        try:
            services.approval_withdraw(request=item, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The request was withdrawn."))
        return redirect(item.get_absolute_url())


class ApprovalRequestDetailView(RestrictedView):
    """A request: who submitted it, its levels with the decisions so far, and the buttons of
    whoever may act on it now."""

    queryset = ApprovalRequest.objects.all()
    any_of_perms = ANY_SITE

    def get(self, request, pk):
        item, roles = _visible_or_404(request.user, pk)
        context = {
            "title": item.title,
            "item": item,
            "kind": kind_label(item.kind),
            "levels": _levels(item),
            "summary": summary_of(item),
            "can_decide": queries.may_decide(request.user, item, roles),
            "can_withdraw": item.is_pending and item.submitted_by_id == request.user.pk,
            "form": DecisionForm(),
        }
        return render(request, "approvals/request_detail.html", context)


def _levels(item: ApprovalRequest) -> list[dict]:
    """Each level with its role, its decision (if taken) and whether it is the current one."""
    decided = {d.step: d for d in queries.decisions_of(item)}
    return [
        {
            "step": n,
            "role": role_label(code),
            "decision": decided.get(n),
            "current": item.is_pending and n == item.current_step,
        }
        for n, code in enumerate(item.steps, start=1)
    ]


class MyApprovalRequestsView(ObjectListView):
    """The requests I submitted, wherever they stand."""

    queryset = ApprovalRequest.objects.all()
    any_of_perms = ANY_SITE
    filterset_class = ApprovalRequestFilterSet
    table_class = ApprovalRequestTable
    title = gettext_lazy("My requests")

    def base_queryset(self):
        return self.table_class.prepare(
            queries.requests_of(self.request.user).in_scope(self.request)
        )


class ApprovalFlowListView(ObjectListView):
    queryset = ApprovalFlow.objects.all()
    filterset_class = ApprovalFlowFilterSet
    table_class = ApprovalFlowTable
    title = gettext_lazy("Approval flows")


class ApprovalFlowDetailView(ObjectDetailView):
    queryset = ApprovalFlow.objects.select_related("site")
    fields = ("site", "name", "is_active")

    def panel(self, obj):
        return [*super().panel(obj), (str(_("Kind of request")), kind_label(obj.kind))]

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["steps"] = [
            (step.position, role_label(step.role.name), step.label)
            for step in context["object"].steps.select_related("role")
        ]
        return context


class ApprovalFlowEditView(ObjectEditView):
    """Create or edit a site's flow with its steps (a formset of levels)."""

    queryset = ApprovalFlow.objects.all()
    form_class = ApprovalFlowForm
    template_name = "approvals/approvalflow_form.html"

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        return self.render_both(form, StepFormSet(initial=_initial_steps(form.instance)))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        formset = StepFormSet(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                flow = services.approval_flow_save(
                    flow=form.instance, roles=formset.steps(), by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(flow.get_absolute_url())
        return self.render_both(form, formset, status=400)

    def render_both(self, form, formset, status: int = 200):
        obj = form.instance if form.instance.pk else None
        context = {
            "form": form,
            "formset": formset,
            "object": obj,
            "title": _("Edit %(name)s") % {"name": obj} if obj else _("New approval flow"),
            "cancel_url": obj.get_absolute_url() if obj else reverse("approvals:approvalflow_list"),
        }
        return render(self.request, self.template_name, context, status=status)


def _initial_steps(flow: ApprovalFlow) -> list[dict]:
    if flow.pk is None:
        return []
    return [{"role": s.role_id, "label": s.label} for s in flow.steps.order_by("position")]
