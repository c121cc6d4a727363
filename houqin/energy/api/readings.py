"""API of meter readings: the ledger with filters; POST a reading as a collector (the same
service as the page: the response carries the computed use, cost and flag); void."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from houqin.core.api.viewsets import InputSerializer, SiteScopedViewSet
from houqin.core.permissions import has_perm_at
from houqin.energy.choices import ReadingSource
from houqin.energy.filtersets.readings import ReadingFilterSet
from houqin.energy.models import Meter, Reading
from houqin.energy.services import readings as services


class ReadingSerializer(serializers.ModelSerializer):
    site = serializers.CharField(source="site.code", read_only=True)
    meter = serializers.CharField(source="meter.code", read_only=True)

    class Meta:
        model = Reading
        fields = ["id", "site", "meter", "read_at", "value", "kind", "source", "multiplier",
                  "consumption", "used_on", "cost", "rolled_over", "flag", "flag_status",
                  "flag_note", "note", "voided_at"]  # fmt: skip
        read_only_fields = fields


class ReadingInputSerializer(InputSerializer):
    meter = serializers.CharField(max_length=30, help_text="meter code")
    site = serializers.CharField(max_length=20, required=False, help_text="site code")
    read_at = serializers.DateTimeField()
    value = serializers.DecimalField(max_digits=16, decimal_places=3, min_value=0)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ReadingViewSet(SiteScopedViewSet):
    """Readings. POST records one; an implausible one comes back flagged, held for review."""

    queryset = Reading.objects.select_related("site", "meter")
    serializer_class = ReadingSerializer
    filterset_class = ReadingFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def _meter(self, data) -> Meter:
        meters = Meter.objects.filter(code=data["meter"]).select_related("site")
        if data.get("site"):
            meters = meters.filter(site__code=data["site"])
        user = self.request.user
        found = [m for m in meters if has_perm_at(user, "energy.add_reading", m.site_id)]
        if len(found) != 1:
            message = (
                _("No meter of your sites has this code.")
                if not found
                else _("Several of your sites have a meter with this code: give the site.")
            )
            raise ValidationError({"meter": [message]})
        return found[0]

    @extend_schema(request=ReadingInputSerializer, responses={201: ReadingSerializer})
    def create(self, request, *args, **kwargs):
        data = ReadingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        reading = services.reading_record(
            meter=self._meter(d), read_at=d["read_at"], value=d["value"], note=d["note"],
            by=request.user, source=ReadingSource.API,
        )  # fmt: skip
        return Response(ReadingSerializer(reading).data, status=status.HTTP_201_CREATED)

    def perform_void(self, obj, reason: str) -> None:
        services.reading_void(reading=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    """Add this subject's endpoints to the app router."""
    router.register("readings", ReadingViewSet, basename="reading")
