"""The approval kinds of procurement: a request above the department's remaining budget, and a
method other than public tender at or above the threshold. Importing this module registers
them (the app's registrations import it at start-up)."""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from houqin.approvals.registry import ApprovalKind, register
from houqin.core.roles import LEADERSHIP
from houqin.procurement.queries.budgets import remaining_budget
from houqin.procurement.services.projects import (
    APPROVAL_BUDGET,
    APPROVAL_METHOD,
    approval_refused,
    budget_approved,
    method_approved,
)
from houqin.procurement.services.rules import threshold_in_force


def _yuan(amount) -> str:
    return f"{amount:,.2f}"


def project_summary(project) -> list[tuple[str, str]]:
    """What a leader decides on: the request, its amount against what is left of the
    department's budget, the method against the threshold, and the lines asked for."""
    year = timezone.localtime(project.created_at).year
    left = remaining_budget(department=project.department, year=year)
    facts = [
        (gettext("Project"), f"{project.number} {project.title}"),
        (gettext("Department"), str(project.department)),
        (gettext("Budget requested (yuan)"), _yuan(project.budget_yuan)),
        (
            gettext("Department budget left after this request (yuan)"),
            _yuan(left),
        ),
        (gettext("Procurement method"), project.get_method_display()),
    ]
    threshold = threshold_in_force(
        jurisdiction=project.jurisdiction,
        kind="public_tender",
        object_type=project.object_type,
        on=timezone.localtime(project.created_at).date(),
    )
    if threshold is not None:
        facts.append(
            (
                gettext("Public-tender threshold (yuan)"),
                f"{_yuan(threshold.amount_yuan)} ({threshold.basis})",
            )
        )
    if project.method_reason:
        facts.append((gettext("Reason for the method"), project.method_reason))
    lines = [
        f"{line.name} {line.spec} × {line.quantity.normalize():f}{line.unit}"
        f" @ {_yuan(line.unit_price_yuan)}"
        for line in project.lines.all()
    ]
    facts.append((gettext("Request lines"), "\n".join(lines)))
    return facts


def register_procurement_approvals() -> None:
    """Tell the approvals engine how the budget and method checks are decided."""
    register(
        ApprovalKind(
            code=APPROVAL_BUDGET,
            label=_("procurement above the remaining budget"),
            default_steps=(LEADERSHIP,),
            on_approved=budget_approved,
            on_rejected=approval_refused,
            on_withdrawn=approval_refused,
            summary=project_summary,
        )
    )
    register(
        ApprovalKind(
            code=APPROVAL_METHOD,
            label=_("procurement method above the tender threshold"),
            default_steps=(LEADERSHIP,),
            on_approved=method_approved,
            on_rejected=approval_refused,
            on_withdrawn=approval_refused,
            summary=project_summary,
        )
    )


register_procurement_approvals()
