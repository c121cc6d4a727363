"""Demo rows of the procurement module: the district's procurement centre, its jurisdictions
and a demo threshold, the supplier registry, department budgets, and the projects of 2005,
2006 and this year. The seed's 2006 figures come out of the rows: 208 orders (non-void, not
cancelled or failed, contract signed in 2006), budgets 17,296,000 yuan, contracts 15,220,000
yuan; 2005 gives 191 orders, 15,480,000 and 13,860,000 for the year-on-year comparison."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from houqin.core.models import Department
from houqin.procurement.choices import (
    Confidence,
    JurisdictionLevel,
    Method,
    ObjectType,
    ProjectStatus,
    ThresholdKind,
)
from houqin.procurement.demo.current import CurrentLoader, budget_year
from houqin.procurement.demo.history import HistoryLoader, Spec
from houqin.procurement.demo.suppliers import load_debarments, load_suppliers
from houqin.procurement.models import (
    DepartmentBudget,
    Jurisdiction,
    ProcurementOffice,
    Project,
    Threshold,
)

OFFICE_NAME = "北湖区政府采购中心"
PORTAL_INTRO = (
    "北湖区政府采购中心是全市第一家县级政府采购中心,坚持“四公开”:采购程序公开、采购信息公开、"
    "采购招投标活动公开、采购结果公开。本栏目发布采购公告、开标记录、中标(成交)结果和合同公告,"
    "欢迎社会各界监督。"
)
DEMO_THRESHOLD_NOTE = (
    "Demo value: replace with the figure of the province's procurement catalogue for the period."
)
# The province's public-tender threshold 2005–2019 (demo values, tagged unverified).
PROVINCE_THRESHOLDS = {ObjectType.GOODS: 1_000_000, ObjectType.SERVICES: 1_000_000}
PROVINCE_THRESHOLDS[ObjectType.WORKS] = 2_000_000
YEARS = {
    2005: {
        "mix": {
            Method.PUBLIC_TENDER: 22,
            Method.INVITED_TENDER: 16,
            Method.SINGLE_SOURCE: 8,
            Method.NEGOTIATION: 65,
            Method.QUOTATION: 80,
        },
        "totals": (15_480_000, 13_860_000),
    },
    2006: {
        "mix": {
            Method.PUBLIC_TENDER: 25,
            Method.INVITED_TENDER: 18,
            Method.SINGLE_SOURCE: 9,
            Method.NEGOTIATION: 70,
            Method.QUOTATION: 81,
        },
        "totals": (17_296_000, 15_220_000),
    },
}
# The July 2006 flood (碧利斯): title, line, spec, unit, quantity, budget price, contract
# price, supplier, day. They feed the relief module's emergency purchases.
EMERGENCY = [
    (
        "抗洪救灾应急饮用水采购",
        "矿泉水",
        "550ml",
        "瓶",
        20_400,
        "1.20",
        "1.10",
        "郴州市福城桶装水有限公司",
        15,
    ),
    (
        "抗洪救灾应急干粮采购",
        "干粮(方便面/饼干)",
        "袋装",
        "公斤",
        5_000,
        "9.60",
        "8.80",
        "郴州市金穗食品有限公司",
        15,
    ),
    (
        "抗洪救灾防水彩条布采购",
        "防水彩条布",
        "三色加厚",
        "平方米",
        3_200,
        "3.50",
        "3.20",
        "湖南宏达篷布制品有限公司",
        16,
    ),
    (
        "抗洪救灾编织袋采购",
        "编织袋",
        "55×95cm",
        "个",
        6_000,
        "0.80",
        "0.80",
        "郴州市永兴塑料编织有限公司",
        15,
    ),
]
EMERGENCY_REASON = "2006年7月“碧利斯”强热带风暴引发特大洪灾,抢险救灾急需,依法实行应急采购。"
NOT_PAID_2006 = 4  # a handful of 2006 contracts not yet accepted and paid


def load(ctx) -> None:
    """The procurement centre and its records."""
    today = timezone.localdate()
    buyer = ctx.users["buyer"]
    office = load_office(ctx)
    suppliers = load_suppliers(ctx, today)
    by_name = {s.name: s for group in suppliers.values() for s in group}
    history = HistoryLoader(ctx, office=office, suppliers=suppliers, buyer=buyer)
    for year, figures in YEARS.items():
        fixed = special_2006(ctx, by_name) if year == 2006 else []
        specs = history.specs(year, figures["mix"], figures["totals"], fixed)
        if year == 2006:
            for spec in history.rng.sample(specs[: -len(fixed)], NOT_PAID_2006):
                spec.outcome = ProjectStatus.CONTRACTED
            specs += unsuccessful(history, year)
        history.build(specs, year)
    load_budgets(ctx, [2005, 2006])
    barred = list(by_name.values())[-6:-4]
    load_debarments(ctx, barred[0], barred[1], buyer)
    create_budgets(ctx, today.year, budget_year(ctx))
    CurrentLoader(
        ctx, office=office, suppliers=suppliers, buyer=buyer, barred={s.pk for s in barred}
    ).load()


def load_office(ctx) -> ProcurementOffice:
    """湖南省 → 郴州市 → 北湖区 under the central jurisdiction, the province's demo threshold
    for 2005–2019 (later years fall back to the central rows) and the district's centre."""
    central = Jurisdiction.objects.filter(code="cn").first()
    province = Jurisdiction.objects.create(
        code="cn-43", name="湖南省", level=JurisdictionLevel.PROVINCE, parent=central
    )
    city = Jurisdiction.objects.create(
        code="cn-4310", name="郴州市", level=JurisdictionLevel.CITY, parent=province
    )
    county = Jurisdiction.objects.create(
        code="cn-431002", name="北湖区", level=JurisdictionLevel.COUNTY, parent=city
    )
    Threshold.objects.bulk_create(
        Threshold(
            jurisdiction=province,
            kind=ThresholdKind.PUBLIC_TENDER,
            object_type=object_type,
            amount_yuan=Decimal(amount),
            valid_from=date(2005, 1, 1),
            valid_to=date(2019, 12, 31),
            basis="湖南省政府集中采购目录及采购限额标准(演示数据)",
            confidence=Confidence.UNVERIFIED,
            note=DEMO_THRESHOLD_NOTE,
        )
        for object_type, amount in PROVINCE_THRESHOLDS.items()
    )
    return ProcurementOffice.objects.create(
        site=ctx.site, name=OFFICE_NAME, jurisdiction=county, portal_intro=PORTAL_INTRO
    )


