"""List tables (and Excel ledger columns) of preventive maintenance."""

from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.facilities.choices import MaintenanceStandard, Recurrence, TaskStatus
from houqin.facilities.queries.maintenance import plan_health, plan_problem, task_is_overdue


def _task_row_class(task) -> str:
    if task.voided_at:
        return "row-void"
    return "row-overdue table-danger" if task_is_overdue(task) else ""


def _plan_row_class(plan) -> str:
    return "row-not-generating table-warning" if plan_problem(plan) else ""


def _every(plan) -> str:
    if plan.recurrence == Recurrence.METER:
        return str(plan.meter_interval or "")
    return f"{plan.interval} {plan.get_interval_unit_display()}"


class MaintenancePlanTable(Table):
    """Plans with their health: the next due date, or why the plan generates nothing."""

    select_related = ("equipment", "assignee")
    detail_url_name = "facilities:maintenanceplan_detail"

    name = Column(_("Plan"), link=True, width=20)
    equipment = Column(_("Equipment"), width=18)
    standard = Column(_("Standard"), "standard", width=18, choices=MaintenanceStandard)
    recurrence = Column(_("Recurrence"), "recurrence", width=14, choices=Recurrence)
    every = Column(_("Every"), _every, width=10)
    assignee = Column(_("Done by"), width=10)
    health = Column(_("Health"), plan_health, width=24)


class MaintenanceTaskTable(Table):
    """维保记录台帐: one row per task, overdue ones highlighted."""

    select_related = ("plan", "equipment", "assignee", "done_by")
    only = (
        "site_id",
        "number",
        "due_on",
        "scheduled_on",
        "meter_due",
        "status",
        "done_at",
        "result",
        "voided_at",
        "plan__name",
        "equipment__code",
        "equipment__name",
        "assignee__name",
        "done_by__username",
        "done_by__first_name",
        "done_by__last_name",
    )
    row_class = staticmethod(_task_row_class)
    detail_url_name = "facilities:maintenancetask_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    equipment = Column(_("Equipment"), width=18)
    plan = Column(_("Plan"), "plan__name", width=18)
    due_on = Column(_("Due on"), width=12, css="nowrap")
    meter_due = Column(_("Due at reading"), width=10)
    status = Column(_("Status"), "status", width=10, choices=TaskStatus)
    assignee = Column(_("Done by"), width=10)
    done_at = Column(_("Done at"), width=16, css="nowrap")
    done_by = Column(_("Recorded by"), width=10)
    result = Column(_("Result"), width=30)

    complete_url = None  # set by the list page: task → URL of its "Complete" form, or None

    def html_rows(self) -> str:
        """The rows, with a "Complete" button on each open task the user may complete."""
        if self.complete_url is None:
            return super().html_rows()
        rows = super().html_rows().split("</tr>")[:-1]
        label = escape(str(_("Complete")))
        out = []
        for row, html in zip(self.rows, rows, strict=True):
            url = self.complete_url(row)
            button = (
                f'<a class="btn btn-sm btn-success" href="{escape(url)}" '
                f'data-testid="complete-task">{label}</a>'
                if url
                else ""
            )
            out.append(f'{html}<td class="nowrap">{button}</td></tr>')
        return mark_safe("".join(out))
