"""API of service evaluation: posts and standards (read), evaluations (list, read, record through
the service, void)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Person
from houqin.quality.filtersets.evaluations import (
    EvaluationFilterSet,
    ServicePostFilterSet,
    StandardFilterSet,
)
from houqin.quality.models import Evaluation, ServicePost, Standard
from houqin.quality.services import evaluations as services


class ServicePostSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    team = serializers.IntegerField(source="team_id", read_only=True)
    is_active = serializers.BooleanField(read_only=True)


class StandardItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    weight = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True)
    position = serializers.IntegerField(read_only=True)


class StandardSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    post = serializers.IntegerField(source="post_id", read_only=True)
    title = serializers.CharField(read_only=True)
    effective_from = serializers.DateField(read_only=True)
    pass_mark = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True)
    items = StandardItemSerializer(many=True, read_only=True)


class EvaluationSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    post = serializers.IntegerField(source="post_id", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    standard = serializers.IntegerField(source="standard_id", read_only=True)
    month = serializers.DateField(read_only=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True)
    comment = serializers.CharField(read_only=True)
    evaluated_at = serializers.DateTimeField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class ScoreInput(InputSerializer):
    item = serializers.IntegerField(min_value=1)
    points = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class EvaluationCreateSerializer(InputSerializer):
    """A month's scores of a post (or of one person on it): every item of the standard."""

    post = SiteRelatedField(ServicePost)
    person = SiteRelatedField(Person, required=False, allow_null=True)
    month = serializers.DateField(help_text="Any day of the month scored.")
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    scores = ScoreInput(many=True, allow_empty=False)


class ServicePostViewSet(SiteScopedViewSet):
    queryset = ServicePost.objects.select_related("site")
    serializer_class = ServicePostSerializer
    filterset_class = ServicePostFilterSet
    http_method_names = ["get", "head", "options"]
    ordering = ["name"]


class StandardViewSet(SiteScopedViewSet):
    queryset = Standard.objects.select_related("site").prefetch_related("items")
    serializer_class = StandardSerializer
    filterset_class = StandardFilterSet
    http_method_names = ["get", "head", "options"]
    ordering = ["post", "-effective_from"]


class EvaluationViewSet(SiteScopedViewSet):
    queryset = Evaluation.objects.select_related("site")
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilterSet
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["month", "number", "score"]
    ordering = ["-month", "number"]

    @extend_schema(request=EvaluationCreateSerializer, responses={201: EvaluationSerializer})
    def create(self, request, *args, **kwargs):
        data = EvaluationCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        self.check_site(values["post"].site)
        items = [row["item"] for row in values["scores"]]
        if len(set(items)) != len(items):
            raise serializers.ValidationError({"scores": [_("Score each item once.")]})
        evaluation = services.evaluation_record(
            post=values["post"],
            month=values["month"],
            by=request.user,
            person=values.get("person"),
            comment=values["comment"],
            scores={row["item"]: (row["points"], row["note"]) for row in values["scores"]},
        )
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this subject's endpoints to the quality router."""
    router.register("posts", ServicePostViewSet, basename="servicepost")
    router.register("standards", StandardViewSet, basename="standard")
    router.register("evaluations", EvaluationViewSet, basename="evaluation")
