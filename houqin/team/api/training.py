"""API of the training subject: sessions (list, read, create, change, void) and their
attendees (set through the service)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Department, Person, Site
from houqin.team.filtersets.training import TrainingSessionFilterSet
from houqin.team.models import TrainingSession
from houqin.team.services import training as services

HOURS = {"max_digits": 5, "decimal_places": 1}


class AttendanceSerializer(ReadSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    hours = serializers.DecimalField(**HOURS, read_only=True)


class TrainingSessionSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    topic = serializers.CharField(read_only=True)
    trainer = serializers.CharField(read_only=True)
    organiser = serializers.IntegerField(source="organiser_id", read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    hours = serializers.DecimalField(**HOURS, read_only=True)
    place = serializers.CharField(read_only=True)
    is_external = serializers.BooleanField(read_only=True)
    description = serializers.CharField(read_only=True)
    attendee_count = serializers.IntegerField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class TrainingSessionDetailSerializer(TrainingSessionSerializer):
    attendances = AttendanceSerializer(many=True, read_only=True)

    def to_representation(self, instance):
        out = super().to_representation(instance)
        out["attendances"] = [
            AttendanceSerializer(a).data for a in instance.attendances.select_related("person")
        ]
        return out


class TrainingSessionInput(InputSerializer):
    site = serializers.SlugRelatedField(
        slug_field="code", queryset=Site.objects.filter(is_active=True)
    )
    topic = serializers.CharField(max_length=200)
    trainer = serializers.CharField(max_length=100)
    organiser = SiteRelatedField(Department, required=False, allow_null=True)
    starts_at = serializers.DateTimeField()
    hours = serializers.DecimalField(**HOURS, min_value=Decimal("0.1"))
    place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    is_external = serializers.BooleanField(required=False)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class AttendeesInput(InputSerializer):
    people = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**53),
        allow_empty=True,
        max_length=2000,
    )
    hours = serializers.DecimalField(
        **HOURS, min_value=Decimal("0.1"), required=False, allow_null=True
    )


def _people(session, ids: list[int]) -> list[Person]:
    """The people named by ``ids``, all of the session's site (any other id is refused)."""
    found = list(Person.objects.filter(site_id=session.site_id, pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise serializers.ValidationError({"people": [_("Choose people of the session's site.")]})
    return found


class TrainingSessionViewSet(SiteScopedViewSet):
    """Training sessions; ``year``, ``topic``, ``trainer`` filter the list."""

    queryset = (
        TrainingSession.objects.select_related("site")
        .annotate(attendee_count=Count("attendances"))
        .order_by("-starts_at", "-id")
    )
    serializer_class = TrainingSessionSerializer
    filterset_class = TrainingSessionFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering = ["-starts_at", "-id"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return TrainingSessionDetailSerializer
        return TrainingSessionSerializer

    @extend_schema(request=TrainingSessionInput, responses={201: TrainingSessionSerializer})
    def create(self, request, *args, **kwargs):
        data = TrainingSessionInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        self.check_site(data.validated_data["site"])
        session = services.training_save(
            session=TrainingSession(**data.validated_data), by=request.user
        )
        return Response(self._read(session), status=status.HTTP_201_CREATED)

    @extend_schema(request=TrainingSessionInput, responses=TrainingSessionSerializer)
    def partial_update(self, request, *args, **kwargs):
        session = self.get_object()
        data = TrainingSessionInput(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = [name for name in data.validated_data if name != "site"]
        for name in fields:
            setattr(session, name, data.validated_data[name])
        if fields:
            services.training_save(session=session, by=request.user, fields=fields)
        return Response(self._read(session))

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=AttendeesInput, responses=TrainingSessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def attendees(self, request, pk=None):
        """Make the listed people the session's attendees (others are removed)."""
        session = self.get_object()
        data = AttendeesInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.attendance_set(
            session=session,
            people=_people(session, data.validated_data["people"]),
            hours=data.validated_data.get("hours"),
            by=request.user,
        )
        return Response(self._read(session, detail=True))

    def _read(self, session, detail: bool = False) -> dict:
        fresh = self.queryset.get(pk=session.pk)
        return (TrainingSessionDetailSerializer if detail else TrainingSessionSerializer)(
            fresh
        ).data

    def perform_void(self, obj, reason: str) -> None:
        services.training_void(session=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    """Add this subject's endpoints to the app router."""
    router.register("training", TrainingSessionViewSet, basename="trainingsession")
