"""API of the cleaning subject: zones and zone rectifications (list, read)."""

from __future__ import annotations

from rest_framework import serializers

from houqin.core.api.viewsets import ReadSerializer, SiteScopedViewSet
from houqin.environment.filtersets.cleaning import ZoneFilterSet, ZoneRectificationFilterSet
from houqin.environment.models import CleaningZone, ZoneRectification


class ZoneSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    location = serializers.IntegerField(source="location_id", read_only=True)
    responsible = serializers.IntegerField(source="responsible_id", read_only=True)
    responsible_name = serializers.CharField(source="responsible.name", read_only=True)
    standard = serializers.CharField(read_only=True)
    area_m2 = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True)
    checkpoint = serializers.IntegerField(source="checkpoint_id", read_only=True)
    is_active = serializers.BooleanField(read_only=True)


class ZoneRectificationSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    zone = serializers.IntegerField(source="zone_id", read_only=True)
    round = serializers.IntegerField(source="round_id", read_only=True)
    item_text = serializers.CharField(read_only=True)
    responsible = serializers.IntegerField(source="responsible_id", read_only=True)
    deadline = serializers.DateField(read_only=True)
    status = serializers.CharField(read_only=True)
    rectified_at = serializers.DateTimeField(read_only=True)
    rectify_note = serializers.CharField(read_only=True)
    rechecked_at = serializers.DateTimeField(read_only=True)
    recheck_note = serializers.CharField(read_only=True)
    recheck_failures = serializers.IntegerField(read_only=True)


class ZoneViewSet(SiteScopedViewSet):
    queryset = CleaningZone.objects.select_related("site", "responsible")
    serializer_class = ZoneSerializer
    filterset_class = ZoneFilterSet
    http_method_names = ["get", "head", "options"]
    ordering = ["code"]


class ZoneRectificationViewSet(SiteScopedViewSet):
    queryset = ZoneRectification.objects.select_related("site")
    serializer_class = ZoneRectificationSerializer
    filterset_class = ZoneRectificationFilterSet
    http_method_names = ["get", "head", "options"]
    ordering_fields = ["deadline"]
    ordering = ["deadline", "pk"]


def register(router) -> None:
    """Add this subject's endpoints to the app's router."""
    router.register("zones", ZoneViewSet, basename="cleaningzone")
    router.register("zone-rectifications", ZoneRectificationViewSet, basename="zonerectification")
