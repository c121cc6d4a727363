"""The summary's charts as PNG pictures for the Word document (matplotlib, no display).

The labels are Chinese, so a CJK font is looked up by file and used explicitly: without one
matplotlib would draw empty boxes, which is worse than no chart, so that is an error."""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot

from matplotlib import font_manager
from matplotlib.figure import Figure

from houqin.reports.summary.structure import Chart

CJK_FAMILY = "Noto Sans CJK SC"
CJK_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
WIDTH_CM = 15.6  # the type area's width (GB/T 9704-2012: 156 mm)
DPI = 300
CM = 1 / 2.54
# Sober official look: greys, and one red for this year's figures.
RED = "#b22222"
GREYS = ("#333333", "#808080", "#b0b0b0", "#555555", "#999999")


class ChartFontMissing(RuntimeError):
    """No font with Chinese glyphs is installed: the charts would show boxes."""


@cache
def cjk_font() -> str:
    """The file of a CJK font (registered with matplotlib); ChartFontMissing when none."""
    path = _fc_match() or next((p for p in CJK_CANDIDATES if Path(p).is_file()), None)
    if path is None:
        raise ChartFontMissing(
            f"No CJK font found for the summary's charts: install fonts-noto-cjk ({CJK_FAMILY})."
        )
    font_manager.fontManager.addfont(path)
    return path


def _fc_match() -> str | None:
    """fontconfig's file for the CJK family, if fontconfig knows that family."""
    if not shutil.which("fc-match"):
        return None
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{CJK_FAMILY}:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    # fc-match always answers something; only a CJK file will do.
    return found if "CJK" in Path(found).name and Path(found).is_file() else None


def chart_font() -> font_manager.FontProperties:
    """The font properties every text of a chart is drawn with."""
    return font_manager.FontProperties(fname=cjk_font(), size=9)


def chart_png(chart: Chart) -> bytes:
    """``chart`` as a PNG, 15.6 cm wide at 300 dpi."""
    font = chart_font()
    draw = _yoy if chart.kind == "yoy" else _monthly
    height = 8.5 if chart.kind != "yoy" else max(6.5, 2.0 + 1.0 * len(chart.categories))
    fig = Figure(figsize=(WIDTH_CM * CM, height * CM), dpi=DPI)
    ax = fig.add_subplot()
    draw(ax, chart, font)
    _style(ax, chart, font)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()


def _monthly(ax, chart: Chart, font) -> None:
    """One line per series over 1月…12月; a missing month is a gap, not a zero."""
    positions = range(len(chart.categories))
    for i, series in enumerate(chart.series):
        colour = RED if i == 0 else GREYS[(i - 1) % len(GREYS)]
        values = [float("nan") if v is None else v for v in series.values]
        ax.plot(
            positions,
            values,
            marker="o",
            markersize=3,
            linewidth=1.4,
            color=colour,
            label=series.name,
        )
    ax.set_xticks(list(positions), chart.categories, fontproperties=font)
    ax.set_ylim(bottom=0)  # from zero, so that a month's rise is not drawn larger than it is
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    _legend(ax, chart, font)


def _yoy(ax, chart: Chart, font) -> None:
    """Grouped horizontal bars, last year (grey) above this year (red), values at the ends."""
    rows = range(len(chart.categories))
    height = 0.8 / max(1, len(chart.series))
    colours = [GREYS[2]] * (len(chart.series) - 1) + [RED]
    for i, series in enumerate(chart.series):
        offsets = [r - 0.4 + height * (i + 0.5) for r in rows]
        values = [0 if v is None else v for v in series.values]
        bars = ax.barh(offsets, values, height=height * 0.9, color=colours[i], label=series.name)
        labels = ["" if v is None else _number(v) for v in series.values]
        ax.bar_label(bars, labels=labels, padding=2, fontproperties=font)
    ax.set_yticks(list(rows), chart.categories, fontproperties=font)
    ax.invert_yaxis()  # first figure on top, as read
    ax.margins(x=0.15)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    _legend(ax, chart, font)


def _legend(ax, chart: Chart, font) -> None:
    """The legend in one row under the plot, where it hides no line or bar."""
    if chart.series:
        ax.legend(
            prop=font,
            frameon=False,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.1),
            ncol=min(len(chart.series), 4),
        )


def _style(ax, chart: Chart, font) -> None:
    title = chart.title + (f"（{chart.unit}）" if chart.unit else "")
    ax.set_title(
        title, fontproperties=font_manager.FontProperties(fname=font.get_file(), size=10.5)
    )
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_fontproperties(font)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#666666")
    ax.tick_params(colors="#333333", labelsize=9)
    ax.set_axisbelow(True)


def _number(value: float) -> str:
    """A bar's value: whole numbers without decimals, others to one decimal."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
