"""Relief API: campaigns (read), donations (read; create through the service, cash and/or
goods) and dispatches (read; create; sign for), each limited to the caller's sites and role."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Department, Person
from houqin.relief import services
from houqin.relief.choices import DonorKind
from houqin.relief.filtersets import CampaignFilterSet, DispatchFilterSet, DonationFilterSet
from houqin.relief.models import MONEY, QUANTITY, Campaign, Dispatch, Donation
from houqin.stock.models import Item

READ_ONLY = ["get", "head", "options"]


class LineSerializer(ReadSerializer):
    item = serializers.IntegerField(source="item_id", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)
    category = serializers.CharField(source="item.category", read_only=True)
    quantity = serializers.DecimalField(**QUANTITY, read_only=True)


def _lines(record) -> list[dict]:
    return [LineSerializer(line).data for line in record.lines.all()]


class CampaignSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    number = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)
    store = serializers.IntegerField(source="store_id", read_only=True)
    list_is_public = serializers.BooleanField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class DonationSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    number = serializers.CharField(read_only=True)
    campaign = serializers.IntegerField(source="campaign_id", read_only=True)
    donor_kind = serializers.CharField(read_only=True)
    donor_name = serializers.CharField(read_only=True)
    department = serializers.IntegerField(source="department_id", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    amount_yuan = serializers.DecimalField(**MONEY, read_only=True)
    received_at = serializers.DateTimeField(read_only=True)
    is_anonymous = serializers.BooleanField(read_only=True)
    note = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance):
        return {**super().to_representation(instance), "lines": _lines(instance)}


class DispatchSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    number = serializers.CharField(read_only=True)
    campaign = serializers.IntegerField(source="campaign_id", read_only=True)
    destination = serializers.CharField(read_only=True)
    carrier = serializers.CharField(read_only=True)
    dispatched_at = serializers.DateTimeField(read_only=True)
    status = serializers.CharField(read_only=True)
    signed_by_name = serializers.CharField(read_only=True)
    signed_at = serializers.DateTimeField(read_only=True)
    sign_note = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance):
        return {**super().to_representation(instance), "lines": _lines(instance)}


# Plain serializers where lines are nested: the nested fields must reach the request's context.
class LineInputSerializer(serializers.Serializer):
    item = SiteRelatedField(Item)
    quantity = serializers.DecimalField(**QUANTITY)


class DonationInputSerializer(serializers.Serializer):
    campaign = SiteRelatedField(Campaign)
    donor_kind = serializers.ChoiceField(choices=DonorKind.choices)
    donor_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    department = SiteRelatedField(Department, required=False, allow_null=True)
    person = SiteRelatedField(Person, required=False, allow_null=True)
    amount_yuan = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    received_at = serializers.DateTimeField(required=False, allow_null=True)
    is_anonymous = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    lines = LineInputSerializer(many=True, required=False)


class DispatchInputSerializer(serializers.Serializer):
    campaign = SiteRelatedField(Campaign)
    destination = serializers.CharField(max_length=150)
    carrier = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    dispatched_at = serializers.DateTimeField(required=False, allow_null=True)
    lines = LineInputSerializer(many=True)


class SignInputSerializer(InputSerializer):
    signed_by_name = serializers.CharField(max_length=50)
    signed_at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def _pairs(lines) -> list[tuple]:
    return [(line["item"], line["quantity"]) for line in lines or ()]


class CampaignViewSet(SiteScopedViewSet):
    queryset = Campaign.objects.select_related("site")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    http_method_names = READ_ONLY


class DonationViewSet(SiteScopedViewSet):
    """Donations: list and read; create = record a donation (cash and/or goods lines)."""

    queryset = Donation.objects.select_related("site").prefetch_related("lines__item")
    serializer_class = DonationSerializer
    filterset_class = DonationFilterSet
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=DonationInputSerializer, responses={201: DonationSerializer})
    def create(self, request, *args, **kwargs):
        data = DonationInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        self.check_site(values["campaign"].site)
        values.setdefault("donor_name", "")
        lines = _pairs(values.pop("lines", []))
        donation = services.donation_receive(
            by=request.user, lines=lines, received_at=values.pop("received_at", None), **values
        )
        return Response(DonationSerializer(donation).data, status=status.HTTP_201_CREATED)

    def perform_void(self, obj, reason: str) -> None:
        services.donation_void(donation=obj, by=self.request.user, reason=reason)


class DispatchViewSet(SiteScopedViewSet):
    """Dispatches: list and read; create = send goods; ``sign`` = signed for at destination."""

    queryset = Dispatch.objects.select_related("site").prefetch_related("lines__item")
    serializer_class = DispatchSerializer
    filterset_class = DispatchFilterSet
    http_method_names = ["get", "post", "head", "options"]
    required_perms = {"sign": "relief.change_dispatch"}

    @extend_schema(request=DispatchInputSerializer, responses={201: DispatchSerializer})
    def create(self, request, *args, **kwargs):
        data = DispatchInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        self.check_site(values["campaign"].site)
        dispatch = services.dispatch_create(
            by=request.user,
            lines=_pairs(values.pop("lines")),
            dispatched_at=values.pop("dispatched_at", None),
            **values,
        )
        return Response(DispatchSerializer(dispatch).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SignInputSerializer, responses={200: DispatchSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """Record who signed for the goods at the destination, and when."""
        dispatch = self.get_object()
        data = SignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.dispatch_sign(
            dispatch=dispatch,
            by=request.user,
            signed_at=values.pop("signed_at", None),
            **values,
        )
        dispatch = self.get_queryset().get(pk=dispatch.pk)
        return Response(DispatchSerializer(dispatch).data)

    def perform_void(self, obj, reason: str) -> None:
        services.dispatch_void(dispatch=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    """Add the relief endpoints to the router."""
    router.register("campaigns", CampaignViewSet, basename="relief-campaign")
    router.register("donations", DonationViewSet, basename="relief-donation")
    router.register("dispatches", DispatchViewSet, basename="relief-dispatch")
