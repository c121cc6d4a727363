"""The quality module's part of the demo compound: six service posts held to weighted standards
(after the evaluation areas of GB/T 43542-2023: 会务服务, 保洁, 绿化, 秩序维护, 客户服务, 餐饮),
a supervisor's monthly evaluation of each post over 2005, 2006 and this year — mostly 85–98 %,
with a few low items put right and checked — and one staff satisfaction survey per half-year,
answered anonymously, about 95 % satisfied.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from houqin.core.models import Person
from houqin.core.services import next_numbers
from houqin.quality.choices import PostKind, RectificationStatus, SurveyStatus
from houqin.quality.models import (
    Evaluation,
    EvaluationScore,
    Rectification,
    ServicePost,
    Standard,
    StandardItem,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
)
from houqin.utils.workdays import calendar_day

FIRST_YEAR = 2005
LOW_ITEM_SHARE = 0.03  # item scores below the pass mark, each put right
# (name, kind, team, login on the post, [(requirement, points)])
POSTS = [
    ("会议服务", PostKind.MEETING, "HWK", "service", [
        ("会前按通知要求布置会场，桌椅摆放整齐、台签准确", 15),
        ("音响、投影、视频设备会前调试，运行正常", 15),
        ("茶水及时续添，杯具洁净消毒", 15),
        ("服务人员着装统一、仪表端庄、举止得体", 10),
        ("会议期间坚守岗位，保守会议秘密", 15),
        ("会后及时清理会场，检查遗留物品", 10),
        ("会议服务记录完整，服务评价及时回访", 10),
        ("突发情况（停电、设备故障）处置及时", 10),
    ]),
    ("保洁", PostKind.CLEANING, "WYK", "", [
        ("大厅、走廊地面洁净无污渍、无积水", 15),
        ("卫生间无异味，洁具光亮，纸巾洗手液及时补充", 20),
        ("楼梯扶手、门窗玻璃每日擦拭无灰尘", 10),
        ("垃圾分类收集，日产日清", 15),
        ("会议室、接待室按需清洁", 10),
        ("保洁工具定点存放，化学品安全使用", 10),
        ("作业时放置警示标识", 10),
        ("外墙、天台定期清洗", 10),
    ]),
    ("绿化", PostKind.GREENING, "WYK", "", [
        ("草坪修剪平整，高度控制在规定范围", 15),
        ("乔灌木适时修剪造型，无枯枝", 15),
        ("按时浇水施肥，病虫害防治及时", 20),
        ("绿地无杂物、无杂草", 15),
        ("室内摆花定期养护更换", 15),
        ("农药使用安全，作业设置警示", 20),
    ]),
    ("安保", PostKind.SECURITY, "BWK", "guard", [
        ("门岗二十四小时值守，外来人员车辆登记查验", 20),
        ("按规定路线和频次巡逻，记录完整", 15),
        ("监控中心实时值守，异常情况及时报告", 15),
        ("消防设施每日巡查，消防通道畅通", 15),
        ("突发事件按预案处置，响应迅速", 15),
        ("着装规范，文明执勤", 10),
        ("车辆停放有序，交通秩序良好", 10),
    ]),
    ("接待", PostKind.RECEPTION, "HWK", "", [
        ("来宾接待热情周到，使用文明用语", 20),
        ("接待方案落实到位，食宿行安排无差错", 20),
        ("接待室整洁，用品齐全", 15),
        ("严格执行公务接待标准，厉行节约", 20),
        ("接待清单完整，费用据实结算", 15),
        ("对来宾意见及时反馈处理", 10),
    ]),
    ("食堂", PostKind.CANTEEN, "JGJ", "", [
        ("食品原料索证索票，进货查验记录完整", 15),
        ("食品留样四十八小时，留样记录完整", 15),
        ("餐具清洗消毒，保洁存放", 15),
        ("菜品花样丰富，每周公布食谱", 10),
        ("从业人员持健康证上岗，着装整洁", 10),
        ("后厨地面、灶台清洁，无鼠无蝇", 15),
        ("燃气设备安全使用，下班关闭阀门", 10),
        ("就餐秩序良好，杜绝浪费", 10),
    ]),
]  # fmt: skip
RECTIFY = {
    PostKind.MEETING: "加强会前检查，设备提前一小时调试",
    PostKind.CLEANING: "增加巡回保洁频次，专人负责卫生间",
    PostKind.GREENING: "补种补植，调整养护计划",
    PostKind.SECURITY: "重新培训巡逻路线，班长抽查",
    PostKind.RECEPTION: "完善接待方案审核流程",
    PostKind.CANTEEN: "整改后厨卫生，建立每日自查表",
}
ANSWER_SCORES = [5] * 58 + [4] * 37 + [3] * 4 + [2]
# Answers take their scores from this cycle, so the share of satisfied answers stays near 95 %
# however many people are asked.
SCORE_CYCLE = random.Random(95).sample(ANSWER_SCORES, len(ANSWER_SCORES))
SURVEY_COMMENTS = ["", "", "", "", "服务很好", "希望增加菜品种类", "会议服务很周到"]


def _posts(ctx, start: date) -> list[tuple[ServicePost, Standard, list[StandardItem]]]:
    """Each post with its team, people and the standard in force since the first year."""
    result = []
    for name, kind, team, login, items in POSTS:
        post = ServicePost.objects.create(
            site=ctx.site, name=name, kind=kind, team=ctx.departments[team]
        )
        people = [p for p in ctx.people if p.department_id == ctx.departments[team].pk][:6]
        if login in ctx.users:
            people += list(Person.objects.filter(user=ctx.users[login]))
        post.members.set(people)
        standard = Standard.objects.create(
            site=ctx.site, post=post, title=f"{name}服务标准", effective_from=start
        )
        rows = StandardItem.objects.bulk_create(
            StandardItem(site=ctx.site, standard=standard, text=text, weight=Decimal(w), position=i)
            for i, (text, w) in enumerate(items, start=1)
        )
        result.append((post, standard, rows))
    return result


def _months(today: date) -> list[date]:
    """The first days of the months evaluated: 2005 and 2006, and this year's finished ones."""
    months = [date(y, m, 1) for y in (FIRST_YEAR, 2006) for m in range(1, 13)]
    if today.year > 2006:
        months += [date(today.year, m, 1) for m in range(1, today.month)]
    return months


