"""The summary's wording language: figures with the seed's units, the modifiers, optional
segments, leaving a point out, and checking (unknown names refused with the name shown)."""

from __future__ import annotations

import contextlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from houqin.reports.summary.defaults import DEFAULTS
from houqin.reports.summary.template import (
    Figures,
    parse,
    template_check,
    template_fill,
    template_names,
)

CURRENT = {
    "services.meeting_services": 712,
    "services.display_messages": 568,
    "procurement.budget_yuan": 17_296_000,
    "procurement.savings_yuan": 2_076_000,
    "procurement.savings_rate": 0.12,
    "energy.cost_savings_yuan": 63_000,
    "relief.donations.organisation_yuan": 41_234,
    "relief.donations.staff_yuan": 15_800,
    "relief.supplies.water_bottles": 20_450,
    "relief.supplies.woven_bags": 6000,
    "outreach.materials_distributed": 4_300,
    "security.criminal_cases": 0,
    "security.safety_accidents": 2,
    "security.visitor_registrations": 0,
    "environment.rodent_control_level": "B",
    "environment.zone_pass_rate": 0.98756,
    "team.training_hours_per_head": 27.20,
    "facilities.work_order_satisfaction": 4.5,
}
PREVIOUS = {
    "services.meeting_services": 676,
    "services.display_messages": 600,
    "procurement.savings_rate": 0.12,
    "procurement.budget_yuan": 0,
    "environment.rodent_control_level": "B",
}


@pytest.fixture
def figures():
    texts = {"年份": "2006", "上年": "2005", "单位": "区机关大院", "荣誉": "甲、乙"}
    return Figures(current=dict(CURRENT), previous=dict(PREVIOUS), texts=texts)


@pytest.mark.parametrize(
    ("template", "filled"),
    [
        ("{services.meeting_services}", "712场"),
        ("会议服务{services.meeting_services|数}场次", "会议服务712场次"),
        ("{procurement.budget_yuan}", "1730万元"),
        ("{procurement.savings_yuan}", "207.6万元"),
        ("{procurement.budget_yuan|数}", "1730"),
        ("{energy.cost_savings_yuan}", "6.3万元"),
        ("{procurement.savings_rate}", "12%"),
        ("{procurement.savings_rate|数}", "12"),
        ("{environment.zone_pass_rate}", "98.8%"),
        ("{relief.donations.staff_yuan}", "15800元"),
        ("{team.training_hours_per_head|数}学时", "27.2学时"),
        ("{facilities.work_order_satisfaction|数}", "4.5"),
        ("{environment.rodent_control_level}", "B级"),
    ],
)
def test_figures_with_the_seeds_units(figures, template, filled):
    template_check(template)
    assert template_fill(template, figures) == filled


@pytest.mark.parametrize(
    ("template", "filled"),
    [
        ("{relief.donations.organisation_yuan|多}", "40000多元"),
        ("{relief.supplies.water_bottles|余}", "20000余瓶"),
        ("{outreach.materials_distributed|余}", "4000余份"),
        ("{relief.supplies.woven_bags|余}", "6000个"),  # exact: no 余
        ("{procurement.savings_yuan|余}", "200余万元"),
    ],
)
def test_approximate_figures(figures, template, filled):
    assert template_fill(template, figures) == filled


def test_units_are_chinese_whatever_the_language(figures):
    with translation.override("en"):
        assert template_fill("{services.meeting_services}", figures) == "712场"


@pytest.mark.parametrize(
    ("template", "filled"),
    [
        ("{services.meeting_services|同比}", "比上年增长5.3%"),
        ("{services.display_messages|同比}", "比上年下降5.3%"),
        ("{procurement.savings_rate|同比}", "与上年持平"),
        ("{services.meeting_services|上年}", "676场"),
        ("会议[，{procurement.savings_yuan|同比}]", "会议"),  # no previous year: no value
        ("会议[，{procurement.budget_yuan|同比}]", "会议"),  # previous year 0: no value
        ("[{environment.rodent_control_level|同比}]等级", "等级"),  # a grade has none
    ],
)
def test_year_on_year(figures, template, filled):
    assert template_fill(template, figures) == filled


def test_year_on_year_whole_percent_has_no_decimal():
    figures = Figures(
        current={"services.meeting_services": 112}, previous={"services.meeting_services": 100}
    )
    assert template_fill("{services.meeting_services|同比}", figures) == "比上年增长12%"


def test_zero_and_non_zero(figures):
    template = (
        "[{security.criminal_cases|为零}未发生一起刑事案件][{security.criminal_cases|非零}发生刑事案件]"
        "[；发生事故{security.safety_accidents}{security.safety_accidents|非零}]"
        "[{security.safety_accidents|为零}未发生事故]"
    )
    assert template_fill(template, figures) == "未发生一起刑事案件；发生事故2起"


