"""List tables of the approvals engine (also their Excel ledgers)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.approvals.choices import ApprovalStatus
from houqin.approvals.registry import kind_label
from houqin.core.roles import role_label
from houqin.core.tables import Column, Table


def _kind(row) -> str:
    return kind_label(row.kind)


def _flow_steps(flow) -> str:
    return " → ".join(role_label(step.role.name) for step in flow.steps.all())


class ApprovalFlowTable(Table):
    """The flows configured at my sites."""

    select_related = ("site",)
    prefetch_related = ("steps__role",)
    detail_url_name = "approvals:approvalflow_detail"

    name = Column(pgettext_lazy("of a thing", "Name"), link=True, width=20)
    site = Column(_("Site"), width=12)
    kind = Column(_("Kind of request"), _kind, width=16)
    steps = Column(_("Steps"), _flow_steps, width=40)
    is_active = Column(_("Active"), width=6)


class ApprovalRequestTable(Table):
    """Requests I submitted, with where each stands."""

    select_related = ("site",)
    detail_url_name = "approvals:request_detail"

    title = Column(_("Title"), link=True, width=30)
    kind = Column(_("Kind of request"), _kind, width=16)
    site = Column(_("Site"), width=12)
    submitted_at = Column(_("Submitted at"), width=16, css="nowrap")
    current_step = Column(_("Level"), lambda r: f"{r.current_step}/{r.step_count}", width=6)
    status = Column(_("Status"), "status", width=10, choices=ApprovalStatus)
    decided_at = Column(_("Decided at"), width=16, css="nowrap")
