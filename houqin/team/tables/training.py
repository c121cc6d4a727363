"""List tables of the training subject (also the Excel ledger 学习培训台帐)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table


def _void_row(row) -> str:
    return "text-secondary text-decoration-line-through" if row.voided_at else ""


class TrainingSessionTable(Table):
    """Sessions with their attendee count and hours (annotated by the list's query)."""

    select_related = ("organiser",)
    detail_url_name = "team:training_detail"
    row_class = staticmethod(_void_row)

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    starts_at = Column(_("Starts at"), width=16, css="nowrap")
    topic = Column(_("Topic"), link=True, width=30)
    trainer = Column(_("Trainer"), width=12)
    organiser = Column(_("Organised by"), "organiser__name", width=14)
    hours = Column(pgettext_lazy("training", "Hours"), numeric=True, width=8)
    attendee_count = Column(pgettext_lazy("training", "Attendees"), numeric=True, width=8)
    place = Column(_("Place"), width=14)


class PersonTrainingTable(Table):
    """A person's training record: one row per session attended."""

    detail_url_name = "team:training_detail"

    starts_at = Column(_("Date"), "session__starts_at", width=16, css="nowrap")
    topic = Column(_("Topic"), "session__topic", width=30)
    trainer = Column(_("Trainer"), "session__trainer", width=12)
    hours = Column(pgettext_lazy("training", "Hours"), numeric=True, width=8)
