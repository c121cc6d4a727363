"""The metric catalogue: every figure the system computes, what it counts, its values by year."""

from django.http import Http404


def catalogue(request):
    raise Http404
