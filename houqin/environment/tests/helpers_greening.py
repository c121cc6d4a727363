"""Fixtures of the greening tests: an environment manager and a supervisor of the main site,
an environment manager of the other site, and a 2025 contract at each site of 120,000 yuan over
twelve months with three terms (10 points / 500 yuan, 15 / 800, 5 / 200).

Test modules import the fixtures they use from here (``from …helpers_greening import *``)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from houqin.core import roles
from houqin.core.models import Site, User
from houqin.core.testing import make_user
from houqin.environment.models import GreeningContract, GreeningContractor
from houqin.environment.services.greening import acceptance_check_record, contract_save

TERMS = [
    ("草坪修剪及时、无杂草", Decimal("10"), Decimal("500")),
    ("树木修剪整形、无病虫害", Decimal("15"), Decimal("800")),
    ("绿地清洁、无垃圾", Decimal("5"), Decimal("200")),
]
MARCH = date(2025, 3, 1)


def png_bytes() -> bytes:
    """A small valid PNG image."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 160, 30)).save(buf, format="PNG")
    return buf.getvalue()


def photo(name: str = "lawn.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def make_contract(
    site: Site,
    by,
    *,
    starts_on=date(2025, 1, 1),
    ends_on=date(2025, 12, 31),
    amount=Decimal("120000"),
    title="办公区绿化养护",
) -> GreeningContract:
    """A contract of ``site`` with the three TERMS, paid in equal monthly instalments."""
    contractor = GreeningContractor.objects.create(site=site, name=f"{site.code}园林绿化公司")
    contract = GreeningContract(
        site=site,
        contractor=contractor,
        title=title,
        scope="办公区草坪、乔灌木养护",
        area_m2=Decimal("12000"),
        amount_yuan=amount,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return contract_save(contract=contract, terms=list(TERMS), by=by)


def record_check(contract, by, *, month=MARCH, failed=(), checked_on=None):
    """A check of ``month`` failing the terms at the positions ``failed`` (0-based), each with
    a photo."""
    terms = list(contract.terms.all())
    results = {
        term.pk: (
            i not in failed,
            "需整改" if i in failed else "",
            photo() if i in failed else None,
        )
        for i, term in enumerate(terms)
    }
    return acceptance_check_record(
        contract=contract,
        month=month,
        checked_on=checked_on or month.replace(day=25),
        results=results,
        by=by,
    )


@pytest.fixture
def envman(personas) -> User:
    """An environment manager (环境卫生管理员) of the main site."""
    return make_user("envman", roles.ENVIRONMENT_MANAGER, personas.site)


@pytest.fixture
def sup(personas) -> User:
    """A supervisor of the main site (records acceptance checks)."""
    return make_user("sup", roles.SUPERVISOR, personas.site)


@pytest.fixture
def other_envman(personas) -> User:
    """An environment manager of the other site."""
    return make_user("other_envman", roles.ENVIRONMENT_MANAGER, personas.other_site)


@pytest.fixture
def contract(personas, envman) -> GreeningContract:
    return make_contract(personas.site, envman)


@pytest.fixture
def other_contract(personas, other_envman) -> GreeningContract:
    return make_contract(personas.other_site, other_envman)
