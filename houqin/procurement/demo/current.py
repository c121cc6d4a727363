"""This year's projects, at every stage, recorded through the services (so the rules in force
now are checked: intention 30 days ahead, 5 working days of notice, 20 days to bid, the
result-notice period, contract publication within 2 working days). Two requests exceed their
department's remaining budget and wait for the leadership's approval."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from houqin.procurement import approvals  # noqa: F401  (the budget and method approval kinds)
from houqin.procurement.choices import FundingSource, Method, Stage
from houqin.procurement.demo.catalogue import CATALOGUE, EVALUATION_NOTES, SINGLE_SOURCE_REASONS
from houqin.procurement.demo.history import request_lines
from houqin.procurement.demo.schedule import Scheduler
from houqin.procurement.models import Project
from houqin.procurement.services.projects import (
    bid_evaluate,
    bid_record,
    project_advance,
    project_request,
)
from houqin.procurement.services.rules import stage_plan

M, S = Method, Stage
# (method, trade, catalogue entry, budget, department code, the last stage reached)
CURRENT = [
    (M.QUOTATION, "it", 1, 46_000, "ZXB", S.REQUESTED),
    (M.NEGOTIATION, "furniture", 1, 68_000, "RDB", S.REQUESTED),
    (M.PUBLIC_TENDER, "construction", 0, 1_680_000, "JGJ", S.APPROVED),
    (M.PUBLIC_TENDER, "property", 0, 1_240_000, "JGJ", S.INTENTION),
    (M.PUBLIC_TENDER, "vehicles", 0, 596_000, "JGJ", S.ANNOUNCED),
    (M.INVITED_TENDER, "it", 3, 420_000, "CZJ", S.DOCUMENTS_ISSUED),
    (M.PUBLIC_TENDER, "appliances", 1, 860_000, "WYK", S.OPENED),
    (M.NEGOTIATION, "appliances", 0, 92_000, "FGJ", S.EVALUATED),
    (M.CONSULTATION, "services", 3, 136_000, "WYK", S.CONFIRMED),
    (M.QUOTATION, "supplies", 0, 38_500, "HWK", S.AWARDED),
    (M.SINGLE_SOURCE, "appliances", 2, 96_000, "WYK", S.CONTRACTED),
    (M.FRAMEWORK, "supplies", 0, 180_000, "JGJ", S.CONTRACT_PUBLISHED),
    (M.QUOTATION, "printing", 1, 54_000, "XCB", S.ACCEPTED),
    (M.PUBLIC_TENDER, "furniture", 2, 468_000, "ZZB", S.PAID),
    (M.NEGOTIATION, "it", 0, 118_000, "JW", S.PAID),
]
SMALL_BUDGETS = {"ZXB": 30_000, "RDB": 20_000}  # the two requests above them wait for approval


class CurrentLoader:
    """Drives this year's projects through the services up to their stage."""

    def __init__(self, ctx, *, office, suppliers: dict, buyer, barred: set):
        self.ctx, self.office, self.buyer = ctx, office, buyer
        self.suppliers = suppliers
        self.barred = barred  # debarred this year: never a winner
        self.scheduler = Scheduler()
        self.today = timezone.localdate()

    def load(self) -> list[Project]:
        return [self.project(i, *row) for i, row in enumerate(CURRENT)]

    def plan_and_dates(self, seed: int, stub: Project, target: str) -> tuple[list, dict]:
        """The plan and stage dates placed so that ``target`` is the last stage before today
        and the next one is still to come."""
        stub.created_at = timezone.now()
        plan = stage_plan(stub)  # the same for any day of the last months
        for back in range(2, 400):
            start = self.today - timedelta(days=back)
            if start.weekday() >= 5:
                continue
            after = plan[plan.index(target) + 1 :]
            # Several draws of the gaps per day: holidays make some days hard to reach.
            for draw in range(6):
                rng = random.Random(seed * 1000 + back * 10 + draw)
                dates = self.scheduler.dates(method=stub.method, plan=plan, start=start, rng=rng)
                # Reached before today; the next stage still to come, or (when it may share
                # the day) the target reached so lately that no "within" limit has run out.
                recent = (self.today - dates[target]).days <= 2
                if dates[target] < self.today and (
                    not after or dates[after[0]] >= self.today or recent
                ):
                    return plan[: plan.index(target) + 1], dates
        raise RuntimeError("no schedule found")

    def project(self, i, method, trade, entry, budget, dept_code, target) -> Project:
        rng = random.Random(7000 + i)
        object_type, stem, template = CATALOGUE[trade][entry]
        department = self.ctx.departments[dept_code]
        stub = Project(
            method=method,
            object_type=object_type,
            budget_yuan=Decimal(budget),
            jurisdiction=self.office.jurisdiction,
        )
        plan, dates = self.plan_and_dates(7000 + i, stub, target)
        moments = {s: self.scheduler.moment(s, dates[s], rng) for s in plan}
        project = project_request(
            site=self.ctx.site,
            department=department,
            title=f"{self.today.year}年{department.name}{stem}",
            object_type=object_type,
            funding_source=FundingSource.FISCAL,
            method=method,
            lines=[
                {"name": n, "spec": sp, "unit": u, "quantity": q, "unit_price_yuan": p}
                for n, sp, u, q, p in request_lines(rng, template, budget)
            ],
            by=self.buyer,
            requester=rng.choice(self.ctx.people),
            method_reason=SINGLE_SOURCE_REASONS[1] if method == M.SINGLE_SOURCE else "",
            at=moments[S.REQUESTED],
        )
        if method in {M.PUBLIC_TENDER, M.INVITED_TENDER, M.CONSULTATION}:
            Project.objects.filter(pk=project.pk).update(evaluation_note=EVALUATION_NOTES[0])
        self.advance(project, plan[1:], moments, rng, trade)
        return project

    def advance(self, project: Project, stages: list[str], moments: dict, rng, trade) -> None:
        pool = [s for s in self.suppliers[trade] if s.pk not in self.barred]
        chosen = rng.sample(pool, min(len(pool), rng.randint(3, 4)))
        contract = (project.budget_yuan * Decimal(rng.uniform(0.8, 0.95))).quantize(Decimal(1))
        bids = []
        for stage in stages:
            at = moments[stage]
            if stage == S.OPENED:
                bids = self.bids(project, chosen, contract, at, rng)
            if stage == S.EVALUATED and bids:
                self.evaluate(bids)
            data = {}
            if stage == S.CONFIRMED:
                data = {"supplier": chosen[0], "price_yuan": contract}
            if stage == S.CONTRACTED:
                data = {"contract_number": "HT" + project.number[2:], "contract_yuan": contract}
            project_advance(project=project, stage=stage, at=at, by=self.buyer, data=data)

    def bids(self, project, chosen, contract, at, rng) -> list:
        rows = []
        for n, supplier in enumerate(chosen):
            price = contract if n == 0 else contract * Decimal(1 + rng.uniform(0.02, 0.12))
            price = min(price.quantize(Decimal(1)), project.budget_yuan)
            submitted = at - timedelta(hours=rng.randint(2, 60))
            rows.append(
                bid_record(
                    project=project,
                    supplier=supplier,
                    price_yuan=price,
                    submitted_at=submitted,
                    by=self.buyer,
                )
            )
        return rows

    def evaluate(self, bids: list) -> None:
        """Ranks by price, the lowest first (the winner bid the contract price), and scores
        that fall with the rank."""
        for rank, bid in enumerate(sorted(bids, key=lambda b: (b.price_yuan, b.pk)), start=1):
            bid_evaluate(
                bid=bid, score=Decimal(92 - 4 * rank), rank=rank, is_valid=True, by=self.buyer
            )


def budget_year(ctx) -> dict[str, int]:
    """This year's department budgets (the two small ones make two requests wait)."""
    rng = random.Random(2026)
    needed: dict[str, int] = {}
    for _m, _t, _e, budget, code, _s in CURRENT:
        needed[code] = needed.get(code, 0) + budget
    amounts = {
        code: max(rng.randint(20, 80) * 10_000, needed.get(code, 0) * 3 // 20_000 * 10_000)
        for code in sorted(ctx.departments)
    }
    amounts.update(SMALL_BUDGETS)
    return amounts
