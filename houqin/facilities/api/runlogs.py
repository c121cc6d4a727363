"""runlogs API: run logs (read, record one shift of several units, void) and the operating
shifts. Writes go through the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Person, Site
from houqin.facilities.choices import RunStatus
from houqin.facilities.filtersets.runlogs import OperatingShiftFilterSet, RunLogFilterSet
from houqin.facilities.models import Equipment, OperatingShift, RunLog
from houqin.facilities.services import runlogs as services

MAX_ENTRIES = 100


class RunLogSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    equipment = serializers.IntegerField(source="equipment_id", read_only=True)
    system = serializers.CharField(read_only=True)
    shift_date = serializers.DateField(read_only=True)
    shift = serializers.IntegerField(source="shift_id", read_only=True)
    started_at = serializers.DateTimeField(read_only=True)
    ended_at = serializers.DateTimeField(read_only=True)
    operator = serializers.IntegerField(source="operator_id", read_only=True)
    readings = serializers.DictField(read_only=True)
    status = serializers.CharField(read_only=True)
    anomaly = serializers.CharField(read_only=True)
    is_accident = serializers.BooleanField(read_only=True)
    work_order = serializers.IntegerField(source="work_order_id", read_only=True)
    work_order_number = serializers.CharField(source="work_order.number", read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class RunEntrySerializer(InputSerializer):
    equipment = SiteRelatedField(Equipment)
    readings = serializers.DictField(
        child=serializers.JSONField(), required=False, default=dict, help_text="code → value"
    )
    status = serializers.ChoiceField(choices=RunStatus.choices, default=RunStatus.NORMAL)
    anomaly = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    is_accident = serializers.BooleanField(required=False, default=False)
    open_work_order = serializers.BooleanField(required=False, default=False)


class RunShiftSerializer(serializers.Serializer):
    """One shift of one site and the logs of its units (a plain Serializer: the nested entries
    need the request in their context)."""

    site = serializers.CharField(max_length=20, help_text="site code")
    shift_date = serializers.DateField()
    shift = SiteRelatedField(OperatingShift)
    operator = SiteRelatedField(Person, required=False, allow_null=True)
    entries = RunEntrySerializer(many=True, min_length=1, max_length=MAX_ENTRIES)


def flat_errors(errors, prefix: str = "") -> dict:
    """Nested serializer errors as ``{"entries.1.equipment": [...]}`` (the one error format)."""
    if isinstance(errors, dict):
        items = errors.items()
    elif errors and all(isinstance(e, dict | list) for e in errors):
        items = enumerate(errors)
    else:
        return {prefix or "non_field_errors": [str(e) for e in errors]}
    flat = {}
    for key, value in items:
        if value:
            flat.update(flat_errors(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


def _site(code: str) -> Site:
    site = Site.objects.filter(code=code, is_active=True).first()
    if site is None:
        raise ValidationError({"site": [_("No site has this code.")]})
    return site


class RunLogViewSet(SiteScopedViewSet):
    """Run logs. POST records one shift: ``entries`` holds one log per unit, all or nothing;
    an abnormal entry with ``open_work_order`` opens a work order. ``void`` voids a log."""

    queryset = RunLog.objects.select_related("site", "work_order")
    serializer_class = RunLogSerializer
    filterset_class = RunLogFilterSet
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=RunShiftSerializer, responses={201: RunLogSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        data = RunShiftSerializer(data=request.data, context={"request": request})
        if not data.is_valid():
            raise serializers.ValidationError(flat_errors(data.errors))
        d = data.validated_data
        site = _site(d["site"])
        self.check_site(site)
        logs = services.run_logs_record(
            site=site,
            shift_date=d["shift_date"],
            shift=d["shift"],
            by=request.user,
            operator=d.get("operator"),
            entries=[services.RunEntry(**entry) for entry in d["entries"]],
        )
        body = RunLogSerializer(logs, many=True).data
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_void(self, obj, reason: str) -> None:
        services.run_log_void(log=obj, by=self.request.user, reason=reason)


class OperatingShiftSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(
        slug_field="code", queryset=Site.objects.filter(is_active=True)
    )

    class Meta:
        model = OperatingShift
        fields = ["id", "site", "name", "start_time", "hours", "position", "is_active"]


class OperatingShiftViewSet(SiteScopedViewSet):
    """The plant rooms' operating shifts (managers change them)."""

    queryset = OperatingShift.objects.select_related("site")
    serializer_class = OperatingShiftSerializer
    filterset_class = OperatingShiftFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    void = None  # shifts are made inactive, never voided: no void endpoint

    def perform_create(self, serializer):
        self.check_site(serializer.validated_data["site"])
        shift = OperatingShift(**serializer.validated_data)
        serializer.instance = services.operating_shift_save(shift=shift, by=self.request.user)

    def perform_update(self, serializer):
        shift = serializer.instance
        site = serializer.validated_data.pop("site", shift.site)
        if site.pk != shift.site_id:
            raise ValidationError({"site": [_("The site of a shift cannot be changed.")]})
        for key, value in serializer.validated_data.items():
            setattr(shift, key, value)
        services.operating_shift_save(shift=shift, by=self.request.user)


def register(router) -> None:
    """Add this subject's endpoints to the facilities router."""
    router.register("runlogs", RunLogViewSet, basename="runlog")
    router.register("shifts", OperatingShiftViewSet, basename="operatingshift")
