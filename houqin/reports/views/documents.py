"""The annual work summary as a Word document and as PDF."""

from django.http import Http404


def summary_docx(request):
    raise Http404


def summary_pdf(request):
    raise Http404