def _evaluated_at(month: date, tz) -> datetime:
    """The first working day after the month, mid-morning."""
    day = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    while not calendar_day(day).is_workday:
        day += timedelta(days=1)
    return datetime.combine(day, time(10), tz)


class EvaluationBuilder:
    """Builds evaluations, item scores and rectifications in memory for a bulk insert."""

    def __init__(self, ctx, now: datetime):
        self.ctx, self.rng, self.now = ctx, ctx.rng, now
        self.tz = timezone.get_current_timezone()
        self.supervisor = ctx.users.get("supervisor") or ctx.users["admin"]
        self.evaluations: list[Evaluation] = []
        self.scores: list[list[EvaluationScore]] = []
        self.fixes: list[tuple[EvaluationScore, Rectification]] = []

    def evaluate(self, post, standard, items, month: date) -> None:
        at = _evaluated_at(month, self.tz)
        scores = [self.score(item, standard, post, at) for item in items]
        total = sum(s.points for s in scores) / sum(i.weight for i in items) * 100
        self.evaluations.append(
            Evaluation(
                site=self.ctx.site,
                standard=standard,
                post=post,
                month=month,
                evaluated_at=at,
                created_at=at,
                created_by=self.supervisor,
                score=Decimal(total).quantize(Decimal("0.1")),
            )
        )
        self.scores.append(scores)

    def score(self, item, standard, post, at: datetime) -> EvaluationScore:
        """Mostly 85–100 % of the points; now and then below the pass mark, then put right."""
        rng = self.rng
        low = rng.random() < LOW_ITEM_SHARE
        share = rng.uniform(0.55, 0.75) if low else rng.choice((1, rng.uniform(0.8, 1)))
        points = (item.weight * Decimal(share)).quantize(Decimal("0.5"))
        score = EvaluationScore(site=self.ctx.site, item=item, points=points)
        if points < item.weight * standard.pass_mark / 100:
            score.note = "现场检查不达标"
            self.fixes.append((score, self.rectification(post, at)))
        return score

    def rectification(self, post, at: datetime) -> Rectification:
        """Put right within the week and checked; the latest month's may still be open."""
        rng = self.rng
        fix = Rectification(site=self.ctx.site, deadline=(at + timedelta(days=7)).date())
        done = at + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 5))
        if done > self.now:
            return fix
        fix.status, fix.done_at, fix.action = RectificationStatus.DONE, done, RECTIFY[post.kind]
        checked = done + timedelta(days=rng.randint(1, 4))
        if (checked <= self.now and rng.random() < 0.9) or self.now - done > timedelta(days=60):
            fix.status, fix.verified_at, fix.verified_by = (
                RectificationStatus.VERIFIED,
                min(checked, self.now),
                self.supervisor,
            )
        return fix

    def save(self) -> None:
        by_year: dict[int, list[Evaluation]] = {}
        for evaluation in self.evaluations:
            by_year.setdefault(evaluation.evaluated_at.year, []).append(evaluation)
        for year, group in by_year.items():
            numbers = next_numbers(site=self.ctx.site, prefix="KP", year=year, count=len(group))
            for evaluation, number in zip(group, numbers, strict=True):
                evaluation.number = number
        Evaluation.objects.bulk_create(self.evaluations, batch_size=1000)
        for evaluation, scores in zip(self.evaluations, self.scores, strict=True):
            for score in scores:
                score.evaluation = evaluation
        EvaluationScore.objects.bulk_create([s for g in self.scores for s in g], batch_size=2000)
        for score, fix in self.fixes:
            fix.score = score
        Rectification.objects.bulk_create([fix for _, fix in self.fixes])


