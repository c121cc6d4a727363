"""API of the greening subject: contracts and instalments (read), acceptance checks (list, read,
record with their results through the service)."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.environment.filtersets.greening import (
    CheckFilterSet,
    ContractFilterSet,
    InstalmentFilterSet,
)
from houqin.environment.models import AcceptanceCheck, GreeningContract, PaymentInstalment
from houqin.environment.queries import greening as queries
from houqin.environment.services import greening as services

MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}
POINTS = {"max_digits": 5, "decimal_places": 1, "read_only": True}


class TermSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    deduct_points = serializers.DecimalField(**POINTS)
    deduct_yuan = serializers.DecimalField(**MONEY)


class ContractSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    contractor = serializers.IntegerField(source="contractor_id", read_only=True)
    contractor_name = serializers.CharField(source="contractor.name", read_only=True)
    title = serializers.CharField(read_only=True)
    scope = serializers.CharField(read_only=True)
    area_m2 = serializers.DecimalField(max_digits=10, decimal_places=1, read_only=True)
    amount_yuan = serializers.DecimalField(**MONEY)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)
    pass_score = serializers.DecimalField(**POINTS)
    paid = serializers.DecimalField(**MONEY)
    withheld = serializers.DecimalField(**MONEY)
    deductions = serializers.DecimalField(**MONEY)
    terms = TermSerializer(many=True, read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class ResultSerializer(serializers.Serializer):
    term = serializers.IntegerField(source="term_id", read_only=True)
    passed = serializers.BooleanField(read_only=True)
    note = serializers.CharField(read_only=True)
    photo = serializers.IntegerField(source="photo_id", read_only=True)


class CheckSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    contract = serializers.IntegerField(source="contract_id", read_only=True)
    month = serializers.DateField(read_only=True)
    checked_on = serializers.DateField(read_only=True)
    checked_by = serializers.IntegerField(source="checked_by_id", read_only=True)
    score = serializers.DecimalField(**POINTS)
    note = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class CheckDetailSerializer(CheckSerializer):
    results = ResultSerializer(many=True, read_only=True)


class InstalmentSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    contract = serializers.IntegerField(source="contract_id", read_only=True)
    month = serializers.DateField(read_only=True)
    amount_yuan = serializers.DecimalField(**MONEY)
    status = serializers.CharField(read_only=True)
    check_score = serializers.DecimalField(**POINTS)
    deductions = serializers.DecimalField(**MONEY)
    payable = serializers.DecimalField(**MONEY)
    paid_on = serializers.DateField(read_only=True)
    paid_yuan = serializers.DecimalField(**MONEY)
    note = serializers.CharField(read_only=True)


class ResultInput(InputSerializer):
    term = serializers.IntegerField(min_value=1)
    passed = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CheckCreateSerializer(InputSerializer):
    """A month's check of a contract: every term passed or failed. Sent as multipart, a failed
    term's photo is the file field ``photo_<term id>`` and ``results`` a JSON list."""

    contract = serializers.IntegerField(min_value=1, max_value=2**53)
    month = serializers.DateField(help_text="Any day of the month checked.")
    checked_on = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    results = ResultInput(many=True, allow_empty=False)

    def validate_contract(self, pk):
        """A contract of the caller's sites (another site's reads as unknown). Not
        ``SiteRelatedField``: its prepared SELECT cannot read decimal columns on SQLite."""
        user = self.context["request"].user
        qs = GreeningContract.objects.restrict(user, "view").select_related("site")
        contract = qs.filter(pk=pk).first()
        if contract is None:
            raise serializers.ValidationError(_("This contract is not known."))
        return contract


class ContractViewSet(SiteScopedViewSet):
    queryset = GreeningContract.objects.select_related("site", "contractor").prefetch_related(
        "terms"
    )
    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet
    http_method_names = ["get", "head", "options"]
    ordering = ["-starts_on", "number"]

    def get_queryset(self):
        return queries.with_figures(super().get_queryset())


class CheckViewSet(SiteScopedViewSet):
    queryset = AcceptanceCheck.objects.select_related("site")
    serializer_class = CheckSerializer
    filterset_class = CheckFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "head", "options"]
    ordering = ["-month", "number"]

    def get_serializer_class(self):
        return CheckDetailSerializer if self.action == "retrieve" else CheckSerializer

    @extend_schema(request=CheckCreateSerializer, responses={201: CheckDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = CheckCreateSerializer(data=_plain(request.data), context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        self.check_site(values["contract"].site)
        terms = [row["term"] for row in values["results"]]
        if len(set(terms)) != len(terms):
            raise serializers.ValidationError({"results": [_("Answer each term once.")]})
        check = services.acceptance_check_record(
            contract=values["contract"],
            month=values["month"],
            checked_on=values["checked_on"],
            note=values["note"],
            by=request.user,
            results={
                row["term"]: (row["passed"], row["note"], request.FILES.get(f"photo_{row['term']}"))
                for row in values["results"]
            },
        )
        return Response(CheckDetailSerializer(check).data, status=status.HTTP_201_CREATED)

    def perform_void(self, obj, reason: str) -> None:
        """Void through the service: refused once the month's instalment is approved or paid."""
        services.acceptance_check_void(check=obj, by=self.request.user, reason=reason)


def _plain(data) -> dict:
    """The request's fields, with ``results`` read from JSON when sent as a multipart field."""
    plain = {key: data.get(key) for key in data if not key.startswith("photo_")}
    if isinstance(plain.get("results"), str):
        try:
            plain["results"] = json.loads(plain["results"])
        except ValueError as exc:
            message = _("Send the results as JSON.")
            raise serializers.ValidationError({"results": [message]}) from exc
    return plain


class InstalmentViewSet(SiteScopedViewSet):
    queryset = PaymentInstalment.objects.select_related("site")
    serializer_class = InstalmentSerializer
    filterset_class = InstalmentFilterSet
    http_method_names = ["get", "head", "options"]
    ordering = ["month", "contract_id"]

    def get_queryset(self):
        return queries.with_payable(super().get_queryset())


def register(router) -> None:
    """Add this subject's endpoints to the environment router."""
    router.register("greening/contracts", ContractViewSet, basename="greeningcontract")
    router.register("greening/checks", CheckViewSet, basename="acceptancecheck")
    router.register("greening/instalments", InstalmentViewSet, basename="paymentinstalment")
