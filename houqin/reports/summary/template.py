"""The wording language of the annual work summary.

A template is Chinese text with named figures in braces and optional segments in brackets:

- ``{metric.key}`` the figure with its unit as the seed writes it (``712场``, ``1730万元``,
  ``12%``); ``{metric.key|数}`` the number alone; ``{metric.key|余}`` / ``|多`` an approximate
  figure (41,234 元 → ``40000多元``); ``|同比`` the change on the year before (``比上年增长5.2%``);
  ``|上年`` last year's figure; ``|为零`` / ``|非零`` empty text when the figure is (not) zero.
- text names: ``{年份}``, ``{上年}``, ``{单位}``, ``{荣誉}``.
- ``[ … ]`` an optional segment, dropped when a name inside it has no value.

A filled template is left out (None) when a name outside every optional segment has no value,
or when it states figures and none of them has a value other than zero — a module without
records for the year gives zeros, and the summary must not invent "0场" where nothing was done.
An optional segment is likewise dropped when the figures it states are all zero. "States" means
a figure shown (plain, 数, 余, 多); a template naming figures only through 为零/非零/同比/上年
is left out when none of them has a value at all.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from houqin.reports.registry import Metric, all_metrics
from houqin.reports.render import format_value, shown_unit

YEAR, PREVIOUS_YEAR, ORGANISATION, HONOURS = "年份", "上年", "单位", "荣誉"
TEXT_NAMES = (YEAR, PREVIOUS_YEAR, ORGANISATION, HONOURS)
NUMBER, ABOUT, OVER, YOY, LAST_YEAR, IF_ZERO, IF_NONZERO = (
    "数",
    "余",
    "多",
    "同比",
    "上年",
    "为零",
    "非零",
)
MODIFIERS = ("", NUMBER, ABOUT, OVER, YOY, LAST_YEAR, IF_ZERO, IF_NONZERO)


@dataclass(frozen=True)
class Name:
    """``{name|modifier}`` in a template."""

    name: str
    modifier: str = ""

    @property
    def is_metric(self) -> bool:
        return self.name not in TEXT_NAMES


@dataclass(frozen=True)
class Segment:
    """A run of text and names; ``optional`` for a ``[ … ]`` segment."""

    optional: bool
    items: tuple[str | Name, ...]


def _error(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _read_name(text: str, start: int) -> tuple[Name, int]:
    """The name opened by the ``{`` at ``start``, and the index after its ``}``."""
    end = text.find("}", start + 1)
    inner = text[start + 1 : end] if end >= 0 else ""
    if end < 0 or "{" in inner:
        raise _error(_("A “{” in the template is not closed."), "unclosed_brace")
    name, _bar, modifier = inner.strip().partition("|")
    return Name(name.strip(), modifier.strip()), end + 1


def _flush(segments: list, items: list, optional: bool) -> None:
    if items:
        segments.append(Segment(optional, tuple(items)))


@functools.lru_cache(maxsize=512)
def parse(text: str) -> tuple[Segment, ...]:
    """The template's segments (parsed once per text); raises ValidationError on bad syntax."""
    segments: list[Segment] = []
    items: list[str | Name] = []
    optional, index, run = False, 0, []
    while index < len(text):
        char = text[index]
        if char == "{":
            items.extend(["".join(run)] if run else [])
            run = []
            name, index = _read_name(text, index)
            items.append(name)
            continue
        if char in "[]":
            items.extend(["".join(run)] if run else [])
            run = []
            _bracket(char, optional)
            _flush(segments, items, optional)
            items, optional = [], char == "["
        elif char == "}":
            raise _error(_("A “}” in the template has no “{” before it."), "stray_brace")
        else:
            run.append(char)
        index += 1
    if optional:
        raise _error(_("A “[” in the template is not closed."), "unclosed_bracket")
    _flush(segments, items + (["".join(run)] if run else []), optional)
    return tuple(segments)


def _bracket(char: str, optional: bool) -> None:
    """Refuses a nested ``[`` and a ``]`` that closes nothing."""
    if char == "[" and optional:
        raise _error(_("Optional segments “[…]” cannot be nested."), "nested_bracket")
    if char == "]" and not optional:
        raise _error(_("A “]” in the template has no “[” before it."), "stray_bracket")


def metric_map() -> dict[str, Metric]:
    """Every registered metric by key."""
    return {m.key: m for m in all_metrics()}


def template_names(text: str) -> list[tuple[str, str]]:
    """The (name, modifier) pairs a template uses, in order; raises ValidationError on bad
    syntax (not on unknown names: see ``template_check``)."""
    return [
        (item.name, item.modifier)
        for segment in parse(text)
        for item in segment.items
        if isinstance(item, Name)
    ]


def template_check(text: str) -> None:
    """Raises ValidationError naming the first unknown figure, text name or modifier."""
    metrics = metric_map()
    for name, modifier in template_names(text):
        shown = "{" + (f"{name}|{modifier}" if modifier else name) + "}"
        if name not in TEXT_NAMES and name not in metrics:
            raise _error(
                _("The figure “%(name)s” in the template does not exist."),
                "unknown_name",
                name="{" + name + "}",
            )
        if modifier not in MODIFIERS or (modifier and name in TEXT_NAMES):
            raise _error(
                _("Unknown modifier “%(modifier)s” in “%(name)s”."),
                "unknown_modifier",
                modifier=modifier,
                name=shown,
            )


