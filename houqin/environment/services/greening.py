"""Greening under contract: contractors, contracts with their terms and payment schedule, the
monthly acceptance check, and the payment it gates (approve or withhold, then pay)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import check_photo, same_site
from houqin.core.permissions import has_perm_at, role_holders
from houqin.core.roles import ENVIRONMENT_MANAGER
from houqin.environment.choices import InstalmentStatus
from houqin.environment.models import (
    AcceptanceCheck,
    AcceptanceResult,
    ContractTerm,
    GreeningContract,
    GreeningContractor,
    PaymentInstalment,
)
from houqin.environment.queries.greening import failed_deductions, warn_horizon

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
MAX_YEARS = 10
DECIDED = (InstalmentStatus.APPROVED, InstalmentStatus.WITHHELD, InstalmentStatus.PAID)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def term_months(starts_on: date, ends_on: date) -> list[date]:
    """The first day of every month the term touches, in order."""
    months, month = [], first_of_month(starts_on)
    while month <= ends_on:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def equal_schedule(amount: Decimal, months: list[date]) -> list[tuple[date, Decimal]]:
    """``amount`` in equal monthly parts (whole cents); the last month takes what is left, so
    the parts always add up to the amount."""
    if not months:
        return []
    part = (amount / len(months)).quantize(CENT, rounding=ROUND_DOWN)
    rows = [(month, part) for month in months[:-1]]
    return [*rows, (months[-1], amount - part * (len(months) - 1))]


# Contractors -------------------------------------------------------------------------------


def contractor_save(
    *, contractor: GreeningContractor, by, fields: list[str] | None = None
) -> GreeningContractor:
    """Create or update a greening contractor (only ``fields`` when updating)."""
    contractor.name = (contractor.name or "").strip()
    if not contractor.name:
        raise ValidationError({"name": _("Give the contractor's name.")})
    creating = contractor.pk is None
    with transaction.atomic():
        contractor.full_clean()
        if creating:
            contractor.save()
        elif fields:
            contractor.save(update_fields=fields)
        core.event_record(
            site=contractor.site,
            verb="contractor_add" if creating else "contractor_change",
            actor=by,
            target=contractor,
            detail=contractor.name,
        )
    return contractor


# Contracts ---------------------------------------------------------------------------------


def contract_save(
    *,
    contract: GreeningContract,
    terms: list[tuple],
    by,
    instalments: list[tuple[date, Decimal]] | None = None,
) -> GreeningContract:
    """Create or update a contract with its terms ``(text, deduct_points, deduct_yuan)`` and its
    payment schedule ``(month, amount)`` (by default equal monthly parts over the term).

    Terms answered at a check, and a schedule with a decided instalment, are not rewritten."""
    _check_contract(contract)
    lines = _term_lines(terms)
    schedule = _schedule(contract, instalments)
    creating = contract.pk is None
    with transaction.atomic():
        if creating:
            contract.number = core.record_number(record=contract)
            contract.created_by = by
            contract.save()
        else:
            _update_contract(contract)
        _replace_terms(contract, lines, creating)
        _replace_schedule(contract, schedule, creating)
        core.event_record(
            site=contract.site,
            verb="contract_add" if creating else "contract_change",
            actor=by,
            target=contract,
            detail=f"{contract.title} {contract.amount_yuan}",
        )
    return contract


def _check_contract(contract: GreeningContract) -> None:
    errors = {}
    if contract.starts_on and contract.ends_on and contract.ends_on < contract.starts_on:
        errors["ends_on"] = _("The contract cannot end before it starts.")
    if contract.starts_on and contract.ends_on and not _sane_term(contract):
        errors["ends_on"] = _("A contract runs for at most %(years)d years, from 1990 to 2100.") % {
            "years": MAX_YEARS
        }
    if contract.amount_yuan is None or contract.amount_yuan <= 0:
        errors["amount_yuan"] = _("The contract amount must be more than zero.")
    if contract.area_m2 is None or contract.area_m2 <= 0:
        errors["area_m2"] = _("The area must be more than zero.")
    if contract.pass_score is not None and not 0 <= contract.pass_score <= HUNDRED:
        errors["pass_score"] = _("The pass mark lies between 0 and 100.")
    if errors:
        raise ValidationError(errors)
    if contract.voided_at is not None:
        raise ValidationError(_("This contract is void."))
    same_site(contract.site, contract.contractor, field="contractor")
    contract.title, contract.scope = contract.title.strip(), contract.scope.strip()
    contract.full_clean(exclude=["number", "created_by"])


def _sane_term(contract) -> bool:
    starts, ends = contract.starts_on, contract.ends_on
    return starts.year >= 1990 and ends.year <= 2100 and ends.year - starts.year <= MAX_YEARS


def _term_lines(terms) -> list[tuple[str, Decimal, Decimal]]:
    lines = []
    for text, points, yuan in terms:
        text = (text or "").strip()
        if not text:
            continue
        points, yuan = Decimal(points or 0), Decimal(yuan or 0)
        if not (0 <= points <= HUNDRED) or yuan < 0:
            raise ValidationError(
                {"terms": _("Points deducted lie between 0 and 100; yuan deducted is not below 0.")}
            )
        lines.append((text[:200], points, yuan.quantize(CENT)))
    if not lines:
        raise ValidationError({"terms": _("Give at least one term checked each month.")})
    return lines


def _schedule(contract, instalments) -> list[tuple[date, Decimal]]:
    months = term_months(contract.starts_on, contract.ends_on)
    if instalments is None:
        return equal_schedule(contract.amount_yuan, months)
    rows = sorted((first_of_month(month), Decimal(amount)) for month, amount in instalments)
    taken = [month for month, _amount in rows]
    if len(set(taken)) != len(taken) or not set(taken) <= set(months):
        raise ValidationError(
            {"instalments": _("Schedule each month once, within the contract's term.")}
        )
    if any(amount <= 0 for _month, amount in rows):
        raise ValidationError({"instalments": _("Each instalment must be more than zero.")})
    if sum(amount for _month, amount in rows) != contract.amount_yuan:
        raise ValidationError(
            {"instalments": _("The instalments must add up to the contract amount.")}
        )
    return rows


def _update_contract(contract: GreeningContract) -> None:
    old = GreeningContract.objects.select_for_update().get(pk=contract.pk)
    names = ["contractor", "title", "scope", "area_m2", "amount_yuan", "starts_on", "ends_on"]
    names += ["pass_score", "signed_on", "note"]
    fields = [name for name in names if getattr(old, name) != getattr(contract, name)]
    if old.ends_on != contract.ends_on:  # a new end date deserves a new warning
        contract.warned_at = None
        fields.append("warned_at")
    if fields:
        contract.save(update_fields=fields)


def _replace_terms(contract, lines, creating: bool) -> None:
    existing = list(contract.terms.all()) if not creating else []
    if [(t.text, t.deduct_points, t.deduct_yuan) for t in existing] == lines:
        return
    if AcceptanceResult.objects.filter(term__contract=contract).exists():
        raise ValidationError(
            {"terms": _("These terms were answered at an acceptance check: they stay as they are.")}
        )
    contract.terms.all().delete()
    ContractTerm.objects.bulk_create(
        ContractTerm(
            site=contract.site,
            contract=contract,
            text=text,
            deduct_points=points,
            deduct_yuan=yuan,
            position=i,
        )
        for i, (text, points, yuan) in enumerate(lines, start=1)
    )


def _replace_schedule(contract, schedule, creating: bool) -> None:
    existing = list(contract.instalments.all()) if not creating else []
    if [(i.month, i.amount_yuan) for i in existing] == schedule:
        return
    if any(i.status in DECIDED for i in existing):
        raise ValidationError(
            _("An instalment has been decided: the payment schedule stays as it is.")
        )
    checked = set(contract.checks.filter(voided_at__isnull=True).values_list("month", flat=True))
    if not checked <= {month for month, _amount in schedule}:
        raise ValidationError(
            {"ends_on": _("A checked month would fall outside the contract's term.")}
        )
    contract.instalments.all().delete()
    PaymentInstalment.objects.bulk_create(
        PaymentInstalment(site=contract.site, contract=contract, month=month, amount_yuan=amount)
        for month, amount in schedule
    )


def contracts_warn(*, today: date) -> int:
    """Warn each site's environment managers once of every live contract ending within the
    warning period; returns how many contracts were warned."""
    horizon = warn_horizon(today)
    with transaction.atomic():
        contracts = (
            GreeningContract.objects.filter(
                voided_at__isnull=True,
                warned_at__isnull=True,
                ends_on__gte=today,
                ends_on__lte=horizon,
            )
            .select_related("site", "contractor")
            .select_for_update(of=("self",))
        )
        return sum(_warn_contract(contract) for contract in contracts)


def _warn_contract(contract: GreeningContract) -> int:
    title = _("Greening contract %(contract)s ends on %(date)s") % {
        "contract": contract,
        "date": contract.ends_on.isoformat(),
    }
    core.notify(
        site=contract.site,
        recipients=role_holders(site_id=contract.site_id, roles=[ENVIRONMENT_MANAGER]),
        title=title,
        body=str(contract.contractor),
        url=reverse("environment:contract_detail", kwargs={"pk": contract.pk}),
        level="warning",
    )
    contract.warned_at = timezone.now()
    contract.save(update_fields=["warned_at"])
    core.event_record(site=contract.site, verb="contract_warned", target=contract, detail=title)
    return 1


# Acceptance checks -------------------------------------------------------------------------


def acceptance_check_record(
    *,
    contract: GreeningContract,
    month: date,
    checked_on: date,
    results: dict,
    by,
    note: str = "",
) -> AcceptanceCheck:
    """Record a month's acceptance check: ``results`` maps every term id of the contract to
    ``(passed, note, photo)``; a failed term needs a photo. The score is 100 less the points of
    the failed terms (not below 0)."""
    month = _check_month(contract, month, checked_on, by)
    terms = list(contract.terms.all())
    rows = _result_rows(terms, results)
    check = AcceptanceCheck(
        site=contract.site,
        contract=contract,
        month=month,
        checked_on=checked_on,
        checked_by=by,
        note=(note or "").strip(),
        created_by=by,
    )
    points = {term.pk: term.deduct_points for term in terms}
    lost = sum(points[row.term_id] for row, _photo in rows if not row.passed)
    check.score = max(HUNDRED - lost, Decimal(0))
    with transaction.atomic():
        _insert_check(check)
        _write_results(check, rows, by)
        core.event_record(
            site=check.site, verb="check_record", actor=by, target=check, detail=str(check.score)
        )
    return check


def _check_month(contract, month, checked_on, by) -> date:
    if contract.voided_at is not None:
        raise ValidationError({"contract": _("This contract is void.")})
    if not has_perm_at(by, "environment.add_acceptancecheck", contract.site_id):
        raise ValidationError(_("You may not record acceptance checks at this site."))
    if not isinstance(month, date) or not isinstance(checked_on, date):
        raise ValidationError({"month": _("Choose the month and the day of the check.")})
    month, today = first_of_month(month), timezone.localdate()
    if month > today:
        raise ValidationError({"month": _("This month has not begun yet.")})
    if not first_of_month(contract.starts_on) <= month <= contract.ends_on:
        raise ValidationError({"month": _("This month is outside the contract's term.")})
    if checked_on > today or checked_on < month:
        raise ValidationError(
            {"checked_on": _("The check is made in or after its month, and not in the future.")}
        )
    return month


def _result_rows(terms, results: dict) -> list[tuple[AcceptanceResult, object]]:
    ids = {term.pk for term in terms}
    if set(results) != ids:
        raise ValidationError({"results": _("Answer every term of the contract, and only those.")})
    rows = []
    for term in terms:
        passed, note, photo = results[term.pk]
        if not passed and photo is None:
            raise ValidationError(
                {f"photo_{term.pk}": _("A failed term needs a photo as evidence.")}
            )
        check_photo(photo, field=f"photo_{term.pk}")
        row = AcceptanceResult(
            site_id=term.site_id, term=term, passed=bool(passed), note=(note or "").strip()[:200]
        )
        rows.append((row, photo))
    return rows


def _insert_check(check: AcceptanceCheck) -> None:
    """Number and insert; the database has the last word on one check per month."""
    message = _("This month of the contract has already been checked.")
    taken = AcceptanceCheck.objects.filter(
        contract=check.contract, month=check.month, voided_at__isnull=True
    )
    if taken.exists():
        raise ValidationError({"month": message})
    check.number = core.record_number(record=check)
    try:
        with transaction.atomic():
            check.save()
    except IntegrityError as exc:
        raise ValidationError({"month": message}) from exc


def _write_results(check, rows, by) -> None:
    for row, photo in rows:
        row.check_record = check
        if photo is not None:
            row.photo = core.attachment_add(target=check, upload=photo, by=by)
    AcceptanceResult.objects.bulk_create([row for row, _photo in rows])


def acceptance_check_void(*, check: AcceptanceCheck, by, reason: str) -> None:
    """Void a check (e.g. before a re-check after rectification); refused once its month's
    instalment is approved or paid."""
    with transaction.atomic():
        # The month's instalment is locked, so an approval cannot slip in between.
        instalment = (
            PaymentInstalment.objects.select_for_update()
            .filter(contract_id=check.contract_id, month=check.month)
            .first()
        )
        if instalment is not None and instalment.status in (
            InstalmentStatus.APPROVED,
            InstalmentStatus.PAID,
        ):
            raise ValidationError(
                _("This month's payment is already approved or paid: its check stays as it is.")
            )
        core.record_void(record=check, by=by, reason=reason)


# Payments ----------------------------------------------------------------------------------


def _lock(instalment: PaymentInstalment) -> PaymentInstalment:
    """The instalment's row, locked and read afresh (two managers cannot both decide it)."""
    return (
        PaymentInstalment.objects.select_for_update()
        .select_related("contract")
        .get(pk=instalment.pk)
    )


