"""Procurement API: the supplier registry — suppliers (with their bids and awards),
qualifications, debarments (void = lift) — each write through its service."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Site
from houqin.procurement.filtersets.suppliers import (
    DebarmentFilterSet,
    QualificationFilterSet,
    SupplierFilterSet,
)
from houqin.procurement.models import Debarment, Qualification, Supplier
from houqin.procurement.queries.suppliers import with_history
from houqin.procurement.services import suppliers as services

MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}


class SupplierSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    name = serializers.CharField(read_only=True)
    credit_code = serializers.CharField(read_only=True)
    legal_representative = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)
    contact_name = serializers.CharField(read_only=True)
    contact_phone = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    business_scope = serializers.CharField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    bid_count = serializers.IntegerField(read_only=True)
    bid_yuan = serializers.DecimalField(**MONEY)
    award_count = serializers.IntegerField(read_only=True)
    award_yuan = serializers.DecimalField(**MONEY)


class SupplierInput(InputSerializer):
    """A supplier to register (``site`` by code) or change (``site`` ignored)."""

    site = serializers.SlugRelatedField(
        slug_field="code", queryset=Site.objects.filter(is_active=True)
    )
    name = serializers.CharField(max_length=150)
    credit_code = serializers.CharField(max_length=40)
    legal_representative = serializers.CharField(max_length=50, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    business_scope = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class SupplierViewSet(SiteScopedViewSet):
    """Suppliers (``q``: name, contact or credit code; ``debarred``) with their bids and
    awards; create and change through the service (credit code checked)."""

    queryset = Supplier.objects.select_related("site")
    serializer_class = SupplierSerializer
    filterset_class = SupplierFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return with_history(super().get_queryset()).order_by("site", "name", "pk")

    @extend_schema(request=SupplierInput, responses={201: SupplierSerializer})
    def create(self, request, *args, **kwargs):
        data = SupplierInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        self.check_site(values["site"])
        supplier = services.supplier_save(supplier=Supplier(**values), by=request.user)
        return Response(self._read(supplier), status=status.HTTP_201_CREATED)

    @extend_schema(request=SupplierInput, responses=SupplierSerializer)
    def partial_update(self, request, *args, **kwargs):
        supplier = self.get_object()
        data = SupplierInput(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = [name for name in data.validated_data if name != "site"]
        for name in fields:
            setattr(supplier, name, data.validated_data[name])
        services.supplier_save(supplier=supplier, by=request.user, fields=fields)
        return Response(self._read(supplier))

    def _read(self, supplier) -> dict:
        return SupplierSerializer(with_history(Supplier.objects.filter(pk=supplier.pk))[0]).data


class QualificationSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    supplier = serializers.IntegerField(source="supplier_id", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    name = serializers.CharField(read_only=True)
    certificate_no = serializers.CharField(read_only=True)
    issued_by = serializers.CharField(read_only=True)
    valid_until = serializers.DateField(read_only=True)


class QualificationInput(InputSerializer):
    supplier = SiteRelatedField(Supplier)
    name = serializers.CharField(max_length=100)
    certificate_no = serializers.CharField(max_length=50, required=False, allow_blank=True)
    issued_by = serializers.CharField(max_length=100, required=False, allow_blank=True)
    valid_until = serializers.DateField(required=False, allow_null=True)


class QualificationViewSet(SiteScopedViewSet):
    """Qualifications (``expiring``, ``expired``); create and change through the service."""

    queryset = Qualification.objects.select_related("site", "supplier")
    serializer_class = QualificationSerializer
    filterset_class = QualificationFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().order_by("valid_until", "pk")

    @extend_schema(request=QualificationInput, responses={201: QualificationSerializer})
    def create(self, request, *args, **kwargs):
        data = QualificationInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        self.check_site(data.validated_data["supplier"].site)
        qualification = services.qualification_save(
            qualification=Qualification(**data.validated_data), by=request.user
        )
        return Response(QualificationSerializer(qualification).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=QualificationInput, responses=QualificationSerializer)
    def partial_update(self, request, *args, **kwargs):
        qualification = self.get_object()
        data = QualificationInput(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = [name for name in data.validated_data if name != "supplier"]
        for name in fields:
            setattr(qualification, name, data.validated_data[name])
        services.qualification_save(qualification=qualification, by=request.user, fields=fields)
        return Response(QualificationSerializer(qualification).data)


class DebarmentSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    supplier = serializers.IntegerField(source="supplier_id", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    credit_code = serializers.CharField(source="supplier.credit_code", read_only=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)
    authority = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)
    void_reason = serializers.CharField(read_only=True)


class DebarmentInput(InputSerializer):
    supplier = SiteRelatedField(Supplier)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    authority = serializers.CharField(max_length=100)
    reason = serializers.CharField(max_length=4000)


class DebarmentViewSet(SiteScopedViewSet):
    """The debarment list (``in_force``, ``lifted``); add, and lift with ``void``."""

    queryset = Debarment.objects.select_related("site", "supplier")
    serializer_class = DebarmentSerializer
    filterset_class = DebarmentFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().order_by("-starts_on", "pk")

    @extend_schema(request=DebarmentInput, responses={201: DebarmentSerializer})
    def create(self, request, *args, **kwargs):
        data = DebarmentInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        self.check_site(data.validated_data["supplier"].site)
        debarment = services.debarment_add(
            debarment=Debarment(**data.validated_data), by=request.user
        )
        return Response(DebarmentSerializer(debarment).data, status=status.HTTP_201_CREATED)

    def perform_void(self, obj, reason: str) -> None:
        """Voiding a debarment lifts it."""
        services.debarment_lift(debarment=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    """Add this subject's endpoints to the router."""
    router.register("suppliers", SupplierViewSet, basename="supplier")
    router.register("qualifications", QualificationViewSet, basename="qualification")
    router.register("debarments", DebarmentViewSet, basename="debarment")
