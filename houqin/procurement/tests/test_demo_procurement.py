"""The procurement demo reproduces the seed's 2006 figures (and the stated 2005 ones) from
rows, counted as the metrics define an order, and through the annual report once its metrics
are registered; the 2006 stages obey the time limits then in force; this year's projects stand
at every stage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation

from houqin.approvals.models import ApprovalRequest
from houqin.core.demo import base_compound
from houqin.procurement import demo as procurement_demo
from houqin.procurement.choices import Bound, Method, ProjectStatus, Stage
from houqin.procurement.models import (
    Bid,
    Debarment,
    DepartmentBudget,
    Notice,
    Project,
    ProjectLine,
    Supplier,
)
from houqin.procurement.services.rules import applicable_limits, day_after, stage_plan
from houqin.reports.queries import annual_report
from houqin.reports.registry import compute, year_bounds
from houqin.reports.render import report_html
from houqin.utils.creditcode import normalise_credit_code

pytestmark = pytest.mark.django_db

SEED_2006 = {
    "procurement.orders": 208,
    "procurement.budget_yuan": 17_296_000,
    "procurement.contract_yuan": 15_220_000,
    "procurement.savings_yuan": 2_076_000,
}
STATED_2005 = {
    "procurement.orders": 191,
    "procurement.budget_yuan": 15_480_000,
    "procurement.contract_yuan": 13_860_000,
    "procurement.savings_yuan": 1_620_000,
}


@pytest.fixture
def compound():
    """The base compound (places, people, logins) and the procurement demo on top of it."""
    return base_compound(procurement_demo.load)


def orders(site, year: int):
    """The orders of ``year``: non-void, not cancelled or failed, contract signed in it."""
    return Project.objects.filter(
        site=site, voided_at__isnull=True, contract_signed_on__year=year
    ).exclude(status__in=[ProjectStatus.CANCELLED, ProjectStatus.FAILED])


def counted(site, year: int) -> dict:
    totals = orders(site, year).aggregate(
        n=Count("pk"), budget=Sum("budget_yuan"), contract=Sum("contract_yuan")
    )
    return {
        "procurement.orders": totals["n"],
        "procurement.budget_yuan": int(totals["budget"]),
        "procurement.contract_yuan": int(totals["contract"]),
        "procurement.savings_yuan": int(totals["budget"] - totals["contract"]),
    }


def test_the_demo_reproduces_the_seed_from_rows(compound):
    site = compound.site
    assert counted(site, 2006) == SEED_2006
    assert counted(site, 2005) == STATED_2005
    assert_projects_2006(site)
    assert_stage_dates(site)
    assert_suppliers(site)
    assert_this_year(site)
    assert_numbered_in_their_year(site)
    assert_report(site)


def assert_projects_2006(site) -> None:
    of_2006 = orders(site, 2006)
    assert not of_2006.filter(budget_yuan__lt=Decimal(3000)).exists()
    assert not of_2006.filter(budget_yuan__gt=Decimal(2_000_000)).exists()
    for budget, contract in of_2006.values_list("budget_yuan", "contract_yuan"):
        assert 0 <= (budget - contract) / budget <= Decimal("0.25")
    methods = dict(of_2006.values_list("method").annotate(n=Count("pk")))
    assert methods[Method.PUBLIC_TENDER] == 25 and methods[Method.EMERGENCY] == 4
    assert methods[Method.QUOTATION] + methods[Method.NEGOTIATION] > 140
    largest = [p.method for p in of_2006.order_by("-budget_yuan")[:20]]
    assert largest.count(Method.PUBLIC_TENDER) >= 15  # and the big single source, invited
    for project in of_2006.prefetch_related("lines"):
        total = sum(line.quantity * line.unit_price_yuan for line in project.lines.all())
        assert total == project.budget_yuan
    assert of_2006.filter(status=ProjectStatus.COMPLETED).count() >= 200
    failed = Project.objects.filter(
        site=site, status__in=[ProjectStatus.FAILED, ProjectStatus.CANCELLED]
    )
    assert failed.filter(created_at__year=2006).count() == 3
    assert_bids(of_2006)


def assert_bids(of_2006) -> None:
    """2–5 bids on competitive projects; the winner is the valid lowest priced one."""
    competitive = of_2006.exclude(method__in=[Method.SINGLE_SOURCE, Method.EMERGENCY])
    for project in competitive.prefetch_related("bids"):
        bids = list(project.bids.all())
        assert 2 <= len(bids) <= 5
        valid = [b for b in bids if b.is_valid]
        winner = min(valid, key=lambda b: b.price_yuan)
        assert winner.supplier_id == project.supplier_id
        assert winner.price_yuan == project.contract_yuan
    assert not Bid.objects.filter(project__in=of_2006, price_yuan__lte=0).exists()
    assert_ranks()


def assert_ranks() -> None:
    """Every evaluated project: the valid bids ranked 1, 2, … by price, the lowest first, and
    the scores (where scored) falling strictly with the rank."""
    ranked = Bid.objects.filter(rank__isnull=False).order_by("project_id", "rank")
    by_project: dict[int, list[Bid]] = {}
    for bid in ranked:
        by_project.setdefault(bid.project_id, []).append(bid)
    assert len(by_project) > 100
    for bids in by_project.values():
        assert [b.rank for b in bids] == list(range(1, len(bids) + 1))
        prices = [b.price_yuan for b in bids]
        assert prices == sorted(prices)
        scores = [b.score for b in bids if b.score is not None]
        assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)


def assert_stage_dates(site) -> None:
    """Every stage of the plan is recorded, in order, and obeys the limits then in force."""
    projects = Project.objects.filter(site=site, created_at__year__in=[2005, 2006])
    checked = 0
    for project in projects.prefetch_related("stages").select_related("jurisdiction"):
        reached = {s.stage: s for s in project.stages.all()}
        plan = stage_plan(project)
        if project.status == ProjectStatus.COMPLETED:
            assert list(reached) == plan
        moments = [reached[s].at for s in plan if s in reached]
        assert moments == sorted(moments)
        for stage, row in reached.items():
            on = timezone.localdate(row.at)
            for rule in applicable_limits(project, stage, on):
                start = reached.get(rule.from_stage)
                if start is None:
                    continue
                limit = day_after(timezone.localdate(start.at), rule.days, rule.day_kind)
                assert on >= limit if rule.bound == Bound.AT_LEAST else on <= limit, rule.code
                checked += 1
    assert checked > 100  # art. 35 (20 days to bid) and art. 46 (contract within 30 days)


def assert_suppliers(site) -> None:
    suppliers = Supplier.objects.filter(site=site)
    assert 55 <= suppliers.count() <= 65
    for code in suppliers.values_list("credit_code", flat=True):
        assert normalise_credit_code(code) == code
    today = timezone.localdate()
    quals = suppliers.values_list("qualifications__valid_until", flat=True)
    assert any(d and d < today for d in quals)
    assert any(d and today <= d <= date.fromordinal(today.toordinal() + 30) for d in quals)
    debarments = Debarment.objects.filter(site=site)
    assert debarments.count() == 2 and debarments.filter(voided_at__isnull=False).count() == 1
    trades = {"furniture", "it", "printing", "vehicles", "property", "construction"}
    trades |= {"appliances", "supplies", "services"}
    for scope in suppliers.values_list("business_scope", flat=True):
        assert scope not in trades and len(scope) >= 8, scope


def assert_numbered_in_their_year(site) -> None:
    """A record's number carries the year it was made in (CG-2006-…), and its ``created_at``
    is in that year: projects, notices (the year published) and debarments."""
    for model in (Project, Notice, Debarment):
        rows = model.objects.filter(site=site).values_list("number", "created_at")
        assert rows.exists()
        for number, created in rows:
            assert number.split("-")[1] == str(timezone.localtime(created).year), number
    for number, published in Notice.objects.filter(site=site).values_list("number", "published_at"):
        assert number.split("-")[1] == str(timezone.localtime(published).year), number


def assert_this_year(site) -> None:
    year = timezone.localdate().year
    current = Project.objects.filter(site=site, created_at__year=year)
    assert current.count() >= 12
    stages = set(current.values_list("stage", flat=True))
    assert {Stage.REQUESTED, Stage.ANNOUNCED, Stage.OPENED, Stage.AWARDED} <= stages
    assert {Stage.CONTRACTED, Stage.PAID} <= stages
    waiting = current.filter(status=ProjectStatus.AWAITING_BUDGET)
    assert waiting.count() == 2
    assert ApprovalRequest.objects.filter(object_id__in=waiting.values("pk")).count() == 2
    assert DepartmentBudget.objects.filter(site=site, year=year).exists()
    assert Notice.objects.filter(site=site, published_at__year=year, kind="intention").exists()
    assert ProjectLine.objects.filter(project__in=current).count() >= current.count()
    published = Notice.objects.filter(site=site)
    assert published.filter(Q(kind="tender") | Q(kind="result")).count() > 250


def assert_report(site) -> None:
    """The same figures through the annual report: exact yuan in JSON, the seed's wording of
    units (万元 with one decimal at most, %) in the HTML report."""
    for year, stated in ((2006, SEED_2006), (2005, STATED_2005)):
        values = compute(site_ids=[site.pk], start=year_bounds(year)[0], end=year_bounds(year)[1])
        assert {key: values[key] for key in stated} == stated
        if year == 2006:
            assert 0.1195 <= float(values["procurement.savings_rate"]) <= 0.1205
    with translation.override("zh-hans"):
        html = report_html(annual_report(year=2006, site_ids=[site.pk], site=site))
    for shown in ("1730万元", "1522万元", "207.6万元", "12%", "208"):
        assert shown in html, shown
