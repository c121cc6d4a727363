"""The annual work summary as a Word document and as PDF."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from houqin.core.permissions import has_perm_at
from houqin.reports.queries import REPORT_PERM
from houqin.reports.summary.docx import summary_docx as docx_bytes
from houqin.reports.summary.pdf import PdfConversionError, pdf_available
from houqin.reports.summary.pdf import summary_pdf as pdf_bytes
from houqin.reports.summary.structure import Summary
from houqin.reports.views.scope import report_scope, summary_year

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def summary_file_name(summary: Summary, extension: str) -> str:
    """``2006年机关后勤工作总结-main.docx`` (``-all`` for every site)."""
    return f"{summary.title}-{summary.site_code or 'all'}.{extension}"


def chosen_summary(request) -> Summary:
    """The summary of the year (default last year) and site asked for, after the checks."""
    site_ids, site = report_scope(request, one_site_as_site=True)
    year = summary_year(request)
    from houqin.reports.summary.build import summary_build

    return summary_build(year=year, site_ids=site_ids, site=site)


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download; the Chinese file name as RFC 5987 ``filename*`` with an ASCII fallback."""
    response = HttpResponse(content, content_type=content_type)
    fallback = filename.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f"attachment; filename=\"summary.{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


@login_required
def summary_docx(request):
    """The summary as a Word document (GB/T 9704-2012 layout)."""
    summary = chosen_summary(request)
    return attachment(docx_bytes(summary), DOCX_TYPE, summary_file_name(summary, "docx"))


@login_required
def summary_pdf(request):
    """The summary as PDF; a message page (404) when LibreOffice is not installed."""
    if not has_perm_at(request.user, REPORT_PERM):
        raise PermissionDenied
    if not pdf_available():
        message = _(
            "LibreOffice is not installed on the server, so the summary cannot be converted "
            "to PDF. Download the Word document instead."
        )
        return unavailable(request, message, status=404)
    summary = chosen_summary(request)
    try:
        content = pdf_bytes(docx_bytes(summary))
    except PdfConversionError:
        message = _("The conversion to PDF failed. Download the Word document instead.")
        return unavailable(request, message, status=503)
    return attachment(content, "application/pdf", summary_file_name(summary, "pdf"))


def unavailable(request, message: str, *, status: int):
    return render(
        request,
        "reports/document_unavailable.html",
        {"title": _("PDF not available"), "message": message},
        status=status,
    )
