"""API of meters and tariffs (read only): collectors look meters up by code; the tariff shows
its dated prices."""

from __future__ import annotations

import django_filters as filters
from rest_framework import serializers

from houqin.core.api.viewsets import SiteScopedViewSet
from houqin.core.filtersets import SiteScopedFilterSet
from houqin.energy.choices import EnergyType
from houqin.energy.models import Meter, Tariff, TariffPrice


class MeterSerializer(serializers.ModelSerializer):
    site = serializers.CharField(source="site.code", read_only=True)
    building = serializers.CharField(source="building.code", read_only=True)
    parent = serializers.CharField(source="parent.code", read_only=True, default=None)
    tariff = serializers.CharField(source="tariff.code", read_only=True, default=None)

    class Meta:
        model = Meter
        fields = ["id", "site", "code", "name", "energy_type", "building", "floor", "department",
                  "parent", "tariff", "serial", "multiplier", "rollover_at", "jump_factor",
                  "is_active"]  # fmt: skip
        read_only_fields = fields


class MeterApiFilterSet(SiteScopedFilterSet):
    code = filters.CharFilter()
    energy_type = filters.ChoiceFilter(choices=EnergyType.choices)

    class Meta:
        model = Meter
        fields = ["site", "code", "energy_type", "building", "is_active"]


class MeterViewSet(SiteScopedViewSet):
    """Meters of the caller's sites."""

    queryset = Meter.objects.select_related("site", "building", "parent", "tariff")
    serializer_class = MeterSerializer
    filterset_class = MeterApiFilterSet
    http_method_names = ["get", "head", "options"]


class PriceSerializer(serializers.ModelSerializer):
    class Meta:
        model = TariffPrice
        fields = ["valid_from", "period", "starts", "ends", "price"]


class TariffSerializer(serializers.ModelSerializer):
    site = serializers.CharField(source="site.code", read_only=True)
    prices = PriceSerializer(many=True, read_only=True)

    class Meta:
        model = Tariff
        fields = ["id", "site", "code", "name", "energy_type", "is_time_of_use", "note", "prices"]
        read_only_fields = fields


class TariffViewSet(SiteScopedViewSet):
    """Tariffs with their prices, newest first."""

    queryset = Tariff.objects.select_related("site").prefetch_related("prices")
    serializer_class = TariffSerializer
    http_method_names = ["get", "head", "options"]


def register(router) -> None:
    """Add this subject's endpoints to the app router."""
    router.register("meters", MeterViewSet, basename="meter")
    router.register("tariffs", TariffViewSet, basename="tariff")