def test_text_names(figures):
    template = "{年份}年（{上年}年）{单位}荣获{荣誉}"
    assert template_fill(template, figures) == "2006年（2005年）区机关大院荣获甲、乙"


def test_an_optional_segment_without_value_is_dropped(figures):
    figures.texts["荣誉"] = None
    template = "{年份}年工作顺利[，荣获{荣誉}]。"
    assert template_fill(template, figures) == "2006年工作顺利。"


def test_an_optional_segment_of_zeros_is_dropped(figures):
    template = "会议{services.meeting_services}[，来访{security.visitor_registrations}]。"
    assert template_fill(template, figures) == "会议712场。"


def test_left_out_when_a_required_name_has_no_value(figures):
    assert (
        template_fill("会议{services.meeting_services}，采购{procurement.orders}", figures) is None
    )
    figures.texts["荣誉"] = None
    assert template_fill("荣获{荣誉}", figures) is None


def test_left_out_when_no_figure_has_a_value(figures):
    assert (
        template_fill("来访[{security.visitor_registrations}][{procurement.orders}]", figures)
        is None
    )
    assert template_fill("[{procurement.orders|同比}]", figures) is None


def test_text_without_names_is_always_printed(figures):
    assert template_fill("后勤工作千头万绪。", figures) == "后勤工作千头万绪。"


def test_names_in_order():
    assert template_names("a{年份}[{services.meeting_services|同比}]") == [
        ("年份", ""),
        ("services.meeting_services", "同比"),
    ]


def test_parsed_once():
    assert parse("会议{services.meeting_services}") is parse("会议{services.meeting_services}")


@pytest.mark.parametrize(
    ("template", "shown"),
    [
        ("会议{services.meetings}场次", "“{services.meetings}”"),
        ("{单位名称}", "“{单位名称}”"),
        ("{services.meeting_services|约}", "“约”"),
        ("{年份|数}", "“数”"),
        ("会议{services.meeting_services", "“{”"),
        ("会议}", "“}”"),
        ("[a[b]]", "“[…]”"),
        ("a]", "“]”"),
        ("[a", "“[”"),
        ("{}", "“{}”"),
    ],
)
def test_check_refuses_with_the_name_shown(english, template, shown):
    with pytest.raises(ValidationError) as error:
        template_check(template)
    assert shown in error.value.messages[0]


def test_unknown_figure_message(english):
    with pytest.raises(ValidationError) as error:
        template_check("会议服务{services.meetings}场次")
    assert error.value.messages == [
        "The figure “{services.meetings}” in the template does not exist."
    ]
    assert error.value.code == "unknown_name"


def test_every_default_passes_the_check():
    for default in DEFAULTS:
        template_check(default.template)
    assert len({d.key for d in DEFAULTS}) == len(DEFAULTS)


# --- properties ----------------------------------------------------------------------

PIECES = [
    "{",
    "}",
    "[",
    "]",
    "|",
    "数",
    "会议",
    "，",
    "{年份}",
    "{荣誉}",
    "{services.meeting_services}",
    "{services.meeting_services|同比}",
    "{procurement.savings_yuan|余}",
    "{procurement.savings_rate|上年}",
    "{security.criminal_cases|为零}",
    "{security.criminal_cases|非零}",
    "{environment.rodent_control_level|多}",
    "{team.training_hours_per_head|数}",
    "{relief.donations.total_yuan|多}",
    "{nope}",
]
templates = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=12).map("".join)
numbers = st.none() | st.integers(-(10**9), 10**12) | st.floats(-1e9, 1e9, allow_nan=False)
values = numbers | st.sampled_from(["A", "B", "C", ""])
KEYS = [
    "services.meeting_services",
    "procurement.savings_yuan",
    "procurement.savings_rate",
    "security.criminal_cases",
    "environment.rodent_control_level",
    "team.training_hours_per_head",
    "relief.donations.total_yuan",
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | templates)
def test_check_raises_only_validation_errors(text):
    with contextlib.suppress(ValidationError):
        template_check(text)


@settings(max_examples=300, deadline=None)
@given(
    templates,
    st.dictionaries(st.sampled_from(KEYS), values),
    st.dictionaries(st.sampled_from(KEYS), values),
    st.none() | st.text(max_size=5),
)
def test_fill_never_raises_on_a_checked_template(text, current, previous, honours):
    try:
        template_check(text)
    except ValidationError:
        return
    figures = Figures(current=current, previous=previous, texts={"年份": "2006", "荣誉": honours})
    filled = template_fill(text, figures)
    assert filled is None or isinstance(filled, str)
