"""API of the approvals engine: my pending decisions, a request, and deciding it. Who sees a
request is decided by the queries (submitter, the holders of its steps' roles at its site, the
site's leadership), not by a model permission."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from houqin.approvals import queries, services
from houqin.approvals.api.serializers import (
    ApprovalRequestDetailSerializer,
    ApprovalRequestSerializer,
    DecideSerializer,
)
from houqin.approvals.models import ApprovalRequest


class ApprovalRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """GET lists the requests awaiting my decision; GET /{id}/ shows a request I may see;
    POST /{id}/decide/ approves or rejects its current step."""

    queryset = ApprovalRequest.objects.none()
    serializer_class = ApprovalRequestSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return queries.approvals_pending_for(self.request.user).select_related("content_type")

    def get_object(self):
        found = queries.request_visible(self.request.user, self.kwargs["pk"])
        if found is None:
            raise Http404
        item = found[0]
        item.decision_list = list(queries.decisions_of(item))
        return item

    def get_serializer_class(self):
        if self.action in ("retrieve", "decide"):
            return ApprovalRequestDetailSerializer
        return ApprovalRequestSerializer

    @extend_schema(request=DecideSerializer, responses=ApprovalRequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve (``"approve": true``) or reject the current step, with an optional comment."""
        item = self.get_object()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.approval_decide(
            request=item,
            by=request.user,
            approve=data.validated_data["approve"],
            comment=data.validated_data.get("comment", ""),
        )
        return Response(ApprovalRequestDetailSerializer(self.get_object()).data)
