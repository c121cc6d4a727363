"""API of the inspection engine: scans go through ``round_scan``; rounds and checkpoints are
read (rounds voided) like every other record."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.viewsets import SiteScopedViewSet
from houqin.core.permissions import sites_with_perm
from houqin.inspections import registry, services
from houqin.inspections.api.serializers import (
    CheckpointSerializer,
    ResultsInputSerializer,
    RoundSerializer,
    ScanInputSerializer,
    ScanSerializer,
    ScanWithItemsSerializer,
)
from houqin.inspections.filtersets import CheckpointFilterSet, RoundFilterSet
from houqin.inspections.models import Checkpoint, Round, Scan


class ScanViewSet(SiteScopedViewSet):
    """Checkpoint scans. POST records one with the check results taken there (201), or answers
    200 with the scan already recorded when the same queued scan is sent again (its results
    replace the earlier ones); another site's checkpoint is 403. ``results`` records or corrects
    a scan's check results later."""

    queryset = Scan.objects.select_related("round", "checkpoint")
    serializer_class = ScanSerializer
    http_method_names = ["get", "post", "head", "options"]
    ordering = ["-scanned_at"]
    ordering_fields = ["scanned_at"]

    @property
    def required_perms(self):
        walk = tuple({c.scan_perm for c in registry.KINDS.values()}) or ("inspections.scan_round",)
        return {
            "list": "inspections.view_round",
            "retrieve": "inspections.view_round",
            "create": walk,
            "results": walk,
        }

    def get_queryset(self):
        if self.action == "results":
            # Whoever took the scan, or who walks rounds at its site (checked per kind below).
            sites = registry.walk_sites(self.request.user)
            if sites is None:
                return self.queryset
            return self.queryset.filter(
                Q(site_id__in=sites) | Q(scanned_by_id=self.request.user.pk)
            )
        sites = sites_with_perm(self.request.user, "inspections.view_round")
        return self.queryset if sites is None else self.queryset.filter(site_id__in=sites)

    def check_object_permissions(self, request, obj):
        if self.action == "results" and not services.scan_result_allowed(
            scan=obj, user=request.user
        ):
            raise exceptions.PermissionDenied()
        # Otherwise the queryset is already limited to the sites where rounds may be seen.

    @extend_schema(request=ScanInputSerializer, responses={201: ScanWithItemsSerializer})
    def create(self, request, *args, **kwargs):
        data = ScanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scanned_at = data.validated_data.get("scanned_at")
        try:
            checkpoint = services.checkpoint_from_token(
                token=data.validated_data["token"], user=request.user
            )
            outcome = services.scan_record(
                checkpoint=checkpoint,
                by=request.user,
                scanned_at=scanned_at,
                queued=scanned_at is not None,
                results=data.result_tuples(),
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "site":
                raise exceptions.PermissionDenied(exc.messages[0]) from exc
            raise
        code = status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK
        return Response(ScanWithItemsSerializer(outcome.scan).data, status=code)

    @extend_schema(request=ResultsInputSerializer, responses={200: ScanWithItemsSerializer})
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        """Record or correct the check results of a scan (they replace earlier ones)."""
        scan = self.get_object()
        data = ResultsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.round_record_results(scan=scan, results=data.result_tuples(), by=request.user)
        return Response(ScanWithItemsSerializer(scan).data)


class RoundViewSet(SiteScopedViewSet):
    """Rounds of every kind; they are scheduled, never posted, and voided with a reason."""

    queryset = Round.objects.select_related("site", "route")
    serializer_class = RoundSerializer
    filterset_class = RoundFilterSet
    http_method_names = ["get", "post", "head", "options"]
    ordering = ["-starts_at"]
    ordering_fields = ["starts_at", "number"]

    def create(self, request, *args, **kwargs):
        raise exceptions.MethodNotAllowed(request.method)

    def perform_void(self, obj, reason: str) -> None:
        services.round_void(round=obj, by=self.request.user, reason=reason)


class CheckpointViewSet(SiteScopedViewSet):
    queryset = Checkpoint.objects.select_related("site")
    serializer_class = CheckpointSerializer
    filterset_class = CheckpointFilterSet
    http_method_names = ["get", "head", "options"]
