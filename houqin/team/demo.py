"""Demo rows of the team module: training sessions of 2005, 2006 and this year with their
attendees; the regulations library, where the three rules the seed names (《机关大院管理制度》
《办公大楼运行守则》《局机关管理制度》) were revised in 2006 and a few others are in force; the
three articles of 2006 in 《中国机关后勤杂志》《湖南机关事务通讯》《郴州日报》 and the chronicle
《机关事务志》; the honours of 2005 and 2006; and the chronicle of events (大事记).

The seed's figures come out of these rows: in 2006 three publications (articles) and three
regulations revised (versions after the first adopted that year); none revised in 2005."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from houqin.core.models import Person
from houqin.core.services import next_numbers
from houqin.team.choices import HonourLevel, PublicationKind, RecipientKind, RegulationScope
from houqin.team.models import (
    Attendance,
    ChronicleEntry,
    Honour,
    Publication,
    Regulation,
    RegulationVersion,
    TrainingSession,
)

NUMERALS = "一二三四五六七八九十"
S = RegulationScope
# topic, trainer, hours, place, outside, share of staff attending
TRAININGS = [
    ("政治理论学习:科学发展观与机关作风建设", "局党组书记", "3", "三楼会议室", False, 0.8),
    ("服务礼仪与接待规范", "市委接待处 刘老师", "4", "三楼会议室", False, 0.6),
    ("消防安全知识培训及灭火疏散演练", "区消防大队", "3", "大院广场", False, 0.9),
    ("配电房、电梯及中央空调设备操作规程", "物业管理科", "6", "设备机房", False, 0.25),
    ("“走出去”学习:外地机关后勤服务社会化考察", "局领导带队", "16", "长沙、株洲", True, 0.2),
    ("公文处理与档案管理", "区档案局", "3", "三楼会议室", False, 0.4),
    ("政府采购法律法规", "区政府采购中心", "4", "采购中心会议室", False, 0.3),
    ("节能降耗与办公用品管理", "物业管理科", "2", "三楼会议室", False, 0.7),
    ("保安业务技能培训", "区公安分局", "4", "值班室", False, 0.2),
    ("食品卫生与食堂管理", "区疾控中心", "3", "食堂", False, 0.2),
    ("计算机与办公自动化操作", "区信息中心", "6", "电教室", False, 0.5),
    ("爱国卫生与病媒生物防制", "市爱卫办", "2", "三楼会议室", False, 0.5),
    ("党风廉政建设专题党课", "区纪委", "3", "三楼会议室", False, 0.9),
    ("“走出去”学习:省直机关事务管理局跟班学习", "省机关事务管理局", "24", "长沙", True, 0.1),
    ("会议服务流程与应急处置", "会务接待科", "3", "会议中心", False, 0.3),
]
MONTHS = [1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10, 10, 11, 12]
REVISED = [
    (
        "机关大院管理制度",
        S.COMPOUND,
        "WYK",
        [
            "为加强机关大院管理,维护大院良好的工作和生活秩序,制定本制度。",
            "大院实行门卫值班制度,外来人员凭有效证件登记后方可进入。",
            "大院内车辆按指定位置停放,禁止在消防通道停车。",
            "大院绿化、卫生实行分区包干,责任落实到科室。",
            "禁止在大院内乱搭乱建、乱贴乱画、乱扔杂物。",
        ],
        [
            "大院实行二十四小时安全巡逻,每天安排三班保安昼夜巡查,做好巡查记录。",
            "大院是省级科普文明大院,各单位应积极参加科普宣传和卫生创建活动。",
        ],
        (date(2003, 3, 1), "郴机管发〔2003〕5号"),
        (date(2006, 3, 20), "郴机管发〔2006〕8号"),
    ),
    (
        "办公大楼运行守则",
        S.BUILDING,
        "WYK",
        [
            "为保障办公大楼安全、高效运行,制定本守则。",
            "办公大楼开放时间为每日七时至二十二时,其余时间进出须登记。",
            "电梯、空调、供水、配电等设备由物业管理科统一管理,非专业人员不得操作。",
            "各单位下班时应关闭门窗、电灯、空调和电脑等用电设备。",
            "大楼内禁止吸烟,禁止存放易燃易爆物品。",
        ],
        [
            "夏季空调温度设置不低于二十六摄氏度,冬季不高于二十摄氏度。",
            "提倡节约一度电、一滴水、一张纸,办公用品按定额领用。",
        ],
        (date(2004, 1, 1), "郴机管发〔2003〕21号"),
        (date(2006, 6, 1), "郴机管发〔2006〕15号"),
    ),
    (
        "局机关管理制度",
        S.BUREAU,
        "JGJ",
        [
            "为加强局机关自身建设,提高工作效率和服务水平,制定本制度。",
            "局机关工作人员应遵守作息时间,实行考勤登记。",
            "公文办理实行登记、拟办、批办、承办、催办制度。",
            "财务实行收支两条线,大额开支须经局务会研究决定。",
            "每月组织一次政治理论和业务学习。",
        ],
        [
            "实行首问负责制、限时办结制和责任追究制。",
            "建立服务对象满意度测评制度,测评结果与年度考核挂钩。",
        ],
        (date(2004, 3, 1), "郴机管发〔2004〕3号"),
        (date(2006, 9, 1), "郴机管发〔2006〕22号"),
    ),
]
# title, scope, department, articles, (in force from, document number)
OTHERS = [
    (
        "科普文明大院制度",
        S.COMPOUND,
        "KPZX",
        [
            "为巩固省级科普文明大院创建成果,制定本制度。",
            "大院设科普宣传专栏,每月更新一期。",
            "科普图书室每周开放五天,干部职工凭借阅证借阅。",
            "每季度组织一次健康咨询或科普讲座。",
        ],
        (date(2006, 4, 1), "郴机管发〔2006〕11号"),
    ),
    (
        "值班执勤制度",
        S.COMPOUND,
        "BWK",
        [
            "大院实行二十四小时值班制度,值班人员不得擅离岗位。",
            "值班人员应做好值班记录,重大情况及时报告带班领导。",
            "节假日值班由办公室统一安排。",
        ],
        (date(2003, 5, 1), "郴机管发〔2003〕9号"),
    ),
    (
        "外来人员出入登记制度",
        S.COMPOUND,
        "BWK",
        [
            "外来人员进入大院须出示有效证件,由门卫登记来访事由和被访单位。",
            "门卫应电话联系被访人员确认后方可放行。",
            "推销人员、无关人员一律谢绝入内。",
        ],
        (date(2003, 5, 1), "郴机管发〔2003〕10号"),
    ),
    (
        "服务考评制度",
        S.BUREAU,
        "JGJ",
        [
            "每半年对物业、会务、保安等服务岗位进行一次考评。",
            "考评采取服务对象评议与日常检查相结合的方式。",
            "考评结果作为评先评优和续聘的依据。",
        ],
        (date(2004, 7, 1), "郴机管发〔2004〕14号"),
    ),
    (
        "办公用品采购与领用管理办法",
        S.BUREAU,
        "JGJ",
        [
            "办公用品由局机关统一采购、统一保管、按需领用。",
            "各科室领用办公用品须填写领用单,经分管领导审批。",
            "办公用品库每季度盘点一次,做到账物相符。",
        ],
        (date(2005, 1, 1), "郴机管发〔2005〕1号"),
    ),
    (
        "会议室使用管理规定",
        S.BUILDING,
        "HWK",
        [
            "会议室实行预约登记,由会务接待科统一安排。",
            "使用单位应爱护会议室设施,会后及时清理。",
        ],
        (date(2004, 5, 1), "郴机管发〔2004〕8号"),
    ),
    (
        "安全生产责任制度",
        S.COMPOUND,
        "WYK",
        [
            "局长为安全生产第一责任人,各科室负责人为本科室安全责任人。",
            "每月开展一次安全检查,发现隐患限期整改。",
            "每年组织一次消防疏散演练。",
        ],
        (date(2003, 9, 1), "郴机管发〔2003〕17号"),
    ),
    (
        "公务接待管理办法",
        S.BUREAU,
        "HWK",
        [
            "公务接待坚持简朴、节约、对口的原则。",
            "接待实行审批制度,严格执行接待标准。",
        ],
        (date(2005, 3, 1), "郴机管发〔2005〕4号"),
    ),
]
ARTICLES = [
    (
        "从小事做起 建设节约型机关",
        "中国机关后勤",
        "2006年第7期",
        date(2006, 7, 10),
        "介绍局机关从节约一度电、一滴水、一张纸做起,水电费和办公费明显降低的做法。",
    ),
    (
        "创建科普文明大院的实践与思考",
        "湖南机关事务通讯",
        "2006年第4期",
        date(2006, 9, 15),
        "大院开展科普宣传、健康咨询和科普图书借阅,被评为省级科普文明大院。",
    ),
    (
        "机关后勤服务的“管家”",
        "郴州日报",
        "2006年11月20日 第2版",
        date(2006, 11, 20),
        "报道局机关在抗洪救灾、政府采购和大院管理中的工作。",
    ),
]
# title, level, awarding body, awarded on, recipient
HONOURS = [
    ("全市后勤系统先进单位", "municipal", "郴州市机关事务管理局", date(2006, 12, 28), "org"),
    ("市爱国卫生先进单位", "municipal", "郴州市爱国卫生运动委员会", date(2006, 12, 15), "org"),
    ("省级卫生文明单位", "provincial", "湖南省爱国卫生运动委员会", date(2006, 11, 30), "cpd"),
    ("省级科普文明大院", "provincial", "湖南省科学技术协会", date(2006, 10, 26), "cpd"),
    ("全区综合治理先进单位", "district", "区委、区政府", date(2005, 2, 20), "org"),
    ("市级卫生文明单位", "municipal", "郴州市爱国卫生运动委员会", date(2005, 12, 20), "cpd"),
]
CHRONICLE = [
    (date(2005, 1, 18), "召开2004年度工作总结暨表彰大会", "总结全年工作,表彰先进科室和个人。"),
    (date(2005, 2, 20), "获评全区综合治理先进单位", ""),
    (date(2005, 3, 8), "开展“三八”节志愿服务活动", ""),
    (date(2005, 4, 12), "区政府采购中心进驻大院办公", "采购中心为全市第一家县级政府采购中心。"),
    (date(2005, 5, 20), "大院安装电视监控系统", "覆盖大门、停车场和办公大楼各层。"),
    (date(2005, 6, 28), "开展“节约一度电、一滴水、一张纸”活动动员", ""),
    (date(2005, 8, 16), "组织干部职工赴长沙、株洲考察学习", ""),
    (date(2005, 9, 22), "完成办公大楼中央空调系统检修", ""),
    (date(2005, 11, 9), "组织消防安全疏散演练", "全体干部职工参加。"),
    (date(2005, 12, 6), "冬季送温暖捐赠活动", ""),
    (date(2005, 12, 20), "大院获评市级卫生文明单位", ""),
    (date(2006, 1, 16), "召开2005年度工作总结大会", "部署节能降耗和大院创建工作。"),
    (date(2006, 2, 28), "启动《机关事务志》编纂工作", "成立编纂领导小组和编辑部。"),
    (date(2006, 3, 20), "修订《机关大院管理制度》", "增加安全巡逻和科普文明大院创建内容。"),
    (date(2006, 4, 1), "制定《科普文明大院制度》", ""),
    (date(2006, 4, 20), "迎接灭蟑先进市春季监测", ""),
    (date(2006, 5, 16), "附属楼更换电子式电能表", "原机械式电能表计量偏差,更换为电子式多功能表。"),
    (date(2006, 6, 1), "修订《办公大楼运行守则》", "增加空调温度控制和节约用电用水条款。"),
    (date(2006, 6, 18), "大院科普活动中心建成开放", "设科普图书室、宣传专栏和健康咨询室。"),
    (
        date(2006, 7, 15),
        "全力投入“7·15”抗洪救灾",
        "受强热带风暴“碧利斯”影响,我区遭受特大洪灾。局机关组织捐款捐物,应急采购救灾物资"
        "并及时运送到抗洪一线。",
    ),
    (date(2006, 7, 10), "《中国机关后勤》刊登我局节约型机关建设经验", ""),
    (date(2006, 9, 1), "修订《局机关管理制度》", "建立首问负责、限时办结和满意度测评制度。"),
    (date(2006, 9, 15), "《湖南机关事务通讯》刊登我局科普文明大院创建经验", ""),
    (date(2006, 10, 18), "灭蟑先进市复查顺利通过", "大院蟑螂密度控制达到B级。"),
    (date(2006, 10, 26), "大院被命名为省级科普文明大院", ""),
    (date(2006, 11, 20), "《郴州日报》报道我局机关后勤服务工作", ""),
    (date(2006, 11, 30), "大院被评为省级卫生文明单位", ""),
    (date(2006, 12, 8), "《机关事务志》编纂完成", "全书二十余万字,记述机关事务工作的历史沿革。"),
    (date(2006, 12, 15), "局机关被评为市爱国卫生先进单位", ""),
    (date(2006, 12, 28), "局机关被评为全市后勤系统先进单位", ""),
]


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def _numbers(ctx, prefix: str, days: list[date]) -> list[str]:
    """One record number per day, in each day's year (days sorted)."""
    numbers = []
    for day in days:
        numbers += next_numbers(site=ctx.site, prefix=prefix, year=day.year)
    return numbers


