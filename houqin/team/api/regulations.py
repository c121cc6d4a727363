"""API of the regulations library: regulations with the version in force on a day
(``?in_force_on=YYYY-MM-DD``, ``?q=`` over titles and texts), a regulation with every version,
and the office's writes (create, revise, repeal, void)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Department, Person, Site
from houqin.team.choices import RegulationScope
from houqin.team.filtersets.regulations import matching, read_day
from houqin.team.models import Regulation
from houqin.team.queries import regulations as queries
from houqin.team.services import regulations as services


class InForceSerializer(ReadSerializer):
    """The version in force, read from the list query's annotations."""

    id = serializers.IntegerField(source="in_force_id")
    version = serializers.IntegerField(source="in_force_version")
    document_number = serializers.CharField(source="in_force_document")
    adopted_on = serializers.DateField(source="in_force_adopted")
    effective_from = serializers.DateField(source="in_force_from")


class RegulationSerializer(ReadSerializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    site = serializers.CharField(source="site.code")
    title = serializers.CharField()
    scope = serializers.CharField()
    owner = serializers.IntegerField(source="owner_id")
    repealed_on = serializers.DateField()
    voided_at = serializers.DateTimeField()

    def to_representation(self, instance):
        out = super().to_representation(instance)
        has = getattr(instance, "in_force_id", None) is not None
        out["in_force"] = InForceSerializer(instance).data if has else None
        return out


class VersionSerializer(ReadSerializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    document_number = serializers.CharField()
    adopted_on = serializers.DateField()
    effective_from = serializers.DateField()
    revised_by = serializers.IntegerField(source="revised_by_id")
    revised_by_name = serializers.CharField(source="revised_by.name")
    changes = serializers.CharField()
    text = serializers.CharField()


class RegulationDetailSerializer(RegulationSerializer):
    repeal_note = serializers.CharField()

    def to_representation(self, instance):
        out = super().to_representation(instance)
        versions = instance.versions.select_related("revised_by").order_by("version")
        out["versions"] = [VersionSerializer(v).data for v in versions]
        return out


class VersionInput(InputSerializer):
    text = serializers.CharField(max_length=200_000)
    adopted_on = serializers.DateField()
    effective_from = serializers.DateField()
    document_number = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )
    revised_by = serializers.IntegerField(min_value=1, max_value=2**53, required=False)


class RevisionInput(VersionInput):
    changes = serializers.CharField(max_length=300)


class CreateInput(VersionInput):
    site = serializers.SlugField(max_length=20)
    title = serializers.CharField(max_length=200)
    scope = serializers.ChoiceField(choices=RegulationScope.choices)
    owner = serializers.IntegerField(min_value=1, max_value=2**53, required=False)


class RepealInput(InputSerializer):
    on = serializers.DateField()
    note = serializers.CharField(max_length=200)


def _site_record(model, pk, site, field: str):
    """A record of ``site`` by id (None when not given); another site's reads as unknown."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, site=site).first()
    if found is None:
        raise serializers.ValidationError({field: [_("This choice is not at the chosen site.")]})
    return found


class RegulationViewSet(SiteScopedViewSet):
    queryset = Regulation.objects.select_related("site")
    serializer_class = RegulationSerializer
    http_method_names = ["get", "post", "head", "options"]
    required_perms = {
        "revise": "team.add_regulationversion",
        "repeal": "team.change_regulation",
    }

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action != "list":
            return queries.with_version_on(qs, timezone.localdate()).order_by("pk")
        params = self.request.query_params
        on = read_day(params.get("in_force_on"))
        if params.get("in_force_on") and on is None:
            raise serializers.ValidationError({"in_force_on": [_("Enter a date as YYYY-MM-DD.")]})
        qs = matching(qs, (params.get("q") or "")[:100])
        if on is None:
            return queries.with_version_on(qs, timezone.localdate()).order_by("title", "pk")
        qs = qs.filter(queries.not_repealed_q(on), voided_at__isnull=True)
        return (
            queries.with_version_on(qs, on)
            .filter(in_force_id__isnull=False)
            .order_by("title", "pk")
        )

    def get_serializer_class(self):
        return RegulationDetailSerializer if self.action == "retrieve" else RegulationSerializer

    @extend_schema(request=CreateInput, responses={201: RegulationDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = CreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        site = Site.objects.filter(code=values["site"], is_active=True).first()
        if site is None:
            raise serializers.ValidationError({"site": [_("This site is not known.")]})
        self.check_site(site)
        regulation = services.regulation_create(
            site=site,
            title=values["title"],
            scope=values["scope"],
            owner=_site_record(Department, values.get("owner"), site, "owner"),
            text=values["text"],
            adopted_on=values["adopted_on"],
            effective_from=values["effective_from"],
            document_number=values["document_number"],
            revised_by=_site_record(Person, values.get("revised_by"), site, "revised_by"),
            by=request.user,
        )
        return Response(self.fresh(regulation), status=status.HTTP_201_CREATED)

    @extend_schema(request=RevisionInput, responses={201: RegulationDetailSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Add the next version (a revision) with what changed."""
        regulation = self.get_object()
        data = RevisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.version_add(
            regulation=regulation,
            text=values["text"],
            adopted_on=values["adopted_on"],
            effective_from=values["effective_from"],
            changes=values["changes"],
            document_number=values["document_number"],
            revised_by=_site_record(
                Person, values.get("revised_by"), regulation.site, "revised_by"
            ),
            by=request.user,
        )
        return Response(self.fresh(regulation), status=status.HTTP_201_CREATED)

    @extend_schema(request=RepealInput, responses={200: RegulationDetailSerializer})
    @action(detail=True, methods=["post"])
    def repeal(self, request, pk=None):
        """Repeal the regulation from a day on."""
        regulation = self.get_object()
        data = RepealInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.regulation_repeal(
            regulation=regulation,
            on=data.validated_data["on"],
            note=data.validated_data["note"],
            by=request.user,
        )
        return Response(self.fresh(regulation))

    def fresh(self, regulation) -> dict:
        """The regulation as read after a write, with today's version in force."""
        qs = queries.with_version_on(
            Regulation.objects.select_related("site"), timezone.localdate()
        )
        return RegulationDetailSerializer(qs.get(pk=regulation.pk)).data

    def perform_void(self, obj, reason: str) -> None:
        services.regulation_void(regulation=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    """Add this subject's endpoints to the app router."""
    router.register("regulations", RegulationViewSet, basename="regulation")
