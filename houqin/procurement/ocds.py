"""The Open Contracting Data Standard (OCDS 1.1) export of the public portal: one release per
project, in a release package. Built only from the public rows of ``queries.portal``; what a
release tells grows with the notices published: the tender (and its value) once announced, the
bidders once the bids are opened, the award after the result notice, the contract after the
contract notice."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from houqin.procurement.choices import Method, NoticeKind, ProjectStatus, Stage
from houqin.procurement.queries import portal as queries

VERSION = "1.1"
CURRENCY = "CNY"
SCHEME = "CN-USCC"  # org-id.guide: the unified social credit code (统一社会信用代码)
# Our methods on the OCDS method codelist; the Chinese name goes in procurementMethodDetails.
METHOD_CODES = {
    Method.PUBLIC_TENDER: "open",
    Method.FRAMEWORK: "open",
    Method.INVITED_TENDER: "selective",
    Method.NEGOTIATION: "limited",
    Method.CONSULTATION: "limited",
    Method.QUOTATION: "limited",
    Method.SINGLE_SOURCE: "direct",
    Method.EMERGENCY: "direct",
}
METHOD_ZH = {
    Method.PUBLIC_TENDER: "公开招标",
    Method.INVITED_TENDER: "邀请招标",
    Method.NEGOTIATION: "竞争性谈判",
    Method.CONSULTATION: "竞争性磋商",
    Method.SINGLE_SOURCE: "单一来源采购",
    Method.QUOTATION: "询价",
    Method.FRAMEWORK: "框架协议采购",
    Method.EMERGENCY: "应急采购",
}
# The release tag each kind of notice adds.
KIND_TAGS = {
    NoticeKind.INTENTION: "planning",
    NoticeKind.TENDER: "tender",
    NoticeKind.SINGLE_SOURCE: "tender",
    NoticeKind.AMENDMENT: "tenderAmendment",
    NoticeKind.OPENING: "tenderUpdate",
    NoticeKind.RESULT: "award",
    NoticeKind.CONTRACT: "contract",
    NoticeKind.FAILURE: "tenderCancellation",
}
OBJECT_CATEGORY = {"goods": "goods", "services": "services", "works": "works"}


def iso(value) -> str | None:
    """An ISO 8601 date-time with its offset (dates as local midnight)."""
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = timezone.make_aware(datetime.combine(value, time.min))
    return timezone.localtime(value).isoformat(timespec="seconds")


def money(amount) -> dict:
    return {"amount": float(Decimal(amount).quantize(Decimal("0.01"))), "currency": CURRENCY}


def buyer_id(office: dict) -> str:
    return f"CN-HOUQIN-{office['site__code']}"


def supplier_ref(name: str, credit_code: str) -> dict:
    return {"id": f"{SCHEME}-{credit_code}", "name": name}


def release_package(*, office: dict, projects: list[dict], uri: str) -> dict:
    """The release package of ``projects`` (from ``queries.portal.public_projects``)."""
    releases = build_releases(office, projects)
    published = max((r["date"] for r in releases), default=iso(timezone.now()))
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": published,
        "publisher": {"name": office["name"]},
        "releases": releases,
    }


def build_releases(office: dict, projects: list[dict]) -> list[dict]:
    """One release per project; the related rows are read in five queries for all of them."""
    ids = [p["id"] for p in projects]
    notices = _group(queries.notices_of(ids))
    kinds = {pid: {n["kind"] for n in rows} for pid, rows in notices.items()}
    opened = [pid for pid in ids if NoticeKind.OPENING in kinds.get(pid, ())]
    awarded = [pid for pid in ids if NoticeKind.RESULT in kinds.get(pid, ())]
    context = {
        "notices": notices,
        "kinds": kinds,
        "stages": _group(queries.stages_of(ids)),
        "bids": _group(queries.bids_read_out(opened)),
        "lines": _group(queries.awarded_lines(awarded)),
        "prices": queries.winning_prices(awarded),
    }
    return [release(office, project, context) for project in projects]


def _group(rows: list[dict]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["project_id"]].append(row)
    return grouped


def release(office: dict, project: dict, context: dict) -> dict:
    """The release of one project as its public notices show it today."""
    pid = project["id"]
    notices = context["notices"].get(pid, [])
    kinds = context["kinds"].get(pid, set())
    ocid = ocid_of(project)
    last = notices[-1] if notices else None
    data = {
        "ocid": ocid,
        "id": f"{ocid}-{last['number']}" if last else ocid,
        "date": iso(last["published_at"] if last else project["created_at"]),
        "tag": _tags(kinds),
        "initiationType": "tender",
        "language": "zh",
        "parties": _parties(office, project, kinds, context["bids"].get(pid, [])),
        "buyer": {"id": buyer_id(office), "name": office["name"]},
        "tender": _tender(project, kinds, context, notices),
    }
    if NoticeKind.RESULT in kinds and project["supplier__name"]:
        data["awards"] = [_award(project, notices, context)]
    if NoticeKind.CONTRACT in kinds and project["contract_number"]:
        data["contracts"] = [_contract(project)]
    return data


def ocid_of(project: dict) -> str:
    """As ``Project.ocid``, from the public row."""
    from django.conf import settings

    return f"{settings.HOUQIN_OCID_PREFIX}-{project['site_id']}-{project['number']}"


def _tags(kinds: set) -> list[str]:
    tags = [KIND_TAGS[kind] for kind in NoticeKind.values if kind in kinds]
    return list(dict.fromkeys(tags)) or ["planning"]


def _parties(office: dict, project: dict, kinds: set, bids: list[dict]) -> list[dict]:
    parties = {
        buyer_id(office): {
            "id": buyer_id(office),
            "name": office["name"],
            "roles": ["buyer", "procuringEntity"],
        }
    }
    for bid in bids:
        _party(parties, bid["supplier__name"], bid["supplier__credit_code"], "tenderer")
    if NoticeKind.RESULT in kinds and project["supplier__name"]:
        _party(parties, project["supplier__name"], project["supplier__credit_code"], "supplier")
    return list(parties.values())


def _party(parties: dict, name: str, code: str, role: str) -> None:
    ref = supplier_ref(name, code)
    party = parties.setdefault(
        ref["id"],
        {**ref, "identifier": {"scheme": SCHEME, "id": code, "legalName": name}, "roles": []},
    )
    if role not in party["roles"]:
        party["roles"].append(role)


def _tender(project: dict, kinds: set, context: dict, notices: list[dict]) -> dict:
    method = project["method"]
    tender = {
        "id": project["number"],
        "title": project["title"],
        "status": _tender_status(project, kinds),
        "procurementMethod": METHOD_CODES.get(method, "limited"),
        "procurementMethodDetails": METHOD_ZH.get(method, method),
        "mainProcurementCategory": OBJECT_CATEGORY.get(project["object_type"], "goods"),
    }
    if kinds & set(queries.ANNOUNCING_KINDS) or NoticeKind.RESULT in kinds:
        tender["value"] = money(project["budget_yuan"])
    period = _tender_period(context["stages"].get(project["id"], []), notices)
    if period:
        tender["tenderPeriod"] = period
    bids = context["bids"].get(project["id"], [])
    if bids:
        tender["tenderers"] = [
            supplier_ref(b["supplier__name"], b["supplier__credit_code"]) for b in bids
        ]
        tender["numberOfTenderers"] = len(bids)
    return tender


def _tender_status(project: dict, kinds: set) -> str:
    if NoticeKind.FAILURE in kinds or project["status"] in (
        ProjectStatus.CANCELLED,
        ProjectStatus.FAILED,
    ):
        return "cancelled"
    if NoticeKind.RESULT in kinds:
        return "complete"
    if kinds & {NoticeKind.TENDER, NoticeKind.SINGLE_SOURCE, NoticeKind.OPENING}:
        return "active"
    return "planned"


def _tender_period(stages: list[dict], notices: list[dict]) -> dict:
    """From the procurement notice to the opening of the bids."""
    start = next((n["published_at"] for n in notices if n["kind"] == NoticeKind.TENDER), None)
    end = next((s["at"] for s in stages if s["stage"] == Stage.OPENED), None)
    period = {}
    if start:
        period["startDate"] = iso(start)
    if end:
        period["endDate"] = iso(end)
    return period


def _award(project: dict, notices: list[dict], context: dict) -> dict:
    result = next(n for n in notices if n["kind"] == NoticeKind.RESULT)
    code = project["supplier__credit_code"]
    price = context["prices"].get(project["id"])
    award = {
        "id": f"{project['number']}-award",
        "title": result["title"],
        "status": "active",
        "date": iso(result["published_at"]),
        "suppliers": [supplier_ref(project["supplier__name"], code)],
        "items": [_item(line) for line in context["lines"].get(project["id"], [])],
    }
    if price is not None:
        award["value"] = money(price)
    return award


def _item(line: dict) -> dict:
    return {
        "id": str(line["id"]),
        "description": line["name"],
        "quantity": float(line["quantity"]),
        "unit": {"name": line["unit"]},
    }


def _contract(project: dict) -> dict:
    contract = {
        "id": project["contract_number"],
        "awardID": f"{project['number']}-award",
        "title": project["title"],
        "status": "active",
        "dateSigned": iso(project["contract_signed_on"]),
    }
    if project["contract_yuan"] is not None:
        contract["value"] = money(project["contract_yuan"])
    return contract
