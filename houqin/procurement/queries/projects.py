"""Reads of procurement projects for the pages and the API: the ledger with its figures, "my
requests", the departments a user may request for, and what the project page shows."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, DecimalField, ExpressionWrapper, F, Q, When

from houqin.core.models import Attachment, Department
from houqin.core.permissions import sites_with_perm
from houqin.procurement.models import Bid, Notice, Project, ProjectStage

MONEY = DecimalField(max_digits=14, decimal_places=2)
RATE = DecimalField(max_digits=7, decimal_places=4)


def with_figures(queryset):
    """Annotate ``savings_yuan`` (budget − contract, once a contract is signed) and
    ``savings_rate`` (savings ÷ budget), computed in the database."""
    savings = ExpressionWrapper(F("budget_yuan") - F("contract_yuan"), output_field=MONEY)
    return queryset.annotate(
        savings_yuan=Case(When(contract_yuan__isnull=False, then=savings), default=None),
    ).annotate(
        savings_rate=Case(
            When(
                contract_yuan__isnull=False,
                budget_yuan__gt=0,
                then=ExpressionWrapper(F("savings_yuan") * 1.0 / F("budget_yuan"), RATE),
            ),
            default=None,
        )
    )


def project_list(queryset):
    """The ledger rows: joins of the table and the figures."""
    return with_figures(queryset.select_related("department", "site"))


def my_requests(user):
    """The projects ``user`` requested or entered, newest first (staff see only these)."""
    return (
        Project.objects.filter(Q(requester__user=user) | Q(created_by=user))
        .select_related("department", "site")
        .order_by("-created_at")
    )


def requestable_departments(user):
    """Departments ``user`` may request for: every department of a site where they are the
    procurement officer (add_project), their own department where they may request."""
    any_sites = sites_with_perm(user, "procurement.add_project")
    own_sites = sites_with_perm(user, "procurement.request_project")
    qs = Department.objects.filter(is_active=True).select_related("site")
    if any_sites is None:
        return qs.order_by("site", "code")
    condition = Q(site_id__in=any_sites)
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is not None and person.department_id and person.site_id in (own_sites or ()):
        condition |= Q(pk=person.department_id)
    return qs.filter(condition).order_by("site", "code")


def project_detail(pk: int, base):
    """The project ``pk`` from ``base`` (the user's restricted queryset) with its joins."""
    qs = with_figures(
        base.select_related("department", "site", "requester", "supplier", "jurisdiction")
    )
    return qs.filter(pk=pk).first()


def stages_of(project: Project) -> list[ProjectStage]:
    """The stages recorded, oldest first, each with ``documents`` (its attachments)."""
    stages = list(project.stages.select_related("by").order_by("at", "id"))
    ct = ContentType.objects.get_for_model(ProjectStage)
    files: dict[int, list] = {}
    for attachment in Attachment.objects.filter(
        content_type=ct, object_id__in=[s.pk for s in stages]
    ).order_by("pk"):
        files.setdefault(attachment.object_id, []).append(attachment)
    for stage in stages:
        stage.documents = files.get(stage.pk, [])
    return stages


def bids_of(project: Project) -> list[Bid]:
    """The bids, best ranked first, with their suppliers."""
    return list(project.bids.select_related("supplier").order_by("rank", "price_yuan", "pk"))


def notices_of(project: Project) -> list[Notice]:
    """The notices published (not withdrawn), oldest first."""
    return list(project.notices.filter(voided_at__isnull=True).order_by("published_at", "pk"))


def lines_total(project: Project) -> Decimal:
    """Σ quantity × unit price of the request lines."""
    return sum(
        (line.quantity * line.unit_price_yuan for line in project.lines.all()), Decimal("0")
    ).quantize(Decimal("0.01"))


def savings_rate_percent(project) -> Decimal | None:
    """The savings rate in per cent (one decimal), or None before the contract."""
    rate = getattr(project, "savings_rate", None)
    return None if rate is None else (Decimal(rate) * 100).quantize(Decimal("0.1"))


def home_cards(request) -> list:
    """The procurement officer's cards: projects in progress and waiting for approval, and
    supplier qualifications expiring within 30 days."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from houqin.core.dashboard import Card
    from houqin.procurement.models import Project, Qualification
    from houqin.procurement.queries.suppliers import qualifications_expiring

    # Roles are held per site: the officer's permission is not a global one.
    sites = sites_with_perm(request.user, "procurement.add_project")
    if sites is not None and not sites:
        return []
    projects = Project.objects.restrict(request.user, "view").in_scope(request)
    if sites is not None:
        projects = projects.filter(site_id__in=sites)
    counts = projects.filter(voided_at__isnull=True).aggregate(
        active=Count("pk", filter=Q(status="active")),
        waiting=Count("pk", filter=Q(status__in=["awaiting_budget", "awaiting_method"])),
    )
    quals = qualifications_expiring(
        Qualification.objects.restrict(request.user, "view").in_scope(request)
    ).count()
    url = reverse("procurement:project_list")
    cards = [
        Card(
            _("Procurement projects in progress"), counts["active"], url + "?status=active", "cart"
        ),
    ]
    if counts["waiting"]:
        cards.append(
            Card(_("Requests awaiting approval"), counts["waiting"], url, "hourglass", "warning")
        )
    if quals:
        cards.append(
            Card(
                _("Supplier qualifications expiring"),
                quals,
                reverse("procurement:qualification_list") + "?expiring=true",
                "patch-exclamation",
                "warning",
            )
        )
    return cards
