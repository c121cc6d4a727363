"""The summary as a Word document: text, GB/T 9704-2012 page set-up, fonts, page numbers,
charts drawn with a CJK font."""

from __future__ import annotations

import io
import warnings

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from matplotlib import font_manager
from PIL import Image

from houqin.reports.summary.charts import chart_font, chart_png, cjk_font
from houqin.reports.summary.docx import summary_docx
from houqin.reports.tests.summary_sample import fake_build, sample_summary  # noqa: F401

TENTH_MM = Mm(0.1)


@pytest.fixture(scope="module")
def document():
    return Document(io.BytesIO(summary_docx(sample_summary())))


def east_asia(run) -> str:
    return run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def paragraph(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def test_text_has_title_headings_points_and_figures(document):
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "2006年机关后勤工作总结"
    assert "\n一、充分发挥职能作用，营造和谐机关环境\n" in text
    assert "\n二、积极开展优质服务，强化服务保障功能\n" in text
    assert "一是构建安全防范网络，打造平安机关。登记外来人员8000人次。" in text
    for figure in ("712场次", "630台班", "1730万元", "207.6万元", "12%", "8000人次"):
        assert figure in text
    assert document.core_properties.title == "2006年机关后勤工作总结"
    assert document.core_properties.author == "区机关事务管理局"


def test_page_is_a4_with_the_standard_margins_and_grid(document):
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < TENTH_MM
    assert abs(section.page_height - Mm(297)) < TENTH_MM
    for margin, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(getattr(section, f"{margin}_margin") - Mm(mm)) < TENTH_MM, margin
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == "579"
    assert -900 < int(grid.get(qn("w:charSpace"))) < -800
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing.pt == pytest.approx(28.95)


def test_fonts_follow_the_standard(document):
    title = document.paragraphs[0].runs[0]
    assert title.font.size.pt == 22 and east_asia(title) == "方正小标宋简体"
    assert title.font.name == "方正小标宋简体"
    heading = paragraph(document, "一、").runs[0]
    assert east_asia(heading) == "黑体" and heading.font.size.pt == 16
    lead, sentence = paragraph(document, "一是构建").runs
    assert east_asia(lead) == "楷体_GB2312" and lead.text == "一是构建安全防范网络，打造平安机关。"
    assert east_asia(sentence) == "仿宋_GB2312" and sentence.font.size.pt == 16
    opening = paragraph(document, "2006年，")
    assert east_asia(opening.runs[0]) == "仿宋_GB2312"
    assert opening.paragraph_format.first_line_indent.pt == 32


def test_footer_numbers_pages_between_em_dashes_odd_and_even(document):
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert footer.paragraphs[0].text.startswith("\u2014 ") and footer.paragraphs[
            0
        ].text.endswith(" \u2014")
        assert footer.paragraphs[0].runs[0].font.size.pt == 14
    assert section.footer.paragraphs[0].alignment == 2  # right
    assert section.even_page_footer.paragraphs[0].alignment == 0  # left
    assert not section.header.paragraphs[0].text


def test_charts_are_pictures_with_captions(document):
    assert len(document.inline_shapes) == 2
    for shape in document.inline_shapes:
        assert abs(shape.width - Mm(156)) < TENTH_MM
    text = "\n".join(p.text for p in document.paragraphs)
    assert "图1　月度工作量" in text and "图2　主要指标同比" in text


def test_chart_png_uses_the_cjk_font_and_misses_no_glyph():
    assert font_manager.findfont(chart_font()) == cjk_font()
    assert "CJK" in cjk_font()
    for chart in sample_summary().charts:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            png = chart_png(chart)
        assert not [w for w in caught if "missing" in str(w.message)]
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG"
        assert image.width == pytest.approx(15.6 / 2.54 * 300, abs=2)


@pytest.mark.django_db
def test_download_needs_the_report_permission_at_the_site(client, personas, fake_build):  # noqa: F811
    url = reverse("reports:summary_docx")
    client.force_login(personas.nobody)
    assert client.get(url, {"site": "main", "year": 2006}).status_code == 403
    client.force_login(personas.outsider)
    assert client.get(url, {"site": "main", "year": 2006}).status_code in (403, 404)
    client.force_login(personas.leader)
    assert client.get(url, {"site": "no-such", "year": 2006}).status_code == 404
    response = client.get(url, {"site": "main", "year": 2006})
    assert response.status_code == 200
    assert "filename*=UTF-8''2006%E5%B9%B4" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith("-main.docx")
    Document(io.BytesIO(response.content))
    assert fake_build[-1]["year"] == 2006 and fake_build[-1]["site"] == personas.site


@pytest.mark.django_db
def test_download_defaults_to_last_year(client, personas, fake_build):  # noqa: F811
    from django.utils import timezone

    client.force_login(personas.leader)
    assert client.get(reverse("reports:summary_docx"), {"site": "main"}).status_code == 200
    assert fake_build[-1]["year"] == timezone.localdate().year - 1


def test_a_long_title_breaks_between_its_phrases_not_before_a_lone_character():
    from houqin.reports.summary.docx import title_lines

    assert title_lines("以人为本 强化职能 促进机关后勤工作协调发展") == [
        "以人为本 强化职能",
        "促进机关后勤工作协调发展",
    ]
    assert title_lines("2006年机关后勤工作总结") == ["2006年机关后勤工作总结"]
    # A long title without phrases is left for the office to break.
    assert title_lines("机" * 25) == ["机" * 25]


def test_chinese_text_with_western_digits_so_numbers_are_not_broken_across_lines(document):
    # With zh-CN as the western language LibreOffice broke "2006年" as "2|006年".
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr") + "/" + qn("w:lang"))
    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("en-US", "zh-CN")
