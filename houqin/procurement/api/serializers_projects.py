"""Serializers of the procurement project API."""

from __future__ import annotations

from rest_framework import serializers

from houqin.core.api.viewsets import InputSerializer, ReadSerializer
from houqin.procurement.choices import FundingSource, Method, ObjectType, Stage

MONEY = {"max_digits": 14, "decimal_places": 2}


class LineSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    spec = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    unit = serializers.CharField(max_length=10)
    unit_price_yuan = serializers.DecimalField(**MONEY, min_value=0)


class StageSerializer(ReadSerializer):
    stage = serializers.CharField(read_only=True)
    at = serializers.DateTimeField(read_only=True)
    by = serializers.IntegerField(source="by_id", read_only=True)
    note = serializers.CharField(read_only=True)
    late_reason = serializers.CharField(read_only=True)


class BidSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    supplier = serializers.IntegerField(source="supplier_id", read_only=True)
    price_yuan = serializers.DecimalField(**MONEY, read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True)
    is_valid = serializers.BooleanField(read_only=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True)
    rank = serializers.IntegerField(read_only=True)


class ProjectSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    title = serializers.CharField(read_only=True)
    department = serializers.IntegerField(source="department_id", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    object_type = serializers.CharField(read_only=True)
    funding_source = serializers.CharField(read_only=True)
    method = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    stage = serializers.CharField(read_only=True)
    budget_yuan = serializers.DecimalField(**MONEY, read_only=True)
    contract_yuan = serializers.DecimalField(**MONEY, read_only=True)
    savings_yuan = serializers.DecimalField(**MONEY, read_only=True)
    supplier = serializers.IntegerField(source="supplier_id", read_only=True)
    contract_number = serializers.CharField(read_only=True)
    contract_signed_on = serializers.DateField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class ProjectDetailSerializer(ProjectSerializer):
    def to_representation(self, instance):
        out = super().to_representation(instance)
        out["lines"] = LineSerializer(instance.lines.all(), many=True).data
        out["stages"] = [StageSerializer(s).data for s in instance.stages.order_by("at", "id")]
        return out


class RequestInput(InputSerializer):
    department = serializers.IntegerField(min_value=1, max_value=2**53)
    title = serializers.CharField(max_length=200)
    object_type = serializers.ChoiceField(choices=ObjectType.choices)
    funding_source = serializers.ChoiceField(choices=FundingSource.choices)
    method = serializers.ChoiceField(choices=Method.choices)
    method_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    lines = LineSerializer(many=True, allow_empty=False)


class AdvanceInput(InputSerializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    at = serializers.DateTimeField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    late_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    data = serializers.DictField(required=False, default=dict)


class BidInput(InputSerializer):
    supplier = serializers.IntegerField(min_value=1, max_value=2**53)
    price_yuan = serializers.DecimalField(**MONEY, min_value=0)
    submitted_at = serializers.DateTimeField()
