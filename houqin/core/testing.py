"""The test kit: named personas, sites, and helpers shared by every module's tests."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.contrib.auth.models import Group

from houqin.core import roles
from houqin.core.models import Department, Location, Membership, Person, Site, User
from houqin.utils.idnumbers import check_char

PASSWORD = "Test-Pass-2006"


def resident_id(born: str = "19800101", region: str = "431002", seq: int = 123) -> str:
    """A valid 18-digit resident ID number."""
    first17 = f"{region}{born}{seq:03d}"
    return first17 + check_char(first17)


def make_site(code: str, name: str | None = None) -> Site:
    """A site with one department, one host person and one gate."""
    site = Site.objects.create(code=code, name=name or f"院区 {code}")
    dept = Department.objects.create(site=site, code="D1", name=f"办公室 {code}")
    Person.objects.create(site=site, name=f"接待人{code}", department=dept)
    Location.objects.create(site=site, code="GATE", name="大门", kind=Location.Kind.GATE)
    return site


def make_user(username: str, role: str | None, site: Site | None, **person) -> User:
    """A user holding ``role`` at ``site`` (no role when None), with a Person record."""
    user = User.objects.create_user(username=username, password=PASSWORD)
    if site is not None:
        dept = Department.objects.filter(site=site).first()
        Person.objects.create(site=site, name=username, user=user, department=dept, **person)
    if role and site is not None:
        Membership.objects.create(user=user, site=site, role=Group.objects.get(name=role))
    return user


@dataclass
class Personas:
    """The people every module's tests use by name."""

    site: Site
    other_site: Site
    guard: User
    duty: User
    secadmin: User
    staff: User
    leader: User
    admin: User
    outsider: User  # a guard of the other site
    nobody: User  # a login without any role

    def all(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "guard",
                "duty",
                "secadmin",
                "staff",
                "leader",
                "admin",
                "outsider",
                "nobody",
            )
        }


def make_personas() -> Personas:
    site, other = make_site("main", "主院区"), make_site("other", "分院区")
    return Personas(
        site=site,
        other_site=other,
        guard=make_user("guard", roles.GUARD, site),
        duty=make_user("duty", roles.DUTY_OFFICER, site),
        secadmin=make_user("secadmin", roles.SECURITY_ADMIN, site),
        staff=make_user("staff", roles.STAFF, site),
        leader=make_user("leader", roles.LEADERSHIP, site, rank=Person.Rank.LEADER),
        admin=make_user("admin", roles.ADMIN, site),
        outsider=make_user("outsider", roles.GUARD, other),
        nobody=make_user("nobody", None, None),
    )


def xlsx_bytes(rows: list[list], *, title_rows: int = 0) -> io.BytesIO:
    """An in-memory .xlsx with optional title rows, then ``rows`` (first = header)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for i in range(title_rows):
        ws.append([f"title {i}"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "ledger.xlsx"
    return buffer
