"""Publicity and the volunteer team in the demo compound: the main board's monthly issue
(宣传专栏12期 in 2005 and 2006), printed materials and their distribution (4,260 copies in 2006:
发放宣传资料4000余份; 3,880 in 2005), about thirty volunteers with their activities and hours,
and the money put into the centre by item (150,000 yuan in 2006: 安排专款15万元)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from houqin.core.models import Location, Person
from houqin.core.services import next_numbers
from houqin.outreach.choices import InvestmentCategory, MaterialKind
from houqin.outreach.models import (
    BoardIssue,
    Distribution,
    Investment,
    Material,
    PublicityBoard,
    Volunteer,
    VolunteerActivity,
    VolunteerHours,
)

MAIN_BOARD = "科普宣传专栏"
OTHER_BOARDS = ["健康教育宣传栏", "志愿者风采栏"]
ISSUE_TOPICS = {
    1: ("冬季健康生活", "冬季养生；预防流感；煤气中毒的预防"),
    2: ("科学过春节", "节日饮食卫生；烟花爆竹安全燃放"),
    3: ("科学用药", "合理使用抗生素；家庭小药箱；识别假药"),
    4: ("防震减灾", "地震来了怎么办；家庭应急包；疏散演练要点"),
    5: ("无烟机关", "吸烟的危害；世界无烟日；戒烟方法"),
    6: ("禁毒宣传", "国际禁毒日；认识毒品；远离新型毒品"),
    7: ("防暑降温", "中暑的急救；夏季饮食卫生；防溺水"),
    8: ("节能减排", "节约一度电、一滴水；低碳出行；公共机构节能"),
    9: ("全国科普日", "科学发展 共建和谐；身边的科学"),
    10: ("健康生活方式", "合理膳食；适量运动；心理平衡"),
    11: ("消防安全", "119消防宣传月；火灾逃生自救；灭火器的使用"),
    12: ("防治艾滋病", "世界艾滋病日；艾滋病的传播途径与预防"),
}
# (title, kind, printed, year printed, month, cost)
MATERIALS = [
    ("高血压防治知识手册", MaterialKind.HANDBOOK, 800, 2005, 3, "2400.00"),
    ("禁毒知识宣传单", MaterialKind.LEAFLET, 1500, 2005, 6, "600.00"),
    ("防震减灾知识读本", MaterialKind.BOOKLET, 1000, 2005, 5, "2000.00"),
    ("节约能源从我做起", MaterialKind.LEAFLET, 1200, 2005, 6, "480.00"),
    ("健康生活方式挂图", MaterialKind.POSTER, 300, 2005, 10, "900.00"),
    ("科学用药指南", MaterialKind.BOOKLET, 1500, 2006, 3, "3000.00"),
    ("禁毒宣传折页", MaterialKind.LEAFLET, 2000, 2006, 6, "800.00"),
    ("节能减排知识问答", MaterialKind.BOOKLET, 1200, 2006, 6, "2400.00"),
    ("防治艾滋病宣传单", MaterialKind.LEAFLET, 1000, 2006, 11, "400.00"),
    ("糖尿病饮食指导", MaterialKind.HANDBOOK, 800, 2006, 9, "2400.00"),
]
# year → (occasion, day, [(material index, copies)])
DISTRIBUTIONS = {
    2005: [
        ("科技活动周", (5, 20), [(0, 300), (2, 400)]),
        ("国际禁毒日宣传", (6, 26), [(1, 800)]),
        ("节能宣传周", (6, 15), [(3, 600)]),
        ("全国科普日", (9, 17), [(2, 350), (0, 280)]),
        ("健康讲座", (10, 22), [(4, 150), (0, 200)]),
        ("世界艾滋病日", (12, 1), [(1, 300)]),
        ("年终科普进机关", (12, 16), [(3, 500)]),
    ],
    2006: [
        ("健康咨询日", (3, 24), [(5, 500), (0, 20)]),
        ("科技活动周", (5, 20), [(5, 450), (2, 200)]),
        ("国际禁毒日宣传", (6, 26), [(6, 900), (1, 300)]),
        ("节能宣传周", (6, 12), [(7, 600), (3, 100)]),
        ("全国科普日", (9, 16), [(7, 400), (9, 300)]),
        ("健康讲座", (10, 20), [(9, 350), (4, 90)]),
        ("世界艾滋病日", (12, 1), [(8, 50)]),
    ],
}
# year → [(item, category, yuan, month)]
INVESTMENTS = {
    2005: [
        ("图书购置", InvestmentCategory.BOOKS, "30000", 3),
        ("健康咨询室设备（血压计、血糖仪、体重秤）", InvestmentCategory.HEALTH, "28000", 4),
        ("宣传栏制作", InvestmentCategory.PUBLICITY, "22000", 5),
        ("阅览室空调", InvestmentCategory.EQUIPMENT, "18000", 6),
        ("宣传资料印制", InvestmentCategory.PUBLICITY, "6380", 6),
        ("志愿者活动", InvestmentCategory.VOLUNTEERS, "8000", 9),
        ("书架阅览桌椅", InvestmentCategory.FURNITURE, "7620", 10),
    ],
    2006: [
        ("图书购置", InvestmentCategory.BOOKS, "40000", 3),
        ("书架阅览桌椅", InvestmentCategory.FURNITURE, "26000", 4),
        ("健康咨询室设备", InvestmentCategory.HEALTH, "32000", 4),
        ("宣传栏制作", InvestmentCategory.PUBLICITY, "18000", 5),
        ("宣传资料印制", InvestmentCategory.PUBLICITY, "11000", 6),
        ("志愿者活动", InvestmentCategory.VOLUNTEERS, "12000", 9),
        ("电子阅览设备", InvestmentCategory.EQUIPMENT, "11000", 10),
    ],
}
VOLUNTEERS = 30
SKILLS = ["图书整理", "健康宣讲", "摄影", "板报设计", "急救", "文艺", ""]
ACTIVITIES = [
    ("图书整理上架", "科普文明大院图书室"),
    ("社区健康义诊服务", "北湖区社区"),
    ("科普宣传进社区", "社区广场"),
    ("机关大院环境清洁", "机关大院"),
    ("关爱空巢老人", "市社会福利院"),
    ("宣传栏更新", "科普文明大院"),
]


def _boards(ctx) -> list[PublicityBoard]:
    place = Location.objects.create(
        site=ctx.site, code="KPDY", name="科普文明大院", kind=Location.Kind.OUTDOOR
    )
    return PublicityBoard.objects.bulk_create(
        PublicityBoard(site=ctx.site, name=name, location=place)
        for name in [MAIN_BOARD, *OTHER_BOARDS]
    )


def _issue(ctx, board, year: int, month: int, number: str, editor) -> BoardIssue:
    title, topics = ISSUE_TOPICS[month]
    posted = min(date(year, month, ctx.rng.randint(1, 8)), timezone.localdate())
    removed = posted + timedelta(days=ctx.rng.randint(25, 30))
    return BoardIssue(
        site=ctx.site,
        number=number,
        board=board,
        year=year,
        issue_no=month,
        title=title,
        topics=topics,
        posted_on=posted,
        removed_on=removed if removed < timezone.localdate() else None,
        editor_id=editor,
        created_by=ctx.users.get("librarian"),
    )


def _issues(ctx, boards: list[PublicityBoard], today: date) -> None:
    """The main board monthly in 2005, 2006 and this year to date; the other boards only this
    year (they were put up later), every quarter."""
    editors = list(Person.objects.filter(site=ctx.site).values_list("pk", flat=True)[:30])
    plan = [(boards[0], y, m) for y in (2005, 2006) for m in range(1, 13)]
    if today.year > 2006:
        plan += [(boards[0], today.year, m) for m in range(1, today.month + 1)]
        plan += [(b, today.year, m) for b in boards[1:] for m in (1, 4, 7, 10) if m <= today.month]
    rows = []
    for year in sorted({y for _b, y, _m in plan}):
        group = [(b, m) for b, y, m in plan if y == year]
        numbers = next_numbers(site=ctx.site, prefix="XC", year=year, count=len(group))
        for (board, month), number in zip(group, numbers, strict=True):
            rows.append(_issue(ctx, board, year, month, number, ctx.rng.choice(editors)))
    BoardIssue.objects.bulk_create(rows)


def _materials(ctx) -> None:
    """The materials and every distribution (never more copies than printed)."""
    materials = Material.objects.bulk_create(
        Material(
            site=ctx.site,
            title=title,
            kind=kind,
            printed=printed,
            printed_on=date(year, month, 5),
            cost_yuan=Decimal(cost),
        )
        for title, kind, printed, year, month, cost in MATERIALS
    )
    rows = []
    for year, occasions in DISTRIBUTIONS.items():
        count = sum(len(items) for _o, _d, items in occasions)
        numbers = iter(next_numbers(site=ctx.site, prefix="FF", year=year, count=count))
        for occasion, (month, day), items in occasions:
            for index, copies in items:
                rows.append(
                    Distribution(
                        site=ctx.site,
                        number=next(numbers),
                        material=materials[index],
                        distributed_on=date(year, month, day),
                        quantity=copies,
                        occasion=occasion,
                        created_by=ctx.users.get("librarian"),
                    )
                )
    Distribution.objects.bulk_create(rows)


def _investments(ctx) -> None:
    rows = []
    for year, items in INVESTMENTS.items():
        numbers = next_numbers(site=ctx.site, prefix="TZ", year=year, count=len(items))
        for (item, category, yuan, month), number in zip(items, numbers, strict=True):
            rows.append(
                Investment(
                    site=ctx.site,
                    number=number,
                    invested_on=date(year, month, 18),
                    item=item,
                    category=category,
                    amount_yuan=Decimal(yuan),
                    approved_by="区机关事务管理局",
                    created_by=ctx.users.get("librarian"),
                )
            )
    Investment.objects.bulk_create(rows)


def _volunteers(ctx, today: date) -> None:
    """About thirty volunteers; an activity a month with the hours of those who came."""
    rng = ctx.rng
    people = rng.sample(list(Person.objects.filter(site=ctx.site).order_by("pk")), VOLUNTEERS)
    volunteers = Volunteer.objects.bulk_create(
        Volunteer(
            site=ctx.site,
            person=person,
            joined_on=date(2004, rng.randint(3, 12), rng.randint(1, 28)),
            skills=rng.choice(SKILLS),
            is_active=rng.random() > 0.1,
        )
        for person in people
    )
    months = [(y, m) for y in (2005, 2006) for m in range(1, 13)]
    months += [(today.year, m) for m in range(1, today.month)] if today.year > 2006 else []
    activities = VolunteerActivity.objects.bulk_create(
        VolunteerActivity(
            site=ctx.site, title=title, held_on=date(y, m, rng.randint(5, 25)), place=place
        )
        for (y, m), (title, place) in ((ym, rng.choice(ACTIVITIES)) for ym in months)
    )
    VolunteerHours.objects.bulk_create(
        VolunteerHours(
            site=ctx.site,
            activity=activity,
            volunteer=volunteer,
            hours=Decimal(rng.choice((2, 3, 3, 4, 4, 6))),
        )
        for activity in activities
        for volunteer in rng.sample(volunteers, rng.randint(6, 14))
    )


def load(ctx) -> None:
    today = timezone.localdate()
    _issues(ctx, _boards(ctx), today)
    _materials(ctx)
    _investments(ctx)
    _volunteers(ctx, today)
