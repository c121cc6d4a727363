"""The outreach and environment parts of the demo compound reproduce the seed's figures from
rows: counted here as the metrics define them, and (where the metric is registered) through
the annual report's registry."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from rest_framework.test import APIClient

from houqin.core.demo import base_compound
from houqin.environment import demo as environment_demo
from houqin.environment.models import (
    AcceptanceCheck,
    CleaningZone,
    PaymentInstalment,
    PestSurvey,
    ZoneRectification,
)
from houqin.inspections.models import Round
from houqin.outreach import demo as outreach_demo
from houqin.outreach.models import (
    BoardIssue,
    BookCopy,
    Consultation,
    Distribution,
    Investment,
    Loan,
    Material,
)
from houqin.reports.registry import all_metrics, compute, year_bounds

pytestmark = pytest.mark.django_db

SEED_2006 = {
    "outreach.library_books": 1500,
    "outreach.library_loans": 8000,
    "outreach.health_consultations": 3000,
    "outreach.publicity_issues": 12,
    "outreach.materials_distributed": 4260,
    "outreach.investment_yuan": Decimal("150000"),
}
STATED_2005 = {
    "outreach.library_books": 1380,
    "outreach.library_loans": 7420,
    "outreach.health_consultations": 2760,
    "outreach.publicity_issues": 12,
    "outreach.materials_distributed": 3880,
    "outreach.investment_yuan": Decimal("120000"),
}


@pytest.fixture
def compound():
    """The base compound (places, people, logins) and the two modules' demo on top of it."""
    return base_compound(environment_demo.load, outreach_demo.load)


def counted(site, year: int) -> dict:
    """The outreach figures of ``year`` counted from rows by the metrics' definitions."""
    start, end = year_bounds(year)
    last = date(year, 12, 31)
    live = {"site": site, "voided_at__isnull": True}
    on_shelf = BookCopy.objects.filter(site=site, acquired_on__lte=last).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=last)
    )
    return {
        "outreach.library_books": on_shelf.count(),
        "outreach.library_loans": Loan.objects.filter(
            **live, lent_at__gte=start, lent_at__lt=end
        ).count(),
        "outreach.health_consultations": Consultation.objects.filter(
            **live, consulted_at__gte=start, consulted_at__lt=end
        ).count(),
        "outreach.publicity_issues": BoardIssue.objects.filter(
            **live, posted_on__year=year
        ).count(),
        "outreach.materials_distributed": Distribution.objects.filter(
            **live, distributed_on__year=year
        ).aggregate(n=Sum("quantity"))["n"],
        "outreach.investment_yuan": Investment.objects.filter(
            **live, invested_on__year=year
        ).aggregate(n=Sum("amount_yuan"))["n"],
    }


def assert_figures(site) -> None:
    assert counted(site, 2006) == SEED_2006
    assert counted(site, 2005) == STATED_2005
    assert BookCopy.objects.filter(site=site, withdrawn_on__year=2006).count() == 40


def assert_loans(site, now) -> None:
    loans = Loan.objects.filter(site=site)
    assert not loans.filter(lent_at__gt=now).exists()
    assert not loans.filter(returned_at__lt=F("lent_at")).exists()
    assert not loans.filter(returned_at__gt=now).exists()
    assert not loans.exclude(department=F("borrower__department")).exists()
    assert not loans.filter(lent_at__date__lt=F("copy__acquired_on")).exists()
    assert not loans.filter(returned_at__date__gte=F("copy__withdrawn_on")).exists()
    of_2006 = loans.filter(lent_at__year=2006)
    late = of_2006.filter(returned_at__date__gt=F("due_on")).count()
    assert 0 < late / of_2006.count() < 0.1
    if timezone.localdate(now).timetuple().tm_yday > 40:
        open_now = loans.filter(returned_at__isnull=True)
        assert open_now.count() > 50
        assert open_now.filter(due_on__lt=timezone.localdate(now)).exists()
    # a copy is lent again only after it came back
    previous = {}
    for copy, lent, back in loans.order_by("copy", "lent_at").values_list(
        "copy", "lent_at", "returned_at"
    ):
        assert previous.get(copy, lent) <= lent
        previous[copy] = back or datetime.max.replace(tzinfo=lent.tzinfo)


