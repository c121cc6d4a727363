"""API of the team's record: honours, publications and chronicle entries (list, read, create,
change, void), every write through the service."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Department, Person, Site
from houqin.team.choices import HonourLevel, PublicationKind, RecipientKind
from houqin.team.filtersets.records import (
    ChronicleFilterSet,
    HonourFilterSet,
    PublicationFilterSet,
)
from houqin.team.models import ChronicleEntry, Honour, Publication
from houqin.team.services import records as services


def _site_field():
    return serializers.SlugRelatedField(
        slug_field="code", queryset=Site.objects.filter(is_active=True)
    )


class RecordViewSet(SiteScopedViewSet):
    """Create and change a record through ``save(record, by, fields)``; void through ``void``."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    input_class = None

    def save(self, record, fields):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        data = self.input_class(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        self.check_site(data.validated_data["site"])
        record = self.save(self.queryset.model(**data.validated_data), None)
        return Response(self.serializer_class(record).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        data = self.input_class(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = [name for name in data.validated_data if name != "site"]
        for name in fields:
            setattr(record, name, data.validated_data[name])
        if fields:
            self.save(record, fields)
        return Response(self.serializer_class(record).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


class HonourSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    title = serializers.CharField(read_only=True)
    level = serializers.CharField(read_only=True)
    awarding_body = serializers.CharField(read_only=True)
    awarded_on = serializers.DateField(read_only=True)
    recipient_kind = serializers.CharField(read_only=True)
    department = serializers.IntegerField(source="department_id", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    note = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class HonourInput(InputSerializer):
    site = _site_field()
    title = serializers.CharField(max_length=200)
    level = serializers.ChoiceField(choices=HonourLevel.choices)
    awarding_body = serializers.CharField(max_length=100)
    awarded_on = serializers.DateField()
    recipient_kind = serializers.ChoiceField(choices=RecipientKind.choices)
    department = SiteRelatedField(Department, required=False, allow_null=True)
    person = SiteRelatedField(Person, required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class HonourViewSet(RecordViewSet):
    """Honours; ``year``, ``level``, ``recipient_kind`` filter the list."""

    queryset = Honour.objects.select_related("site")
    serializer_class = HonourSerializer
    filterset_class = HonourFilterSet
    input_class = HonourInput
    ordering = ["-awarded_on", "-id"]

    @extend_schema(request=HonourInput, responses={201: HonourSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request=HonourInput, responses=HonourSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def save(self, record, fields):
        return services.honour_save(honour=record, by=self.request.user, fields=fields)

    def perform_void(self, obj, reason: str) -> None:
        services.honour_void(honour=obj, by=self.request.user, reason=reason)


class PublicationSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    kind = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    periodical = serializers.CharField(read_only=True)
    issue = serializers.CharField(read_only=True)
    published_on = serializers.DateField(read_only=True)
    authors = serializers.CharField(read_only=True)
    characters = serializers.IntegerField(read_only=True)
    summary = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class PublicationInput(InputSerializer):
    site = _site_field()
    kind = serializers.ChoiceField(choices=PublicationKind.choices)
    title = serializers.CharField(max_length=200)
    periodical = serializers.CharField(max_length=100, required=False, allow_blank=True)
    issue = serializers.CharField(max_length=50, required=False, allow_blank=True)
    published_on = serializers.DateField()
    authors = serializers.CharField(max_length=200, required=False, allow_blank=True)
    characters = serializers.IntegerField(
        min_value=1, max_value=2_000_000_000, required=False, allow_null=True
    )
    summary = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class PublicationViewSet(RecordViewSet):
    """Articles and books; ``year``, ``kind`` filter the list."""

    queryset = Publication.objects.select_related("site")
    serializer_class = PublicationSerializer
    filterset_class = PublicationFilterSet
    input_class = PublicationInput
    ordering = ["-published_on", "-id"]

    @extend_schema(request=PublicationInput, responses={201: PublicationSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request=PublicationInput, responses=PublicationSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def save(self, record, fields):
        return services.publication_save(publication=record, by=self.request.user, fields=fields)

    def perform_void(self, obj, reason: str) -> None:
        services.publication_void(publication=obj, by=self.request.user, reason=reason)


class ChronicleSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    occurred_on = serializers.DateField(read_only=True)
    title = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class ChronicleInput(InputSerializer):
    site = _site_field()
    occurred_on = serializers.DateField()
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class ChronicleViewSet(RecordViewSet):
    """Chronicle entries (大事记); ``year`` filters the list."""

    queryset = ChronicleEntry.objects.select_related("site")
    serializer_class = ChronicleSerializer
    filterset_class = ChronicleFilterSet
    input_class = ChronicleInput
    ordering = ["-occurred_on", "-id"]

    @extend_schema(request=ChronicleInput, responses={201: ChronicleSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request=ChronicleInput, responses=ChronicleSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def save(self, record, fields):
        return services.chronicle_save(entry=record, by=self.request.user, fields=fields)

    def perform_void(self, obj, reason: str) -> None:
        services.chronicle_void(entry=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    """Add this subject's endpoints to the app router."""
    router.register("honours", HonourViewSet, basename="honour")
    router.register("publications", PublicationViewSet, basename="publication")
    router.register("chronicle", ChronicleViewSet, basename="chronicleentry")
