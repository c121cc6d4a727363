"""API of work orders: the ledger (read), reporting a fault, and the workflow steps
(dispatch, start, complete, rate), each through its service."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Location
from houqin.facilities.choices import WorkOrderPriority
from houqin.facilities.filtersets.workorders import WorkOrderFilterSet
from houqin.facilities.models import Equipment, WorkOrder
from houqin.facilities.queries.workorders import work_orders_visible
from houqin.facilities.services import workorders as services


class WorkOrderSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    source = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    priority = serializers.CharField(read_only=True)
    location = serializers.IntegerField(source="location_id", read_only=True)
    equipment = serializers.IntegerField(source="equipment_id", read_only=True)
    description = serializers.CharField(read_only=True)
    reported_at = serializers.DateTimeField(read_only=True)
    reporter = serializers.IntegerField(source="reporter_id", read_only=True)
    assigned_to = serializers.IntegerField(source="assigned_to_id", read_only=True)
    assigned_at = serializers.DateTimeField(read_only=True)
    respond_by = serializers.DateTimeField(read_only=True)
    started_at = serializers.DateTimeField(read_only=True)
    completed_at = serializers.DateTimeField(read_only=True)
    closed_at = serializers.DateTimeField(read_only=True)
    resolution = serializers.CharField(read_only=True)
    labour_hours = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True)
    rating = serializers.IntegerField(read_only=True)
    rating_comment = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class WorkOrderCreateSerializer(InputSerializer):
    """A fault report: the place (and unit), what is wrong, how urgent."""

    location = SiteRelatedField(Location)
    equipment = SiteRelatedField(Equipment, required=False, allow_null=True)
    description = serializers.CharField(max_length=500)
    priority = serializers.ChoiceField(
        choices=WorkOrderPriority.choices, default=WorkOrderPriority.NORMAL
    )


class DispatchSerializer(InputSerializer):
    technician = serializers.IntegerField(min_value=1)
    priority = serializers.ChoiceField(choices=WorkOrderPriority.choices, required=False)


class PartSerializer(InputSerializer):
    name = serializers.CharField(max_length=100)
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    unit = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    unit_price = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True
    )


class CompleteSerializer(InputSerializer):
    resolution = serializers.CharField(max_length=2000)
    labour_hours = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0)
    parts = PartSerializer(many=True, required=False, default=list)


class RateSerializer(InputSerializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class WorkOrderViewSet(SiteScopedViewSet):
    """Work orders. Reporters see their own; the ledger needs ``view_workorder`` at the site.
    The dispatch step's method is ``assign``: ``dispatch`` is the view's request handler."""

    queryset = WorkOrder.objects.select_related("site")
    serializer_class = WorkOrderSerializer
    filterset_class = WorkOrderFilterSet
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["reported_at", "number"]
    ordering = ["-reported_at"]
    required_perms = {
        "list": ("facilities.view_workorder", "facilities.add_workorder"),
        "retrieve": ("facilities.view_workorder", "facilities.add_workorder"),
        "assign": "facilities.dispatch_workorder",
        "start": "facilities.work_workorder",
        "complete": "facilities.work_workorder",
        "rate": "facilities.add_workorder",
    }
    scopes = {"assign": "dispatch", "start": "work", "complete": "work", "void": "void"}

    def get_queryset(self):
        user = self.request.user
        if self.action in ("list", "retrieve"):
            return work_orders_visible(user, self.queryset)
        if self.action == "rate":
            return self.queryset.filter(reporter=user)
        return self.queryset.restrict(user, self.scopes.get(self.action, "change"))

    @extend_schema(request=WorkOrderCreateSerializer, responses={201: WorkOrderSerializer})
    def create(self, request, *args, **kwargs):
        data = WorkOrderCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        location = data.validated_data["location"]
        self.check_site(location.site)
        order = services.work_order_open(
            site=location.site,
            description=data.validated_data["description"],
            by=request.user,
            location=location,
            equipment=data.validated_data.get("equipment"),
            priority=data.validated_data["priority"],
        )
        return Response(WorkOrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DispatchSerializer, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"], url_path="dispatch")
    def assign(self, request, pk=None):
        """Assign the order to a technician of its site."""
        order = self.get_object()
        data = DispatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        technician = get_user_model().objects.filter(pk=data.validated_data["technician"]).first()
        if technician is None:
            raise serializers.ValidationError({"technician": [_("Choose a technician.")]})
        services.work_order_dispatch(
            order=order,
            technician=technician,
            by=request.user,
            priority=data.validated_data.get("priority"),
        )
        return Response(WorkOrderSerializer(order).data)

    @extend_schema(request=None, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """The assigned technician starts the repair."""
        order = services.work_order_start(order=self.get_object(), by=request.user)
        return Response(WorkOrderSerializer(order).data)

    @extend_schema(request=CompleteSerializer, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Record the repair with the labour and parts used."""
        order = self.get_object()
        data = CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parts = [services.PartLine(**line) for line in data.validated_data["parts"]]
        services.work_order_complete(
            order=order,
            by=request.user,
            resolution=data.validated_data["resolution"],
            labour_hours=data.validated_data["labour_hours"],
            parts=parts,
        )
        return Response(WorkOrderSerializer(order).data)

    @extend_schema(request=RateSerializer, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """The reporter rates the repair (1–5); the order closes."""
        order = self.get_object()
        data = RateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.work_order_rate(order=order, by=request.user, **data.validated_data)
        return Response(WorkOrderSerializer(order).data)


def register(router) -> None:
    """Add this subject's endpoints to the facilities router."""
    router.register("workorders", WorkOrderViewSet, basename="workorder")
