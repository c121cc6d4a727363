"""List tables (and Excel ledger columns) of the inspection engine."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.inspections.choices import RoundStatus, RouteKind


def _round_row_class(rnd) -> str:
    if rnd.voided_at:
        return "row-void"
    return "row-refused" if rnd.status == RoundStatus.MISSED else ""


class CheckpointTable(Table):
    select_related = ("location",)
    detail_url_name = "inspections:checkpoint_detail"

    code = Column(_("Code"), link=True, width=12)
    name = Column(pgettext_lazy("of a thing", "Name"), width=20)
    location = Column(_("Location"), width=16)
    is_active = Column(_("Active"), width=6)


class RouteTable(Table):
    detail_url_name = "inspections:route_detail"

    name = Column(pgettext_lazy("of a thing", "Name"), link=True, width=20)
    kind = Column(_("Kind"), "kind", width=14, choices=RouteKind)
    duration_minutes = Column(_("Time allowed (minutes)"), width=8)
    is_active = Column(_("Active"), width=6)


def _progress(rnd) -> str:
    return f"{rnd.scans_done}/{rnd.stops_total}"


class RoundTable(Table):
    """The rounds ledger (巡逻记录)."""

    select_related = ("route", "walked_by")
    only = (
        "site_id",
        "number",
        "kind",
        "starts_at",
        "ends_at",
        "status",
        "scans_done",
        "stops_total",
        "first_scan_at",
        "last_scan_at",
        "score",
        "voided_at",
        "route__name",
        "walked_by__username",
        "walked_by__first_name",
        "walked_by__last_name",
    )
    row_class = staticmethod(_round_row_class)
    detail_url_name = "inspections:round_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    route = Column(_("Route"), "route__name", width=16)
    starts_at = Column(_("Due from"), width=16, css="nowrap")
    status = Column(_("Status"), "status", width=12, choices=RoundStatus)
    progress = Column(_("Checkpoints"), _progress, width=8)
    walked_by = Column(_("Walked by"), width=10)
    first_scan_at = Column(_("First scan"), width=16, css="nowrap")
    last_scan_at = Column(_("Last scan"), width=16, css="nowrap")
    score = Column(_("Score"), width=6)