def special_2006(ctx, by_name: dict) -> list[Spec]:
    """The flood's emergency purchases and the one single-source project above the threshold."""
    specs = [
        Spec(
            method=Method.EMERGENCY,
            budget=int(quantity * Decimal(price)),
            contract=int(quantity * Decimal(paid)),
            trade="supplies",
            title=title,
            lines=[(line, spec, unit, quantity, Decimal(price))],
            department=ctx.departments["JGJ"],
            reason=EMERGENCY_REASON,
            start=date(2006, 7, day),
            supplier=by_name[supplier],
        )
        for title, line, spec, unit, quantity, price, paid, supplier, day in EMERGENCY
    ]
    specs.append(
        Spec(
            method=Method.SINGLE_SOURCE,
            budget=1_150_000,
            contract=1_128_000,
            trade="it",
            object_type=ObjectType.SERVICES,
            title="电子政务协同办公系统升级改造",
            lines=[("协同办公系统升级改造", "原系统扩展", "项", 1, 1_150_000)],
            department=ctx.departments["ZFB"],
            reason="原有系统的升级改造,须与原供应商保持技术一致和服务配套。",
            start=date(2006, 5, 8),
            supplier=by_name["湖南拓维信息系统股份有限公司"],
        )
    )
    return specs


def unsuccessful(history: HistoryLoader, year: int) -> list[Spec]:
    """Projects that failed (too few bids) or were cancelled: not orders."""
    rows = []
    for method, outcome in [
        (Method.PUBLIC_TENDER, ProjectStatus.FAILED),
        (Method.QUOTATION, ProjectStatus.FAILED),
        (Method.NEGOTIATION, ProjectStatus.CANCELLED),
    ]:
        budget = 480_000 if method == Method.PUBLIC_TENDER else 36_000
        spec = history.spec(year, method, budget, 0)
        spec.contract, spec.outcome = None, outcome
        rows.append(spec)
    return rows


def load_budgets(ctx, years: list[int]) -> None:
    """Each department's budget for the year: what it requested plus a margin."""
    requested = (
        Project.objects.filter(site=ctx.site, voided_at__isnull=True)
        .exclude(status=ProjectStatus.CANCELLED)
        .annotate(year=ExtractYear("created_at"))
        .filter(year__in=years)
        .values("department__code", "year")
        .annotate(total=Sum("budget_yuan"))
    )
    amounts: dict[int, dict[str, int]] = {year: {} for year in years}
    for row in requested:
        margin = float(row["total"]) * ctx.rng.uniform(1.08, 1.3)
        amounts[row["year"]][row["department__code"]] = math.ceil(margin / 10_000) * 10_000
    for year in years:
        create_budgets(ctx, year, amounts[year])


def create_budgets(ctx, year: int, amounts: dict[str, int]) -> None:
    departments = {d.code: d for d in Department.objects.filter(site=ctx.site)}
    DepartmentBudget.objects.bulk_create(
        DepartmentBudget(
            site=ctx.site,
            department=departments[code],
            year=year,
            amount_yuan=Decimal(amount),
            note="年初部门预算(政府采购部分)",
        )
        for code, amount in amounts.items()
    )
