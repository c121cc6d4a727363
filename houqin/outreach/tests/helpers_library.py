"""Fixtures of the library tests: a librarian of each site, a title with three copies at the
main site, and a reader (the staff persona) with a second reader of the same department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from houqin.core import roles
from houqin.core.models import Department, Person, Site, User
from houqin.core.testing import make_user
from houqin.outreach.models.library import Book, BookCopy
from houqin.outreach.services import library as services

ISBN13 = "9787302147510"  # a valid ISBN-13
ISBN10 = "7302147515"  # the same title's ISBN-10


@dataclass
class Shelf:
    site: Site
    book: Book
    copies: list[BookCopy]


def make_shelf(site: Site, by: User, *, title: str = "时间简史", copies: int = 3) -> Shelf:
    """A title of class N with ``copies`` copies barcoded ``<site>-<title>-0001`` …"""
    book = services.book_save(
        book=Book(site=site, isbn="", title=title, author="霍金", clc_class="N"), by=by
    )
    made = [
        services.copy_add(
            book=book,
            barcode=f"{site.code}-{title}-{i:04d}",
            acquired_on=date(2026, 1, 5),
            by=by,
        )
        for i in range(1, copies + 1)
    ]
    return Shelf(site=site, book=book, copies=made)


def reader(user: User) -> Person:
    return Person.objects.get(user=user)


@pytest.fixture
def librarian(personas) -> User:
    return make_user("librarian", roles.LIBRARIAN, personas.site)


@pytest.fixture
def other_librarian(personas) -> User:
    return make_user("other_librarian", roles.LIBRARIAN, personas.other_site)


@pytest.fixture
def shelf(personas, librarian) -> Shelf:
    return make_shelf(personas.site, librarian)


@pytest.fixture
def second_reader(personas) -> Person:
    dept = Department.objects.filter(site=personas.site).first()
    return Person.objects.create(site=personas.site, name="李四", department=dept)
