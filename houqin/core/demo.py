"""The demo compound: sites, buildings, departments, 80+ people and one login per role.

Everything is generated from a fixed seed, so two loads give the same records. Each module adds
its own records in its ``demo.py`` (a ``load(ctx)`` function), called in app order.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction

from houqin.core import roles
from houqin.core.models import Building, Department, Floor, Location, Membership, Person, Site, User

DEMO_PASSWORD = "Houqin-2006"
SITE_CODE = "jgdy"
OTHER_SITE_CODE = "zwzx"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文辉玲斌波宁"
DEPARTMENTS = [
    ("QWB", "区委办公室"),
    ("ZFB", "区政府办公室"),
    ("RDB", "区人大办公室"),
    ("ZXB", "区政协办公室"),
    ("JW", "区纪委监委"),
    ("ZZB", "区委组织部"),
    ("XCB", "区委宣传部"),
    ("FGJ", "区发展和改革局"),
    ("CZJ", "区财政局"),
    ("JGJ", "区机关事务管理局"),
    ("BWK", "保卫科"),
    ("WYK", "物业管理科"),
    ("HWK", "会务接待科"),
    ("CGZX", "区政府采购中心"),
    ("KPZX", "科普活动中心"),
]
# One demo login per role: (user name, role, department code, rank)
LOGINS = [
    ("staff", roles.STAFF, "FGJ", Person.Rank.STAFF),
    ("guard", roles.GUARD, "BWK", Person.Rank.STAFF),
    ("duty", roles.DUTY_OFFICER, "BWK", Person.Rank.MIDDLE),
    ("secadmin", roles.SECURITY_ADMIN, "BWK", Person.Rank.MIDDLE),
    ("tech", roles.TECHNICIAN, "WYK", Person.Rank.STAFF),
    ("fm", roles.FACILITIES_MANAGER, "WYK", Person.Rank.MIDDLE),
    ("service", roles.SERVICE_STAFF, "HWK", Person.Rank.STAFF),
    ("mm", roles.MEETING_MANAGER, "HWK", Person.Rank.MIDDLE),
    ("supervisor", roles.SUPERVISOR, "JGJ", Person.Rank.STAFF),
    ("buyer", roles.PROCUREMENT, "CGZX", Person.Rank.STAFF),
    ("librarian", roles.LIBRARIAN, "KPZX", Person.Rank.STAFF),
    ("env", roles.ENVIRONMENT_MANAGER, "HWK", Person.Rank.STAFF),
    ("store", roles.STOREKEEPER, "JGJ", Person.Rank.STAFF),
    ("office", roles.OFFICE, "JGJ", Person.Rank.STAFF),
    ("leader", roles.LEADERSHIP, "JGJ", Person.Rank.LEADER),
    ("admin", roles.ADMIN, "JGJ", Person.Rank.STAFF),
]


@dataclass
class DemoContext:
    """What the base compound hands to each module's loader."""

    rng: random.Random
    site: Site
    other_site: Site
    departments: dict[str, Department] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    gates: list[Location] = field(default_factory=list)


def person_name(rng: random.Random) -> str:
    """A plausible Chinese name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _places(site: Site) -> list[Location]:
    main = Building.objects.create(site=site, code="A", name="综合办公大楼")
    annex = Building.objects.create(site=site, code="B", name="附属楼")
    for level in range(1, 13):
        Floor.objects.create(site=site, building=main, level=level, name=f"{level}楼")
    for level in range(1, 5):
        Floor.objects.create(site=site, building=annex, level=level, name=f"{level}楼")
    gates = [
        Location.objects.create(site=site, code="GATE-E", name="东大门", kind=Location.Kind.GATE),
        Location.objects.create(site=site, code="GATE-N", name="北门", kind=Location.Kind.GATE),
    ]
    first = Floor.objects.get(building=main, level=1)
    Location.objects.create(
        site=site,
        building=main,
        floor=first,
        code="A-101",
        name="消防控制室",
        kind=Location.Kind.PLANT,
    )
    Location.objects.create(site=site, building=main, floor=first, code="A-108", name="值班室")
    return gates


def _people(ctx: DemoContext, count: int = 84) -> None:
    for code, name in DEPARTMENTS:
        ctx.departments[code] = Department.objects.create(site=ctx.site, code=code, name=name)
    depts = list(ctx.departments.values())
    rows = []
    for i in range(count):
        rank = (
            Person.Rank.LEADER if i < 4 else (Person.Rank.MIDDLE if i < 20 else Person.Rank.STAFF)
        )
        rows.append(
            Person(
                site=ctx.site,
                name=person_name(ctx.rng),
                department=depts[i % len(depts)],
                employee_no=f"E{i + 1:04d}",
                rank=rank,
            )
        )
    ctx.people = Person.objects.bulk_create(rows)


def _logins(ctx: DemoContext) -> None:
    groups = {g.name: g for g in Group.objects.all()}
    for username, role, dept, rank in LOGINS:
        name = person_name(ctx.rng)
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, last_name=name[0], first_name=name[1:]
        )
        Person.objects.create(
            site=ctx.site,
            name=name,
            department=ctx.departments[dept],
            user=user,
            rank=rank,
            employee_no=f"U-{username}",
        )
        Membership.objects.create(user=user, site=ctx.site, role=groups[role])
        if role != roles.STAFF:  # everyone can also invite visitors and report faults
            Membership.objects.create(user=user, site=ctx.site, role=groups[roles.STAFF])
        ctx.users[username] = user
    Membership.objects.create(
        user=ctx.users["leader"], site=ctx.other_site, role=groups[roles.LEADERSHIP]
    )


def module_loaders():
    """Each installed module's ``demo.load``, in app order."""
    loaders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("houqin.") or config.name == "houqin.core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError:
            continue
        loaders.append(module.load)
    return loaders


def base_compound(*loaders, seed: int = 2006) -> DemoContext:
    """The demo's two sites with the main site's places, people and logins, then ``loaders``
    (modules' ``load(ctx)``) on top: what a module's demo test needs, without the others."""
    site = Site.objects.create(code=SITE_CODE, name="区机关大院")
    other = Site.objects.create(code=OTHER_SITE_CODE, name="区政务服务中心")
    ctx = DemoContext(rng=random.Random(seed), site=site, other_site=other)
    ctx.gates = _places(site)
    _people(ctx)
    _logins(ctx)
    for load in loaders:
        load(ctx)
    return ctx


def demo_loaded() -> bool:
    """True once the demo compound exists."""
    return Site.objects.filter(code=SITE_CODE).exists()


@transaction.atomic
def load_demo(*, seed: int = 2006, stdout=None) -> DemoContext:
    """Create the demo compound and every module's demo records."""
    site = Site.objects.create(
        code=SITE_CODE, name="区机关大院", address="湖南省郴州市", floor_area_m2=32000
    )
    other = Site.objects.create(
        code=OTHER_SITE_CODE, name="区政务服务中心", address="湖南省郴州市", floor_area_m2=12000
    )
    ctx = DemoContext(rng=random.Random(seed), site=site, other_site=other)
    ctx.gates = _places(site)
    _places(other)
    _people(ctx)
    _logins(ctx)
    Department.objects.create(site=other, code="ZWZX", name="政务服务中心管理办")
    for loader in module_loaders():
        loader(ctx)
        if stdout is not None:
            stdout.write(f"  · {loader.__module__}")
    return ctx