def _clause(article: str) -> str:
    """An article's first clause (up to its first comma or full stop), so a summary is never
    cut mid-word."""
    return re.split(r"[,，;；。]", article, maxsplit=1)[0]


def _changes(articles: list[str]) -> str:
    """What a revision changed: the first clause of each of the articles it added."""
    return ("增加" + "；".join(_clause(a) for a in articles[-2:]))[:300]


def articles_text(articles: list[str]) -> str:
    """第一条 … 第N条: the full text of a version from its articles."""
    return "\n".join(f"第{NUMERALS[n]}条 {text}" for n, text in enumerate(articles))


class TeamLoader:
    """The team's records of 2005, 2006 and this year."""

    def __init__(self, ctx):
        self.ctx, self.rng, self.site = ctx, ctx.rng, ctx.site
        self.by = ctx.users.get("office") or ctx.users["admin"]
        self.today = timezone.localdate()
        self.people = list(Person.objects.filter(site=self.site, is_active=True))
        self.clerk = Person.objects.filter(user=self.by).first()

    def trainings(self) -> None:
        """About fifteen sessions a year in 2005 and 2006, a few this year so far."""
        plan = []
        for year in (2005, 2006, self.today.year):
            for n, row in enumerate(TRAININGS):
                day = date(year, MONTHS[n], self.rng.randint(5, 25))
                if year > 2006 and (n % 3 or day >= self.today):
                    continue
                plan.append((day, row))
        plan.sort(key=lambda pair: pair[0])
        numbers = _numbers(self.ctx, TrainingSession.number_prefix, [d for d, _ in plan])
        sessions = [
            self.session(day, row, number) for (day, row), number in zip(plan, numbers, strict=True)
        ]
        TrainingSession.objects.bulk_create(sessions)
        self.attendances(sessions, [row[5] for _, row in plan])

    def session(self, day: date, row, number: str) -> TrainingSession:
        topic, trainer, hours, place, outside, _share = row
        starts = _at(day, 8 if outside else 15)
        office = self.ctx.departments["JGJ"]
        return TrainingSession(
            site=self.site,
            number=number,
            topic=topic,
            trainer=trainer,
            organiser=office,
            starts_at=starts,
            hours=Decimal(hours),
            place=place,
            is_external=outside,
            created_at=starts,
            created_by=self.by,
        )

    def attendances(self, sessions, shares) -> None:
        rows = []
        for session, share in zip(sessions, shares, strict=True):
            count = max(5, round(len(self.people) * share))
            for person in self.rng.sample(self.people, count):
                late = self.rng.random() < 0.05 and session.hours > 2
                hours = session.hours - 1 if late else session.hours
                rows.append(
                    Attendance(
                        site=self.site,
                        session=session,
                        person=person,
                        hours=hours,
                        note="迟到" if late else "",
                    )
                )
        Attendance.objects.bulk_create(rows)

    def regulations(self) -> None:
        """The three rules revised in 2006 and the others, each with its versions."""
        specs = [
            (r[0], r[1], r[2], [(r[3], r[5], ""), (r[3] + r[4], r[6], "修订")]) for r in REVISED
        ]
        specs += [(r[0], r[1], r[2], [(r[3], r[4], "")]) for r in OTHERS]
        firsts = sorted(versions[0][1][0] for *_, versions in specs)
        numbers = iter(_numbers(self.ctx, Regulation.number_prefix, firsts))
        for title, scope, dept, versions in sorted(specs, key=lambda s: s[3][0][1][0]):
            regulation = Regulation.objects.create(
                site=self.site,
                number=next(numbers),
                title=title,
                scope=scope,
                owner=self.ctx.departments[dept],
                created_at=_at(versions[0][1][0]),
                created_by=self.by,
            )
            self.versions(regulation, versions)

    def versions(self, regulation, versions) -> None:
        rows = []
        for n, (articles, (effective, document), change) in enumerate(versions, start=1):
            adopted = effective.replace(day=1) if effective.day > 10 else effective
            rows.append(
                RegulationVersion(
                    site=self.site,
                    regulation=regulation,
                    version=n,
                    document_number=document,
                    text=f"{regulation.title}\n\n{articles_text(articles)}",
                    adopted_on=adopted,
                    effective_from=effective,
                    revised_by=self.clerk if n > 1 else None,
                    changes=_changes(articles) if change else "",
                )
            )
        RegulationVersion.objects.bulk_create(rows)

    def publications(self) -> None:
        """Three articles in 2006 and the chronicle book 《机关事务志》."""
        days = [row[3] for row in ARTICLES] + [date(2006, 12, 8)]
        numbers = _numbers(self.ctx, Publication.number_prefix, sorted(days))
        rows = [self.article(numbers[n], *row) for n, row in enumerate(ARTICLES)]
        rows.append(
            Publication(
                site=self.site,
                number=numbers[3],
                kind=PublicationKind.BOOK,
                title="机关事务志",
                published_on=date(2006, 12, 8),
                authors="《机关事务志》编纂委员会",
                characters=210_000,
                summary="记述机关事务管理工作的历史沿革,全书二十余万字。",
                created_at=_at(date(2006, 12, 8), 10),
                created_by=self.by,
            )
        )
        Publication.objects.bulk_create(rows)

    def article(self, number, title, periodical, issue, day, summary) -> Publication:
        return Publication(
            site=self.site,
            number=number,
            kind=PublicationKind.ARTICLE,
            title=title,
            periodical=periodical,
            issue=issue,
            published_on=day,
            authors="局办公室",
            summary=summary,
            created_at=_at(day, 10),
            created_by=self.by,
        )

    def honours(self) -> None:
        rows = sorted(HONOURS, key=lambda row: row[3])
        numbers = _numbers(self.ctx, Honour.number_prefix, [row[3] for row in rows])
        Honour.objects.bulk_create(
            Honour(
                site=self.site,
                number=number,
                title=title,
                level=HonourLevel(level),
                awarding_body=body,
                awarded_on=day,
                recipient_kind=(
                    RecipientKind.ORGANISATION if kind == "org" else RecipientKind.COMPOUND
                ),
                created_at=_at(day, 16),
                created_by=self.by,
            )
            for (title, level, body, day, kind), number in zip(rows, numbers, strict=True)
        )

    def chronicle(self) -> None:
        rows = sorted(CHRONICLE, key=lambda row: row[0])
        numbers = _numbers(self.ctx, ChronicleEntry.number_prefix, [row[0] for row in rows])
        ChronicleEntry.objects.bulk_create(
            ChronicleEntry(
                site=self.site,
                number=number,
                occurred_on=day,
                title=title,
                text=text,
                created_at=_at(day, 17),
                created_by=self.by,
            )
            for (day, title, text), number in zip(rows, numbers, strict=True)
        )


def load(ctx) -> None:
    """The team's demo records on the main site."""
    loader = TeamLoader(ctx)
    loader.trainings()
    loader.regulations()
    loader.publications()
    loader.honours()
    loader.chronicle()
