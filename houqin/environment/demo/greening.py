"""Greening under contract in the demo compound (聘请专职人员签订承包合同): one contractor, the
two-year contract of 2005–2006 and the current one, terms with their deductions, a monthly
acceptance check (scores 86–98; a failed term deducts points, some also money) and the
instalments approved and paid after it. One month of 2006 failed its first check and was
withheld, then re-checked after the work was redone and paid."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from houqin.core.services import next_numbers
from houqin.environment.choices import InstalmentStatus
from houqin.environment.models import (
    AcceptanceCheck,
    AcceptanceResult,
    ContractTerm,
    GreeningContract,
    GreeningContractor,
    PaymentInstalment,
)

MONTHLY = Decimal("10000.00")
# (term, points, yuan)
TERMS = [
    ("草坪修剪及时，高度不超过8厘米", "4", "0"),
    ("绿篱、球形植物造型整齐", "3", "0"),
    ("及时浇水、施肥，无枯死苗木", "6", "500"),
    ("病虫害防治到位，无明显危害", "5", "300"),
    ("绿地内无杂草、垃圾、枯枝落叶", "2", "0"),
    ("花坛按季更换花卉", "3", "0"),
]
WITHHELD_MONTH = date(2006, 7, 1)
SCOPE = "区机关大院内草坪、绿篱、乔灌木及花坛的日常养护"


def _contracts(ctx, today: date) -> list[GreeningContract]:
    contractor = GreeningContractor.objects.create(
        site=ctx.site,
        name="郴州市绿苑园林绿化有限公司",
        credit_code="91431000772284553C",
        contact="罗志刚",
        phone="0735-2238866",
    )
    spans = [(date(2005, 1, 1), date(2006, 12, 31))]
    if today.year > 2007:
        spans.append((date(today.year - 1, 1, 1), date(today.year, 12, 31)))
    contracts = []
    for starts, ends in spans:
        contracts.append(
            GreeningContract(
                site=ctx.site,
                number=next_numbers(site=ctx.site, prefix="LH", year=starts.year)[0],
                contractor=contractor,
                title=f"机关大院绿化养护承包合同（{starts.year}—{ends.year}）",
                scope=SCOPE,
                area_m2=Decimal("8600.0"),
                amount_yuan=MONTHLY * 24,
                starts_on=starts,
                ends_on=ends,
                signed_on=starts - timedelta(days=12),
                created_by=ctx.users.get("env"),
            )
        )
    return GreeningContract.objects.bulk_create(contracts)


def _terms(ctx, contract) -> list[ContractTerm]:
    return ContractTerm.objects.bulk_create(
        ContractTerm(
            site=ctx.site,
            contract=contract,
            text=text,
            deduct_points=Decimal(points),
            deduct_yuan=Decimal(yuan),
            position=i,
        )
        for i, (text, points, yuan) in enumerate(TERMS)
    )


class CheckBuilder:
    """A contract's monthly checks, their results and the instalments they gate."""

    def __init__(self, ctx, contract, terms, today: date):
        self.ctx, self.rng, self.today = ctx, ctx.rng, today
        self.contract, self.terms = contract, terms
        self.checker = ctx.users.get("supervisor") or ctx.users["admin"]
        self.decider = ctx.users.get("env") or ctx.users["admin"]
        self.tz = timezone.get_current_timezone()

    def months(self) -> list[date]:
        month, out = self.contract.starts_on, []
        while month <= self.contract.ends_on:
            out.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return out

    def failed(self, month: date) -> list[ContractTerm]:
        """One or two minor terms most months; the watering term in a dry summer month."""
        if month == WITHHELD_MONTH:
            return [self.terms[2], self.terms[3], self.terms[0], self.terms[5], self.terms[1]]
        minor = [t for t in self.terms if t.deduct_yuan == 0]
        failed = self.rng.sample(minor, self.rng.randint(1, 2))
        if month.month == 8 and month.year == 2006:
            failed.append(self.terms[2])
        return failed

    def check(self, month: date, failed, checked_on: date) -> AcceptanceCheck:
        lost = sum((t.deduct_points for t in failed), Decimal(0))
        check = AcceptanceCheck(
            site=self.ctx.site,
            number=next_numbers(site=self.ctx.site, prefix="YS", year=checked_on.year)[0],
            contract=self.contract,
            month=month,
            checked_on=checked_on,
            checked_by=self.checker,
            score=Decimal(100) - lost,
            created_by=self.checker,
            created_at=datetime.combine(checked_on, time(16), self.tz),
        )
        check.save()
        AcceptanceResult.objects.bulk_create(
            AcceptanceResult(
                site=self.ctx.site,
                check_record=check,
                term=term,
                passed=term not in failed,
                note="" if term not in failed else "现场检查不合格，已拍照留存",
            )
            for term in self.terms
        )
        return check

    def month(self, month: date) -> PaymentInstalment:
        """The month's check (early next month) and its instalment, as far as today allows."""
        checked_on = (month + timedelta(days=32)).replace(day=3)
        instalment = PaymentInstalment(
            site=self.ctx.site, contract=self.contract, month=month, amount_yuan=MONTHLY
        )
        if checked_on >= self.today:
            return instalment
        failed = self.failed(month)
        first = self.check(month, failed, checked_on)
        if month == WITHHELD_MONTH:
            self.recheck(first, instalment)
            return instalment
        self.settle(instalment, checked_on, failed)
        return instalment

    def recheck(self, first: AcceptanceCheck, instalment: PaymentInstalment) -> None:
        """Withheld on a score under the pass mark; re-checked ten days later and paid."""
        first.voided_at = datetime.combine(first.checked_on + timedelta(days=10), time(9), self.tz)
        first.voided_by, first.void_reason = self.decider, "整改后复查，以复查结果为准"
        first.save(update_fields=["voided_at", "voided_by", "void_reason"])
        recheck_on = first.checked_on + timedelta(days=10)
        failed = [self.terms[4]]
        second = self.check(first.month, failed, recheck_on)
        second.note = "上月验收不合格，扣发当月款项；整改后复查合格"
        second.save(update_fields=["note"])
        self.settle(instalment, recheck_on, failed, note="复查合格后支付（原验收不合格暂扣）")

    def settle(self, instalment, checked_on: date, failed, note: str = "") -> None:
        decided = checked_on + timedelta(days=2)
        paid = decided + timedelta(days=8)
        if decided >= self.today:
            return
        instalment.decided_at = datetime.combine(decided, time(10), self.tz)
        instalment.decided_by, instalment.note = self.decider, note
        instalment.status = InstalmentStatus.APPROVED
        if paid < self.today:
            deducted = sum((t.deduct_yuan for t in failed), Decimal(0))
            instalment.status, instalment.paid_on = InstalmentStatus.PAID, paid
            instalment.paid_yuan = max(instalment.amount_yuan - deducted, Decimal(0))


def load(ctx) -> None:
    today = timezone.localdate()
    for contract in _contracts(ctx, today):
        builder = CheckBuilder(ctx, contract, _terms(ctx, contract), today)
        instalments = [builder.month(month) for month in builder.months()]
        PaymentInstalment.objects.bulk_create(instalments)
