"""The procurement centre's past years (2005, 2006) as rows: projects with their request lines,
every stage of their method's plan on dates that obey the time limits then in force, the bids,
and the public notices written by ``notice_content``. Written in bulk (hundreds of projects);
the exact yearly figures come from ``amounts``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils import timezone

from houqin.core.services import next_numbers
from houqin.procurement.choices import (
    FundingSource,
    Method,
    NoticeKind,
    ProjectStatus,
    Stage,
)
from houqin.procurement.demo import amounts
from houqin.procurement.demo.catalogue import (
    CATALOGUE,
    EVALUATION_NOTES,
    SINGLE_SOURCE_REASONS,
    TRADES,
)
from houqin.procurement.demo.schedule import Scheduler
from houqin.procurement.models import Bid, Notice, Project, ProjectLine, ProjectStage
from houqin.procurement.services.notices import notice_content, notice_period_end
from houqin.procurement.services.rules import stage_plan

NOTICE_OF_STAGE = {
    Stage.INTENTION: NoticeKind.INTENTION,
    Stage.SINGLE_SOURCE_PUBLICITY: NoticeKind.SINGLE_SOURCE,
    Stage.ANNOUNCED: NoticeKind.TENDER,
    Stage.OPENED: NoticeKind.OPENING,
    Stage.AWARDED: NoticeKind.RESULT,
    Stage.CONTRACT_PUBLISHED: NoticeKind.CONTRACT,
}
SCORED = {Method.PUBLIC_TENDER, Method.INVITED_TENDER, Method.CONSULTATION}
ONE_BID = {Method.SINGLE_SOURCE, Method.EMERGENCY}
WORKS_DEPARTMENTS = ("JGJ", "WYK")
BIG = Decimal(1_000_000)  # the demo province threshold of 2005–2019 (goods and services)


@dataclass
class Spec:
    """One project to write: its method, money, what is bought and how far it went."""

    method: str
    budget: int
    contract: int | None
    trade: str = "supplies"
    object_type: str = "goods"
    title: str = ""
    lines: list[tuple] = field(default_factory=list)  # (name, spec, unit, quantity, price)
    department: object = None
    outcome: str = ProjectStatus.COMPLETED  # completed, contracted, failed, cancelled
    reason: str = ""
    start: date | None = None
    supplier: object = None


def request_lines(rng, template: list[tuple], budget: int) -> list[tuple]:
    """Request lines adding up to ``budget`` exactly (whole yuan)."""
    shares = [rng.uniform(0.3, 1.0) for _ in template]
    rows, left = [], budget
    for n, (name, spec, unit, price) in enumerate(template):
        last = n == len(template) - 1
        amount = left if last else int(budget * shares[n] / sum(shares))
        quantity = 1 if price <= 1 else max(1, round(amount / price))
        while amount % quantity:  # a whole-yuan unit price
            quantity -= 1
        rows.append((name, spec, unit, quantity, amount // quantity))
        left -= amount
    return rows


class HistoryLoader:
    """Writes one past year of the centre's projects (and returns the emergency ones)."""

    def __init__(self, ctx, *, office, suppliers: dict, buyer):
        self.ctx, self.rng, self.office, self.buyer = ctx, ctx.rng, office, buyer
        self.suppliers = suppliers
        self.scheduler = Scheduler()
        people = {}
        for person in ctx.people:
            people.setdefault(person.department_id, []).append(person)
        self.people = people
        self.projects: list[Project] = []
        self.plans: dict[tuple, list[str]] = {}

    # The specs ---------------------------------------------------------------------------

    def specs(self, year: int, mix: dict[str, int], totals: tuple[int, int], fixed: list[Spec]):
        """Specs of the year's orders: ``mix`` counts per method, then the fixed ones."""
        methods = [m for m, n in mix.items() for _ in range(n)]
        self.rng.shuffle(methods)
        first = len(methods)
        methods += [s.method for s in fixed]
        given = {first + i: s.budget for i, s in enumerate(fixed)}
        budget_list = amounts.budgets(self.rng, methods, totals[0], given)
        signed = {first + i: s.contract for i, s in enumerate(fixed)}
        contract_list = amounts.contracts(
            self.rng, methods, budget_list, totals[0] - totals[1], signed
        )
        for i, spec in enumerate(fixed):
            spec.budget, spec.contract = budget_list[first + i], contract_list[first + i]
        rows = zip(methods[:first], budget_list, contract_list, strict=False)
        return [self.spec(year, m, b, c) for m, b, c in rows] + fixed

    def spec(self, year: int, method: str, budget: int, contract: int) -> Spec:
        trade = self.rng.choice(TRADES[method])
        if method == Method.PUBLIC_TENDER and budget > 1_000_000:
            trade = "construction"  # above the goods and services threshold: works
        object_type, stem, template = self.rng.choice(CATALOGUE[trade])
        reason = self.rng.choice(SINGLE_SOURCE_REASONS) if method == Method.SINGLE_SOURCE else ""
        return Spec(
            method=method,
            budget=budget,
            contract=contract,
            trade=trade,
            object_type=object_type,
            title=stem,
            lines=request_lines(self.rng, template, budget),
            reason=reason,
        )

    # The rows ----------------------------------------------------------------------------

    def department(self, spec: Spec):
        if spec.department is not None:
            return spec.department
        departments = self.ctx.departments
        if spec.trade in ("property", "construction"):
            return departments[self.rng.choice(WORKS_DEPARTMENTS)]
        return self.rng.choice(list(departments.values()))

    def project(self, spec: Spec, year: int) -> tuple[Project, dict[str, datetime]]:
        """An unsaved project and its stage moments; its contract is signed in ``year``."""
        department = self.department(spec)
        requester = self.rng.choice(self.people.get(department.pk) or self.ctx.people)
        project = Project(
            site=self.ctx.site,
            title=f"{year}年{department.name}{spec.title}",
            department=department,
            requester=requester,
            object_type=spec.object_type,
            funding_source=FundingSource.FISCAL,
            budget_yuan=amounts.yuan(spec.budget),
            method=spec.method,
            method_reason=spec.reason,
            jurisdiction=self.office.jurisdiction,
            created_by=self.buyer,
            status=spec.outcome,
        )
        if spec.method in SCORED:
            project.evaluation_note = self.rng.choice(EVALUATION_NOTES)
        moments = self.moments(project, spec, year)
        project.created_at = moments[Stage.REQUESTED]
        project.stage = list(moments)[-1]
        return project, moments

    def moments(self, project: Project, spec: Spec, year: int) -> dict[str, datetime]:
        """Stage moments of the plan (cut short for a failed or cancelled project), placed so
        that the contract is signed within ``year``."""
        for _attempt in range(50):
            start = spec.start or date(year, 1, 4) + timedelta(days=self.rng.randint(0, 320))
            project.created_at = self.scheduler.moment(Stage.REQUESTED, start, self.rng)
            plan = self.plan(project, start.year)
            dates = self.scheduler.dates(method=spec.method, plan=plan, start=start, rng=self.rng)
            if spec.outcome in (ProjectStatus.FAILED, ProjectStatus.CANCELLED):
                dates = self.cut(plan, dates, spec.outcome)
                if max(dates.values()).year == year:
                    break
            elif dates[Stage.CONTRACTED].year == year:
                break
        if spec.outcome == ProjectStatus.CONTRACTED:  # the handful not yet paid
            dates.pop(Stage.PAID, None)
        return {s: self.scheduler.moment(s, d, self.rng) for s, d in dates.items()}

    def plan(self, project: Project, year: int) -> list[str]:
        """``stage_plan``, remembered: within a year it depends only on the method and on
        whether the budget reaches the threshold (for single source)."""
        key = (project.method, project.object_type, year, project.budget_yuan >= BIG)
        if key not in self.plans:
            self.plans[key] = stage_plan(project)
        return self.plans[key]

    @staticmethod
    def cut(plan: list[str], dates: dict, outcome: str) -> dict:
        last = Stage.OPENED if outcome == ProjectStatus.FAILED else Stage.APPROVED
        return {s: dates[s] for s in plan[: plan.index(last) + 1]}

    def build(self, specs: list[Spec], year: int) -> list[Project]:
        """Write the projects of ``specs`` with their lines, stages, bids and notices."""
        pairs = [self.project(spec, year) for spec in specs]
        self.number(pairs)
        projects = Project.objects.bulk_create([p for p, _m in pairs])
        lines, stages, bids = [], [], []
        for spec, (project, moments) in zip(specs, pairs, strict=True):
            lines += self.lines(project, spec)
            stages += self.stage_rows(project, moments)
            bids += self.bids(project, spec, moments)
        ProjectLine.objects.bulk_create(lines)
        ProjectStage.objects.bulk_create(stages)
        Bid.objects.bulk_create(bids)
        prefetch_related_objects(projects, "lines")  # the result notices list them
        self.update_awards(pairs, specs)
        self.notices(pairs, specs)
        return projects

    def number(self, pairs) -> None:
        """Record numbers in request order, per year."""
        by_year: dict[int, list[Project]] = {}
        for project, _m in sorted(pairs, key=lambda pair: pair[0].created_at):
            by_year.setdefault(timezone.localtime(project.created_at).year, []).append(project)
        for year, rows in by_year.items():
            numbers = next_numbers(
                site=self.ctx.site, prefix=Project.number_prefix, year=year, count=len(rows)
            )
            for project, number in zip(rows, numbers, strict=True):
                project.number = number

    def lines(self, project: Project, spec: Spec) -> list[ProjectLine]:
        return [
            ProjectLine(
                site=self.ctx.site,
                project=project,
                name=name,
                spec=detail,
                quantity=Decimal(quantity),
                unit=unit,
                unit_price_yuan=amounts.yuan(price),
            )
            for name, detail, unit, quantity, price in spec.lines
        ]

    def stage_rows(self, project: Project, moments: dict) -> list[ProjectStage]:
        return [
            ProjectStage(
                site=self.ctx.site,
                project=project,
                stage=stage,
                at=at,
                by=self.buyer,
                recorded_at=at + timedelta(minutes=5),
            )
            for stage, at in moments.items()
        ]

    # Bids and the award ------------------------------------------------------------------

    def bids(self, project: Project, spec: Spec, moments: dict) -> list[Bid]:
        """The bids: the winner at the contract price, the others dearer (or invalid)."""
        opened = moments.get(Stage.OPENED)
        if spec.method in ONE_BID:
            at = moments.get(Stage.EVALUATED) or moments.get(Stage.CONFIRMED)
            spec.supplier = spec.supplier or self.rng.choice(self.suppliers[spec.trade])
            return [self.bid(project, spec.supplier, spec.contract, at - timedelta(hours=2))]
        if opened is None:
            return []
        pool = self.suppliers[spec.trade]
        if spec.outcome == ProjectStatus.FAILED:  # too few bids: 废标
            return [
                self.bid(project, s, spec.budget * self.rng.uniform(0.85, 0.99), opened)
                for s in self.rng.sample(pool, 2)
            ]
        chosen = self.rng.sample(pool, min(len(pool), self.rng.randint(3, 5)))
        spec.supplier = chosen[0]
        rows = [self.bid(project, chosen[0], spec.contract, opened)]
        for supplier in chosen[1:]:
            price = spec.contract + (spec.budget - spec.contract) * self.rng.uniform(0.15, 1.0)
            rows.append(self.bid(project, supplier, max(price, spec.contract + 1), opened))
        self.evaluate(rows, spec.method)
        return rows

    def bid(self, project: Project, supplier, price, before: datetime) -> Bid:
        return Bid(
            site=self.ctx.site,
            project=project,
            supplier=supplier,
            price_yuan=amounts.yuan(round(price)),
            submitted_at=before - timedelta(minutes=self.rng.randint(30, 60 * 24 * 3)),
        )

    def evaluate(self, rows: list[Bid], method: str) -> None:
        """Ranks (and scores for the methods that score): the winner, first, is the best."""
        if len(rows) > 3 and self.rng.random() < 0.2:
            loser = rows[-1]
            loser.is_valid, loser.invalid_reason = False, "未按采购文件要求提交投标保证金"
        ranked = [rows[0], *sorted((b for b in rows[1:] if b.is_valid), key=lambda b: b.price_yuan)]
        score = None
        for rank, bid in enumerate(ranked, start=1):
            bid.rank = rank
            if method in SCORED:
                score = next_score(score, self.rng.uniform(86, 94))
                bid.score = Decimal(str(score))

    def update_awards(self, pairs, specs: list[Spec]) -> None:
        """The winner and the contract of each project that reached them."""
        changed = []
        for spec, (project, moments) in zip(specs, pairs, strict=True):
            if Stage.CONFIRMED in moments:
                project.supplier = spec.supplier
            if Stage.CONTRACTED in moments:
                project.contract_yuan = amounts.yuan(spec.contract)
                project.contract_signed_on = timezone.localdate(moments[Stage.CONTRACTED])
                project.contract_number = "HT" + project.number[2:]
            if project.supplier_id or project.contract_yuan:
                changed.append(project)
        fields = ["supplier", "contract_yuan", "contract_signed_on", "contract_number"]
        Project.objects.bulk_update(changed, fields, batch_size=500)

    # Notices -----------------------------------------------------------------------------

    def notices(self, pairs, specs: list[Spec]) -> None:
        """The notices each reached stage publishes (and a failure notice), numbered by year."""
        rows = []
        for spec, (project, moments) in zip(specs, pairs, strict=True):
            for stage, at in moments.items():
                if stage in NOTICE_OF_STAGE:
                    rows.append(self.notice(project, NOTICE_OF_STAGE[stage], at))
            if spec.outcome == ProjectStatus.FAILED:
                at = list(moments.values())[-1] + timedelta(hours=3)
                rows.append(self.notice(project, NoticeKind.FAILURE, at, "有效投标人不足三家"))
        rows.sort(key=lambda notice: notice.published_at)
        by_year: dict[int, list[Notice]] = {}
        for notice in rows:
            by_year.setdefault(timezone.localtime(notice.published_at).year, []).append(notice)
        for year, group in by_year.items():
            numbers = next_numbers(
                site=self.ctx.site, prefix=Notice.number_prefix, year=year, count=len(group)
            )
            for notice, number in zip(group, numbers, strict=True):
                notice.number = number
        Notice.objects.bulk_create(rows, batch_size=500)

    def notice(self, project: Project, kind: str, at: datetime, reason: str = "") -> Notice:
        title, body = notice_content(project, kind, at, reason=reason)
        end = notice_period_end(project, kind, at) if kind == NoticeKind.TENDER else None
        closes = None
        if end is not None:
            closes = datetime.combine(end + timedelta(days=1), datetime.min.time(), at.tzinfo)
        return Notice(
            site=self.ctx.site,
            project=project,
            kind=kind,
            title=title,
            body=body,
            published_at=at,
            closes_at=closes,
            created_by=self.buyer,
            created_at=at,
        )


def next_score(previous: float | None, draw: float) -> float:
    """The score of the next rank: the first is ``draw`` (86–94), each later one 1–5 points
    below the one before, so that scores always fall as the rank does."""
    if previous is None:
        return round(draw, 2)
    return round(previous - (1 + (draw - 86) / 2), 2)
