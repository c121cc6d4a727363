"""The annual work summary page and the editor of its wording."""

from django.http import Http404


def summary_page(request):
    raise Http404


def wording_list(request):
    raise Http404


def wording_edit(request, pk):
    raise Http404


def wording_preview(request, pk):
    raise Http404


def wording_move(request, pk):
    raise Http404


def wording_toggle(request, pk):
    raise Http404
