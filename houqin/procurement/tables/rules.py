"""List tables of the procurement rules: jurisdictions, thresholds, time limits."""

from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.procurement.choices import (
    Bound,
    Confidence,
    DayKind,
    JurisdictionLevel,
    Method,
    ObjectType,
    Stage,
    ThresholdKind,
)

METHOD_LABELS = dict(Method.choices)


def _methods(row) -> str:
    if not row.methods:
        return str(_("every method"))
    return "、".join(str(METHOD_LABELS.get(code, code)) for code in row.methods)


class JurisdictionTable(Table):
    select_related = ("parent",)

    code = Column(_("Code"), width=12)
    name = Column(pgettext_lazy("of a thing", "Name"), width=24)
    level = Column(_("Jurisdiction level"), choices=JurisdictionLevel, width=10)
    parent = Column(_("Parent jurisdiction"), "parent__name", width=20)


BADGE_COLOURS = {
    Confidence.CONFIRMED: "success",
    Confidence.PARTLY: "info",
    Confidence.MEMORY: "warning",
    Confidence.UNVERIFIED: "danger",
}
CONFIDENCE_LABELS = dict(Confidence.choices)


def confidence_badge(code: str) -> str:
    """The confidence tag as a coloured badge, its full wording as the tooltip."""
    colour = BADGE_COLOURS.get(code, "secondary")
    title = escape(str(CONFIDENCE_LABELS.get(code, code)))
    return f'<span class="badge text-bg-{colour}" title="{title}">{escape(code)}</span>'


class RuleTable(Table):
    """A table whose ``confidence`` column shows the tag as a badge on the page (the Excel
    ledger keeps the plain tag)."""

    def html_rows(self) -> str:
        labels = [escape(str(column.label)) for column in self.columns]
        link = self._link()
        out = []
        for row, css, cells in self.body():
            tds = []
            for (column, text), label in zip(cells, labels, strict=True):
                html = confidence_badge(text) if column.name == "confidence" else escape(text)
                if column.link:
                    html = f'<a href="{escape(link(row))}">{html or "—"}</a>'
                tds.append(f'<td class="{column.css}" data-label="{label}">{html}</td>')
            out.append(f'<tr class="{css}">{"".join(tds)}</tr>')
        return mark_safe("".join(out))


class ThresholdTable(RuleTable):
    select_related = ("jurisdiction",)
    detail_url_name = "procurement:threshold_edit"

    jurisdiction = Column(_("Jurisdiction"), "jurisdiction__name", link=True, width=14)
    kind = Column(_("Kind"), choices=ThresholdKind, width=16)
    object_type = Column(_("Object"), choices=ObjectType, width=8)
    amount_yuan = Column(_("Amount (yuan)"), numeric=True, width=14)
    valid_from = Column(_("In force from"), width=11, css="nowrap")
    valid_to = Column(_("In force until"), width=11, css="nowrap")
    basis = Column(_("Legal source"), width=40)
    confidence = Column(_("Confidence"), width=6, css="confidence")


class TimeLimitTable(RuleTable):
    detail_url_name = "procurement:timelimit_edit"

    name = Column(_("Rule"), link=True, width=40)
    methods = Column(_("Methods"), _methods, width=24)
    from_stage = Column(_("From stage"), choices=Stage, width=14)
    to_stage = Column(_("To stage"), choices=Stage, width=14)
    bound = Column(_("Bound"), choices=Bound, width=8)
    days = Column(_("Days"), numeric=True, width=6)
    day_kind = Column(_("Counted in"), choices=DayKind, width=10)
    basis = Column(_("Legal source"), width=40)
    confidence = Column(_("Confidence"), width=6, css="confidence")
    valid_from = Column(_("In force from"), width=11, css="nowrap")
    valid_to = Column(_("In force until"), width=11, css="nowrap")
