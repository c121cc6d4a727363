"""The law as rows (DOMAIN.md §5): the central jurisdiction with its thresholds, and the time
limits between the stages of a project, each with its legal source and confidence tag. Local
thresholds depend on the province's current catalogue: an installation records its own
jurisdiction and thresholds in the browser."""

from datetime import date

from django.db import migrations

TENDER = ["public_tender", "invited_tender"]
NOT_EMERGENCY = [
    "public_tender",
    "invited_tender",
    "negotiation",
    "consultation",
    "single_source",
    "quotation",
    "framework",
]

# code, name, methods, from, to, bound, days, day kind, basis, tag, valid from
TIME_LIMITS = [
    (
        "intention-notice",
        "采购意向公开满30日后方可开展采购活动",
        NOT_EMERGENCY,
        "intention",
        "announced",
        "min",
        30,
        "calendar",
        "财库〔2020〕10号《关于开展政府采购意向公开工作的通知》",
        "M",
        date(2021, 1, 1),
    ),
    (
        "tender-notice-period",
        "招标公告、资格预审公告的公告期限为5个工作日,期满前不得开标",
        TENDER,
        "announced",
        "opened",
        "min",
        5,
        "working",
        "财政部令第87号《政府采购货物和服务招标投标管理办法》第十六条",
        "C~",
        date(2017, 10, 1),
    ),
    (
        "tender-bid-period",
        "自招标文件发出之日起至投标人提交投标文件截止之日止,不得少于二十日",
        TENDER,
        "documents",
        "opened",
        "min",
        20,
        "calendar",
        "《中华人民共和国政府采购法》第三十五条",
        "M",
        date(2003, 1, 1),
    ),
    (
        "negotiation-response-period",
        "竞争性谈判、询价文件发出之日起至首次提交响应文件截止之日止不得少于3个工作日",
        ["negotiation", "quotation"],
        "documents",
        "opened",
        "min",
        3,
        "working",
        "财政部令第74号《政府采购非招标采购方式管理办法》",
        "M",
        date(2014, 2, 1),
    ),
    (
        "consultation-response-period",
        "竞争性磋商文件发出之日起至首次提交响应文件截止之日止不得少于10日",
        ["consultation"],
        "documents",
        "opened",
        "min",
        10,
        "calendar",
        "财库〔2014〕214号《政府采购竞争性磋商采购方式管理暂行办法》",
        "M",
        date(2014, 12, 31),
    ),
    (
        "single-source-publicity",
        "单一来源采购方式公示期不得少于5个工作日",
        ["single_source"],
        "ss_publicity",
        "confirmed",
        "min",
        5,
        "working",
        "《政府采购法实施条例》第三十八条;财政部令第74号第三十八条",
        "C",
        date(2014, 2, 1),
    ),
    (
        "evaluation-report",
        "评审结束后2个工作日内将评审报告送交采购人",
        TENDER + ["negotiation", "consultation", "quotation"],
        "opened",
        "evaluated",
        "max",
        2,
        "working",
        "《政府采购法实施条例》第四十三条",
        "M",
        date(2015, 3, 1),
    ),
    (
        "winner-confirmation",
        "采购人应当自收到评审报告之日起5个工作日内确定中标、成交供应商",
        NOT_EMERGENCY,
        "evaluated",
        "confirmed",
        "max",
        5,
        "working",
        "《政府采购法实施条例》第四十三条",
        "M",
        date(2015, 3, 1),
    ),
    (
        "result-notice",
        "确定中标、成交供应商之日起2个工作日内发出中标、成交通知书并公告结果",
        NOT_EMERGENCY,
        "confirmed",
        "awarded",
        "max",
        2,
        "working",
        "《政府采购法实施条例》第四十三条",
        "M",
        date(2015, 3, 1),
    ),
    (
        "result-notice-period",
        "中标、成交结果公告期限为1个工作日,期满前不签订合同",
        NOT_EMERGENCY,
        "awarded",
        "contracted",
        "min",
        1,
        "working",
        "财政部令第87号第六十九条",
        "C~",
        date(2017, 10, 1),
    ),
    (
        "contract-signing",
        "自中标、成交通知书发出之日起三十日内签订政府采购合同",
        NOT_EMERGENCY,
        "awarded",
        "contracted",
        "max",
        30,
        "calendar",
        "《中华人民共和国政府采购法》第四十六条",
        "M",
        date(2003, 1, 1),
    ),
    (
        "contract-publication",
        "政府采购合同自签订之日起2个工作日内公告",
        [],
        "contracted",
        "contract_published",
        "max",
        2,
        "working",
        "《政府采购法实施条例》第五十条",
        "M",
        date(2015, 3, 1),
    ),
]

# kind, object type, amount, valid from, basis, tag, note
CENTRAL_THRESHOLDS = [
    (
        "public_tender",
        "goods",
        2_000_000,
        "国办发〔2019〕55号《中央预算单位政府集中采购目录及标准(2020年版)》",
        "C",
        "",
    ),
    (
        "public_tender",
        "services",
        2_000_000,
        "国办发〔2019〕55号《中央预算单位政府集中采购目录及标准(2020年版)》",
        "C",
        "",
    ),
    (
        "public_tender",
        "works",
        4_000_000,
        "《必须招标的工程项目规定》(国家发展改革委令第16号)",
        "M",
        "Works follow the Bidding Law thresholds: construction from 4 million yuan.",
    ),
    (
        "decentralised",
        "goods",
        1_000_000,
        "国办发〔2019〕55号《中央预算单位政府集中采购目录及标准(2020年版)》",
        "C",
        "",
    ),
    (
        "decentralised",
        "services",
        1_000_000,
        "国办发〔2019〕55号《中央预算单位政府集中采购目录及标准(2020年版)》",
        "C",
        "",
    ),
    (
        "decentralised",
        "works",
        1_200_000,
        "国办发〔2019〕55号《中央预算单位政府集中采购目录及标准(2020年版)》",
        "C",
        "",
    ),
]


def seed(apps, schema_editor):
    TimeLimit = apps.get_model("procurement", "TimeLimit")
    Jurisdiction = apps.get_model("procurement", "Jurisdiction")
    Threshold = apps.get_model("procurement", "Threshold")
    for code, name, methods, start, end, bound, days, kind, basis, tag, since in TIME_LIMITS:
        TimeLimit.objects.create(
            code=code,
            name=name,
            methods=methods,
            from_stage=start,
            to_stage=end,
            bound=bound,
            days=days,
            day_kind=kind,
            basis=basis,
            confidence=tag,
            valid_from=since,
        )
    central = Jurisdiction.objects.create(code="cn", name="中央", level="central")
    for kind, object_type, amount, basis, tag, note in CENTRAL_THRESHOLDS:
        Threshold.objects.create(
            jurisdiction=central,
            kind=kind,
            object_type=object_type,
            amount_yuan=amount,
            valid_from=date(2020, 1, 1),
            basis=basis,
            confidence=tag,
            note=note,
        )


def unseed(apps, schema_editor):
    apps.get_model("procurement", "Threshold").objects.all().delete()
    apps.get_model("procurement", "Jurisdiction").objects.all().delete()
    apps.get_model("procurement", "TimeLimit").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
