"""Pages of preventive maintenance: plans (with their checklist and a preview of the next due
dates), the task ledger, a task's page and the phone form that records it done."""

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
    crud_urls,
)
from houqin.core.permissions import has_perm_at
from houqin.facilities import schedule
from houqin.facilities.choices import OPEN_TASK_STATUSES, HolidayRule, IntervalUnit, Recurrence
from houqin.facilities.filtersets.maintenance import (
    MaintenancePlanFilterSet,
    MaintenanceTaskFilterSet,
)
from houqin.facilities.forms.maintenance import (
    MaintenancePlanForm,
    PlanPreviewForm,
    TaskCompleteForm,
    plan_item_formset,
)
from houqin.facilities.models import MaintenancePlan, MaintenanceTask
from houqin.facilities.queries import maintenance as queries
from houqin.facilities.services import maintenance as services
from houqin.facilities.services.maintenance import PLAN_FIELDS
from houqin.facilities.tables.maintenance import MaintenancePlanTable, MaintenanceTaskTable

PREVIEW_COUNT = 6
PLAN_TASKS_SHOWN = 100


# Plans -----------------------------------------------------------------------------------------


class MaintenancePlanListView(ObjectListView):
    queryset = MaintenancePlan.objects.all()
    filterset_class = MaintenancePlanFilterSet
    table_class = MaintenancePlanTable
    title = gettext_lazy("Maintenance plans")

    def base_queryset(self):
        plans = queries.with_next_due(super().base_queryset())
        return plans.order_by("equipment__code", "name", "pk")


class MaintenancePlanDetailView(ObjectDetailView):
    queryset = MaintenancePlan.objects.select_related("site", "equipment", "assignee", "contractor")
    fields = ("site", *PLAN_FIELDS[:-1], "generated_through", "is_active")

    def get_object(self, action=None):
        plan = queries.with_next_due(self.restricted(action)).filter(pk=self.kwargs["pk"]).first()
        if plan is None:
            raise Http404
        return plan

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        plan = context["object"]
        tasks = MaintenanceTaskTable.prepare(plan.tasks.all()).order_by("-due_on")
        context.update(
            items=list(plan.items.all()),
            health=queries.plan_health(plan),
            problem=queries.plan_problem(plan),
            tasks=MaintenanceTaskTable(tasks[:PLAN_TASKS_SHOWN]),
        )
        return context