def _surveys(ctx, now: datetime, posts) -> None:
    """One survey per half-year; every login is asked, most answer about every post."""
    tz = timezone.get_current_timezone()
    kinds = [str(post.kind) for post, _s, _i in posts]
    author = ctx.users.get("supervisor") or ctx.users["admin"]
    years = sorted({FIRST_YEAR, 2006, timezone.localdate(now).year})
    invitations, answers = [], []
    for year in years:
        for half, (month, day) in enumerate(((6, 10), (12, 1))):
            opens = datetime.combine(date(year, month, day), time(9), tz)
            if opens > now:
                continue
            closes = opens + timedelta(days=21)
            survey = Survey.objects.create(
                site=ctx.site,
                title=f"{year}年{'上' if half == 0 else '下'}半年后勤服务满意度测评",
                services=kinds,
                opens_at=opens,
                closes_at=closes,
                status=SurveyStatus.CLOSED if closes <= now else SurveyStatus.OPEN,
                created_by=author,
            )
            _invite(ctx, survey, now, invitations, answers)
    SurveyInvitation.objects.bulk_create(invitations)
    SurveyAnswer.objects.bulk_create(answers)


def _invite(ctx, survey: Survey, now: datetime, invitations: list, answers: list) -> None:
    """Every login but the administrator is asked; nine in ten answer, about every service."""
    rng = ctx.rng
    for name, user in ctx.users.items():
        if name == "admin":
            continue
        answered = survey.opens_at + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8))
        done = answered <= now and rng.random() < 0.9
        invitations.append(
            SurveyInvitation(
                site=ctx.site,
                survey=survey,
                user=user,
                sent_at=survey.opens_at,
                answered_at=answered if done else None,
            )
        )
        for kind in survey.services if done else ():
            answers.append(_answer(ctx, survey, kind, answered, len(answers)))


def _answer(ctx, survey, kind: str, at: datetime, n: int) -> SurveyAnswer:
    rng = ctx.rng
    return SurveyAnswer(
        site=ctx.site,
        survey=survey,
        service=kind,
        score=SCORE_CYCLE[n % len(SCORE_CYCLE)],
        comment=rng.choice(SURVEY_COMMENTS),
        answered_at=at,
    )


def load(ctx) -> None:
    """Posts and standards, the monthly evaluations, the half-yearly surveys."""
    now = timezone.now()
    posts = _posts(ctx, date(FIRST_YEAR, 1, 1))
    builder = EvaluationBuilder(ctx, now)
    for month in _months(timezone.localdate(now)):
        for post, standard, items in posts:
            builder.evaluate(post, standard, items, month)
    builder.save()
    _surveys(ctx, now, posts)
