"""The internal list (and Excel ledger) of public notices."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.procurement.choices import NoticeKind


def _notice_row_class(notice) -> str:
    return "row-void" if notice.voided_at else ""


class NoticeTable(Table):
    """Every notice, withdrawn ones included (marked)."""

    select_related = ("project",)
    only = (
        "site_id",
        "number",
        "kind",
        "title",
        "published_at",
        "closes_at",
        "voided_at",
        "void_reason",
        "project__number",
    )
    row_class = staticmethod(_notice_row_class)
    detail_url_name = "procurement:notice_detail"

    number = Column(_("No."), link=True, width=16, css="nowrap")
    kind = Column(_("Kind"), "kind", width=14, choices=NoticeKind)
    title = Column(_("Title"), width=40)
    project = Column(_("Project"), "project__number", width=16, css="nowrap")
    published_at = Column(_("Published"), width=16, css="nowrap")
    closes_at = Column(_("Notice period ends"), width=16, css="nowrap")
    voided_at = Column(pgettext_lazy("procurement notice", "Withdrawn"), width=16, css="nowrap")
    void_reason = Column(_("Reason for withdrawal"), width=24)
