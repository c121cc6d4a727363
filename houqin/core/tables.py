"""List tables, declared once and used twice: for the list page and for the Excel ledger.

A table names its columns; each column reads a value from a row (an attribute path or a
function) and may link to the row's page. The Excel export writes the same columns, as text
(numbers for columns declared ``numeric``), under a title row and the filter in force.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from houqin.core.db import display_rows


def display(value, tz=None) -> str:
    """A cell value as the text a person reads on screen and in the ledger (``tz``: the current
    time zone, when the caller has already looked it up for many cells)."""
    if type(value) is str:  # most cells: the fast path
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes")) if value else str(_("no"))
    if isinstance(value, datetime):
        if tz is not None and value.tzinfo is not None:
            return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


class Column:
    """One column: a label, where the value comes from, and whether it links to the record."""

    _counter = 0

    def __init__(
        self,
        label,
        accessor: str | Callable | None = None,
        *,
        link: bool = False,
        width: int = 14,
        css: str = "",
        choices=None,
        numeric: bool = False,
    ):
        self.label = label
        self.numeric = numeric  # written to the Excel ledger as a number, not as text
        self.accessor = accessor
        self.choices = choices
        self.link = link
        self.width = width
        self.css = css
        Column._counter += 1
        self.order = Column._counter
        self.name = ""

    def value(self, row):
        """The raw value of this column for ``row``."""
        if callable(self.accessor):
            return self.accessor(row)
        obj = row
        for part in self.path:
            if obj is None:
                return None
            obj = getattr(obj, part)
            if callable(obj) and not hasattr(obj, "all"):
                obj = obj()
        return obj

    @cached_property
    def path(self) -> tuple[str, ...]:
        """The attribute path of a named accessor, split once rather than for every cell."""
        return tuple((self.accessor or self.name).split("__"))

    def text(self, row, labels: dict | None = None, tz=None) -> str:
        """The displayed text of this column for ``row`` (``labels``: its choices' labels)."""
        value = self.value(row)
        if labels is not None:
            return labels.get(value, display(value, tz))
        return display(value, tz)


class TableMeta(type):
    def __new__(mcs, name, bases, attrs):
        cls = super().__new__(mcs, name, bases, attrs)
        columns = {}
        for base in reversed(cls.__mro__[1:]):
            columns.update(getattr(base, "base_columns", {}))
        declared = sorted(
            ((k, v) for k, v in attrs.items() if isinstance(v, Column)), key=lambda kv: kv[1].order
        )
        for key, column in declared:
            column.name = key
            columns[key] = column
        cls.base_columns = columns
        return cls


class Table(metaclass=TableMeta):
    """Base of every list table. Subclasses declare ``Column`` attributes, and ``select_related``
    / ``prefetch_related`` so a page of rows costs a fixed number of queries."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    only: tuple[str, ...] = ()  # the columns the table reads (all when empty)
    row_class: Callable | None = None
    detail_url_name: str | None = None  # e.g. "security:visit_detail", for linked columns

    def __init__(self, rows: Iterable):
        self.rows = rows
        self.columns = list(self.base_columns.values())

    @classmethod
    def prepare(cls, queryset):
        """Add the joins this table needs to ``queryset``; its rows are built for display."""
        queryset = display_rows(queryset)
        if cls.select_related:
            queryset = queryset.select_related(*cls.select_related)
        if cls.prefetch_related:
            queryset = queryset.prefetch_related(*cls.prefetch_related)
        if cls.only:
            queryset = queryset.only(*cls.only)
        return queryset

    def body(self):
        """(row, css class, [(column, text)]) for each row."""
        labels = [
            {key: str(text) for key, text in column.choices.choices} if column.choices else None
            for column in self.columns
        ]
        tz = timezone.get_current_timezone()
        columns = list(zip(self.columns, labels, strict=True))
        row_class = self.row_class
        for row in self.rows:
            yield (
                row,
                row_class(row) if row_class else "",
                [(column, column.text(row, names, tz)) for column, names in columns],
            )

    def _link(self):
        """A function giving a row's page URL, reversing the URL pattern only once."""
        if self.detail_url_name is None:
            return lambda row: row.get_absolute_url()
        marker = 987654321
        pattern = reverse(self.detail_url_name, kwargs={"pk": marker})
        return lambda row: pattern.replace(str(marker), str(row.pk))

    def html_rows(self) -> str:
        """The ``<tr>`` rows of the page, built in one pass.

        A list page shows hundreds of cells; rendering them through template loops costs more
        than the query, so the cells are escaped and joined here instead."""
        # The opening tag of each column's cells, built once.
        openings = [
            f'<td class="{column.css}" data-label="{escape(str(column.label))}">'
            for column in self.columns
        ]
        link = self._link()
        out = []
        for row, css, cells in self.body():
            tds = []
            for (column, text), opening in zip(cells, openings, strict=True):
                text = escape(text)
                if column.link:
                    text = f'<a href="{escape(link(row))}">{text or "—"}</a>'
                tds.append(f"{opening}{text}</td>")
            out.append(f'<tr class="{css}">{"".join(tds)}</tr>')
        return mark_safe("".join(out))
