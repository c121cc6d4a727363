"""API of the health subject: sessions (list, read) with their places left, and consultations
(list, create through the service; the person and note only with consent)."""

from __future__ import annotations

from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Person, Site
from houqin.outreach.choices import ConsultationKind
from houqin.outreach.filtersets.health import ConsultationFilterSet, HealthSessionFilterSet
from houqin.outreach.models import Consultation, HealthSession
from houqin.outreach.queries.health import with_places
from houqin.outreach.services import health as services
from houqin.outreach.services.health import NOTE_MAX


class HealthSessionSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    expert = serializers.CharField(source="expert.name", read_only=True)
    topic = serializers.CharField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    place = serializers.CharField(read_only=True)
    capacity = serializers.IntegerField(read_only=True)
    booked = serializers.IntegerField(read_only=True)
    places_left = serializers.IntegerField(read_only=True)
    cancelled_at = serializers.DateTimeField(read_only=True)


class HealthSessionViewSet(SiteScopedViewSet):
    """Expert sessions of the caller's sites, with the places booked and left."""

    queryset = with_places(HealthSession.objects.select_related("site", "expert")).order_by(
        "-starts_at", "pk"
    )
    serializer_class = HealthSessionSerializer
    filterset_class = HealthSessionFilterSet
    http_method_names = ["get", "head", "options"]


class ConsultationSerializer(ReadSerializer):
    """A consultation; the person only where they consented."""

    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    kind = serializers.CharField(read_only=True)
    consulted_at = serializers.DateTimeField(read_only=True)
    session = serializers.IntegerField(source="session_id", read_only=True)
    consent = serializers.BooleanField(read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    note = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class ConsultationCreateSerializer(InputSerializer):
    site = serializers.SlugRelatedField(
        slug_field="code", queryset=Site.objects.filter(is_active=True)
    )
    kind = serializers.ChoiceField(choices=ConsultationKind.choices)
    consulted_at = serializers.DateTimeField()
    session = SiteRelatedField(HealthSession, required=False, allow_null=True)
    consent = serializers.BooleanField(default=False)
    person = SiteRelatedField(Person, required=False, allow_null=True)
    note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True, default="")


class ConsultationViewSet(SiteScopedViewSet):
    """The consultation ledger of the caller's sites; POST logs one consultation."""

    queryset = Consultation.objects.select_related("site").order_by("-consulted_at", "pk")
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        data = ConsultationCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        d = data.validated_data
        self.check_site(d["site"])
        row = services.consultation_log(
            site=d["site"],
            kind=d["kind"],
            consulted_at=d["consulted_at"],
            by=request.user,
            session=d.get("session"),
            consent=d["consent"],
            person=d.get("person"),
            note=d["note"],
        )
        return Response(ConsultationSerializer(row).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        """A consultation is voided and logged again, never changed."""
        raise exceptions.MethodNotAllowed(request.method)

    def perform_void(self, obj, reason: str) -> None:
        services.consultation_void(consultation=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    """Add this subject's endpoints to the app's router."""
    router.register("health-sessions", HealthSessionViewSet, basename="healthsession")
    router.register("consultations", ConsultationViewSet, basename="consultation")
