"""Office-supplies API: requisitions (list, read; create = ask for supplies, through the same
service as the page; ``issue`` = the storekeeper issues an approved one)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Department, Person
from houqin.energy.filtersets.supplies import RequisitionFilterSet
from houqin.energy.models import Requisition
from houqin.energy.models.supplies import QUANTITY
from houqin.energy.services import supplies as services
from houqin.energy.views.supplies import visible_requisitions
from houqin.stock.models import Item, Store

READ, ASK = "energy.view_requisition", "energy.add_requisition"


class LineSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    item = serializers.IntegerField(source="item_id", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)
    quantity = serializers.DecimalField(**QUANTITY, read_only=True)
    issued_quantity = serializers.DecimalField(**QUANTITY, read_only=True)


class RequisitionSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    number = serializers.CharField(read_only=True)
    department = serializers.IntegerField(source="department_id", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    requested_by = serializers.IntegerField(source="requested_by_id", read_only=True)
    store = serializers.IntegerField(source="store_id", read_only=True)
    purpose = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    issued_at = serializers.DateTimeField(read_only=True)
    received_by = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance):
        lines = [LineSerializer(line).data for line in instance.lines.all()]
        return {**super().to_representation(instance), "lines": lines}


class LineInputSerializer(serializers.Serializer):
    item = SiteRelatedField(Item)
    quantity = serializers.DecimalField(**QUANTITY)


class RequisitionInputSerializer(serializers.Serializer):
    store = SiteRelatedField(Store)
    department = SiteRelatedField(Department, required=False, allow_null=True)
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    lines = LineInputSerializer(many=True)


class IssueInputSerializer(InputSerializer):
    quantities = serializers.DictField(
        child=serializers.DecimalField(**QUANTITY), required=False, allow_empty=True
    )
    received_by = serializers.CharField(max_length=50, required=False, allow_blank=True)


class RequisitionViewSet(SiteScopedViewSet):
    """Requisitions: readers of a site see all of it; staff see their own department's."""

    queryset = Requisition.objects.select_related("site", "department").prefetch_related(
        "lines__item"
    )
    serializer_class = RequisitionSerializer
    filterset_class = RequisitionFilterSet
    http_method_names = ["get", "post", "head", "options"]
    required_perms = {
        "list": (READ, ASK),
        "retrieve": (READ, ASK),
        "issue": "energy.issue_requisition",
    }

    def get_queryset(self):
        if self.action in ("list", "retrieve"):
            visible = visible_requisitions(self.request.user).values("pk")
            return self.queryset.filter(pk__in=visible)
        if self.action == "issue":
            return self.queryset.restrict(self.request.user, "issue")
        return super().get_queryset()

    @extend_schema(request=RequisitionInputSerializer, responses={201: RequisitionSerializer})
    def create(self, request, *args, **kwargs):
        data = RequisitionInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        store = values["store"]
        person = Person.objects.filter(user=request.user, site_id=store.site_id).first()
        department = values.get("department") or (person.department if person else None)
        if person is None or department is None:
            raise ValidationError(_("Your account is not on the staff roll of a department."))
        req = services.requisition_submit(
            department=department,
            requested_by=person,
            store=store,
            lines=[dict(line) for line in values["lines"]],
            purpose=values.get("purpose", ""),
            by=request.user,
        )
        req = self.queryset.get(pk=req.pk)
        return Response(RequisitionSerializer(req).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IssueInputSerializer, responses={200: RequisitionSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """Issue an approved requisition (``quantities``: line id → quantity, for less)."""
        req = self.get_object()
        data = IssueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.requisition_issue(
            requisition=req,
            by=request.user,
            quantities=data.validated_data.get("quantities") or None,
            received_by=data.validated_data.get("received_by", ""),
        )
        return Response(RequisitionSerializer(self.queryset.get(pk=req.pk)).data)

    def perform_void(self, obj, reason: str) -> None:
        services.requisition_void(requisition=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    """Add this subject's endpoints to the app router."""
    router.register("requisitions", RequisitionViewSet, basename="energy-requisition")
