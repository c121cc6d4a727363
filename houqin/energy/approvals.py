"""The approval kind of office-supplies requisitions. Importing this module registers it (the
app's registrations import it at start-up).

The approvals engine decides each step by a role held at the site; it knows no "head of the
requester's department", so a requisition is approved by the bureau's leadership unless a site
sets its own flow."""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from houqin.approvals.registry import ApprovalKind, register
from houqin.core.roles import LEADERSHIP
from houqin.energy.services.supplies import (
    APPROVAL_KIND,
    requisition_approved,
    requisition_rejected,
    requisition_withdrawn,
)
from houqin.stock.models import QUANTITY, Movement


def _plain(number) -> str:
    return format(Decimal(number).normalize(), "f")


def lines_with_on_hand(requisition):
    """The requisition's lines, each with ``on_hand``: the quantity of its item in the
    requisition's store now (a subquery per line, one query in all)."""
    stock = (
        Movement.objects.filter(
            store_id=requisition.store_id, item_id=OuterRef("item_id"), voided_at__isnull=True
        )
        .values("item_id")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    zero = Value(Decimal(0), output_field=DecimalField(**QUANTITY))
    on_hand = Coalesce(Subquery(stock, output_field=DecimalField(**QUANTITY)), zero)
    return (
        requisition.lines.select_related("item", "movement")
        .annotate(on_hand=on_hand)
        .order_by("item__code", "id")
    )


def requisition_summary(requisition) -> list[tuple[str, str]]:
    """What an approver decides on: the department and purpose, each item asked for with what
    the store holds, and the estimated value at the items' unit costs."""
    lines = list(lines_with_on_hand(requisition))
    value = sum(
        (line.quantity * (line.item.unit_cost or 0) for line in lines), start=Decimal(0)
    ).quantize(Decimal("0.01"))
    text = [
        gettext("%(item)s × %(quantity)s %(unit)s (on hand %(on_hand)s)")
        % {
            "item": line.item,
            "quantity": _plain(line.quantity),
            "unit": line.item.unit,
            "on_hand": _plain(line.on_hand),
        }
        for line in lines
    ]
    return [
        (gettext("Requisition"), requisition.number),
        (gettext("Department"), str(requisition.department)),
        (gettext("Requested by"), str(requisition.requested_by)),
        (pgettext("requisition", "Purpose"), requisition.purpose or "—"),
        (gettext("Items asked for"), "\n".join(text)),
        (gettext("Estimated value (yuan)"), f"{value:,.2f}"),
    ]


def register_supplies_approvals() -> None:
    """Tell the approvals engine how requisitions are decided."""
    register(
        ApprovalKind(
            code=APPROVAL_KIND,
            label=_("office supplies requisition"),
            default_steps=(LEADERSHIP,),
            on_approved=requisition_approved,
            on_rejected=requisition_rejected,
            on_withdrawn=requisition_withdrawn,
            summary=requisition_summary,
        )
    )


register_supplies_approvals()