def _check_decider(instalment, by) -> None:
    if not has_perm_at(by, "environment.approve_paymentinstalment", instalment.site_id):
        raise ValidationError(_("You may not decide greening payments at this site."))
    if instalment.contract.voided_at is not None:
        raise ValidationError(_("This contract is void."))


def instalment_approve(*, instalment: PaymentInstalment, by) -> PaymentInstalment:
    """Approve a month's payment once its acceptance check passed; a check below the contract's
    pass mark withholds it instead. Returns the instalment (approved or withheld)."""
    with transaction.atomic():
        fresh = _lock(instalment)
        _check_decider(fresh, by)
        if fresh.status not in (InstalmentStatus.SCHEDULED, InstalmentStatus.WITHHELD):
            raise ValidationError(_("This instalment has already been approved or paid."))
        check = live_check(fresh)
        if check is None:
            raise ValidationError(
                _(
                    "No acceptance check for %(month)s: a month is paid only after its "
                    "acceptance check."
                )
                % {"month": f"{fresh.month:%Y-%m}"}
            )
        if check.score < fresh.contract.pass_score:
            reason = _("Score %(score)s is below the pass mark %(mark)s (%(check)s).") % {
                "score": check.score,
                "mark": fresh.contract.pass_score,
                "check": check.number,
            }
            return instalment_withhold(instalment=fresh, by=by, reason=reason)
        _decide(fresh, InstalmentStatus.APPROVED, by, note="")
        detail = _("payable %(yuan)s yuan") % {"yuan": payable(fresh)}
        core.event_record(
            site=fresh.site, verb="instalment_approve", actor=by, target=fresh, detail=detail
        )
    return fresh


