"""A public-tender project through every stage, each legal time limit refusing an early step
and each "within" limit a late one without a reason, with working days across the 2025
National Day holiday; the stage data, bids, notices, cancellation and refusals that change
nothing."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.core.models import Event
from houqin.procurement.choices import ProjectStatus
from houqin.procurement.models import Bid, Debarment, Notice, Project, ProjectStage
from houqin.procurement.services.projects import (
    bid_evaluate,
    bid_record,
    project_advance,
    project_cancel,
    project_update,
    project_void,
)
from houqin.procurement.tests.helpers_projects import *  # noqa: F403
from houqin.procurement.tests.helpers_projects import at, line, request

pytestmark = pytest.mark.usefixtures("english")


def counts():
    return (
        ProjectStage.objects.count(),
        Notice.objects.count(),
        Bid.objects.count(),
        Event.objects.count(),
        tuple(Project.objects.values_list("stage", "status", "supplier_id", "contract_yuan")),
    )


def refused(match: str, **kwargs) -> str:
    """Advance, expecting a refusal that names ``match`` and changes nothing."""
    before = counts()
    with pytest.raises(ValidationError) as exc:
        project_advance(**kwargs)
    message = " ".join(exc.value.messages)
    assert match in message, message
    assert counts() == before
    return message


def go(project, stage, when: datetime, by, **kwargs):
    return project_advance(project=project, stage=stage, at=when, by=by, **kwargs)


def test_public_tender_through_every_stage_with_the_time_limits(proc):
    p, buyer = request(proc), proc.buyer
    assert p.status == ProjectStatus.ACTIVE and p.budget_yuan == Decimal("50000.00")
    refused(
        "next stage of this project is “request approved”",
        project=p,
        stage="opened",
        at=at(2025, 8, 2),
        by=buyer,
    )
    go(p, "approved", at(2025, 8, 4), buyer)
    refused(
        "cannot be before the previous stage",
        project=p,
        stage="intention",
        at=at(2025, 8, 3),
        by=buyer,
    )
    go(p, "intention", at(2025, 8, 5), buyer)
    # The intention must be public 30 days before the tender notice.
    msg = refused("采购意向公开满30日", project=p, stage="announced", at=at(2025, 9, 3), by=buyer)
    assert "财库〔2020〕10号" in msg and "2025-09-04" in msg
    go(p, "announced", at(2025, 9, 26), buyer)
    go(p, "documents", at(2025, 9, 26, 11), buyer)
    for supplier, price in [(proc.acme, "45000"), (proc.beta, "47000"), (proc.gamma, "48500")]:
        bid_record(
            project=p, supplier=supplier, price_yuan=price, submitted_at=at(2025, 10, 9), by=buyer
        )
    # 5 working days from 09-26 across National Day end on 10-10; 20 days of bidding on 10-16.
    msg = refused(
        "招标公告、资格预审公告的公告期限为5个工作日",
        project=p,
        stage="opened",
        at=at(2025, 10, 9),
        by=buyer,
    )
    assert "not before 2025-10-10" in msg and "第十六条" in msg and "not before 2025-10-16" in msg
    msg = refused("不得少于二十日", project=p, stage="opened", at=at(2025, 10, 15), by=buyer)
    assert "公告期限" not in msg
    go(p, "opened", at(2025, 10, 16, 9), buyer)
    with pytest.raises(ValidationError, match="bids have been opened"):
        bid_record(
            project=p,
            supplier=proc.beta,
            price_yuan="1",
            submitted_at=at(2025, 10, 16, 10),
            by=buyer,
        )
    bid_evaluate(
        bid=Bid.objects.get(supplier=proc.acme),
        score="92.5",
        rank=1,
        is_valid=True,
        note="技术最优",
        by=buyer,
    )
    bid_evaluate(
        bid=Bid.objects.get(supplier=proc.beta), score="88", rank=2, is_valid=True, by=buyer
    )
    # Evaluation report within 2 working days of the opening (Thursday 10-16 → Monday 10-20).
    refused("评审结束后2个工作日内", project=p, stage="evaluated", at=at(2025, 10, 21), by=buyer)
    go(p, "evaluated", at(2025, 10, 17), buyer)
    refused(
        "5个工作日内确定中标",
        project=p,
        stage="confirmed",
        at=at(2025, 10, 27),
        by=buyer,
        data={"supplier": proc.acme},
    )
    go(p, "confirmed", at(2025, 10, 20), buyer, data={"supplier": proc.acme})
    refused("2个工作日内发出中标", project=p, stage="awarded", at=at(2025, 10, 23), by=buyer)
    go(p, "awarded", at(2025, 10, 21), buyer)
    # The result notice runs 1 working day before the contract; the contract within 30 days.
    msg = refused(
        "结果公告期限为1个工作日",
        project=p,
        stage="contracted",
        at=at(2025, 10, 21, 15),
        by=buyer,
        data={"contract_number": "HT-1", "contract_yuan": "45000"},
    )
    assert "not before 2025-10-22" in msg
    refused(
        "三十日内签订",
        project=p,
        stage="contracted",
        at=at(2025, 11, 21),
        by=buyer,
        data={"contract_number": "HT-1", "contract_yuan": "45000"},
    )
    refused(
        "not above the budget",
        project=p,
        stage="contracted",
        at=at(2025, 10, 22),
        by=buyer,
        data={"contract_number": "HT-1", "contract_yuan": "50000.01"},
    )
    refused(
        "contract number",
        project=p,
        stage="contracted",
        at=at(2025, 10, 22),
        by=buyer,
        data={"contract_yuan": "45000"},
    )
    go(
        p,
        "contracted",
        at(2025, 10, 22),
        buyer,
        data={"contract_number": "HT-2025-001", "contract_yuan": "45000"},
    )
    assert (p.status, p.contract_yuan, str(p.contract_signed_on)) == (
        "contracted",
        Decimal("45000.00"),
        "2025-10-22",
    )
    refused(
        "签订之日起2个工作日内公告",
        project=p,
        stage="contract_published",
        at=at(2025, 10, 27),
        by=buyer,
    )
    go(p, "contract_published", at(2025, 10, 23), buyer)
    go(p, "accepted", at(2025, 11, 3), buyer)
    go(p, "paid", at(2025, 11, 10), buyer)
    p.refresh_from_db()
    assert (p.status, p.stage, p.supplier) == ("completed", "paid", proc.acme)
    assert ProjectStage.objects.filter(project=p).count() == 13
    kinds = list(
        Notice.objects.filter(project=p).order_by("published_at").values_list("kind", flat=True)
    )
    assert kinds == ["intention", "tender", "opening", "result", "contract"]
    tender = Notice.objects.get(project=p, kind="tender")
    assert timezone.localtime(tender.closes_at).isoformat() == "2025-10-11T00:00:00+08:00"
    assert "2025年10月10日" in tender.body and "50,000.00元" in tender.body


def test_a_late_stage_with_a_reason_is_recorded(proc):
    p, buyer = request(proc, method="quotation"), proc.buyer
    for stage, day in [("approved", 4), ("intention", 5)]:
        go(p, stage, at(2025, 8, day), buyer)
    go(p, "documents", at(2025, 9, 10), buyer)
    refused("3个工作日", project=p, stage="opened", at=at(2025, 9, 12), by=buyer)
    go(p, "opened", at(2025, 9, 15), buyer)
    row = go(p, "evaluated", at(2025, 9, 30), buyer, late_reason="评审专家抽取延误")
    assert row.late_reason == "评审专家抽取延误"
    assert "评审专家抽取延误" in Event.objects.filter(verb="project_advance").latest("pk").detail


def test_notices_show_public_fields_only(proc):
    p = request(proc, description="联系人电话13900000000", lines=[line(price="4321")])
    buyer = proc.buyer
    project_update(project=p, by=buyer, evaluation_note="内部评审意见XYZ")
    go(p, "approved", at(2025, 8, 4), buyer)
    go(p, "intention", at(2025, 8, 5), buyer)
    go(p, "announced", at(2025, 9, 26), buyer)
    go(p, "documents", at(2025, 9, 26, 11), buyer)
    bid_record(
        project=p, supplier=proc.acme, price_yuan="45000", submitted_at=at(2025, 10, 1), by=buyer
    )
    bid_record(
        project=p, supplier=proc.beta, price_yuan="47000", submitted_at=at(2025, 10, 1), by=buyer
    )
    go(p, "opened", at(2025, 10, 16), buyer)
    bid_evaluate(
        bid=Bid.objects.get(supplier=proc.beta),
        score="77.5",
        rank=2,
        is_valid=True,
        note="报价偏高",
        by=buyer,
    )
    go(p, "evaluated", at(2025, 10, 17), buyer)
    go(p, "confirmed", at(2025, 10, 20), buyer, data={"supplier": proc.acme})
    go(p, "awarded", at(2025, 10, 21), buyer)
    text = " ".join(n.title + n.body for n in Notice.objects.filter(project=p))
    for secret in [
        "内部评审意见XYZ",
        "报价偏高",
        "77.5",
        "13800000000",
        "sales@example.com",
        "13900000000",
        "4,321.00",
        proc.buyer.username,
    ]:
        assert secret not in text
    opening = Notice.objects.get(project=p, kind="opening").body
    assert (
        "福建甲科技有限公司 45,000.00元" in opening and "福州乙贸易有限公司 47,000.00元" in opening
    )
    result = Notice.objects.get(project=p, kind="result").body
    assert "91350100M000100Y43" in result and "45,000.00元" in result and "办公电脑" in result
    assert "budget" not in Notice.objects.get(project=p, kind="opening").body


def _to_evaluated(proc, p):
    buyer = proc.buyer
    go(p, "approved", at(2025, 8, 4), buyer)
    go(p, "intention", at(2025, 8, 5), buyer)
    go(p, "announced", at(2025, 9, 26), buyer)
    go(p, "documents", at(2025, 9, 26, 11), buyer)
    bid_record(
        project=p, supplier=proc.acme, price_yuan="45000", submitted_at=at(2025, 10, 1), by=buyer
    )
    go(p, "opened", at(2025, 10, 16), buyer)
    go(p, "evaluated", at(2025, 10, 17), buyer)


def test_debarred_supplier_is_refused_at_award(proc):
    p = request(proc)
    _to_evaluated(proc, p)
    Debarment.objects.create(
        site=proc.site,
        number="JY-2025-00007",
        supplier=proc.acme,
        starts_on=at(2025, 10, 1).date(),
        authority="福州市财政局",
        reason="提供虚假材料",
    )
    msg = refused(
        "JY-2025-00007",
        project=p,
        stage="confirmed",
        at=at(2025, 10, 20),
        by=proc.buyer,
        data={"supplier": proc.acme},
    )
    assert "福州市财政局" in msg
    refused(
        "no valid bid",
        project=p,
        stage="confirmed",
        at=at(2025, 10, 20),
        by=proc.buyer,
        data={"supplier": proc.beta},
    )
    refused(
        "supplier of this site",
        project=p,
        stage="confirmed",
        at=at(2025, 10, 20),
        by=proc.buyer,
        data={"supplier": proc.other_supplier},
    )


def test_debarment_after_award_blocks_the_contract(proc):
    p = request(proc)
    _to_evaluated(proc, p)
    go(p, "confirmed", at(2025, 10, 20), proc.buyer, data={"supplier": proc.acme})
    go(p, "awarded", at(2025, 10, 21), proc.buyer)
    Debarment.objects.create(
        site=proc.site,
        number="JY-2025-00008",
        supplier=proc.acme,
        starts_on=at(2025, 10, 22).date(),
        authority="福州市财政局",
        reason="串通投标",
    )
    refused(
        "JY-2025-00008",
        project=p,
        stage="contracted",
        at=at(2025, 10, 23),
        by=proc.buyer,
        data={"contract_number": "HT-9", "contract_yuan": "45000"},
    )


def test_bids_and_evaluation_rules(proc):
    p, buyer = request(proc), proc.buyer
    for stage, day in [("approved", 4), ("intention", 5)]:
        go(p, stage, at(2025, 8, day), buyer)
    bid = bid_record(
        project=p, supplier=proc.acme, price_yuan="45000", submitted_at=at(2025, 8, 6), by=buyer
    )
    with pytest.raises(ValidationError, match="already bid"):
        bid_record(
            project=p, supplier=proc.acme, price_yuan="44000", submitted_at=at(2025, 8, 6), by=buyer
        )
    with pytest.raises(ValidationError, match="supplier of this site"):
        bid_record(
            project=p,
            supplier=proc.other_supplier,
            price_yuan="1",
            submitted_at=at(2025, 8, 6),
            by=buyer,
        )
    proc.gamma.is_active = False
    proc.gamma.save()
    with pytest.raises(ValidationError, match="not active"):
        bid_record(
            project=p, supplier=proc.gamma, price_yuan="1", submitted_at=at(2025, 8, 6), by=buyer
        )
    with pytest.raises(ValidationError, match="after the opening"):
        bid_evaluate(bid=bid, score="90", rank=1, is_valid=True, by=buyer)
    with pytest.raises(ValidationError, match="why the bid is invalid"):
        bid_evaluate(bid=bid, score="90", rank=1, is_valid=False, by=buyer)
    assert Bid.objects.count() == 1


def test_future_dates_and_closed_projects_are_refused(proc):
    p = request(proc)
    refused(
        "future",
        project=p,
        stage="approved",
        at=datetime(2999, 1, 1, tzinfo=at(2025, 1, 1).tzinfo),
        by=proc.buyer,
    )
    refused("not a stage of", project=p, stage="ss_publicity", at=at(2025, 8, 4), by=proc.buyer)
    project_cancel(project=p, reason="需求取消", by=proc.buyer)
    assert p.status == "cancelled"
    refused("no further stage", project=p, stage="approved", at=at(2025, 8, 4), by=proc.buyer)


def test_emergency_goes_from_request_to_contract(proc):
    p, buyer = request(proc, method="emergency", title="防汛物资应急采购"), proc.buyer
    go(p, "approved", at(2025, 8, 2), buyer)
    refused(
        "price agreed",
        project=p,
        stage="confirmed",
        at=at(2025, 8, 2, 12),
        by=buyer,
        data={"supplier": proc.beta},
    )
    go(
        p,
        "confirmed",
        at(2025, 8, 2, 12),
        buyer,
        data={"supplier": proc.beta, "price_yuan": "48000"},
    )
    assert Bid.objects.get(project=p).price_yuan == Decimal("48000.00")
    go(
        p,
        "contracted",
        at(2025, 8, 2, 13),
        buyer,
        data={"contract_number": "YJ-1", "contract_yuan": "48000"},
    )
    assert Notice.objects.filter(project=p).count() == 0


def test_cancel_after_a_notice_publishes_a_failure_notice(proc):
    p, buyer = request(proc), proc.buyer
    go(p, "approved", at(2025, 8, 4), buyer)
    go(p, "intention", at(2025, 8, 5), buyer)
    project_cancel(project=p, reason="有效投标不足三家", by=buyer, failed=True)
    assert p.status == "failed"
    failure = Notice.objects.get(project=p, kind="failure")
    assert "有效投标不足三家" in failure.body


def test_no_cancel_after_the_contract(proc):
    p = request(proc, method="emergency")
    go(p, "approved", at(2025, 8, 2), proc.buyer)
    go(
        p,
        "confirmed",
        at(2025, 8, 3),
        proc.buyer,
        data={"supplier": proc.beta, "price_yuan": "100"},
    )
    go(
        p,
        "contracted",
        at(2025, 8, 4),
        proc.buyer,
        data={"contract_number": "C", "contract_yuan": "100"},
    )
    with pytest.raises(ValidationError, match="contract is signed"):
        project_cancel(project=p, reason="x", by=proc.buyer)


def test_update_and_void(proc):
    p = request(proc)
    project_update(project=p, by=proc.buyer, title="新标题", description="需求")
    assert Project.objects.get(pk=p.pk).title == "新标题"
    with pytest.raises(ValidationError, match="cannot be changed here"):
        project_update(project=p, by=proc.buyer, budget_yuan="1")
    go(p, "approved", at(2025, 8, 4), proc.buyer)
    go(p, "intention", at(2025, 8, 5), proc.buyer)
    go(p, "announced", at(2025, 9, 26), proc.buyer)
    with pytest.raises(ValidationError, match="is published"):
        project_update(project=p, by=proc.buyer, title="再改")
    project_void(project=p, by=proc.buyer, reason="重复录入")
    assert Notice.objects.filter(project=p, voided_at__isnull=True).count() == 0
    refused("void", project=p, stage="documents", at=at(2025, 9, 27), by=proc.buyer)
