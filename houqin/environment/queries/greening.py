"""Reads of the greening subject: contract figures, the month's payment sheet, the acceptance
score by month, and the home cards of environment managers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.dashboard import Card
from houqin.core.permissions import has_perm_at
from houqin.environment.choices import InstalmentStatus
from houqin.environment.models import (
    AcceptanceCheck,
    AcceptanceResult,
    GreeningContract,
    PaymentInstalment,
)

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


def _sum_subquery(queryset, field: str):
    """A correlated ``SUM(field)`` of ``queryset`` (already filtered on OuterRef), 0 if none."""
    total = queryset.order_by().values("site_id").annotate(total=Sum(field)).values("total")[:1]
    return Coalesce(Subquery(total, output_field=MONEY), ZERO)


def failed_results(queryset=None):
    """Failed terms of acceptance checks that are not void."""
    queryset = AcceptanceResult.objects.all() if queryset is None else queryset
    return queryset.filter(passed=False, check_record__voided_at__isnull=True)


def with_figures(queryset):
    """Contracts with ``paid``, ``withheld`` and ``deductions`` (yuan of failed terms of live
    checks to date), each a subquery of the same SQL statement."""
    instalments = PaymentInstalment.objects.filter(contract=OuterRef("pk"))
    return queryset.annotate(
        paid=_sum_subquery(instalments.filter(status=InstalmentStatus.PAID), "paid_yuan"),
        withheld=_sum_subquery(instalments.filter(status=InstalmentStatus.WITHHELD), "amount_yuan"),
        deductions=_sum_subquery(
            failed_results().filter(check_record__contract=OuterRef("pk")), "term__deduct_yuan"
        ),
    )


def with_payable(queryset):
    """Instalments with ``deductions`` (yuan of the month's failed terms), ``payable`` (the
    scheduled amount less those, not below 0) and their live check's ``check_score``, in the
    same statement."""
    checks = AcceptanceCheck.objects.filter(
        contract=OuterRef("contract_id"), month=OuterRef("month"), voided_at__isnull=True
    )
    failed = failed_results().filter(
        check_record__contract=OuterRef("contract_id"), check_record__month=OuterRef("month")
    )
    return queryset.annotate(
        deductions=_sum_subquery(failed, "term__deduct_yuan"),
        check_score=Subquery(checks.values("score")[:1]),
        check_id=Subquery(checks.values("pk")[:1]),
    ).annotate(payable=Greatest(F("amount_yuan") - F("deductions"), ZERO, output_field=MONEY))


def failed_deductions(contract_id: int, month: date) -> dict:
    """Points and yuan deducted for the failed terms of a contract's live check of ``month``."""
    row = (
        failed_results()
        .filter(check_record__contract_id=contract_id, check_record__month=month)
        .aggregate(points=Sum("term__deduct_points"), yuan=Sum("term__deduct_yuan"))
    )
    return {"points": row["points"] or Decimal("0"), "yuan": row["yuan"] or Decimal("0.00")}


def payment_sheet(instalment: PaymentInstalment) -> dict:
    """The month's payment: the instalment, its live check, the failed terms with their photos,
    the deductions and what is payable."""
    check = (
        AcceptanceCheck.objects.filter(
            contract_id=instalment.contract_id, month=instalment.month, voided_at__isnull=True
        )
        .select_related("checked_by")
        .first()
    )
    failed = (
        list(check.results.filter(passed=False).select_related("term", "photo"))
        if check is not None
        else []
    )
    deducted = sum((row.term.deduct_yuan for row in failed), Decimal("0.00"))
    return {
        "instalment": instalment,
        "check": check,
        "failed": failed,
        "deductions": deducted,
        "points": sum((row.term.deduct_points for row in failed), Decimal("0")),
        "payable": max(instalment.amount_yuan - deducted, Decimal("0.00")),
    }


def contract_instalments(contract: GreeningContract) -> list[PaymentInstalment]:
    """The contract's schedule with each month's deductions and check score."""
    return list(with_payable(contract.instalments.all()).order_by("month"))


