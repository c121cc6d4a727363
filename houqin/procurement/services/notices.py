"""Public notices of the four publics (采购信息公开). A notice is a document for the public, so
its text is plain Chinese, and it is written ONLY from public fields: never evaluation notes,
other bidders' scores, the budget's line breakdown before the award, the requester or anyone's
phone or e-mail."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.procurement.choices import Bound, NoticeKind, Stage
from houqin.procurement.models import Bid, Notice, Project
from houqin.procurement.services.rules import day_after, limits_in_force

METHOD_ZH = {
    "public_tender": "公开招标",
    "invited_tender": "邀请招标",
    "negotiation": "竞争性谈判",
    "consultation": "竞争性磋商",
    "single_source": "单一来源采购",
    "quotation": "询价",
    "framework": "框架协议采购",
    "emergency": "应急采购",
}
OBJECT_ZH = {"goods": "货物", "services": "服务", "works": "工程"}
KIND_ZH = {
    NoticeKind.INTENTION: "采购意向公开",
    NoticeKind.TENDER: "采购公告",
    NoticeKind.SINGLE_SOURCE: "单一来源采购公示",
    NoticeKind.AMENDMENT: "更正公告",
    NoticeKind.OPENING: "开标记录",
    NoticeKind.RESULT: "中标(成交)结果公告",
    NoticeKind.CONTRACT: "合同公告",
    NoticeKind.FAILURE: "废标(终止)公告",
}
# The notices whose period ends with the earliest date of a following stage.
PERIOD_RULES = {
    NoticeKind.TENDER: (Stage.ANNOUNCED, Stage.OPENED),
    NoticeKind.SINGLE_SOURCE: (Stage.SINGLE_SOURCE_PUBLICITY, Stage.CONFIRMED),
    NoticeKind.RESULT: (Stage.AWARDED, Stage.CONTRACTED),
}


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _yuan(amount) -> str:
    return f"{amount:,.2f}元"


def notice_period_end(project: Project, kind: str, at: datetime) -> date | None:
    """The last day of the notice's legal period (the earliest day the next step may take
    place), from the "at least" time limits in force; ``None`` when none applies."""
    if kind not in PERIOD_RULES:
        return None
    start_stage, end_stage = PERIOD_RULES[kind]
    on = timezone.localdate(at)
    ends = [
        day_after(on, rule.days, rule.day_kind)
        for rule in limits_in_force(method=project.method, to_stage=end_stage, on=on)
        if rule.from_stage == start_stage and rule.bound == Bound.AT_LEAST
    ]
    return max(ends) if ends else None


def _head(project: Project, at: datetime) -> list[str]:
    return [
        f"项目编号:{project.number}",
        f"项目名称:{project.title}",
        f"采购单位:{project.department.name}",
        f"采购方式:{METHOD_ZH.get(project.method, project.method)}",
        f"采购对象:{OBJECT_ZH.get(project.object_type, project.object_type)}",
        f"发布日期:{_day(timezone.localdate(at))}",
    ]


def _items(project: Project) -> list[str]:
    """What is bought (names and quantities only: the estimated prices stay internal)."""
    lines = ["主要标的:"]
    for line in project.lines.all():
        spec = f"({line.spec})" if line.spec else ""
        lines.append(f"  {line.name}{spec} {line.quantity.normalize():f}{line.unit}")
    return lines


def _bids(project: Project) -> list[str]:
    rows = Bid.objects.filter(project=project).select_related("supplier").order_by("price_yuan")
    lines = ["开标记录(供应商名称、投标报价):"]
    lines += [f"  {bid.supplier.name} {_yuan(bid.price_yuan)}" for bid in rows]
    return lines if len(lines) > 1 else [*lines, "  无"]


def _winner(project: Project) -> list[str]:
    supplier = project.supplier
    if supplier is None:
        return []
    bid = Bid.objects.filter(project=project, supplier=supplier).first()
    lines = [f"中标(成交)供应商:{supplier.name}", f"统一社会信用代码:{supplier.credit_code}"]
    if bid is not None:
        lines.append(f"中标(成交)金额:{_yuan(bid.price_yuan)}")
    return lines


def _contract(project: Project) -> list[str]:
    lines = [f"合同编号:{project.contract_number}"]
    if project.contract_yuan is not None:
        lines.append(f"合同金额:{_yuan(project.contract_yuan)}")
    if project.contract_signed_on:
        lines.append(f"签订日期:{_day(project.contract_signed_on)}")
    return lines + _winner(project)[:2]


def _period(project: Project, kind: str, at: datetime, label: str) -> list[str]:
    end = notice_period_end(project, kind, at)
    return [f"{label}:{_day(timezone.localdate(at))}至{_day(end)}"] if end else []


def _body_lines(project: Project, kind: str, at: datetime, reason: str) -> list[str]:
    head = _head(project, at)
    budget = [f"预算金额:{_yuan(project.budget_yuan)}"]
    if kind == NoticeKind.INTENTION:
        return head + budget + ["采购需求概况:详见采购文件。"]
    if kind == NoticeKind.TENDER:
        return head + budget + _period(project, kind, at, "公告期限")
    if kind == NoticeKind.SINGLE_SOURCE:
        return head + _period(project, kind, at, "公示期限")
    if kind == NoticeKind.OPENING:
        return head + _bids(project)
    if kind == NoticeKind.RESULT:
        return head + _winner(project) + _items(project) + _period(project, kind, at, "公告期限")
    if kind == NoticeKind.CONTRACT:
        return head + _contract(project)
    return head + ([f"说明:{reason}"] if reason else [])


def notice_title(project_title: str, kind_name: str) -> str:
    """The project's title and the notice's kind, without saying 采购 twice (“…设备采购” +
    “采购公告” → “…设备采购公告”)."""
    for word in ("采购", "项目"):
        if project_title.endswith(word) and kind_name.startswith(word):
            return project_title + kind_name[len(word) :]
    return project_title + kind_name


def notice_content(
    project: Project, kind: str, at: datetime, *, reason: str = ""
) -> tuple[str, str]:
    """The (title, body) of a ``kind`` notice of ``project`` published at ``at``, in Chinese,
    from public fields only. ``reason`` is the public explanation of a failure or amendment."""
    if kind not in NoticeKind.values:
        raise ValidationError(_("Unknown kind of notice: %(kind)s.") % {"kind": kind})
    title = notice_title(project.title, KIND_ZH[kind])
    lines = _body_lines(project, kind, at, (reason or "").strip())
    lines.append(f"发布单位:{_publisher(project)}")
    return title[:250], "\n".join(lines)


def _publisher(project: Project) -> str:
    from houqin.procurement.models import ProcurementOffice

    office = ProcurementOffice.objects.filter(site_id=project.site_id).only("name").first()
    return office.name if office else project.site.name


def _closes_at(project: Project, kind: str, at: datetime) -> datetime | None:
    """The end of the notice period: midnight at the end of its last day (local time)."""
    end = notice_period_end(project, kind, at) if kind == NoticeKind.TENDER else None
    if end is None:
        return None
    return timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))


def notice_publish(*, project: Project, kind: str, at: datetime, by, reason: str = "") -> Notice:
    """Publish a public notice of ``project`` (numbered GG-…), written from public fields."""
    if project.pk is None or project.voided_at is not None:
        raise ValidationError(_("Notices can only be published for a live project."))
    title, body = notice_content(project, kind, at, reason=reason)
    with transaction.atomic():
        notice = Notice(
            site_id=project.site_id,
            project=project,
            kind=kind,
            title=title,
            body=body,
            published_at=at,
            closes_at=_closes_at(project, kind, at),
            created_by=by,
        )
        notice.number = core.record_number(record=notice, when=at)
        notice.save()
        core.event_record(
            site=project.site, verb="notice_publish", actor=by, target=project, detail=title
        )
    return notice