# --- formatting -------------------------------------------------------------------------


def _decimal(value) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def number_text(value, metric: Metric) -> str:
    """The number as the seed writes it: no separator, 万 for money shown so, rates in %."""
    if metric.kind == "grade" or isinstance(value, str):
        return str(value)
    return format_value(value, metric.kind, metric.display).replace(",", "")


def unit_text(metric: Metric) -> str:
    """The metric's unit in Chinese (units are lazy strings), 万元 for money shown in 万."""
    with translation.override("zh-hans"):
        return str(shown_unit(metric, str(metric.unit))).replace(" ", "")


def _leading(number: Decimal) -> Decimal:
    """Floored to its leading digit: 41234 → 40000, 4.7 → 4."""
    whole = number.to_integral_value(rounding=ROUND_FLOOR)
    if whole <= 0:
        return whole
    step = Decimal(10) ** (len(str(int(whole))) - 1)
    return (whole // step) * step


def approximate_text(value, metric: Metric, word: str) -> str | None:
    """41,234 元 → 40000多元; an exact round value has no 余/多 (20000 → 20000瓶)."""
    if metric.kind == "grade" or isinstance(value, str | bool):
        return None
    number = _decimal(value)
    if metric.kind == "rate":
        number = number * 100
    elif metric.display == "wan":
        number = number / 10000
    floor = _leading(number)
    if floor <= 0:  # below one there is no leading digit to round to: the figure as it is
        return f"{number_text(value, metric)}{unit_text(metric)}"
    return f"{floor:f}{'' if floor == number else word}{unit_text(metric)}"


def change_text(current, previous, metric: Metric) -> str | None:
    """比上年增长5.2% / 比上年下降3% / 与上年持平; None without a previous year (or it is 0)."""
    if metric.kind == "grade" or current is None or not previous:
        return None
    if isinstance(current, str | bool) or isinstance(previous, str | bool):
        return None
    change = (_decimal(current) - _decimal(previous)) * 100 / _decimal(previous)
    shown = change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if shown == 0:
        return "与上年持平"
    word = "增长" if shown > 0 else "下降"
    return f"比上年{word}{format_value(float(abs(shown)) / 100, 'rate')}%"


@dataclass
class Figures:
    """The values a summary's templates are filled with: this year's and last year's metric
    values by key, and the text names (年份, 上年, 单位, 荣誉 — None when it has no value)."""

    current: dict[str, object]
    previous: dict[str, object] = field(default_factory=dict)
    texts: dict[str, str | None] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=metric_map)

    def has_value(self, name: str) -> bool:
        """True when the metric has a value this year other than zero."""
        value = self.current.get(name)
        return value is not None and value != 0 and value != ""

    def value(self, name: str, modifier: str = "") -> str | None:
        """The text of ``{name|modifier}``, or None when it has no value."""
        if name in TEXT_NAMES:
            return None if modifier else self.texts.get(name)
        metric, value = self.metrics.get(name), self.current.get(name)
        if metric is None or value is None or isinstance(value, bool):
            return None
        return self._modified(metric, value, modifier)

    def _modified(self, metric: Metric, value, modifier: str) -> str | None:
        if modifier == "":
            return number_text(value, metric) + unit_text(metric)
        if modifier == NUMBER:
            return number_text(value, metric)
        if modifier in (ABOUT, OVER):
            return approximate_text(value, metric, modifier)
        if modifier == YOY:
            return change_text(value, self.previous.get(metric.key), metric)
        if modifier == LAST_YEAR:
            previous = self.previous.get(metric.key)
            return None if previous is None else number_text(previous, metric) + unit_text(metric)
        if modifier in (IF_ZERO, IF_NONZERO):
            return "" if (value == 0) == (modifier == IF_ZERO) else None
        return None


STATED = ("", NUMBER, ABOUT, OVER)


def _has_data(names: list[Name], figures: Figures) -> bool:
    """False when the figures stated are all zero or missing (or, with none stated, when no
    figure named has a value): the text would report nothing that was done."""
    metrics = [name for name in names if name.is_metric]
    stated = [name for name in metrics if name.modifier in STATED]
    if stated:
        return any(figures.has_value(name.name) for name in stated)
    return not metrics or any(figures.current.get(name.name) is not None for name in metrics)


def _segment_text(segment: Segment, figures: Figures) -> str | None:
    """The segment filled in, or None when one of its names has no value (or, optional, when
    its figures are all zero)."""
    names = [item for item in segment.items if isinstance(item, Name)]
    if segment.optional and not _has_data(names, figures):
        return None
    pieces = []
    for item in segment.items:
        piece = item if isinstance(item, str) else figures.value(item.name, item.modifier)
        if piece is None:
            return None
        pieces.append(piece)
    return "".join(pieces)


def template_fill(text: str, figures: Figures) -> str | None:
    """The template filled with ``figures``; None when it is to be left out (see the module's
    docstring). The template must have passed ``template_check``."""
    segments = parse(text)
    names = [item for segment in segments for item in segment.items if isinstance(item, Name)]
    if not _has_data(names, figures):
        return None
    pieces = []
    for segment in segments:
        piece = _segment_text(segment, figures)
        if piece is None and not segment.optional:
            return None
        pieces.append(piece or "")
    return "".join(pieces).strip()
