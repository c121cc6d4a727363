"""List tables (and Excel ledgers) of publicity and the volunteer team."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.outreach.choices import InvestmentCategory, MaterialKind
from houqin.outreach.queries.publicity import with_copies_left


def _void(row) -> bool:
    return row.voided_at is not None


def _struck(row) -> str:
    return "text-decoration-line-through" if row.voided_at else ""


class PublicityBoardTable(Table):
    select_related = ("site", "location")
    detail_url_name = "outreach:publicityboard_detail"

    name = Column(pgettext_lazy("of a thing", "Name"), link=True, width=20)
    location = Column(_("Location"), "location__name", width=16)
    site = Column(_("Site"), "site__name", width=12)
    is_active = Column(_("Active"), width=6)


class BoardIssueTable(Table):
    """The publicity ledger (宣传专栏台帐)."""

    select_related = ("site", "board", "editor")
    detail_url_name = "outreach:boardissue_detail"
    row_class = staticmethod(_struck)

    number = Column(_("Number"), link=True, width=16)
    board = Column(_("Board"), "board__name", width=16)
    year = Column(_("Year"), width=6)
    issue_no = Column(_("Issue (期)"), width=6, numeric=True)
    title = Column(_("Title"), width=24)
    topics = Column(_("Topics"), width=30)
    posted_on = Column(_("Put up on"), width=11)
    removed_on = Column(_("Taken down on"), width=11)
    editor = Column(_("Editor"), "editor__name", width=10)
    voided = Column(_("Void"), _void, width=6)


class MaterialTable(Table):
    """Materials with the copies printed, handed out and left."""

    select_related = ("site",)
    detail_url_name = "outreach:material_detail"

    title = Column(_("Title"), link=True, width=24)
    kind = Column(_("Kind"), "kind", width=10, choices=MaterialKind)
    printed_on = Column(_("Printed on"), width=11)
    printed = Column(_("Printed"), width=8, numeric=True)
    handed_out = Column(_("Handed out"), width=8, numeric=True)
    left = Column(_("Left"), width=8, numeric=True)
    cost_yuan = Column(_("Cost (yuan)"), width=10, numeric=True)
    site = Column(_("Site"), "site__name", width=12)

    @classmethod
    def prepare(cls, queryset):
        return with_copies_left(super().prepare(queryset)).order_by("-printed_on", "pk")


class DistributionTable(Table):
    """The distribution ledger (宣传资料发放台帐)."""

    select_related = ("site", "material")
    detail_url_name = "outreach:distribution_detail"
    row_class = staticmethod(_struck)

    number = Column(_("Number"), link=True, width=16)
    distributed_on = Column(_("Handed out on"), width=11)
    material = Column(_("Material"), "material__title", width=24)
    quantity = Column(pgettext_lazy("publicity", "Copies"), width=8, numeric=True)
    occasion = Column(_("Occasion"), width=24)
    site = Column(_("Site"), "site__name", width=12)
    voided = Column(_("Void"), _void, width=6)


class VolunteerTable(Table):
    """Volunteers with their hours in the chosen year (``year_hours``, annotated)."""

    select_related = ("site", "person__department")
    detail_url_name = "outreach:volunteer_detail"

    person = Column(_("Name"), "person__name", link=True, width=12)
    department = Column(_("Department"), "person__department__name", width=16)
    joined_on = Column(_("Joined on"), width=11)
    skills = Column(_("Skills"), width=24)
    year_hours = Column(_("Hours this year"), width=10, numeric=True)
    is_active = Column(_("Active"), width=6)
    site = Column(_("Site"), "site__name", width=12)


class VolunteerActivityTable(Table):
    select_related = ("site",)
    detail_url_name = "outreach:volunteeractivity_detail"

    held_on = Column(_("Held on"), width=11)
    title = Column(_("Title"), link=True, width=24)
    place = Column(_("Place"), width=16)
    people = Column(_("Volunteers"), width=8, numeric=True)
    total_hours = Column(_("Hours"), width=8, numeric=True)
    site = Column(_("Site"), "site__name", width=12)

    @classmethod
    def prepare(cls, queryset):
        return (
            super()
            .prepare(queryset)
            .annotate(people=Count("hours"), total_hours=Sum("hours__hours"))
            .order_by("-held_on", "pk")
        )


class InvestmentTable(Table):
    """The investment ledger (专款投入台帐)."""

    select_related = ("site",)
    detail_url_name = "outreach:investment_detail"
    row_class = staticmethod(_struck)

    number = Column(_("Number"), link=True, width=16)
    invested_on = Column(_("Date"), width=11)
    item = Column(_("Item"), width=24)
    category = Column(_("Category"), "category", width=16, choices=InvestmentCategory)
    amount_yuan = Column(_("Amount (yuan)"), width=12, numeric=True)
    approved_by = Column(_("Approved by"), width=12)
    site = Column(_("Site"), "site__name", width=12)
    voided = Column(_("Void"), _void, width=6)
