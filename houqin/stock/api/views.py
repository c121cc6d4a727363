"""API of the stock ledger: stores and items (read), stock on hand (list), movements (list,
read; create a receipt, issue, return or transfer through the services; void)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.permissions import SitePermission
from houqin.stock import queries, services
from houqin.stock.choices import MovementKind
from houqin.stock.filtersets import (
    ItemFilterSet,
    MovementFilterSet,
    OnHandFilterSet,
    StoreFilterSet,
)
from houqin.stock.models import MONEY, QUANTITY, Item, Movement, StockSlot, Store

READ_ONLY = ["get", "head", "options"]


class StoreSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    location = serializers.IntegerField(source="location_id", read_only=True)
    keeper = serializers.IntegerField(source="keeper_id", read_only=True)
    is_active = serializers.BooleanField(read_only=True)


class ItemSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    spec = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    ledger = serializers.CharField(read_only=True)
    category = serializers.CharField(read_only=True)
    reorder_level = serializers.DecimalField(**QUANTITY, read_only=True)
    unit_cost = serializers.DecimalField(**MONEY, read_only=True)
    is_active = serializers.BooleanField(read_only=True)


class OnHandSerializer(ReadSerializer):
    site = serializers.CharField(source="site.code", read_only=True)
    store = serializers.IntegerField(source="store_id", read_only=True)
    store_name = serializers.CharField(source="store.name", read_only=True)
    item = serializers.IntegerField(source="item_id", read_only=True)
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)
    quantity = serializers.DecimalField(**QUANTITY, read_only=True)
    value = serializers.DecimalField(**MONEY, read_only=True)


class MovementSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    number = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    store = serializers.IntegerField(source="store_id", read_only=True)
    item = serializers.IntegerField(source="item_id", read_only=True)
    quantity = serializers.DecimalField(**QUANTITY, read_only=True)
    unit_cost = serializers.DecimalField(**MONEY, read_only=True)
    moved_at = serializers.DateTimeField(read_only=True)
    party = serializers.CharField(read_only=True)
    reference_text = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    transfer = serializers.UUIDField(read_only=True)
    stocktake = serializers.IntegerField(source="stocktake_id", read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class MovementInputSerializer(InputSerializer):
    """A receipt, issue or return at ``store``, or a transfer from ``store`` to ``target``."""

    kind = serializers.ChoiceField(
        choices=[
            MovementKind.RECEIPT,
            MovementKind.ISSUE,
            MovementKind.RETURN,
            MovementKind.TRANSFER_OUT,
        ],
        help_text="receipt, issue, return, or transfer_out (a transfer to ``target``)",
    )
    store = SiteRelatedField(Store)
    item = SiteRelatedField(Item)
    quantity = serializers.DecimalField(**QUANTITY)
    target = SiteRelatedField(Store, required=False)
    unit_cost = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    moved_at = serializers.DateTimeField(required=False, allow_null=True)
    party = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class StoreViewSet(SiteScopedViewSet):
    queryset = Store.objects.select_related("site")
    serializer_class = StoreSerializer
    filterset_class = StoreFilterSet
    http_method_names = READ_ONLY


class ItemViewSet(SiteScopedViewSet):
    queryset = Item.objects.select_related("site")
    serializer_class = ItemSerializer
    filterset_class = ItemFilterSet
    http_method_names = READ_ONLY


class OnHandViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Stock on hand per store and item (``low=true``: at or below the reorder level)."""

    permission_classes = [SitePermission]
    queryset = StockSlot.objects.select_related("site", "store", "item")
    serializer_class = OnHandSerializer
    filterset_class = OnHandFilterSet

    def get_queryset(self):
        slots = self.queryset.restrict(self.request.user, "view")
        return queries.with_on_hand(slots).order_by("site", "store__code", "item__code", "pk")


class MovementViewSet(SiteScopedViewSet):
    """Movements: list and read; create = receive, issue, return or transfer; void."""

    queryset = Movement.objects.select_related("site")
    serializer_class = MovementSerializer
    filterset_class = MovementFilterSet
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=MovementInputSerializer, responses={201: MovementSerializer})
    def create(self, request, *args, **kwargs):
        data = MovementInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        self.check_site(values["store"].site)
        movement = self.write(values.pop("kind"), values)
        return Response(MovementSerializer(movement).data, status=status.HTTP_201_CREATED)

    def write(self, kind: str, values: dict) -> Movement:
        by = self.request.user
        target = values.pop("target", None)
        if kind == MovementKind.TRANSFER_OUT:
            if target is None:
                raise ValidationError({"target": _("Name the store to transfer to.")})
            out, _into = services.stock_transfer(
                source=values["store"],
                target=target,
                item=values["item"],
                quantity=values["quantity"],
                by=by,
                moved_at=values.get("moved_at"),
                note=values["note"],
            )
            return out
        if kind != MovementKind.RECEIPT:
            values.pop("unit_cost", None)
        service = {
            MovementKind.RECEIPT: services.stock_receive,
            MovementKind.ISSUE: services.stock_issue,
            MovementKind.RETURN: services.stock_return,
        }[kind]
        return service(by=by, **values)

    def perform_void(self, obj, reason: str) -> None:
        services.movement_void(movement=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    router.register("stores", StoreViewSet, basename="stock-store")
    router.register("items", ItemViewSet, basename="stock-item")
    router.register("on-hand", OnHandViewSet, basename="stock-onhand")
    router.register("movements", MovementViewSet, basename="stock-movement")
