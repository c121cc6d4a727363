"""The duty part of the demo compound: rosters meet every rule and cover every shift."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.db.models import Count

from houqin.core import roles
from houqin.core.demo import DemoContext
from houqin.core.models import Department, Person, Site
from houqin.core.testing import make_user
from houqin.security.choices import RosterStatus
from houqin.security.demo import duty
from houqin.security.models import Assignment, DutyPost, Roster
from houqin.security.services.roster import assignment_violations

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site():
    site = Site.objects.create(code="jgdy", name="区机关大院")
    other = Site.objects.create(code="zwzx", name="区政务服务中心")
    bwk = Department.objects.create(site=site, code="BWK", name="保卫科")
    ctx = DemoContext(
        rng=random.Random(2006), site=site, other_site=other, departments={"BWK": bwk}
    )
    for name, role, rank in [
        ("guard", roles.GUARD, "staff"),
        ("duty", roles.DUTY_OFFICER, "middle"),
        ("secadmin", roles.SECURITY_ADMIN, "middle"),
    ]:
        ctx.users[name] = make_user(name, role, site, rank=rank)
    Person.objects.filter(site=site).update(department=bwk)
    duty.load(ctx)
    return ctx


def test_demo_rosters_cover_every_post_on_every_shift(demo_site):
    site = demo_site.site
    months = Roster.objects.filter(site=site)
    assert months.filter(month__year__in=(2005, 2006), status=RosterStatus.PUBLISHED).count() == 24
    roster = months.get(month=date(2006, 10, 1))
    posts = {p.pk: p.staff_per_shift for p in DutyPost.objects.filter(site=site)}
    counts = (
        Assignment.objects.filter(roster=roster, post__isnull=False)
        .values("date", "shift", "post")
        .annotate(n=Count("pk"))
    )
    assert len(counts) == 31 * 3 * len(posts)
    assert all(row["n"] == posts[row["post"]] for row in counts)
    leaders = Assignment.objects.filter(roster=roster, is_leader=True, date=date(2006, 10, 1))
    assert leaders.count() == 3  # National Day is a special protection period
    assert assignment_violations(roster=roster) == []
    assert assignment_violations(roster=months.get(month=date(2005, 2, 1))) == []
