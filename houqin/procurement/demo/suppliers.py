"""The demo supplier registry (供应商库): about sixty local and provincial companies, each with a
valid unified social credit code, a contact, qualifications (a few expired or expiring soon) and
two debarments, one of them lifted."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from houqin.core.demo import person_name
from houqin.core.services import next_numbers
from houqin.procurement.models import Debarment, Qualification, Supplier
from houqin.utils.creditcode import credit_code_check_char

# (name, trade, registration area code): the trade decides which projects a supplier bids for.
SUPPLIERS = [
    ("郴州市华腾办公家具有限公司", "furniture", "431002"),
    ("郴州市美居家具制造有限公司", "furniture", "431003"),
    ("湖南雅兴办公设备有限公司", "furniture", "430100"),
    ("郴州市鸿运家具城有限公司", "furniture", "431002"),
    ("湖南省林海家具有限公司", "furniture", "430100"),
    ("郴州市北湖区宏达家具厂", "furniture", "431002"),
    ("郴州市天网电脑有限公司", "it", "431002"),
    ("湖南联创信息技术有限公司", "it", "430100"),
    ("郴州市金博电子科技有限公司", "it", "431002"),
    ("郴州市数码港电脑城有限公司", "it", "431002"),
    ("湖南长城计算机系统有限公司", "it", "430100"),
    ("郴州市网联通信工程有限公司", "it", "431003"),
    ("湖南拓维信息系统股份有限公司", "it", "430100"),
    ("郴州市东方办公设备有限公司", "it", "431002"),
    ("郴州市新时代打印耗材有限公司", "it", "431002"),
    ("郴州市彩虹印务有限公司", "printing", "431002"),
    ("郴州日报印刷厂", "printing", "431000"),
    ("湖南天闻新华印务有限公司", "printing", "430100"),
    ("郴州市文华彩印有限公司", "printing", "431003"),
    ("郴州市北湖区华文印刷厂", "printing", "431002"),
    ("郴州市郴汽汽车销售服务有限公司", "vehicles", "431002"),
    ("湖南长丰汽车销售有限公司", "vehicles", "430100"),
    ("郴州市通达汽车贸易有限公司", "vehicles", "431003"),
    ("郴州市安捷汽车维修有限公司", "vehicles", "431002"),
    ("郴州市顺风汽车修理厂", "vehicles", "431002"),
    ("郴州市金钥匙物业管理有限公司", "property", "431002"),
    ("湖南中天物业服务有限公司", "property", "430100"),
    ("郴州市洁美保洁服务有限公司", "property", "431002"),
    ("郴州市绿源园林绿化有限公司", "property", "431003"),
    ("郴州市神盾保安服务有限公司", "property", "431000"),
    ("郴州市康宁物业管理有限公司", "property", "431002"),
    ("郴州市建工集团有限公司", "construction", "431000"),
    ("湖南省第六工程有限公司", "construction", "430100"),
    ("郴州市北湖建筑工程有限公司", "construction", "431002"),
    ("郴州市宏宇装饰工程有限公司", "construction", "431002"),
    ("郴州市雄风防水工程有限公司", "construction", "431003"),
    ("湖南美豪装饰设计工程有限公司", "construction", "430100"),
    ("郴州市鑫源市政工程有限公司", "construction", "431002"),
    ("郴州市格力空调销售有限公司", "appliances", "431002"),
    ("郴州市苏宁电器有限公司", "appliances", "431002"),
    ("湖南长沙家电城有限公司", "appliances", "430100"),
    ("郴州市冷暖设备安装有限公司", "appliances", "431003"),
    ("郴州市华信电梯工程有限公司", "appliances", "431002"),
    ("郴州市百汇商贸有限公司", "supplies", "431002"),
    ("郴州市友阿百货有限公司", "supplies", "431002"),
    ("郴州市北湖区丰裕粮油食品批发部", "supplies", "431002"),
    ("郴州市福城桶装水有限公司", "supplies", "431003"),
    ("郴州市永兴塑料编织有限公司", "supplies", "431002"),
    ("湖南宏达篷布制品有限公司", "supplies", "430100"),
    ("郴州市金穗食品有限公司", "supplies", "431002"),
    ("郴州市步步高超市有限公司", "supplies", "431002"),
    ("郴州市会展服务有限公司", "services", "431002"),
    ("郴州市国际大酒店有限公司", "services", "431002"),
    ("湖南天翼软件有限公司", "services", "430100"),
    ("郴州市正源会计师事务所有限公司", "services", "431000"),
    ("湖南湘南律师事务所", "services", "431000"),
    ("郴州市华安消防工程有限公司", "services", "431002"),
    ("郴州市天润广告传媒有限公司", "services", "431003"),
    ("郴州市安全技术防范工程有限公司", "services", "431002"),
    ("郴州市迅达快递服务有限公司", "services", "431002"),
]
QUALIFICATIONS = {
    "furniture": ("ISO 9001质量管理体系认证", "中国质量认证中心"),
    "it": ("信息系统集成资质", "中国电子信息行业联合会"),
    "printing": ("印刷经营许可证", "湖南省新闻出版局"),
    "vehicles": ("机动车维修经营许可证", "郴州市交通运输局"),
    "property": ("物业服务企业资质证书", "郴州市住房和城乡建设局"),
    "construction": ("建筑业企业资质证书", "湖南省住房和城乡建设厅"),
    "appliances": ("特种设备安装改造维修许可证", "湖南省市场监督管理局"),
    "supplies": ("食品经营许可证", "郴州市市场监督管理局"),
    "services": ("安全生产许可证", "郴州市应急管理局"),
}
# What each trade's registry entry says it does (经营范围), as a licence would word it.
SCOPES = {
    "furniture": "办公家具、木制家具的生产与销售",
    "it": "计算机及外围设备、网络设备销售,信息系统集成及运维服务",
    "printing": "出版物、包装装潢及其他印刷品印刷",
    "vehicles": "汽车销售,机动车维修和保养",
    "property": "物业管理,保洁、绿化养护和安保服务",
    "construction": "房屋建筑、市政和装饰装修工程施工",
    "appliances": "家用电器、空调及电梯的销售、安装和维修",
    "supplies": "食品、饮用水、日用百货和劳保用品批发零售",
    "services": "会务、咨询、广告、消防及其他商务服务",
}
STREETS = ["人民西路", "国庆北路", "燕泉路", "五岭大道", "青年大道", "北湖路", "郴江路"]
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code(rng) -> str:
    """A nine-character organisation code (GB 11714): eight digits and its check digit."""
    digits = [rng.randint(0, 9) for _ in range(8)]
    check = 11 - sum(d * w for d, w in zip(digits, ORG_WEIGHTS, strict=True)) % 11
    return "".join(map(str, digits)) + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng, area: str) -> str:
    """A valid GB 32100 code of a company (登记管理部门 9, 企业 1) registered in ``area``."""
    first = "91" + area + org_code(rng)
    return first + credit_code_check_char(first)


def _supplier(ctx, name: str, trade: str, area: str) -> Supplier:
    rng = ctx.rng
    return Supplier(
        site=ctx.site,
        name=name,
        credit_code=credit_code(rng, area),
        legal_representative=person_name(rng),
        address=f"湖南省郴州市{rng.choice(STREETS)}{rng.randint(1, 300)}号",
        contact_name=person_name(rng),
        contact_phone=f"1{rng.choice('35789')}{rng.randint(100000000, 999999999)}",
        email=f"sales{rng.randint(10, 99)}@{trade}{rng.randint(100, 999)}.com.cn",
        business_scope=SCOPES[trade],
    )


def load_suppliers(ctx, today: date) -> dict[str, list[Supplier]]:
    """The registry; returns the suppliers by trade."""
    rows = Supplier.objects.bulk_create(_supplier(ctx, *row) for row in SUPPLIERS)
    trades = [trade for _name, trade, _area in SUPPLIERS]
    quals = []
    for i, (supplier, trade) in enumerate(zip(rows, trades, strict=True)):
        name, issuer = QUALIFICATIONS[trade]
        # Every tenth expired, every seventh expiring within the month, the rest years ahead.
        if i % 10 == 3:
            until = today - timedelta(days=ctx.rng.randint(10, 200))
        elif i % 7 == 2:
            until = today + timedelta(days=ctx.rng.randint(3, 28))
        else:
            until = date(today.year + ctx.rng.randint(1, 4), ctx.rng.randint(1, 12), 28)
        quals.append(
            Qualification(
                site=ctx.site,
                supplier=supplier,
                name=name,
                certificate_no=f"ZZ{ctx.rng.randint(10**7, 10**8 - 1)}",
                issued_by=issuer,
                valid_until=until,
            )
        )
    Qualification.objects.bulk_create(quals)
    by_trade: dict[str, list[Supplier]] = {}
    for supplier, trade in zip(rows, trades, strict=True):
        by_trade.setdefault(trade, []).append(supplier)
    return by_trade


def load_debarments(ctx, active: Supplier, lifted: Supplier, by) -> None:
    """One debarment in force (decided some 260 days ago) and one lifted on review; each is
    numbered in the year of its decision and recorded on that day."""
    today = timezone.localdate()
    starts = today - timedelta(days=262)
    later = starts + timedelta(days=23)
    first = next_numbers(site=ctx.site, prefix=Debarment.number_prefix, year=starts.year)[0]
    second = next_numbers(site=ctx.site, prefix=Debarment.number_prefix, year=later.year)[0]
    lift_at = timezone.make_aware(datetime.combine(today - timedelta(days=162), time(10, 30)))
    Debarment.objects.bulk_create(
        [
            Debarment(
                site=ctx.site,
                number=first,
                supplier=active,
                starts_on=starts,
                ends_on=starts + timedelta(days=3 * 365),
                created_at=timezone.make_aware(datetime.combine(starts, time(9))),
                authority="郴州市财政局",
                reason="在政府采购活动中提供虚假材料谋取中标,依照政府采购法第七十七条处理。",
                created_by=by,
            ),
            Debarment(
                site=ctx.site,
                number=second,
                supplier=lifted,
                starts_on=later,
                created_at=timezone.make_aware(datetime.combine(later, time(9))),
                authority="北湖区财政局",
                reason="无正当理由拒不签订政府采购合同。",
                created_by=by,
                voided_at=lift_at,
                voided_by=by,
                void_reason="行政复议决定撤销原处理决定,解除禁止参加政府采购活动。",
            ),
        ]
    )
