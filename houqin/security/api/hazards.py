"""API of cameras, alarms, hazards and incidents: a ViewSet is queryset + serializer +
filterset; raising, verifying, reporting, rectifying, following up and closing go through the
services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Department, Location, Site
from houqin.security.choices import (
    AlarmResult,
    AlarmSource,
    HazardCategory,
    HazardGrade,
    IncidentKind,
)
from houqin.security.filtersets.hazards import (
    AlarmFilterSet,
    CameraFilterSet,
    HazardFilterSet,
    IncidentFilterSet,
)
from houqin.security.models import Alarm, Camera, Hazard, Incident
from houqin.security.queries.hazards import alarms_open_first
from houqin.security.services import hazards as services


def _site(code: str) -> Site:
    site = Site.objects.filter(code=code, is_active=True).first()
    if site is None:
        raise ValidationError({"site": [_("No site has this code.")]})
    return site


class SiteCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Site.objects.filter(is_active=True), **kwargs)


# Cameras ---------------------------------------------------------------------------------------


class CameraSerializer(serializers.ModelSerializer):
    site = SiteCodeField()
    location = SiteRelatedField(Location, required=False, allow_null=True)

    class Meta:
        model = Camera
        fields = ["id", "site", "code", "name", "location", "kind", "recorder", "channel", "status"]


class CameraViewSet(SiteScopedViewSet):
    queryset = Camera.objects.select_related("site")
    serializer_class = CameraSerializer
    filterset_class = CameraFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer):
        self.check_site(serializer.validated_data["site"])
        camera = Camera(**serializer.validated_data)
        serializer.instance = services.camera_save(camera=camera, by=self.request.user)

    def perform_update(self, serializer):
        camera = serializer.instance
        site = serializer.validated_data.pop("site", camera.site)
        if site.pk != camera.site_id:
            raise ValidationError({"site": [_("The site of a camera cannot be changed.")]})
        for key, value in serializer.validated_data.items():
            setattr(camera, key, value)
        services.camera_save(camera=camera, by=self.request.user)


# Alarms ----------------------------------------------------------------------------------------


class AlarmSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    source = serializers.CharField(read_only=True)
    camera = serializers.IntegerField(source="camera_id", read_only=True)
    location = serializers.IntegerField(source="location_id", read_only=True)
    raised_at = serializers.DateTimeField(read_only=True)
    description = serializers.CharField(read_only=True)
    assigned_to = serializers.IntegerField(source="assigned_to_id", read_only=True)
    status = serializers.CharField(read_only=True)
    result = serializers.CharField(read_only=True)
    verified_at = serializers.DateTimeField(read_only=True)
    verified_by = serializers.IntegerField(source="verified_by_id", read_only=True)
    verification_note = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class AlarmRaiseSerializer(InputSerializer):
    site = serializers.CharField(max_length=20, help_text="site code")
    source = serializers.ChoiceField(choices=AlarmSource.choices)
    description = serializers.CharField(max_length=500)
    camera = SiteRelatedField(Camera, required=False, allow_null=True)
    location = SiteRelatedField(Location, required=False, allow_null=True)
    raised_at = serializers.DateTimeField(required=False, allow_null=True)


class AlarmVerifySerializer(InputSerializer):
    result = serializers.ChoiceField(choices=AlarmResult.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    hazard_category = serializers.ChoiceField(
        choices=HazardCategory.choices, required=False, allow_null=True
    )
    incident_kind = serializers.ChoiceField(
        choices=IncidentKind.choices, required=False, allow_null=True
    )


class WorkflowViewSet(SiteScopedViewSet):
    """A ViewSet whose workflow actions restrict the queryset to the sites where the caller
    holds that action's permission (another site's record reads as 404)."""

    action_perms: dict[str, str] = {}

    def get_queryset(self):
        if self.action in self.action_perms:
            return self.queryset.restrict(self.request.user, self.action_perms[self.action])
        return super().get_queryset()


class AlarmViewSet(WorkflowViewSet):
    """Alarms and sightings. POST raises one (the duty officer on shift is assigned);
    ``verify`` records the result once."""

    queryset = Alarm.objects.select_related("site")
    serializer_class = AlarmSerializer
    filterset_class = AlarmFilterSet
    http_method_names = ["get", "post", "head", "options"]
    required_perms = {"verify": "security.verify_alarm"}
    action_perms = {"verify": "verify"}

    def get_queryset(self):
        queryset = super().get_queryset()
        return alarms_open_first(queryset) if self.action == "list" else queryset

    @extend_schema(request=AlarmRaiseSerializer, responses={201: AlarmSerializer})
    def create(self, request, *args, **kwargs):
        data = AlarmRaiseSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        site = _site(d.pop("site"))
        self.check_site(site)
        alarm = services.alarm_raise(site=site, by=request.user, **d)
        return Response(AlarmSerializer(alarm).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AlarmVerifySerializer, responses=AlarmSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Record the verification: false alarm, hazard (opens one) or incident (registers
        one)."""
        alarm = self.get_object()
        data = AlarmVerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alarm = services.alarm_verify(alarm=alarm, by=request.user, **data.validated_data)
        return Response(AlarmSerializer(alarm).data)


# Hazards ---------------------------------------------------------------------------------------


class HazardSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    source = serializers.CharField(read_only=True)
    location = serializers.IntegerField(source="location_id", read_only=True)
    place = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    category = serializers.CharField(read_only=True)
    grade = serializers.CharField(read_only=True)
    found_at = serializers.DateTimeField(read_only=True)
    owner_department = serializers.IntegerField(source="owner_department_id", read_only=True)
    deadline = serializers.DateField(read_only=True)
    status = serializers.CharField(read_only=True)
    rectification = serializers.CharField(read_only=True)
    rectified_at = serializers.DateTimeField(read_only=True)
    rectified_by = serializers.IntegerField(source="rectified_by_id", read_only=True)
    verified_at = serializers.DateTimeField(read_only=True)
    verified_by = serializers.IntegerField(source="verified_by_id", read_only=True)
    escalated_at = serializers.DateTimeField(read_only=True)
    alarm = serializers.IntegerField(source="alarm_id", read_only=True)
    camera = serializers.IntegerField(source="camera_id", read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class HazardReportSerializer(InputSerializer):
    site = serializers.CharField(max_length=20, help_text="site code")
    description = serializers.CharField(max_length=500)
    category = serializers.ChoiceField(choices=HazardCategory.choices)
    grade = serializers.ChoiceField(choices=HazardGrade.choices, default=HazardGrade.ORDINARY)
    location = SiteRelatedField(Location, required=False, allow_null=True)
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    found_at = serializers.DateTimeField(required=False, allow_null=True)
    photo = serializers.FileField(required=False, allow_null=True)


class HazardAssignSerializer(InputSerializer):
    owner_department = SiteRelatedField(Department)
    deadline = serializers.DateField()
    grade = serializers.ChoiceField(choices=HazardGrade.choices)


class HazardRectifySerializer(InputSerializer):
    rectification = serializers.CharField(max_length=5000)
    photo = serializers.FileField(required=False, allow_null=True)


class HazardVerifySerializer(InputSerializer):
    accepted = serializers.BooleanField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class HazardViewSet(WorkflowViewSet):
    """Safety hazards. POST reports one (multipart for a photo); ``assign``, ``rectify`` and
    ``verify`` move it on, the verifier always a second person."""

    queryset = Hazard.objects.select_related("site")
    serializer_class = HazardSerializer
    filterset_class = HazardFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "head", "options"]
    required_perms = {
        "assign": "security.change_hazard",
        "rectify": "security.rectify_hazard",
        "verify": "security.verify_hazard",
    }
    action_perms = {"assign": "change", "rectify": "rectify", "verify": "verify"}

    @extend_schema(request=HazardReportSerializer, responses={201: HazardSerializer})
    def create(self, request, *args, **kwargs):
        data = HazardReportSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        site = _site(d.pop("site"))
        self.check_site(site)
        hazard = services.hazard_report(site=site, by=request.user, **d)
        return Response(HazardSerializer(hazard).data, status=status.HTTP_201_CREATED)

    def _step(self, serializer_class, service, **extra):
        hazard = self.get_object()
        data = serializer_class(data=self.request.data, context={"request": self.request})
        data.is_valid(raise_exception=True)
        hazard = service(hazard=hazard, by=self.request.user, **data.validated_data, **extra)
        return Response(HazardSerializer(hazard).data)

    @extend_schema(request=HazardAssignSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Set the responsible department, the deadline and the grade."""
        return self._step(HazardAssignSerializer, services.hazard_assign)

    @extend_schema(request=HazardRectifySerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        """Record the rectification (optionally with a photo)."""
        return self._step(HazardRectifySerializer, services.hazard_rectify)

    @extend_schema(request=HazardVerifySerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Accept (close) or reject the rectification; refused to the rectifier."""
        return self._step(HazardVerifySerializer, services.hazard_verify)


# Incidents -------------------------------------------------------------------------------------


class IncidentSerializer(serializers.ModelSerializer):
    site = SiteCodeField()
    location = SiteRelatedField(Location, required=False, allow_null=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "number",
            "site",
            "kind",
            "occurred_at",
            "location",
            "place",
            "description",
            "losses",
            "reported_to_police",
            "follow_up",
            "status",
            "closed_at",
            "alarm",
            "voided_at",
        ]
        read_only_fields = ["number", "follow_up", "status", "closed_at", "alarm", "voided_at"]


class FollowUpSerializer(InputSerializer):
    text = serializers.CharField(max_length=2000)


class CloseSerializer(InputSerializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class IncidentViewSet(SiteScopedViewSet):
    """The incident register: criminal cases, safety accidents and other events."""

    queryset = Incident.objects.select_related("site")
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    required_perms = {
        "follow_up": "security.change_incident",
        "close": "security.change_incident",
    }

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        self.check_site(d["site"])
        serializer.instance = services.incident_register(by=self.request.user, **d)

    def perform_update(self, serializer):
        d = dict(serializer.validated_data)
        site = d.pop("site", serializer.instance.site)
        if site.pk != serializer.instance.site_id:
            raise ValidationError({"site": [_("The site of an incident cannot be changed.")]})
        services.incident_update(incident=serializer.instance, by=self.request.user, changes=d)

    @extend_schema(request=FollowUpSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """Add a dated line to the follow-up."""
        incident = self.get_object()
        data = FollowUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = services.incident_follow_up(
            incident=incident, by=request.user, **data.validated_data
        )
        return Response(IncidentSerializer(incident).data)

    @extend_schema(request=CloseSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the incident (an optional closing note is added to the follow-up)."""
        incident = self.get_object()
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = services.incident_close(
            incident=incident, by=request.user, **data.validated_data
        )
        return Response(IncidentSerializer(incident).data)


def register(router) -> None:
    """Add this subject's endpoints to the security router."""
    router.register("cameras", CameraViewSet, basename="camera")
    router.register("alarms", AlarmViewSet, basename="alarm")
    router.register("hazards", HazardViewSet, basename="hazard")
    router.register("incidents", IncidentViewSet, basename="incident")
