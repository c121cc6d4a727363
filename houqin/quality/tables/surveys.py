"""List tables (and Excel ledgers) of the staff surveys and the satisfaction figures."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.quality.choices import SurveyAudience, SurveyStatus


class SurveyTable(Table):
    """The surveys with how many were asked and how many answered."""

    select_related = ("site",)
    detail_url_name = "quality:survey_detail"

    title = Column(_("Title"), link=True, width=30)
    site = Column(_("Site"), "site__name", width=12)
    audience = Column(_("Who is asked"), "audience", width=16, choices=SurveyAudience)
    opens_at = Column(_("Opens at"), width=16, css="nowrap")
    closes_at = Column(_("Closes at"), width=16, css="nowrap")
    status = Column(_("Status"), "status", width=8, choices=SurveyStatus)
    invited = Column(_("Invited"), width=8)
    answered = Column(_("Answered"), width=8)

    @classmethod
    def prepare(cls, queryset):
        return (
            super()
            .prepare(queryset)
            .annotate(
                invited=Count("invitations"),
                answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False)),
            )
            .order_by("-opens_at", "pk")  # Meta.ordering is dropped in grouped queries
        )


def percent(value) -> str:
    """A rate 0–1 as a percentage with one decimal (empty without answers)."""
    return "" if value is None else f"{value * 100:.1f}%"


class SatisfactionTable(Table):
    """Satisfaction per service (rows are dicts of ``quality.satisfaction``), also the ledger."""

    label = Column(_("Service"), lambda row: str(row["label"]), width=30)
    answered = Column(_("Answers"), lambda row: row["answered"], width=10)
    satisfied = Column(_("Satisfied (4–5)"), lambda row: row["satisfied"], width=12)
    rate = Column(_("Satisfaction rate"), lambda row: percent(row["rate"]), width=12)
    average = Column(_("Average score"), lambda row: row["average"], width=12)
