from dataclasses import asdict

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from houqin.core.models import Site
from houqin.core.permissions import has_perm_at
from houqin.reports.queries import REPORT_PERM, annual_report, report_sites
from houqin.reports.summary.build import summary_build


class AnnualQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    site = serializers.CharField(required=False, allow_blank=True, max_length=20)


def report_query(
    request, serializer_class, *, one_site_as_site: bool = False
) -> tuple[dict, list[int] | None, Site | None]:
    """The checked query (year, site) of a report endpoint and the sites it covers: 403 without
    the permission to read reports, 400 for a bad query, 404 for a site the user may not see."""
    if not has_perm_at(request.user, REPORT_PERM):
        raise PermissionDenied()
    query = serializer_class(data=request.query_params)
    if not query.is_valid():
        raise ValidationError(query.errors)
    try:
        site_ids, site = report_sites(
            request.user, query.validated_data.get("site"), one_site_as_site=one_site_as_site
        )
    except Site.DoesNotExist as exc:
        raise NotFound(_("No such site, or you may not see it.")) from exc
    return query.validated_data, site_ids, site


class AnnualReportView(APIView):
    """The annual report in the contract of SPEC §3: ``{"year", "site", "metrics"}``."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, required=True),
            OpenApiParameter("site", OpenApiTypes.STR, description="site code; empty: all sites"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        query, site_ids, site = report_query(request, AnnualQuery)
        return Response(annual_report(year=query["year"], site_ids=site_ids, site=site))


class SummaryQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    site = serializers.CharField(required=False, allow_blank=True, max_length=20)


class SummaryView(APIView):
    """The annual work summary: ``{"year", "site_code", "organisation", "title", "opening",
    "parts": [{"key", "number", "heading", "intro", "points": [{"key", "number", "lead",
    "text"}]}], "charts": [{"key", "title", "kind", "categories", "series", "unit"}]}``.
    The year defaults to last year."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="default: last year"),
            OpenApiParameter("site", OpenApiTypes.STR, description="site code; empty: all sites"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        query, site_ids, site = report_query(request, SummaryQuery, one_site_as_site=True)
        year = query.get("year") or timezone.localdate().year - 1
        return Response(asdict(summary_build(year=year, site_ids=site_ids, site=site)))
