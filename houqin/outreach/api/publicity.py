"""API of the publicity subject: board issues, distributions of materials and investments
(list, read, create through the services; void)."""

from __future__ import annotations

from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Person, Site
from houqin.core.permissions import user_site_ids
from houqin.outreach.choices import InvestmentCategory
from houqin.outreach.filtersets.publicity import (
    BoardIssueFilterSet,
    DistributionFilterSet,
    InvestmentFilterSet,
)
from houqin.outreach.models import BoardIssue, Distribution, Investment, Material, PublicityBoard
from houqin.outreach.services import publicity as services
from houqin.utils.text import parse_id


class SiteRecordField(SiteRelatedField):
    """A record of the caller's sites by id, read through the ORM: the prepared look-up of
    ``SiteRelatedField`` cannot convert decimal columns on SQLite (a material's cost)."""

    def to_internal_value(self, data):
        pk = parse_id(data)
        if pk is None:
            self.fail("incorrect_type", data_type=type(data).__name__)
        request = self.context.get("request")
        sites = user_site_ids(request.user) if request is not None else frozenset()
        qs = self.model.objects.select_related("site").filter(pk=pk)
        obj = qs.first() if sites is None else qs.filter(site_id__in=sites).first()
        if obj is None:
            self.fail("does_not_exist", pk_value=pk)
        return obj


class CreateOnlyViewSet(SiteScopedViewSet):
    """List, read, create and void; records are never changed in place."""

    http_method_names = ["get", "post", "head", "options"]

    def update(self, request, *args, **kwargs):
        raise exceptions.MethodNotAllowed(request.method)


class BoardIssueSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    board = serializers.IntegerField(source="board_id", read_only=True)
    year = serializers.IntegerField(read_only=True)
    issue_no = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    topics = serializers.CharField(read_only=True)
    posted_on = serializers.DateField(read_only=True)
    removed_on = serializers.DateField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class BoardIssueCreateSerializer(InputSerializer):
    board = SiteRelatedField(PublicityBoard)
    title = serializers.CharField(max_length=100)
    topics = serializers.CharField(max_length=2000)
    posted_on = serializers.DateField()
    issue_no = serializers.IntegerField(min_value=1, max_value=999, required=False)
    editor = SiteRelatedField(Person, required=False, allow_null=True)


class BoardIssueViewSet(CreateOnlyViewSet):
    queryset = BoardIssue.objects.select_related("site").order_by("-posted_on", "pk")
    serializer_class = BoardIssueSerializer
    filterset_class = BoardIssueFilterSet

    def create(self, request, *args, **kwargs):
        data = BoardIssueCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        d = data.validated_data
        self.check_site(d["board"].site)
        issue = services.issue_publish(
            board=d["board"],
            title=d["title"],
            topics=d["topics"],
            posted_on=d["posted_on"],
            by=request.user,
            issue_no=d.get("issue_no"),
            editor=d.get("editor"),
        )
        return Response(BoardIssueSerializer(issue).data, status=status.HTTP_201_CREATED)

    def perform_void(self, obj, reason: str) -> None:
        services.issue_void(issue=obj, by=self.request.user, reason=reason)


class DistributionSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    material = serializers.IntegerField(source="material_id", read_only=True)
    distributed_on = serializers.DateField(read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    occasion = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class DistributionCreateSerializer(InputSerializer):
    material = SiteRecordField(Material)
    quantity = serializers.IntegerField(min_value=1, max_value=1_000_000)
    distributed_on = serializers.DateField()
    occasion = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class DistributionViewSet(CreateOnlyViewSet):
    queryset = Distribution.objects.select_related("site").order_by("-distributed_on", "pk")
    serializer_class = DistributionSerializer
    filterset_class = DistributionFilterSet

    def create(self, request, *args, **kwargs):
        data = DistributionCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        d = data.validated_data
        self.check_site(d["material"].site)
        row = services.distribution_record(
            material=d["material"],
            quantity=d["quantity"],
            distributed_on=d["distributed_on"],
            occasion=d["occasion"],
            by=request.user,
        )
        return Response(DistributionSerializer(row).data, status=status.HTTP_201_CREATED)

    def perform_void(self, obj, reason: str) -> None:
        services.distribution_void(distribution=obj, by=self.request.user, reason=reason)


class InvestmentSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    invested_on = serializers.DateField(read_only=True)
    item = serializers.CharField(read_only=True)
    category = serializers.CharField(read_only=True)
    amount_yuan = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    approved_by = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class InvestmentCreateSerializer(InputSerializer):
    site = serializers.SlugRelatedField(
        slug_field="code", queryset=Site.objects.filter(is_active=True)
    )
    invested_on = serializers.DateField()
    item = serializers.CharField(max_length=100)
    category = serializers.ChoiceField(choices=InvestmentCategory.choices)
    amount_yuan = serializers.DecimalField(max_digits=12, decimal_places=2)
    approved_by = serializers.CharField(max_length=100, required=False, allow_blank=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class InvestmentViewSet(CreateOnlyViewSet):
    queryset = Investment.objects.select_related("site").order_by("-invested_on", "pk")
    serializer_class = InvestmentSerializer
    filterset_class = InvestmentFilterSet

    def create(self, request, *args, **kwargs):
        data = InvestmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.check_site(data.validated_data["site"])
        row = services.investment_record(
            investment=Investment(**data.validated_data), by=request.user
        )
        return Response(InvestmentSerializer(row).data, status=status.HTTP_201_CREATED)

    def perform_void(self, obj, reason: str) -> None:
        services.investment_void(investment=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    """Add this subject's endpoints to the app's router."""
    router.register("board-issues", BoardIssueViewSet, basename="boardissue")
    router.register("distributions", DistributionViewSet, basename="distribution")
    router.register("investments", InvestmentViewSet, basename="investment")