def score_by_month(queryset, *, start: date | None = None, end: date | None = None) -> list:
    """Average score (one decimal) and number of live checks per month, months in [start, end)."""
    qs = queryset.filter(voided_at__isnull=True)
    if start is not None:
        qs = qs.filter(month__gte=start)
    if end is not None:
        qs = qs.filter(month__lt=end)
    rows = qs.order_by().values("month").annotate(average=Avg("score"), count=Count("pk"))
    return [{**row, "average": _one_decimal(row["average"])} for row in rows.order_by("month")]


def _one_decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def greening_figures(*, site_ids, start: date, end: date) -> dict:
    """Average score and Σ yuan of failed terms of live checks whose month is in [start, end)."""
    checks = AcceptanceCheck.objects.filter(voided_at__isnull=True, month__gte=start, month__lt=end)
    failed = failed_results().filter(check_record__month__gte=start, check_record__month__lt=end)
    if site_ids is not None:
        checks, failed = checks.filter(site_id__in=site_ids), failed.filter(site_id__in=site_ids)
    average = checks.aggregate(average=Avg("score"))["average"]
    yuan = failed.aggregate(yuan=Sum("term__deduct_yuan"))["yuan"]
    return {"score": _one_decimal(average), "yuan": yuan or Decimal("0.00")}


# Home cards --------------------------------------------------------------------------------


def warn_horizon(today: date | None = None) -> date:
    """The last end date warned of: ``HOUQIN_CONTRACT_WARN_DAYS`` (default 60) days ahead."""
    today = today or timezone.localdate()
    return today + timedelta(days=int(getattr(settings, "HOUQIN_CONTRACT_WARN_DAYS", 60)))


def expiring_q(today: date | None = None) -> Q:
    """Live contracts ending between today and the warning horizon."""
    today = today or timezone.localdate()
    return Q(voided_at__isnull=True, ends_on__gte=today, ends_on__lte=warn_horizon(today))


def expiring_contracts(queryset, today: date | None = None):
    """Contracts of ``queryset`` ending within the warning period."""
    return queryset.filter(expiring_q(today))


def in_force_first(contracts, month: date):
    """The contracts annotated ``in_force`` (their term covers part of ``month``), those first,
    then the latest."""
    following = (month.replace(day=1) + timedelta(days=32)).replace(day=1)
    covers = Q(starts_on__lt=following, ends_on__gte=month.replace(day=1))
    return contracts.annotate(
        in_force=Case(When(covers, then=Value(True)), default=Value(False))
    ).order_by("-in_force", "-starts_on", "pk")


def awaiting_decision(queryset):
    """Scheduled instalments of live contracts whose month has a live acceptance check."""
    checked = AcceptanceCheck.objects.filter(
        contract=OuterRef("contract_id"), month=OuterRef("month"), voided_at__isnull=True
    )
    return queryset.filter(
        Exists(checked), status=InstalmentStatus.SCHEDULED, contract__voided_at__isnull=True
    )


def dashboard_cards(request) -> list:
    """Contracts expiring and instalments awaiting a decision, for environment managers."""
    user, site = request.user, getattr(request.site, "pk", None)
    if not has_perm_at(user, "environment.approve_paymentinstalment", site):
        return []
    contracts = GreeningContract.objects.restrict(user, "change").in_scope(request)
    instalments = PaymentInstalment.objects.restrict(user, "approve").in_scope(request)
    expiring = expiring_contracts(contracts).count()
    waiting = awaiting_decision(instalments).count()
    return [
        Card(
            _("Greening contracts ending soon"),
            expiring,
            reverse("environment:contract_list") + "?expiring=true",
            "calendar-x",
            "warning" if expiring else "secondary",
        ),
        Card(
            _("Greening payments awaiting decision"),
            waiting,
            reverse("environment:instalment_list") + "?due=true",
            "cash-coin",
            "primary" if waiting else "secondary",
        ),
    ]
