"""The summary as a Word document laid out as a Chinese official document (GB/T 9704-2012).

Page: A4, margins top 37 mm, bottom 35 mm, binding side (left) 28 mm, right 26 mm, so the type
area is 156 mm × 225 mm, on a grid of 22 lines of 28 characters. Title 2号 方正小标宋简体 centred;
body 3号 仿宋_GB2312, justified, first line indented two characters; level-one headings 一、… in
黑体; the lead phrase of a point (一是…。) in 楷体_GB2312; page numbers "— 1 —" in 4号 宋体 under
the type area, odd pages on the right and even pages on the left, one character in from the edge.
The charts follow the last part, each picture with its caption (图1 …) under it."""

from __future__ import annotations

import copy
import io

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, Twips
from lxml import etree

from houqin.reports.summary.structure import Chart, Part, Point, Summary
from houqin.utils.text import CONTROL_CHARS

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LEAD_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
# Fallbacks in the font table: the names the same faces have on Windows without the GB2312
# editions, so Word substitutes a face of the same style; charset 86 is GB2312 and the family
# tells other programs (LibreOffice) whether to substitute a serif or a sans face.
FONT_TABLE = {
    TITLE_FONT: ("宋体", "roman"),
    BODY_FONT: ("仿宋", "roman"),
    HEADING_FONT: ("SimHei", "modern"),
    LEAD_FONT: ("楷体", "roman"),
    PAGE_FONT: ("SimSun", "roman"),
}

TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_SIZE = Pt(14)  # 4号

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM = Mm(37), Mm(35)
MARGIN_LEFT, MARGIN_RIGHT = Mm(28), Mm(26)
# The type area is 225 mm high: 22 lines make a pitch of 225 / 22 = 10.23 mm = 28.99 pt; the
# customary figure is 28.95 pt = 579 twips, and 22 × 579 = 12738 twips (224.7 mm) fits the area.
LINE_PITCH = 579  # twips
LINE_SPACING = Twips(LINE_PITCH)  # "exactly 28.95 pt", every paragraph on the grid
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# Word keeps the character pitch as the Normal font size plus w:charSpace 4096ths of a point.
# The type area is 156 mm wide (11906 − 1587 − 1474 = 8845 twips = 442.25 pt); 28 characters
# make a pitch of 15.79 pt, 0.21 pt less than the 16 pt body font: −0.21 × 4096 ≈ −841.
CHAR_PITCH_PT = (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / 12700 / CHARS_PER_LINE
CHAR_SPACE = round((CHAR_PITCH_PT - BODY_SIZE.pt) * 4096)
# The page number's dashes sit 7 mm under the type area (35 mm from the bottom edge): the
# footer's bottom at 25 mm leaves its 14 pt line's middle about 7 mm below the area.
FOOTER_DISTANCE = Mm(25)
CHART_WIDTH = Cm(15.6)
EM_DASH = "\u2014"


def summary_docx(summary: Summary) -> bytes:
    """The Word document of ``summary``."""
    doc = Document()
    _page_setup(doc)
    _styles(doc)
    _fonts_table(doc)
    _title(doc, summary)
    _body(doc, summary.opening)
    for part in summary.parts:
        _part(doc, part)
    _charts(doc, summary.charts)
    _page_numbers(doc)
    doc.core_properties.title = CONTROL_CHARS.sub("", summary.title)
    doc.core_properties.author = CONTROL_CHARS.sub("", summary.organisation)
    doc.core_properties.language = "zh-CN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(15), FOOTER_DISTANCE
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    doc.settings.odd_and_even_pages_header_footer = True


def _styles(doc) -> None:
    """Normal is the body: 3号 仿宋, exactly 28.95 pt, justified, Chinese."""
    normal = doc.styles["Normal"]
    _set_font(normal.element.get_or_add_rPr(), BODY_FONT, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False
    rpr_default = doc.styles.element.find(qn("w:docDefaults"))
    # Western text (digits, Latin) in en-US as a Chinese Word writes it: with zh-CN there,
    # LibreOffice breaks lines inside numbers ("2|006年", "98.|8%").
    lang = parse_xml(f'<w:lang {nsdecls("w")} w:val="en-US" w:eastAsia="zh-CN"/>')
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            for old in rpr.findall(qn("w:lang")):
                rpr.remove(old)
            rpr.append(lang)


def _fonts_table(doc) -> None:
    """Declare the Chinese fonts with their fallback names (w:altName) and GB2312 charset."""
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    table = parse_xml(part.blob)
    for name, (alt, family) in FONT_TABLE.items():
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{family}"/>'
                f'<w:pitch w:val="variable"/></w:font>'
            )
        )
    part._blob = etree.tostring(
        table, xml_declaration=True, encoding="UTF-8", standalone=True
    )  # a plain Part: its blob is what is saved


