"""API of vector control: the standards with their thresholds (read), density surveys (list,
read, record — the response carries each indicator and the level), control actions (list,
record). Writes go through the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, SiteScopedViewSet
from houqin.core.models import Location, Site
from houqin.core.permissions import has_perm_at
from houqin.environment import levels
from houqin.environment.choices import ControlMethod, Pest
from houqin.environment.filtersets.pests import PestControlActionFilterSet, PestSurveyFilterSet
from houqin.environment.models import (
    PestControlAction,
    PestStandard,
    PestSurvey,
    PestThreshold,
)
from houqin.environment.queries.pests import survey_counts_of, with_levels
from houqin.environment.services import pests as services

COUNT_NAMES = list(dict.fromkeys(n for p in Pest.values for n in levels.count_fields(p)))


class ThresholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = PestThreshold
        fields = [
            "indicator",
            "limit_a",
            "limit_b",
            "limit_c",
            "strict",
            "clause",
            "confidence",
            "evidence",
        ]


class StandardSerializer(serializers.ModelSerializer):
    thresholds = ThresholdSerializer(many=True, read_only=True)

    class Meta:
        model = PestStandard
        fields = [
            "id",
            "code",
            "edition",
            "pest",
            "title",
            "in_force_from",
            "superseded_on",
            "source",
            "note",
            "thresholds",
        ]


class CanViewStandards(BasePermission):
    """Standards are national: the view permission at any site opens them."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated) and has_perm_at(
            user, "environment.view_peststandard"
        )


class StandardViewSet(viewsets.ReadOnlyModelViewSet):
    """The density-control standards, each with its thresholds."""

    queryset = PestStandard.objects.prefetch_related("thresholds").order_by(
        "pest", "-in_force_from"
    )
    serializer_class = StandardSerializer
    permission_classes = [CanViewStandards]


def _indicators(survey: PestSurvey) -> list[dict]:
    counts = survey_counts_of(survey)
    return [
        {
            "code": ind.code,
            "label": str(ind.label),
            "unit": str(ind.unit),
            "value": None if (v := levels.indicator_value(ind, counts)) is None else str(v),
            "level": survey.levels.get(ind.code),
        }
        for ind in levels.indicators_of(survey.pest)
    ]


class SurveySerializer(serializers.Serializer):
    """A survey as read: its counts, each indicator (value, level) and the overall level."""

    def to_representation(self, survey):
        return {
            "id": survey.pk,
            "number": survey.number,
            "site": survey.site.code,
            "pest": survey.pest,
            "surveyed_on": survey.surveyed_on.isoformat(),
            "standard": str(survey.standard),
            "is_recheck": survey.is_recheck,
            "scope": survey.scope,
            "counts": survey_counts_of(survey),
            "indicators": _indicators(survey),
            "level": survey.level,
            "voided_at": survey.voided_at.isoformat() if survey.voided_at else None,
        }


class SurveyInputSerializer(InputSerializer):
    site = serializers.CharField(max_length=20, help_text="site code")
    pest = serializers.ChoiceField(choices=Pest.choices)
    surveyed_on = serializers.DateField()
    is_recheck = serializers.BooleanField(required=False, default=False)
    scope = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    counts = serializers.DictField(
        child=serializers.IntegerField(min_value=0, allow_null=True),
        help_text="count field → whole number",
    )


def _site(code: str) -> Site:
    site = Site.objects.filter(code=code, is_active=True).first()
    if site is None:
        raise ValidationError({"site": [_("No site has this code.")]})
    return site


class SurveyViewSet(SiteScopedViewSet):
    """Density surveys. POST records one under the standard in force on its date."""

    queryset = PestSurvey.objects.select_related("site", "standard")
    serializer_class = SurveySerializer
    filterset_class = PestSurveyFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(SurveySerializer(with_levels(page), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(SurveySerializer(with_levels([self.get_object()])[0]).data)

    @extend_schema(request=SurveyInputSerializer, responses={201: SurveySerializer})
    def create(self, request, *args, **kwargs):
        data = SurveyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        site = _site(d.pop("site"))
        self.check_site(site)
        survey = services.survey_record(site=site, by=request.user, **d)
        body = SurveySerializer(with_levels([survey])[0]).data
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_void(self, obj, reason: str) -> None:
        services.survey_void(survey=obj, by=self.request.user, reason=reason)


class ActionSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(
        slug_field="code", queryset=Site.objects.filter(is_active=True)
    )
    location = SiteRelatedField(Location, required=False, allow_null=True)
    pest = serializers.ChoiceField(choices=Pest.choices)
    method = serializers.ChoiceField(choices=ControlMethod.choices)

    class Meta:
        model = PestControlAction
        fields = [
            "id",
            "number",
            "site",
            "pest",
            "done_on",
            "method",
            "agent",
            "quantity",
            "unit",
            "location",
            "area",
            "done_by",
            "note",
            "voided_at",
        ]
        read_only_fields = ["id", "number", "voided_at"]


class ActionViewSet(SiteScopedViewSet):
    """Control actions (消杀)."""

    queryset = PestControlAction.objects.select_related("site", "location")
    serializer_class = ActionSerializer
    filterset_class = PestControlActionFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        self.check_site(data["site"])
        serializer.instance = services.control_action_record(**data, by=self.request.user)

    def perform_void(self, obj, reason: str) -> None:
        services.control_action_void(action=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    """Add this subject's endpoints to the environment router."""
    router.register("pest-standards", StandardViewSet, basename="peststandard")
    router.register("pest-surveys", SurveyViewSet, basename="pestsurvey")
    router.register("pest-actions", ActionViewSet, basename="pestcontrolaction")
