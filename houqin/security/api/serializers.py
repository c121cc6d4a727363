"""API serializers of the security module. Personal fields are write-only; reads show them
masked."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer
from houqin.core.models import Department, Location, Person, Site
from houqin.security.choices import IdTypeChoices, VisitPurpose
from houqin.security.models import BlacklistEntry, Invitation, Visit
from houqin.security.services import clean_id_number, clean_phone
from houqin.security.services.visitors import (
    VISIT_CORRECTABLE_FIELDS,
    VisitorData,
    clean_name,
    clean_plate,
)


def _django_to_drf(func, *args):
    try:
        return func(*args)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from exc


class VisitorFieldsSerializer(InputSerializer):
    """The visitor fields shared by check-in and invitation, validated like the forms."""

    site = serializers.CharField(max_length=20, help_text="site code")
    visitor_name = serializers.CharField(max_length=50)
    id_type = serializers.ChoiceField(
        choices=IdTypeChoices.choices, default=IdTypeChoices.RESIDENT_ID
    )
    id_number = serializers.CharField(max_length=40, write_only=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, write_only=True)
    organisation = serializers.CharField(max_length=100, required=False, allow_blank=True)
    # Loaded with its site (one query checks both), and only from the caller's sites.
    host_department = SiteRelatedField(Department)
    host_person = SiteRelatedField(Person, required=False, allow_null=True)
    purpose = serializers.ChoiceField(choices=VisitPurpose.choices)
    companions = serializers.IntegerField(min_value=0, max_value=200, default=0)
    vehicle_plate = serializers.CharField(max_length=20, required=False, allow_blank=True)

    def validate_visitor_name(self, value):
        return _django_to_drf(clean_name, value)

    def validate_phone(self, value):
        return _django_to_drf(clean_phone, value)

    def validate_vehicle_plate(self, value):
        return _django_to_drf(clean_plate, value)

    def validate(self, attrs):
        try:
            attrs["id_number"] = clean_id_number(attrs["id_type"], attrs["id_number"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"id_number": exc.messages}) from exc
        site = attrs["host_department"].site
        if site.code != attrs["site"]:
            if not Site.objects.filter(code=attrs["site"]).exists():
                raise serializers.ValidationError({"site": [_("No site has this code.")]})
            raise serializers.ValidationError({"host_department": [_("Not at the chosen site.")]})
        attrs["site"] = site
        for name in ("host_department", "host_person"):
            obj = attrs.get(name)
            if obj is not None and obj.site_id != site.pk:
                raise serializers.ValidationError({name: [_("Not at the chosen site.")]})
        return attrs

    def visitor_data(self, **extra) -> VisitorData:
        return VisitorData.from_cleaned(self.validated_data, **extra)


class VisitCheckInSerializer(VisitorFieldsSerializer):
    """What the gate sends to check a visitor in."""

    purpose_detail = serializers.CharField(max_length=200, required=False, allow_blank=True)
    items_carried = serializers.CharField(max_length=200, required=False, allow_blank=True)
    gate = SiteRelatedField(Location, required=False, allow_null=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        gate = attrs.get("gate")
        if gate is not None and gate.site_id != attrs["site"].pk:
            raise serializers.ValidationError({"gate": [_("Not at the chosen site.")]})
        return attrs

    def visitor_data(self, **extra) -> VisitorData:
        d = self.validated_data
        return super().visitor_data(
            purpose_detail=d.get("purpose_detail", ""),
            items_carried=d.get("items_carried", ""),
            **extra,
        )


class VisitSerializer(ReadSerializer):
    """A registration as read back: personal numbers only masked.

    A plain Serializer with explicit fields: ModelSerializer rebuilds its fields from the model on
    every instance, which costs more than the check-in's own database work."""

    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    visitor_name = serializers.CharField(read_only=True)
    id_type = serializers.CharField(read_only=True)
    id_number_masked = serializers.CharField(read_only=True)
    phone_masked = serializers.CharField(read_only=True)
    organisation = serializers.CharField(read_only=True)
    host_department = serializers.IntegerField(source="host_department_id", read_only=True)
    host_person = serializers.IntegerField(source="host_person_id", read_only=True)
    purpose = serializers.CharField(read_only=True)
    purpose_detail = serializers.CharField(read_only=True)
    companions = serializers.IntegerField(read_only=True)
    vehicle_plate = serializers.CharField(read_only=True)
    items_carried = serializers.CharField(read_only=True)
    gate = serializers.IntegerField(source="gate_id", read_only=True)
    status = serializers.CharField(read_only=True)
    checked_in_at = serializers.DateTimeField(read_only=True)
    checked_out_at = serializers.DateTimeField(read_only=True)
    invitation = serializers.IntegerField(source="invitation_id", read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)
    void_reason = serializers.CharField(read_only=True)


class VisitUpdateSerializer(serializers.ModelSerializer):
    """What may be corrected after check-in (not identity, not times)."""

    class Meta:
        model = Visit
        fields = list(VISIT_CORRECTABLE_FIELDS)


class CheckOutSerializer(serializers.Serializer):
    checked_out_at = serializers.DateTimeField(required=False, allow_null=True)


class InvitationSerializer(VisitorFieldsSerializer, serializers.ModelSerializer):
    """A pre-registration; the response carries the link to send the visitor (``scan_url``,
    shown as a QR code by any client) while the invitation is waiting."""

    id_number_masked = serializers.CharField(read_only=True)
    scan_url = serializers.SerializerMethodField()

    get_fields = serializers.ModelSerializer.get_fields  # the model's fields, not only declared
    expected_at = serializers.DateTimeField()
    valid_until = serializers.DateTimeField(required=False)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "number",
            "site",
            "visitor_name",
            "id_type",
            "id_number",
            "id_number_masked",
            "phone",
            "organisation",
            "host_department",
            "host_person",
            "purpose",
            "companions",
            "vehicle_plate",
            "expected_at",
            "valid_until",
            "voided_at",
            "scan_url",
        ]
        read_only_fields = ["number", "voided_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["site"] = instance.site.code
        return data

    def get_scan_url(self, invitation) -> str | None:
        from django.urls import reverse

        from houqin.core.services import scan_link_sign
        from houqin.security.queries.visitors import InvitationState, invitation_state

        if invitation.scan_link is None or invitation_state(invitation) != InvitationState.PENDING:
            return None
        path = reverse("scan_link", kwargs={"signed": scan_link_sign(invitation.scan_link)})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class BlacklistEntrySerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="code", queryset=Site.objects.all())
    id_number = serializers.CharField(max_length=40, write_only=True, required=False)

    class Meta:
        model = BlacklistEntry
        fields = [
            "id",
            "number",
            "site",
            "name",
            "id_type",
            "id_number",
            "id_number_masked",
            "reason",
            "valid_until",
            "is_active",
            "voided_at",
        ]
        read_only_fields = ["number", "id_number_masked", "voided_at"]

    def validate_name(self, value):
        return _django_to_drf(clean_name, value)

    def validate(self, attrs):
        if "id_number" in attrs:
            try:
                attrs["id_number"] = clean_id_number(
                    attrs.get("id_type", IdTypeChoices.RESIDENT_ID), attrs["id_number"]
                )
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"id_number": exc.messages}) from exc
        elif self.instance is None:
            raise serializers.ValidationError({"id_number": [_("This field is required.")]})
        return attrs