def assert_health_and_publicity(site) -> None:
    of_2006 = Consultation.objects.filter(site=site, consulted_at__year=2006)
    anonymous = of_2006.filter(consent=False, person__isnull=True, note="").count()
    assert anonymous / of_2006.count() > 0.9
    assert of_2006.filter(session__isnull=False).count() > 500
    assert of_2006.values("kind").distinct().count() >= 6
    per_month = (
        of_2006.filter(session__isnull=False)
        .values("session__starts_at__month")
        .annotate(n=Count("session", distinct=True))
    )
    assert all(2 <= row["n"] <= 4 for row in per_month) and len(per_month) == 12
    for material in Material.objects.filter(site=site).annotate(out=Sum("distributions__quantity")):
        assert (material.out or 0) <= material.printed


def assert_report(site) -> None:
    """The same figures through the annual report's registry; every pest at C or better."""
    keys = {m.key for m in all_metrics()}
    assert set(SEED_2006) <= keys
    for year, stated in ((2006, SEED_2006), (2005, STATED_2005)):
        start, end = year_bounds(year)
        values = compute(site_ids=[site.pk], start=start, end=end)
        assert {key: values[key] for key in stated} == stated
        for pest in ("rodent", "mosquito", "fly", "cockroach"):
            assert values[f"environment.{pest}_control_level"] in ("A", "B", "C")
        if year == 2006:
            assert values["environment.cockroach_control_level"] == "B"


def assert_annual_json(site, leader) -> None:
    """The 2006 annual report JSON shows the seed's outreach figures and the cockroach level."""
    api = APIClient()
    api.force_authenticate(leader)
    response = api.get("/api/reports/annual/", {"year": 2006, "site": site.code})
    assert response.status_code == 200
    metrics = response.json()["metrics"]
    shown = {k: Decimal(str(metrics[k]["value"])) for k in SEED_2006}
    assert shown == {k: Decimal(v) for k, v in SEED_2006.items()}
    assert metrics["environment.cockroach_control_level"]["value"] == "B"


def assert_environment(site, service) -> None:
    """The cockroach surveys of 2006 (spring, then the autumn re-inspection), quarterly surveys
    of the other pests, the greening checks and payments, and the cleaning zones."""
    roaches = PestSurvey.objects.filter(site=site, pest="cockroach", surveyed_on__year=2006)
    assert [s.is_recheck for s in roaches.order_by("surveyed_on")] == [False, True]
    for pest in ("rodent", "mosquito", "fly"):
        for year in (2005, 2006):
            assert (
                PestSurvey.objects.filter(site=site, pest=pest, surveyed_on__year=year).count() == 4
            )
    checks = AcceptanceCheck.objects.filter(site=site, month__year__in=(2005, 2006))
    live = checks.filter(voided_at__isnull=True)
    assert live.count() == 24
    assert all(86 <= score <= 98 for score in live.values_list("score", flat=True))
    assert checks.filter(voided_at__isnull=False, score__lt=80).count() == 1
    paid = PaymentInstalment.objects.filter(site=site, month__year__in=(2005, 2006))
    assert paid.filter(status="paid").count() == 24
    assert paid.filter(paid_yuan__lt=F("amount_yuan")).exists()  # a deduction in money
    zones = CleaningZone.objects.filter(site=site)
    assert 10 <= zones.count() <= 12 and not zones.filter(checkpoint__isnull=True).exists()
    assert zones.filter(responsible__user=service).count() == 2
    rounds = Round.objects.filter(site=site, kind="cleaning", starts_at__year=2006)
    assert rounds.count() == 52 and rounds.filter(score__lt=100).exists()
    rectifications = ZoneRectification.objects.filter(site=site)
    assert rectifications.filter(status="passed").count() >= 5
    assert rectifications.exclude(status="passed").count() == 1


def test_the_demo_reproduces_the_seed_from_rows(compound):
    """One load of the demo (it is large), every check on it."""
    now = timezone.now()
    assert_figures(compound.site)
    assert_loans(compound.site, now)
    assert_health_and_publicity(compound.site)
    assert_environment(compound.site, compound.users["service"])
    assert_report(compound.site)
    assert_annual_json(compound.site, compound.users["leader"])
    tomorrow = timezone.make_aware(
        datetime.combine(timezone.localdate(now) + timedelta(days=1), time(0))
    )
    assert not Consultation.objects.filter(consulted_at__gte=tomorrow).exists()
    assert not BoardIssue.objects.filter(posted_on__gt=timezone.localdate(now)).exists()
