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


class AnnualQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    site = serializers.CharField(required=False, allow_blank=True, max_length=20)


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
        if not has_perm_at(request.user, REPORT_PERM):
            raise PermissionDenied()
        query = AnnualQuery(data=request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        try:
            site_ids, site = report_sites(request.user, query.validated_data.get("site"))
        except Site.DoesNotExist as exc:
            raise NotFound(_("No such site, or you may not see it.")) from exc
        return Response(
            annual_report(year=query.validated_data["year"], site_ids=site_ids, site=site)
        )
