"""The summary's Word document converted to PDF by LibreOffice, when it is installed."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

TIMEOUT = 60  # seconds; a first start of LibreOffice with a fresh profile takes a few
# The Windows fonts the document names are rarely installed on a server; without a rule
# LibreOffice draws every one of them in its default sans face. Serif faces for 仿宋, 宋 and
# 小标宋 (and 楷, for want of a 楷 face), a sans face for 黑体, as in print.
SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"
SUBSTITUTES = {
    "方正小标宋简体": SERIF,
    "仿宋_GB2312": SERIF,
    "楷体_GB2312": SERIF,
    "宋体": SERIF,
    "黑体": SANS,
}


class PdfConversionError(RuntimeError):
    """LibreOffice ran but gave no PDF (crash, timeout, unreadable document)."""


def soffice() -> str | None:
    """The LibreOffice program, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    """LibreOffice is installed, so a PDF can be made."""
    return soffice() is not None


def summary_pdf(docx: bytes) -> bytes | None:
    """The PDF of the Word document ``docx``; None when LibreOffice is not installed.

    Each conversion has its own directory and its own LibreOffice profile: two conversions
    sharing a profile would find it locked and one of them would fail or wait."""
    program = soffice()
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="houqin-pdf-") as tmp:
        work = Path(tmp)
        source = work / "summary.docx"
        source.write_bytes(_line_grid_only(docx))
        _profile(work / "profile")
        _convert(program, source, work)
        target = work / "summary.pdf"
        if not target.is_file():
            raise PdfConversionError("LibreOffice produced no PDF for the summary.")
        return target.read_bytes()


def _line_grid_only(docx: bytes) -> bytes:
    """The document with its grid of lines and characters made a grid of lines.

    LibreOffice ignores w:charSpace and gives each 3号 character two cells of a character grid,
    which spreads the text to 14 characters a line; on a line grid it sets the 28.95 pt lines
    and lets justification fill the 156 mm line (27 characters and a little spacing)."""
    source, out = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b'w:type="linesAndChars"', b'w:type="lines"')
            target.writestr(item, data)
    return out.getvalue()


def _profile(profile: Path) -> None:
    """A fresh LibreOffice profile whose font replacement table holds ``SUBSTITUTES``."""
    item = '<item oor:path="/org.openoffice.Office.Common/Font/Substitution{path}">{body}</item>'
    prop = '<prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop>'
    items = [item.format(path="", body=prop.format(name="Replacement", value="true"))]
    for n, (font, substitute) in enumerate(SUBSTITUTES.items()):
        props = "".join(
            prop.format(name=name, value=value)
            for name, value in (
                ("Always", "true"),
                ("OnScreenOnly", "false"),
                ("ReplaceFont", font),
                ("SubstituteFont", substitute),
            )
        )
        body = f'<node oor:name="_{n}" oor:op="replace">{props}</node>'
        items.append(item.format(path="/FontPairs", body=body))
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items)
        + "\n</oor:items>\n",
        encoding="utf-8",
    )


def _convert(program: str, source: Path, work: Path) -> None:
    command = [
        program,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        str(source),
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False, cwd=work)
    except subprocess.TimeoutExpired as exc:
        raise PdfConversionError(
            f"LibreOffice did not convert the summary to PDF within {TIMEOUT} s."
        ) from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()[:500]
        raise PdfConversionError(
            f"LibreOffice failed to convert the summary to PDF ({done.returncode}): {message}"
        )
