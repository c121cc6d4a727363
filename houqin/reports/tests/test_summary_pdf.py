"""The summary as PDF through LibreOffice; in CI LibreOffice is installed and this must run."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from houqin.reports.summary.docx import summary_docx
from houqin.reports.summary.pdf import pdf_available, summary_pdf
from houqin.reports.tests.summary_sample import sample_summary

pytestmark = pytest.mark.skipif(
    not pdf_available() and not os.environ.get("CI"), reason="LibreOffice is not installed"
)


def test_pdf_first_page_renders_and_carries_the_title(tmp_path):
    pdf = summary_pdf(summary_docx(sample_summary()))
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    assert list(tmp_path.glob("p*.png"))
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "机关后勤工作总结" in text.replace(" ", "")


def test_no_libreoffice_gives_none(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert summary_pdf(b"not used") is None


@pytest.mark.django_db
def test_pdf_view_without_libreoffice_is_a_404_message_page(client, personas, monkeypatch):
    from django.urls import reverse

    from houqin.reports.views import documents

    monkeypatch.setattr(documents, "pdf_available", lambda: False)
    url = reverse("reports:summary_pdf")
    client.force_login(personas.nobody)
    assert client.get(url, {"site": "main"}).status_code == 403
    client.force_login(personas.leader)
    response = client.get(url, {"site": "main"})
    assert response.status_code == 404
    assert b"LibreOffice" in response.content


def test_no_number_is_broken_across_lines(tmp_path):
    """Numbers placed at every position of a line: no line of the PDF ends inside a number
    (LibreOffice broke "2|006年" while the document gave zh-CN as its western language)."""
    import dataclasses
    import itertools
    import re

    from houqin.reports.summary.structure import Part, Point

    points = [
        Point(f"p{k}", "一是", "", "字" * k + "2006年合格率达98.8%，登记来访人员13394人次。")
        for k in range(28)
    ]
    summary = dataclasses.replace(
        sample_summary(), parts=[Part("numbers", "一、", "数字", "", points)], charts=[]
    )
    path = tmp_path / "numbers.pdf"
    path.write_bytes(summary_pdf(summary_docx(summary)))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    broken = [
        (a, b)
        for a, b in itertools.pairwise(lines)
        if re.search(r"[0-9.]$", a) and re.match(r"[0-9.%]", b)
    ]
    assert broken == []