def _set_font(rpr, name: str, size) -> None:
    """``name`` for every script (east-Asian included) and ``size``, on a w:rPr element."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            rpr.append(element)
        element.set(qn("w:val"), str(int(size.pt * 2)))


def _run(paragraph, text: str, font: str, size=BODY_SIZE):
    # Control characters are not allowed in XML (an honour's title typed with one would fail).
    run = paragraph.add_run(CONTROL_CHARS.sub("", text))
    _set_font(run._r.get_or_add_rPr(), font, size)
    return run


def _indent_two_chars(paragraph) -> None:
    """First line in by two characters (of the grid; in points for readers without a grid)."""
    paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE.pt * 2)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), "200")


TITLE_CHARS = 20  # 2号 (22 pt) characters across the 156 mm type area


def title_lines(title: str) -> list[str]:
    """A title too long for one line, broken between its phrases (GB/T 9704 wants a long title
    broken by meaning, never a lone character on the last line): the phrases the wording
    separates by spaces, packed into lines of at most 20 characters."""
    phrases = title.split()
    if len(title) <= TITLE_CHARS or len(phrases) < 2:
        return [title]
    lines = [phrases[0]]
    for phrase in phrases[1:]:
        if len(lines[-1]) + 1 + len(phrase) <= TITLE_CHARS:
            lines[-1] += " " + phrase
        else:
            lines.append(phrase)
    return lines


def _title(doc, summary: Summary) -> None:
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = title_lines(summary.title)
    for n, line in enumerate(lines):
        run = _run(title, line, TITLE_FONT, TITLE_SIZE)
        if n < len(lines) - 1:
            run.add_break()
    byline = doc.add_paragraph()
    byline.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(byline, f"{summary.organisation}（{summary.year}年）", LEAD_FONT)
    doc.add_paragraph()  # the empty line between the title block and the body


def _body(doc, text: str):
    paragraph = doc.add_paragraph()
    _indent_two_chars(paragraph)
    if text:
        _run(paragraph, text, BODY_FONT)
    return paragraph


def _part(doc, part: Part) -> None:
    heading = doc.add_paragraph()
    _indent_two_chars(heading)
    heading.paragraph_format.keep_with_next = True
    _run(heading, _heading_text(part), HEADING_FONT)
    if part.intro:
        _body(doc, part.intro)
    for point in part.points:
        _point(doc, point)


def _heading_text(part: Part) -> str:
    """ "一、" and the heading, unless the wording already starts with its number."""
    number = part.number if part.number.endswith("、") else f"{part.number}、"
    return part.heading if part.heading.startswith(number) else f"{number}{part.heading}"


def _point(doc, point: Point) -> None:
    """``一是`` + lead phrase in 楷体, closed with 。, then the sentence in 仿宋."""
    paragraph = doc.add_paragraph()
    _indent_two_chars(paragraph)
    lead = f"{point.number}{point.lead}"
    if point.lead and not point.lead.endswith(("。", "，", "；", "：", "！")):
        lead += "。"
    _run(paragraph, lead, LEAD_FONT if point.lead else BODY_FONT)
    _run(paragraph, point.text, BODY_FONT)


def _charts(doc, charts: list[Chart]) -> None:
    """Each chart full width, centred, its caption 图N under it (kept on the same page)."""
    from houqin.reports.summary.charts import chart_png  # matplotlib only when there are charts

    for number, chart in enumerate(charts, start=1):
        picture = doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = picture.paragraph_format
        # An exact line height would crop the picture to one line; off the grid as well.
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.keep_with_next = True
        fmt.space_before = Pt(BODY_SIZE.pt)
        picture._p.get_or_add_pPr().append(parse_xml(f'<w:snapToGrid {nsdecls("w")} w:val="0"/>'))
        picture.add_run().add_picture(io.BytesIO(chart_png(chart)), width=CHART_WIDTH)
        caption = doc.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(caption, f"图{number}　{chart.title}", BODY_FONT)


def _page_numbers(doc) -> None:
    """ "— N —" in the odd footer on the right and in the even footer on the left."""
    section = doc.sections[0]
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, alignment) -> None:
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    # 空一字: one 4号 character in from the outer edge of the type area.
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_SIZE
    else:
        fmt.left_indent = PAGE_SIZE
    _run(paragraph, f"{EM_DASH} ", PAGE_FONT, PAGE_SIZE)
    _field(paragraph, "PAGE", "1")
    _run(paragraph, f" {EM_DASH}", PAGE_FONT, PAGE_SIZE)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A complex field (begin, instruction, separate, last result, end) in the page font."""
    pieces = [
        parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'),
        parse_xml(
            f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>'
        ),
        parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'),
        None,
        parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'),
    ]
    for piece in pieces:
        run = _run(paragraph, shown if piece is None else "", PAGE_FONT, PAGE_SIZE)
        if piece is not None:
            run._r.append(copy.deepcopy(piece))
