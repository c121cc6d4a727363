"""Every queryset of the public portal, its feed and the OCDS export, in one place.

Each one is built from an explicit list of public fields (``.values()``), never the whole
model: evaluation notes, scores, the budget breakdown before the award, the requester and the
suppliers' contact data cannot reach a public page because they are never read. A notice is
public while it is published and not withdrawn (voided), and its project is not void.
"""

from __future__ import annotations

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from houqin.procurement.choices import NoticeKind
from houqin.procurement.models import (
    Bid,
    Notice,
    ProcurementOffice,
    Project,
    ProjectLine,
    ProjectStage,
)

OFFICE_FIELDS = ("site_id", "name", "portal_intro", "site__code", "site__name")
NOTICE_FIELDS = (
    "id",
    "number",
    "kind",
    "title",
    "published_at",
    "closes_at",
    "project_id",
    "project__number",
)
NOTICE_DETAIL_FIELDS = (*NOTICE_FIELDS, "body", "project__title")
PROJECT_FIELDS = (
    "id",
    "site_id",
    "number",
    "title",
    "method",
    "object_type",
    "status",
    "budget_yuan",
    "department__name",
    "created_at",
)
# Known from the result notice on; the contract fields from the contract notice on.
WINNER_FIELDS = ("supplier__name", "supplier__credit_code")
CONTRACT_FIELDS = ("contract_number", "contract_yuan", "contract_signed_on")
BID_FIELDS = ("project_id", "supplier_id", "supplier__name", "supplier__credit_code", "price_yuan")
LINE_FIELDS = ("project_id", "id", "name", "quantity", "unit")
STAGE_FIELDS = ("project_id", "stage", "at")
# The notices the index shows, newest first, per kind.
INDEX_KINDS = (
    NoticeKind.TENDER,
    NoticeKind.SINGLE_SOURCE,
    NoticeKind.OPENING,
    NoticeKind.RESULT,
    NoticeKind.CONTRACT,
    NoticeKind.FAILURE,
)
ANNOUNCING_KINDS = (NoticeKind.INTENTION, NoticeKind.TENDER, NoticeKind.SINGLE_SOURCE)


def portal_office(site_code: str) -> dict | None:
    """The procurement centre of the site with this code, if its portal is open."""
    return (
        ProcurementOffice.objects.filter(
            site__code=site_code, site__is_active=True, portal_enabled=True
        )
        .values(*OFFICE_FIELDS)
        .first()
    )


def _published(site_id: int):
    """The site's public notices (base of every notice query; index site + published_at)."""
    return Notice.objects.filter(
        site_id=site_id,
        published_at__lte=timezone.now(),
        voided_at__isnull=True,
        project__voided_at__isnull=True,
    )


def public_notices(
    site_id: int, *, q: str = "", kind: str = "", year: int | None = None, fields=NOTICE_FIELDS
):
    """The site's public notices, newest first, narrowed by a search and filters."""
    qs = _published(site_id)
    if year:
        qs = qs.filter(published_at__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    for word in q.split()[:5]:  # every word must appear, in the title or the text
        qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return qs.order_by("-published_at", "-id").values(*fields)


def latest_by_kind(site_id: int, per_kind: int = 5) -> dict[str, list[dict]]:
    """The newest ``per_kind`` notices of each index kind, in one query."""
    rows = (
        _published(site_id)
        .filter(kind__in=INDEX_KINDS)
        .annotate(
            row=Window(RowNumber(), partition_by=[F("kind")], order_by=F("published_at").desc())
        )
        .filter(row__lte=per_kind)
        .order_by("-published_at", "-id")
        .values(*NOTICE_FIELDS)
    )
    grouped: dict[str, list[dict]] = {kind.value: [] for kind in INDEX_KINDS}
    for row in rows:
        grouped[row["kind"]].append(row)
    return grouped


def public_notice(site_id: int, number: str) -> dict | None:
    """One public notice by its number, with its text."""
    return _published(site_id).filter(number=number).values(*NOTICE_DETAIL_FIELDS).first()


def notice_years(site_id: int) -> list[int]:
    """The years in which the site published notices (for the year filter)."""
    dates = _published(site_id).dates("published_at", "year", order="DESC")
    return [d.year for d in dates]


def public_projects(site_id: int, *, year: int | None = None, number: str = "") -> list[dict]:
    """Projects with at least one public notice (published in ``year``), with public fields;
    the winner and contract fields are read here and shown only after their notices."""
    notices = _published(site_id)
    if year:
        notices = notices.filter(published_at__year=year)
    qs = Project.objects.filter(
        site_id=site_id, voided_at__isnull=True, pk__in=notices.values("project_id")
    )
    if number:
        qs = qs.filter(number=number)
    return list(qs.order_by("number").values(*PROJECT_FIELDS, *WINNER_FIELDS, *CONTRACT_FIELDS))


def notices_of(project_ids: list[int]) -> list[dict]:
    """The public notices of these projects, oldest first."""
    return list(
        Notice.objects.filter(
            project_id__in=project_ids,
            published_at__lte=timezone.now(),
            voided_at__isnull=True,
        )
        .order_by("published_at", "id")
        .values(*NOTICE_FIELDS)
    )


def stages_of(project_ids: list[int]) -> list[dict]:
    """The stages reached and when (never who, never the notes)."""
    return list(
        ProjectStage.objects.filter(project_id__in=project_ids)
        .order_by("project_id", "at", "id")
        .values(*STAGE_FIELDS)
    )


def bids_read_out(project_ids: list[int]) -> list[dict]:
    """Bidders and prices as read out at the opening (call with opened projects only)."""
    return list(
        Bid.objects.filter(project_id__in=project_ids)
        .order_by("project_id", "price_yuan", "id")
        .values(*BID_FIELDS)
    )


def awarded_lines(project_ids: list[int]) -> list[dict]:
    """What was bought (name, quantity, unit; no estimated prices), for awarded projects only."""
    return list(
        ProjectLine.objects.filter(project_id__in=project_ids)
        .order_by("project_id", "id")
        .values(*LINE_FIELDS)
    )


def winning_prices(project_ids: list[int]) -> dict[int, object]:
    """The winner's bid price per project (call with awarded projects only)."""
    rows = Bid.objects.filter(
        project_id__in=project_ids, supplier_id=F("project__supplier_id")
    ).values_list("project_id", "price_yuan")
    return dict(rows)