class MaintenancePlanEditView(ObjectEditView):
    """A plan with its checklist, saved together; the next due dates preview as it is edited."""

    queryset = MaintenancePlan.objects.all()
    form_class = MaintenancePlanForm
    template_name = "facilities/maintenanceplan_form.html"

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        return self.render_both(
            form, plan_item_formset(form.instance if form.instance.pk else None)
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        formset = plan_item_formset(None, request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                plan = services.plan_save(
                    plan=form.instance,
                    by=request.user,
                    items=[f.cleaned_data.get("text", "") for f in formset.forms],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(plan.get_absolute_url())
        return self.render_both(form, formset, status=400)

    def render_both(self, form, formset, status=200):
        obj = form.instance if form.instance.pk else None
        title = _("Edit %(name)s") % {"name": obj} if obj else _("New maintenance plan")
        context = {"form": form, "formset": formset, "title": title, "object": obj}
        return render(self.request, self.template_name, context, status=status)


class MaintenancePlanPreviewView(RestrictedView):
    """The next due dates of the plan being edited (an htmx fragment of the plan form)."""

    queryset = MaintenancePlan.objects.all()
    any_of_perms = ("facilities.add_maintenanceplan", "facilities.change_maintenanceplan")

    def get(self, request):
        form = PlanPreviewForm(request.GET)
        context = {"dates": [], "meter": request.GET.get("recurrence") == Recurrence.METER}
        if form.is_valid():
            rule = form.rule()
            dates = schedule.preview(
                form.cleaned_data["start_on"], rule, today=timezone.localdate(), count=PREVIEW_COUNT
            )
            end = form.cleaned_data.get("end_on")
            context.update(
                dates=[d for d in dates if end is None or d <= end],
                rule=rule,
                unit_label=IntervalUnit(rule.unit).label,
                rest_label=HolidayRule(rule.holiday_rule).label,
            )
        return render(request, "facilities/maintenanceplan_preview.html", context)


# Tasks -----------------------------------------------------------------------------------------


class MaintenanceTaskListView(ObjectListView):
    """维保记录台帐 (maintenance ledger); overdue rows highlighted."""

    queryset = MaintenanceTask.objects.all()
    filterset_class = MaintenanceTaskFilterSet
    table_class = MaintenanceTaskTable
    title = gettext_lazy("Maintenance ledger")

    def get(self, request, *args, **kwargs):
        if not request.GET:  # from the menu: the tasks to do, overdue first
            query = request.GET.copy()
            query["open"] = "true"
            request.GET = query
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        table = context.get("table")
        if table is not None:
            table.complete_url = self.complete_url
        return context

    def complete_url(self, task) -> str | None:
        """The "Complete" button's target, for open tasks the user may complete."""
        if task.voided_at is not None or task.status not in OPEN_TASK_STATUSES:
            return None
        allowed = self._complete_sites.get(task.site_id)
        if allowed is None:
            allowed = has_perm_at(
                self.request.user, "facilities.complete_maintenancetask", task.site_id
            )
            self._complete_sites[task.site_id] = allowed
        return reverse("facilities:maintenancetask_complete", args=[task.pk]) if allowed else None

    @property
    def _complete_sites(self) -> dict:
        if not hasattr(self, "_complete_cache"):
            self._complete_cache = {}
        return self._complete_cache


class MaintenanceTaskDetailView(ObjectDetailView):
    queryset = MaintenanceTask.objects.select_related(
        "site", "plan", "equipment", "assignee", "done_by", "voided_by"
    )
    fields = (
        "number",
        "site",
        "plan",
        "equipment",
        "scheduled_on",
        "due_on",
        "meter_due",
        "status",
        "assignee",
        "reminded_at",
        "escalated_at",
        "done_at",
        "done_by",
        "result",
    )
    hide_empty = True

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        task = context["object"]
        is_open = task.voided_at is None and task.status in OPEN_TASK_STATUSES
        context.update(
            work_orders=list(task.work_orders.filter(voided_at__isnull=True).order_by("pk")),
            checks=list(task.checks.all()),
            overdue=queries.task_is_overdue(task),
            complete_url=reverse("facilities:maintenancetask_complete", kwargs={"pk": task.pk})
            if is_open and self.can("complete", task)
            else None,
            edit_url=None,
        )
        return context


class MaintenanceTaskCompleteView(RestrictedView):
    """The technician's phone form: each check passed or failed with a note, and the result."""

    queryset = MaintenanceTask.objects.select_related("plan", "equipment", "site")
    action = "complete"

    def form(self, task, data=None):
        return TaskCompleteForm(data, checks=task.checks.all())

    def get(self, request, pk):
        task = self.open_task()
        return self.render(task, self.form(task))

    def post(self, request, pk):
        task = self.open_task()
        form = self.form(task, request.POST)
        if form.is_valid():
            try:
                services.task_complete(
                    task=task,
                    by=request.user,
                    results=form.results(),
                    result=form.cleaned_data["result"],
                    done_at=form.cleaned_data.get("done_at"),
                    open_work_order=form.cleaned_data["open_work_order"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Maintenance %(number)s recorded.") % {"number": task.number}
                )
                return redirect(task.get_absolute_url())
        return self.render(task, form, status=400)

    def open_task(self) -> MaintenanceTask:
        task = self.get_object()
        if task.voided_at is not None or task.status not in OPEN_TASK_STATUSES:
            raise Http404
        return task

    def render(self, task, form, status=200):
        context = {
            "object": task,
            "form": form,
            "title": _("Record maintenance %(number)s") % {"number": task.number},
        }
        return render(
            self.request, "facilities/maintenancetask_complete.html", context, status=status
        )


class MaintenanceTaskVoidView(ObjectVoidView):
    queryset = MaintenanceTask.objects.all()

    def void(self, obj, reason: str) -> None:
        services.task_void(task=obj, by=self.request.user, reason=reason)


urlpatterns = [
    path(
        "maintenance/plans/preview/",
        MaintenancePlanPreviewView.as_view(),
        name="maintenanceplan_preview",
    ),
    *crud_urls(
        MaintenancePlan,
        prefix="maintenance/plans",
        list_view=MaintenancePlanListView,
        detail_view=MaintenancePlanDetailView,
        edit_view=MaintenancePlanEditView,
    ),
    *crud_urls(
        MaintenanceTask,
        prefix="maintenance/tasks",
        list_view=MaintenanceTaskListView,
        detail_view=MaintenanceTaskDetailView,
        void_view=MaintenanceTaskVoidView,
    ),
    path(
        "maintenance/tasks/<int:pk>/complete/",
        MaintenanceTaskCompleteView.as_view(),
        name="maintenancetask_complete",
    ),
]
