"""API of the 24-hour duty: rosters and assignments to read, swap requests and duty logs through
the services, and the master data (posts, shifts, absences, special periods)."""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import SiteScopedViewSet
from houqin.core.models import Person, Site
from houqin.security.filtersets import duty as fs
from houqin.security.models import (
    Absence,
    Assignment,
    DutyLog,
    DutyPost,
    DutyShift,
    Roster,
    SpecialPeriod,
    SwapRequest,
)
from houqin.security.services import duty as services

SITE = {"slug_field": "code", "queryset": Site.objects.all()}


class MasterDataSerializer(serializers.ModelSerializer):
    """Related records must be of the record's own site."""

    site = serializers.SlugRelatedField(**SITE)

    def validate(self, attrs):
        site = attrs.get("site") or getattr(self.instance, "site", None)
        if self.instance is not None and "site" in attrs and attrs["site"] != self.instance.site:
            raise serializers.ValidationError(
                {"site": [_("The site of a record cannot be changed.")]}
            )
        for name, value in attrs.items():
            values = value if isinstance(value, list) else [value]
            for v in values:
                if hasattr(v, "site_id") and site is not None and v.site_id != site.pk:
                    raise serializers.ValidationError(
                        {name: [_("This choice is not at the chosen site.")]}
                    )
        self._full_clean(attrs)
        return attrs

    def _full_clean(self, attrs) -> None:
        """The model's own checks (dates in order, hours in range) as a 400, never a 500."""
        model = self.Meta.model
        many = {f.name for f in model._meta.many_to_many}
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in many:
                setattr(instance, name, value)
        try:
            instance.full_clean(exclude=many)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc


class DutyPostSerializer(MasterDataSerializer):
    class Meta:
        model = DutyPost
        fields = ["id", "site", "name", "kind", "staff_per_shift", "location", "qualified"]
        fields += ["position", "is_active"]


class DutyShiftSerializer(MasterDataSerializer):
    class Meta:
        model = DutyShift
        fields = ["id", "site", "name", "start_time", "hours", "is_night", "position", "is_active"]


class AbsenceSerializer(MasterDataSerializer):
    class Meta:
        model = Absence
        fields = ["id", "site", "person", "start_date", "end_date", "reason", "note"]


class SpecialPeriodSerializer(MasterDataSerializer):
    class Meta:
        model = SpecialPeriod
        fields = ["id", "site", "name", "start_date", "end_date"]


class RosterSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Roster
        fields = ["id", "number", "site", "month", "status", "published_at", "solve_seconds"]
        fields += ["fairness_spread", "optimality_gap", "voided_at"]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="code", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "site", "roster", "date", "shift", "post", "person", "person_name"]
        fields += ["is_leader", "starts_at", "ends_at"]
        read_only_fields = fields


class SwapRequestSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="code", read_only=True)
    assignment = SiteRelatedField(Assignment)
    replacement = SiteRelatedField(Person)

    class Meta:
        model = SwapRequest
        fields = ["id", "number", "site", "assignment", "replacement", "reason", "status"]
        fields += ["created_at", "decided_at", "voided_at"]
        read_only_fields = ["number", "status", "created_at", "decided_at", "voided_at"]


class DutyLogEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField(read_only=True)
    text = serializers.CharField(max_length=500)


class DutyLogSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(**SITE)
    shift = SiteRelatedField(DutyShift)
    post = SiteRelatedField(DutyPost, required=False, allow_null=True)
    entries = DutyLogEntrySerializer(many=True, read_only=True)
    date = serializers.DateField(required=False)

    class Meta:
        model = DutyLog
        fields = ["id", "number", "site", "date", "shift", "post", "on_duty", "summary"]
        fields += ["handover_note", "handed_over_at", "received_by", "received_at", "entries"]
        fields += ["voided_at"]
        read_only_fields = ["number", "on_duty", "handed_over_at", "received_by"]
        read_only_fields += ["received_at", "voided_at", "summary", "handover_note"]
        validators = []  # one log per shift is checked by the service, with a clear message


class HandOverSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MasterDataViewSet(SiteScopedViewSet):
    """Master data is changed, never voided (it has an ``is_active`` flag where it matters)."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer):
        self.check_site(serializer.validated_data["site"])
        serializer.save()


class DutyPostViewSet(MasterDataViewSet):
    queryset = DutyPost.objects.prefetch_related("qualified").select_related("site")
    serializer_class = DutyPostSerializer
    filterset_class = fs.DutyPostFilterSet


class DutyShiftViewSet(MasterDataViewSet):
    queryset = DutyShift.objects.select_related("site")
    serializer_class = DutyShiftSerializer
    filterset_class = fs.DutyShiftFilterSet


class AbsenceViewSet(MasterDataViewSet):
    queryset = Absence.objects.select_related("site")
    serializer_class = AbsenceSerializer
    filterset_class = fs.AbsenceFilterSet


class SpecialPeriodViewSet(MasterDataViewSet):
    queryset = SpecialPeriod.objects.select_related("site")
    serializer_class = SpecialPeriodSerializer
    filterset_class = fs.SpecialPeriodFilterSet


class RosterViewSet(SiteScopedViewSet):
    """Rosters (read); generation and publishing are pages of the duty manager."""

    queryset = Roster.objects.select_related("site")
    serializer_class = RosterSerializer
    filterset_class = fs.RosterFilterSet
    http_method_names = ["get", "head", "options"]


class AssignmentViewSet(SiteScopedViewSet):
    """The shifts of rosters (read), filtered by person, date range or roster."""

    queryset = Assignment.objects.select_related("site", "person")
    serializer_class = AssignmentSerializer
    filterset_class = fs.AssignmentFilterSet
    http_method_names = ["get", "head", "options"]


class SwapRequestViewSet(SiteScopedViewSet):
    """Swap requests: POST asks (the person on the shift or a duty manager); the approval is
    decided through the approvals engine."""

    queryset = SwapRequest.objects.select_related("site")
    serializer_class = SwapRequestSerializer
    filterset_class = fs.SwapRequestFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        self.check_site(d["assignment"].site)
        swap = services.swap_request_create(
            assignment=d["assignment"],
            replacement=d["replacement"],
            reason=d["reason"],
            by=request.user,
        )
        return Response(self.get_serializer(swap).data, status=status.HTTP_201_CREATED)

    def perform_void(self, obj, reason: str) -> None:
        services.swap_request_void(swap=obj, by=self.request.user, reason=reason)


class DutyLogViewSet(SiteScopedViewSet):
    """Duty logs: POST opens one; ``note``, ``hand-over`` and ``receive`` keep it."""

    queryset = DutyLog.objects.select_related("site").prefetch_related("entries")
    serializer_class = DutyLogSerializer
    filterset_class = fs.DutyLogFilterSet
    http_method_names = ["get", "post", "head", "options"]
    required_perms = {
        "note": "security.change_dutylog",
        "hand_over": "security.change_dutylog",
        "receive": "security.change_dutylog",
    }

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        self.check_site(d["site"])
        log = services.duty_log_open(
            site=d["site"],
            date=d.get("date") or timezone.localdate(),
            shift=d["shift"],
            post=d.get("post"),
            by=request.user,
        )
        return Response(self.get_serializer(log).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DutyLogEntrySerializer, responses={201: DutyLogEntrySerializer})
    @action(detail=True, methods=["post"])
    def note(self, request, pk=None):
        """Note an event during the shift (the person on duty)."""
        log = self.get_object()
        data = DutyLogEntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.duty_log_note(log=log, text=data.validated_data["text"], by=request.user)
        return Response(DutyLogEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=HandOverSerializer, responses=DutyLogSerializer)
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, pk=None):
        """Hand the shift over (the person on duty)."""
        log = self.get_object()
        data = HandOverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = data.validated_data.get("note", "")
        log = services.duty_log_hand_over(log=log, note=note, by=request.user)
        return Response(self.get_serializer(log).data)

    @extend_schema(request=None, responses=DutyLogSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        """Acknowledge the handover (the incoming person, never the outgoing one)."""
        log = self.get_object()
        log = services.duty_log_receive(log=log, by=request.user)
        return Response(self.get_serializer(log).data)


def register(router) -> None:
    """Add this subject's endpoints to the security router."""
    router.register("duty-posts", DutyPostViewSet, basename="dutypost")
    router.register("duty-shifts", DutyShiftViewSet, basename="dutyshift")
    router.register("absences", AbsenceViewSet, basename="absence")
    router.register("special-periods", SpecialPeriodViewSet, basename="specialperiod")
    router.register("rosters", RosterViewSet, basename="roster")
    router.register("assignments", AssignmentViewSet, basename="assignment")
    router.register("swap-requests", SwapRequestViewSet, basename="swaprequest")
    router.register("duty-logs", DutyLogViewSet, basename="dutylog")
