"""List tables of the team's record (also the ledgers 荣誉台帐, 经验刊登, 大事记)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.team.choices import HonourLevel, PublicationKind, RecipientKind


def _void_row(row) -> str:
    return "text-secondary text-decoration-line-through" if row.voided_at else ""


class HonourTable(Table):
    select_related = ("department", "person")
    detail_url_name = "team:honour_detail"
    row_class = staticmethod(_void_row)

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    awarded_on = Column(_("Awarded on"), width=11, css="nowrap")
    title = Column(_("Title"), link=True, width=30)
    level = Column(pgettext_lazy("honour", "Level"), width=8, choices=HonourLevel)
    awarding_body = Column(_("Awarded by"), width=20)
    recipient_kind = Column(_("Awarded to"), width=10, choices=RecipientKind)
    recipient = Column(_("Recipient"), lambda row: row.person or row.department or "", width=14)


class PublicationTable(Table):
    detail_url_name = "team:publication_detail"
    row_class = staticmethod(_void_row)

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    published_on = Column(_("Published on"), width=11, css="nowrap")
    kind = Column(_("Kind"), width=6, choices=PublicationKind)
    title = Column(_("Title"), link=True, width=30)
    periodical = Column(_("Periodical"), width=20)
    issue = Column(pgettext_lazy("periodical", "Issue"), width=8)
    authors = Column(_("Authors"), width=14)
    characters = Column(_("Length (characters)"), numeric=True, width=10)


class ChronicleTable(Table):
    detail_url_name = "team:chronicle_detail"
    row_class = staticmethod(_void_row)

    occurred_on = Column(_("Date"), width=11, css="nowrap")
    title = Column(_("Title"), link=True, width=30)
    text = Column(_("Text"), width=60)
    number = Column(_("Number"), width=16, css="nowrap")
