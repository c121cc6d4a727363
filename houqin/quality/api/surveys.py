"""API of the staff surveys (read) and of the satisfaction figures of a year."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from houqin.core.api.viewsets import ReadSerializer
from houqin.core.permissions import SitePermission
from houqin.quality.filtersets.surveys import SurveyFilterSet
from houqin.quality.models import Survey
from houqin.quality.queries.surveys import satisfaction_site_ids
from houqin.quality.satisfaction import satisfaction_by_month, satisfaction_totals
from houqin.reports.registry import year_bounds


class SurveySerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    title = serializers.CharField(read_only=True)
    audience = serializers.CharField(read_only=True)
    services = serializers.ListField(child=serializers.CharField(), read_only=True)
    opens_at = serializers.DateTimeField(read_only=True)
    closes_at = serializers.DateTimeField(read_only=True)
    status = serializers.CharField(read_only=True)
    invited = serializers.IntegerField(read_only=True)
    answered = serializers.IntegerField(read_only=True)


class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The surveys of the caller's sites, with how many were invited and answered."""

    queryset = Survey.objects.select_related("site").annotate(
        invited=Count("invitations"),
        answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False)),
    )
    serializer_class = SurveySerializer
    filterset_class = SurveyFilterSet
    permission_classes = [SitePermission]

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, "view").order_by("-opens_at", "pk")


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class SatisfactionViewSet(viewsets.GenericViewSet):
    """Satisfaction of a year: per service and overall, and per month."""

    queryset = Survey.objects.all()
    permission_classes = [SitePermission]
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=dict)
    def list(self, request):
        data = YearSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        year = data.validated_data.get("year") or timezone.localdate().year
        start, end = year_bounds(year)
        site_ids = satisfaction_site_ids(request)
        totals = satisfaction_totals(site_ids=site_ids, start=start, end=end)
        months = satisfaction_by_month(site_ids=site_ids, start=start, end=end)
        return Response(
            {
                "year": year,
                "services": [{**row, "label": str(row["label"])} for row in totals["services"]],
                "overall": totals["overall"],
                "months": [{"month": f"{m['month']:%Y-%m}", **m["overall"]} for m in months],
                "note": _("A rating of 4 or 5 of 5 counts as satisfied."),
            }
        )


def register(router) -> None:
    """Add this subject's endpoints to the router."""
    router.register("surveys", SurveyViewSet, basename="survey")
    router.register("satisfaction", SatisfactionViewSet, basename="satisfaction")
