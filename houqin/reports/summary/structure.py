"""The summary as every output reads it (web page, Word, PDF): plain data, no database."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Point:
    """One numbered point of a part: ``number`` 一是, the lead phrase (楷体 in Word) and the
    sentence with its figures filled in."""

    key: str
    number: str
    lead: str
    text: str


@dataclass(frozen=True)
class Part:
    """一、… : the heading, the sentence that opens the part, and its points (only those with
    data; a part with no point left is left out)."""

    key: str
    number: str
    heading: str
    intro: str
    points: list[Point] = field(default_factory=list)


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]


@dataclass(frozen=True)
class Chart:
    """A figure for the document: ``kind`` "monthly" (categories are the twelve months, one
    series per figure) or "yoy" (categories are figures, series last year and this year)."""

    key: str
    title: str
    kind: str
    categories: list[str]
    series: list[Series]
    unit: str = ""


@dataclass(frozen=True)
class Summary:
    year: int
    site_code: str | None  # None: every site of the installation
    organisation: str  # who reports: the site's name, or the installation's
    title: str
    opening: str
    parts: list[Part]
    charts: list[Chart] = field(default_factory=list)
