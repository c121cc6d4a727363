"""Fixtures of the public portal tests: a procurement centre at each site, and a public-tender
project of the main site whose internal fields all hold unique marker strings (the leak test
looks for them on every public page, in the feed and in the OCDS export).

Rows are written directly up to each stage; the notices are published with the real
``notice_publish``, so the public text is the one the lifecycle writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from houqin.core import roles
from houqin.core.models import Department, Person, User
from houqin.core.services import record_number
from houqin.core.testing import make_user
from houqin.procurement.models import (
    Bid,
    Jurisdiction,
    Notice,
    ProcurementOffice,
    Project,
    ProjectLine,
    ProjectStage,
    Supplier,
)
from houqin.procurement.services.notices import notice_publish
from houqin.procurement.tests.helpers_projects import credit_code

TZ = ZoneInfo("Asia/Shanghai")
# Internal values that must never reach the public (the line name: not before the result).
MARKERS = {
    "evaluation_note": "MARKEVALNOTE",
    "bid_note": "MARKBIDNOTE",
    "invalid_reason": "MARKINVALID",
    "score": "97.31",
    "unit_price": "31415.92",
    "requester": "MARKREQUESTER",
    "phone": "MARKPHONE0139",
    "email": "markmail@leak.example",
    "contact": "MARKCONTACT",
    "stage_note": "MARKSTAGENOTE",
    "late_reason": "MARKLATE",
    "stage_user": "markstageuser",
    "description": "MARKDESCRIPTION",
}
LINE_NAME = "MARKLINENAME"
TITLE = "防汛抢险物资采购"


def at(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


@dataclass
class Portal:
    buyer: User  # procurement officer of the main site
    other_buyer: User
    office: ProcurementOffice
    other_office: ProcurementOffice
    project: Project
    winner: Supplier
    loser: Supplier
    stage_user: User

    def stage(self, stage: str, when: datetime) -> ProjectStage:
        """Record ``stage`` directly (with internal note, reason and author)."""
        self.project.stage = stage
        self.project.save(update_fields=["stage"])
        return ProjectStage.objects.create(
            site=self.project.site,
            project=self.project,
            stage=stage,
            at=when,
            by=self.stage_user,
            note=MARKERS["stage_note"],
            late_reason=MARKERS["late_reason"],
        )

    def publish(self, kind: str, when: datetime, project: Project | None = None) -> Notice:
        return notice_publish(project=project or self.project, kind=kind, at=when, by=self.buyer)

    def up_to_opening(self) -> None:
        """Request to bid opening: tender notice and opening record published."""
        self.stage("approved", at(2025, 9, 20))
        self.stage("announced", at(2025, 9, 26))
        self.publish("tender", at(2025, 9, 26))
        self.stage("documents", at(2025, 9, 26, 11))
        self.stage("opened", at(2025, 10, 20, 9))
        self.publish("opening", at(2025, 10, 20, 11))
        self.stage("evaluated", at(2025, 10, 21))

    def award_and_contract(self) -> None:
        """Winner confirmed, result published, contract signed and published."""
        project = self.project
        self.stage("confirmed", at(2025, 10, 22))
        project.supplier = self.winner
        project.save(update_fields=["supplier"])
        self.stage("awarded", at(2025, 10, 23))
        self.publish("result", at(2025, 10, 23))
        project.contract_number = "HT-2025-017"
        project.contract_yuan = Decimal("90000.00")
        project.contract_signed_on = at(2025, 10, 28).date()
        project.status = "contracted"
        project.save(
            update_fields=["contract_number", "contract_yuan", "contract_signed_on", "status"]
        )
        self.stage("contracted", at(2025, 10, 28))
        self.stage("contract_published", at(2025, 10, 29))
        self.publish("contract", at(2025, 10, 29))


def make_project(site, dept, *, title=TITLE, requester=None, by=None, when=None) -> Project:
    project = Project(
        site=site,
        title=title,
        department=dept,
        requester=requester,
        object_type="goods",
        funding_source="fiscal",
        budget_yuan=Decimal("94247.76"),  # 3 × 31,415.92
        method="public_tender",
        jurisdiction=ProcurementOffice.objects.get(site=site).jurisdiction,
        status="active",
        stage="requested",
        description=MARKERS["description"],
        evaluation_note=MARKERS["evaluation_note"],
        created_by=by,
        created_at=when or at(2025, 9, 15),
    )
    project.number = record_number(record=project, when=project.created_at)
    project.save()
    ProjectLine.objects.create(
        site=site,
        project=project,
        name=LINE_NAME,
        quantity=Decimal("3"),
        unit="套",
        unit_price_yuan=Decimal(MARKERS["unit_price"]),
    )
    return project


def _supplier(site, name, code, **contact) -> Supplier:
    return Supplier.objects.create(site=site, name=name, credit_code=code, **contact)


@pytest.fixture(name="portal")
def portal_fixture(personas) -> Portal:
    site, other = personas.site, personas.other_site
    # The data migration's row (recreated after a transactional test flushed it).
    central, _ = Jurisdiction.objects.get_or_create(
        code="cn", defaults={"name": "中央", "level": "central"}
    )
    office = ProcurementOffice.objects.create(
        site=site, name="区政府采购中心", jurisdiction=central, portal_intro="坚持四公开。"
    )
    other_office = ProcurementOffice.objects.create(
        site=other, name="分院采购中心", jurisdiction=central
    )
    dept = Department.objects.filter(site=site).first()
    requester = Person.objects.create(site=site, name=MARKERS["requester"], department=dept)
    buyer = make_user("buyer", roles.PROCUREMENT, site)
    contact = {
        "contact_phone": MARKERS["phone"],
        "email": MARKERS["email"],
        "contact_name": MARKERS["contact"],
    }
    winner = _supplier(site, "福建甲科技有限公司", "91350100M000100Y43", **contact)
    loser = _supplier(site, "福州乙贸易有限公司", credit_code("91350100M000200Y4"), **contact)
    project = make_project(site, dept, requester=requester, by=buyer)
    portal = Portal(
        buyer=buyer,
        other_buyer=make_user("buyer2", roles.PROCUREMENT, other),
        office=office,
        other_office=other_office,
        project=project,
        winner=winner,
        loser=loser,
        stage_user=make_user(MARKERS["stage_user"], roles.PROCUREMENT, site),
    )
    portal.stage("requested", at(2025, 9, 15))
    for supplier, price, rank in ((winner, "90000.00", 1), (loser, "92000.00", 2)):
        Bid.objects.create(
            site=site,
            project=project,
            supplier=supplier,
            price_yuan=Decimal(price),
            submitted_at=at(2025, 10, 19),
            score=Decimal(MARKERS["score"]) if rank == 2 else Decimal("90.00"),
            rank=rank,
            evaluation_note=MARKERS["bid_note"],
            invalid_reason=MARKERS["invalid_reason"],
        )
    return portal


def other_site_notice(portal: Portal, personas) -> Notice:
    """A published notice of the other site (must never show on the main site's portal)."""
    other = personas.other_site
    dept = Department.objects.filter(site=other).first()
    project = make_project(other, dept, title="外院OTHERSITE物业服务", by=portal.other_buyer)
    return notice_publish(project=project, kind="tender", at=at(2025, 9, 27), by=portal.other_buyer)
