"""List tables (and Excel ledgers) of the health-consultation room."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.outreach.choices import ConsultationKind
from houqin.outreach.queries.health import with_places


class ExpertTable(Table):
    select_related = ("site",)
    detail_url_name = "outreach:expert_edit"

    name = Column(_("Name"), link=True, width=14)
    title = Column(_("Professional title"), width=14)
    institution = Column(_("Hospital or institution"), width=24)
    specialty = Column(_("Specialty"), width=20)
    site = Column(_("Site"), "site__name", width=12)
    is_active = Column(_("Active"), width=6)


class HealthSessionTable(Table):
    """Sessions with the places booked and left."""

    select_related = ("site", "expert")
    detail_url_name = "outreach:session_detail"

    starts_at = Column(_("Starts at"), link=True, width=16, css="nowrap")
    topic = Column(_("Topic"), width=24)
    expert = Column(_("Expert"), "expert__name", width=12)
    place = Column(_("Place"), width=14)
    capacity = Column(_("Places"), width=8, numeric=True)
    booked = Column(_("Booked"), width=8, numeric=True)
    places_left = Column(_("Places left"), width=8, numeric=True)
    cancelled = Column(_("Cancelled"), lambda r: r.cancelled_at is not None, width=8)
    site = Column(_("Site"), "site__name", width=12)

    @classmethod
    def prepare(cls, queryset):
        # Grouped queries drop Meta.ordering: order again (newest first, stable).
        return with_places(super().prepare(queryset)).order_by("-starts_at", "pk")


def consented_person(row) -> str:
    """The person's name only where they consented to a record (SPEC §6)."""
    return row.person.name if row.consent and row.person_id else ""


class ConsultationTable(Table):
    """The consultation ledger (健康咨询台帐): who only for consented rows."""

    select_related = ("site", "person", "session")
    detail_url_name = "outreach:consultation_detail"
    row_class = staticmethod(lambda r: "text-decoration-line-through" if r.voided_at else "")

    number = Column(_("Number"), link=True, width=16)
    consulted_at = Column(_("Consulted at"), width=16, css="nowrap")
    kind = Column(_("Type"), "kind", width=18, choices=ConsultationKind)
    session = Column(_("Session"), lambda r: r.session.topic if r.session_id else "", width=20)
    consent = Column(_("Consent"), width=6)
    person = Column(_("Person (with consent)"), consented_person, width=12)
    site = Column(_("Site"), "site__name", width=12)
    voided = Column(_("Void"), lambda r: r.voided_at is not None, width=6)
