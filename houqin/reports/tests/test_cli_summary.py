"""`houqin report annual --format docx|pdf -o FILE`: the summary written as a file."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from docx import Document

from houqin.reports.tests.summary_sample import fake_build  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _restore_language():
    language = translation.get_language()
    yield
    translation.activate(language)


def test_docx_writes_a_file_python_docx_opens(personas, fake_build, tmp_path):  # noqa: F811
    target = tmp_path / "summary.docx"
    call_command(
        "report",
        "annual",
        "--year",
        "2006",
        "--site",
        "main",
        "--format",
        "docx",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    document = Document(str(target))
    assert document.paragraphs[0].text == "2006年机关后勤工作总结"
    assert fake_build[-1]["site"] == personas.site


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_document_without_output_file_is_a_clear_error(personas, fake_build, kind):  # noqa: F811
    with pytest.raises(CommandError, match="-o FILE"):
        call_command("report", "annual", "--year", "2006", "--format", kind)