def instalment_withhold(*, instalment: PaymentInstalment, by, reason: str) -> PaymentInstalment:
    """Withhold a month's payment with a reason (until a re-check lets it be approved)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withholding this payment.")})
    with transaction.atomic():
        fresh = _lock(instalment)
        _check_decider(fresh, by)
        if fresh.status not in (InstalmentStatus.SCHEDULED, InstalmentStatus.WITHHELD):
            raise ValidationError(_("An approved or paid instalment cannot be withheld."))
        _decide(fresh, InstalmentStatus.WITHHELD, by, note=reason[:200])
        core.event_record(
            site=fresh.site, verb="instalment_withhold", actor=by, target=fresh, detail=reason
        )
    return fresh


def instalment_pay(*, instalment: PaymentInstalment, paid_on: date, by) -> PaymentInstalment:
    """Record an approved instalment as paid: the amount paid is the payable (scheduled less
    the month's deductions)."""
    with transaction.atomic():
        fresh = _lock(instalment)
        _check_decider(fresh, by)
        if fresh.status != InstalmentStatus.APPROVED:
            raise ValidationError(_("Only an approved instalment can be paid."))
        if not isinstance(paid_on, date) or paid_on > timezone.localdate():
            raise ValidationError({"paid_on": _("The payment day cannot be in the future.")})
        fresh.status, fresh.paid_on = InstalmentStatus.PAID, paid_on
        fresh.paid_yuan = payable(fresh)
        fresh.save(update_fields=["status", "paid_on", "paid_yuan"])
        core.event_record(
            site=fresh.site,
            verb="instalment_pay",
            actor=by,
            target=fresh,
            detail=str(fresh.paid_yuan),
        )
    return fresh


def _decide(instalment, status: str, by, *, note: str) -> None:
    instalment.status, instalment.note = status, note
    instalment.decided_at, instalment.decided_by = timezone.now(), by
    instalment.save(update_fields=["status", "note", "decided_at", "decided_by"])


def live_check(instalment: PaymentInstalment) -> AcceptanceCheck | None:
    """The month's acceptance check that is not void, if any."""
    return AcceptanceCheck.objects.filter(
        contract_id=instalment.contract_id, month=instalment.month, voided_at__isnull=True
    ).first()


def payable(instalment: PaymentInstalment) -> Decimal:
    """The scheduled amount less the yuan of the month's failed terms (not below 0)."""
    deducted = failed_deductions(instalment.contract_id, instalment.month)["yuan"]
    return max(instalment.amount_yuan - deducted, Decimal("0.00"))
