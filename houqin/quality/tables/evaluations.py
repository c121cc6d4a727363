"""List tables (and Excel ledger columns) of service evaluation."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.quality.choices import PostKind, RectificationStatus


def _month(row) -> str:
    return row.month.strftime("%Y-%m")


class ServicePostTable(Table):
    select_related = ("team",)
    detail_url_name = "quality:servicepost_detail"

    name = Column(_("Post"), link=True, width=18)
    kind = Column(_("Kind"), "kind", width=12, choices=PostKind)
    team = Column(pgettext_lazy("service team", "Team"), "team__name", width=16)
    is_active = Column(_("Active"), width=6)


class StandardTable(Table):
    select_related = ("post",)
    detail_url_name = "quality:standard_detail"

    title = Column(_("Standard"), link=True, width=24)
    post = Column(_("Post"), "post__name", width=16)
    effective_from = Column(_("In force from"), width=11, css="nowrap")
    pass_mark = Column(_("Pass mark (%)"), width=8)


class EvaluationTable(Table):
    """The evaluation ledger (服务考评台帐)."""

    select_related = ("post__team", "person", "created_by")
    detail_url_name = "quality:evaluation_detail"

    number = Column(_("Number"), link=True, width=14, css="nowrap")
    month = Column(_("Month"), _month, width=8, css="nowrap")
    post = Column(_("Post"), "post__name", width=16)
    team = Column(pgettext_lazy("service team", "Team"), "post__team__name", width=16)
    person = Column(_("Person"), "person__name", width=10)
    score = Column(_("Score"), width=7)
    created_by = Column(_("Scored by"), "created_by__username", width=10)
    voided_at = Column(_("Voided at"), width=14)


class RectificationTable(Table):
    select_related = ("score__item", "score__evaluation__post")
    detail_url_name = "quality:rectification_detail"

    post = Column(_("Post"), "score__evaluation__post__name", width=16)
    evaluation = Column(_("Evaluation"), "score__evaluation__number", width=14)
    item = Column(_("Requirement"), "score__item__text", link=True, width=28)
    points = Column(_("Points given"), "score__points", width=7)
    deadline = Column(_("Rectify by"), width=11, css="nowrap")
    status = Column(_("Status"), "status", width=10, choices=RectificationStatus)
    action = Column(_("What was done"), width=24)
