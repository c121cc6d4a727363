"""API of the equipment registry: units, categories and certificates (read), and recording a
certificate through its service."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.facilities.choices import CertificateKind
from houqin.facilities.filtersets.equipment import (
    CertificateFilterSet,
    EquipmentCategoryFilterSet,
    EquipmentFilterSet,
)
from houqin.facilities.models import Certificate, Equipment, EquipmentCategory
from houqin.facilities.services import equipment as services

READ_ONLY = ["get", "head", "options"]


class EquipmentCategorySerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    parent = serializers.IntegerField(source="parent_id", read_only=True)
    system = serializers.CharField(read_only=True)
    special_kind = serializers.CharField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)


class EquipmentSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    category = serializers.IntegerField(source="category_id", read_only=True)
    location = serializers.IntegerField(source="location_id", read_only=True)
    maker = serializers.CharField(read_only=True)
    model_no = serializers.CharField(read_only=True)
    serial_no = serializers.CharField(read_only=True)
    installed_on = serializers.DateField(read_only=True)
    first_used_on = serializers.DateField(read_only=True)
    registration_no = serializers.CharField(read_only=True)
    contractor = serializers.IntegerField(source="contractor_id", read_only=True)
    status = serializers.CharField(read_only=True)


class CertificateSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    equipment = serializers.IntegerField(source="equipment_id", read_only=True)
    kind = serializers.CharField(read_only=True)
    number = serializers.CharField(read_only=True)
    issuer = serializers.CharField(read_only=True)
    issued_on = serializers.DateField(read_only=True)
    expires_on = serializers.DateField(read_only=True)
    is_major_repair = serializers.BooleanField(read_only=True)
    warned_at = serializers.DateTimeField(read_only=True)


class CertificateInputSerializer(InputSerializer):
    equipment = SiteRelatedField(Equipment)
    kind = serializers.ChoiceField(choices=CertificateKind.choices)
    number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    issuer = serializers.CharField(max_length=100, required=False, allow_blank=True)
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True)
    is_major_repair = serializers.BooleanField(default=False)


class EquipmentCategoryViewSet(SiteScopedViewSet):
    queryset = EquipmentCategory.objects.select_related("site")
    serializer_class = EquipmentCategorySerializer
    filterset_class = EquipmentCategoryFilterSet
    http_method_names = READ_ONLY


class EquipmentViewSet(SiteScopedViewSet):
    """Units of equipment (filters as on the ledger page)."""

    queryset = Equipment.objects.select_related("site")
    serializer_class = EquipmentSerializer
    filterset_class = EquipmentFilterSet
    http_method_names = READ_ONLY
    ordering = ["code"]


class CertificateViewSet(SiteScopedViewSet):
    """Certificates and inspection reports; POST records one for a unit."""

    queryset = Certificate.objects.select_related("site")
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilterSet
    http_method_names = ["get", "post", "head", "options"]
    void = None  # a certificate is superseded by the next one, never voided: no void endpoint

    @extend_schema(request=CertificateInputSerializer, responses={201: CertificateSerializer})
    def create(self, request, *args, **kwargs):
        data = CertificateInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        self.check_site(data.validated_data["equipment"].site)
        cert = services.certificate_add(by=request.user, **data.validated_data)
        cert = Certificate.objects.select_related("site").get(pk=cert.pk)
        return Response(CertificateSerializer(cert).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this subject's endpoints to the facilities router."""
    router.register("equipment", EquipmentViewSet, basename="equipment")
    router.register("equipment-categories", EquipmentCategoryViewSet, basename="equipmentcategory")
    router.register("certificates", CertificateViewSet, basename="certificate")
