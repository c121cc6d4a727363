"""Procurement API: the rules as data — jurisdictions, thresholds and time limits. Every
procurement reader reads them; the procurement officer records and changes them through the
service. They belong to no site: a change is recorded at the caller's site."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from houqin.core.api.viewsets import InputSerializer, ReadSerializer
from houqin.core.permissions import SitePermission
from houqin.procurement.choices import (
    Bound,
    Confidence,
    DayKind,
    Method,
    ObjectType,
    Stage,
    ThresholdKind,
)
from houqin.procurement.filtersets.rules import (
    JurisdictionFilterSet,
    ThresholdFilterSet,
    TimeLimitFilterSet,
)
from houqin.procurement.models import Jurisdiction, Threshold, TimeLimit
from houqin.procurement.services import settings as services
from houqin.procurement.views.rules import acting_site

MONEY = {"max_digits": 14, "decimal_places": 2}


class RulePermission(SitePermission):
    """The model permission for the request, held at any site (the rows have none)."""

    def has_object_permission(self, request, view, obj):
        return self.has_permission(request, view)


class RuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [RulePermission]

    def acting_site(self):
        """The caller's site where the change is recorded."""
        return acting_site(self.request, self.queryset.model, self.write_action())

    def write_action(self) -> str:
        return "add" if self.action == "create" else "change"

    def update_with(self, data, obj, fields: list[str]):
        for name in fields:
            setattr(obj, name, data[name])
        return obj


class JurisdictionSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    level = serializers.CharField(read_only=True)
    parent = serializers.IntegerField(source="parent_id", read_only=True)


class JurisdictionViewSet(RuleViewSet):
    queryset = Jurisdiction.objects.order_by("code")
    serializer_class = JurisdictionSerializer
    filterset_class = JurisdictionFilterSet


class ThresholdSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    jurisdiction = serializers.CharField(source="jurisdiction.code", read_only=True)
    kind = serializers.CharField(read_only=True)
    object_type = serializers.CharField(read_only=True)
    amount_yuan = serializers.DecimalField(**MONEY, read_only=True)
    valid_from = serializers.DateField(read_only=True)
    valid_to = serializers.DateField(read_only=True)
    basis = serializers.CharField(read_only=True)
    confidence = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)


class ThresholdInput(InputSerializer):
    jurisdiction = serializers.SlugRelatedField(
        slug_field="code", queryset=Jurisdiction.objects.all()
    )
    kind = serializers.ChoiceField(choices=ThresholdKind.choices)
    object_type = serializers.ChoiceField(choices=ObjectType.choices)
    amount_yuan = serializers.DecimalField(**MONEY, min_value=0)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)
    basis = serializers.CharField(max_length=200)
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class ThresholdViewSet(RuleViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Thresholds (``jurisdiction``, ``kind``, ``object_type``, ``on``: in force that day)."""

    queryset = Threshold.objects.select_related("jurisdiction")
    serializer_class = ThresholdSerializer
    filterset_class = ThresholdFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=ThresholdInput, responses={201: ThresholdSerializer})
    def create(self, request, *args, **kwargs):
        data = ThresholdInput(data=request.data)
        data.is_valid(raise_exception=True)
        threshold = services.threshold_save(
            threshold=Threshold(**data.validated_data), site=self.acting_site(), by=request.user
        )
        return Response(ThresholdSerializer(threshold).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ThresholdInput, responses=ThresholdSerializer)
    def partial_update(self, request, *args, **kwargs):
        threshold = self.get_object()
        data = ThresholdInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = list(data.validated_data)
        services.threshold_save(
            threshold=self.update_with(data.validated_data, threshold, fields),
            site=self.acting_site(),
            by=request.user,
            fields=fields,
        )
        return Response(ThresholdSerializer(threshold).data)


class TimeLimitSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    methods = serializers.ListField(child=serializers.CharField(), read_only=True)
    from_stage = serializers.CharField(read_only=True)
    to_stage = serializers.CharField(read_only=True)
    bound = serializers.CharField(read_only=True)
    days = serializers.IntegerField(read_only=True)
    day_kind = serializers.CharField(read_only=True)
    basis = serializers.CharField(read_only=True)
    confidence = serializers.CharField(read_only=True)
    valid_from = serializers.DateField(read_only=True)
    valid_to = serializers.DateField(read_only=True)


class TimeLimitInput(InputSerializer):
    name = serializers.CharField(max_length=200)
    methods = serializers.ListField(
        child=serializers.ChoiceField(choices=Method.choices), allow_empty=True
    )
    from_stage = serializers.ChoiceField(choices=Stage.choices)
    to_stage = serializers.ChoiceField(choices=Stage.choices)
    bound = serializers.ChoiceField(choices=Bound.choices)
    days = serializers.IntegerField(min_value=1, max_value=3650)
    day_kind = serializers.ChoiceField(choices=DayKind.choices)
    basis = serializers.CharField(max_length=200)
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)


class TimeLimitViewSet(RuleViewSet, mixins.UpdateModelMixin):
    """The legal time limits between stages; changed (never created here) by the officer."""

    queryset = TimeLimit.objects.all()
    serializer_class = TimeLimitSerializer
    filterset_class = TimeLimitFilterSet
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(request=TimeLimitInput, responses=TimeLimitSerializer)
    def partial_update(self, request, *args, **kwargs):
        limit = self.get_object()
        data = TimeLimitInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = list(data.validated_data)
        services.time_limit_save(
            limit=self.update_with(data.validated_data, limit, fields),
            site=self.acting_site(),
            by=request.user,
            fields=fields,
        )
        return Response(TimeLimitSerializer(limit).data)


def register(router) -> None:
    """Add this subject's endpoints to the router."""
    router.register("jurisdictions", JurisdictionViewSet, basename="jurisdiction")
    router.register("thresholds", ThresholdViewSet, basename="threshold")
    router.register("time-limits", TimeLimitViewSet, basename="timelimit")
