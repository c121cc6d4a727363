"""A summary built by hand, for the tests of its outputs (Word, PDF, command)."""

from __future__ import annotations

import sys
import types

import pytest

from houqin.reports.summary.structure import Chart, Part, Point, Series, Summary

MONTHS = [f"{m}月" for m in range(1, 13)]
SENTENCE = (
    "全年会议服务712场次，中央空调安全运行630台班，政府采购1730万元，节约资金207.6万元，节约率12%。"
)


def sample_summary(*, site_code: str | None = "main", year: int = 2006) -> Summary:
    parts = [
        Part(
            "environment",
            "一、",
            "充分发挥职能作用，营造和谐机关环境",
            "全力营造和谐机关环境。",
            [
                Point(
                    "security", "一是", "构建安全防范网络，打造平安机关", "登记外来人员8000人次。"
                ),
                Point("sanitation", "二是", "加强环境卫生管理", SENTENCE),
            ],
        ),
        Part(
            "services",
            "二、",
            "积极开展优质服务，强化服务保障功能",
            "",
            [Point("meetings", "一是", "做好会议服务", SENTENCE * 3)],
        ),
    ]
    charts = [
        Chart(
            "monthly",
            "月度工作量",
            "monthly",
            MONTHS,
            [Series("来访登记", [float(m) for m in range(12)]), Series("会议服务", [None] * 12)],
        ),
        Chart(
            "yoy",
            "主要指标同比",
            "yoy",
            ["会议服务", "空调台班"],
            [Series(f"{year - 1}年", [600, None]), Series(f"{year}年", [712, 630])],
            "场次",
        ),
    ]
    return Summary(
        year,
        site_code,
        "区机关事务管理局",
        f"{year}年机关后勤工作总结",
        "2006年，区机关后勤工作以优质服务为目标。",
        parts,
        charts,
    )


@pytest.fixture
def fake_build(monkeypatch):
    """``summary_build`` answering the sample (the builder is tested on its own)."""
    calls = []

    def summary_build(*, year, site_ids, site, charts=True):
        calls.append({"year": year, "site_ids": site_ids, "site": site})
        return sample_summary(site_code=site.code if site else None, year=year)

    module = types.ModuleType("houqin.reports.summary.build")
    module.summary_build = summary_build
    monkeypatch.setitem(sys.modules, "houqin.reports.summary.build", module)
    return calls
