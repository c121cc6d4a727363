"""The leadership dashboard (驾驶舱)."""

from django.http import Http404


def cockpit(request):
    raise Http404
