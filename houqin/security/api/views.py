"""API of the security module: a ViewSet is queryset + serializer + filterset; check-in,
check-out and invitations go through the services."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.viewsets import SiteScopedViewSet
from houqin.core.permissions import has_perm_at
from houqin.security import services
from houqin.security.api.serializers import (
    BlacklistEntrySerializer,
    CheckOutSerializer,
    InvitationSerializer,
    VisitCheckInSerializer,
    VisitSerializer,
    VisitUpdateSerializer,
)
from houqin.security.filtersets.visitors import (
    BlacklistEntryFilterSet,
    InvitationFilterSet,
    VisitFilterSet,
)
from houqin.security.models import BlacklistEntry, Invitation, Visit
from houqin.security.queries.visitors import invitations_visible


class VisitViewSet(SiteScopedViewSet):
    """Visitor registrations. POST checks a visitor in; a blacklisted visitor is refused
    (HTTP 403 with the registration number) and the duty officer alerted."""

    queryset = Visit.objects.select_related("site")
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet
    ordering_fields = ["checked_in_at", "number"]
    ordering = ["-checked_in_at"]
    required_perms = {"check_out": "security.change_visit"}

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return VisitUpdateSerializer
        if self.action == "create":
            return VisitCheckInSerializer
        return super().get_serializer_class()

    @extend_schema(request=VisitUpdateSerializer, responses=VisitSerializer)
    def update(self, request, *args, **kwargs):
        visit = self.get_object()
        data = VisitUpdateSerializer(visit, data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        services.visit_update(visit=visit, by=request.user, changes=dict(data.validated_data))
        return Response(VisitSerializer(visit).data)

    @extend_schema(request=VisitCheckInSerializer, responses={201: VisitSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        site = serializer.validated_data["site"]
        self.check_site(site)
        visit = services.visit_check_in(
            site=site,
            by=request.user,
            data=serializer.visitor_data(),
            gate=serializer.validated_data.get("gate"),
        )
        body = VisitSerializer(visit).data
        if visit.status == "refused":
            body = {
                "detail": _("Entry refused: the visitor is on the blacklist."),
                "errors": {},
                "number": visit.number,
            }
            return Response(body, status=status.HTTP_403_FORBIDDEN)
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=CheckOutSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request, pk=None):
        """Record that the visitor left (now, or at ``checked_out_at``)."""
        visit = self.get_object()
        data = CheckOutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = services.visit_check_out(
            visit=visit, by=request.user, at=data.validated_data.get("checked_out_at")
        )
        return Response(VisitSerializer(visit).data)


class InvitationViewSet(SiteScopedViewSet):
    """Pre-registrations by hosts, each with a single-use QR link."""

    queryset = Invitation.objects.select_related("host_person", "host_department")
    serializer_class = InvitationSerializer
    filterset_class = InvitationFilterSet
    http_method_names = ["get", "post", "head", "options"]
    # Hosts see their own invitations; the gate sees every invitation of its site.
    required_perms = {
        "list": ("security.view_invitation", "security.add_invitation"),
        "retrieve": ("security.view_invitation", "security.add_invitation"),
        "void": ("security.void_invitation", "security.add_invitation"),
    }

    def get_queryset(self):
        if self.request.method == "GET" or self.action == "void":
            return invitations_visible(self.request.user, self.queryset)
        return super().get_queryset()

    def perform_void(self, obj, reason: str) -> None:
        """The host cancels their own invitation; others need the void permission there."""
        if obj.created_by_id != self.request.user.pk and not has_perm_at(
            self.request.user, "security.void_invitation", obj.site_id
        ):
            self.permission_denied(self.request)
        services.invitation_void(invitation=obj, by=self.request.user, reason=reason)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        self.check_site(d["site"])
        invitation = services.invitation_create(
            site=d["site"],
            by=request.user,
            data=serializer.visitor_data(),
            expected_at=d["expected_at"],
            valid_until=d.get("valid_until"),
        )
        return Response(self.get_serializer(invitation).data, status=status.HTTP_201_CREATED)


class BlacklistEntryViewSet(SiteScopedViewSet):
    queryset = BlacklistEntry.objects.all()
    serializer_class = BlacklistEntrySerializer
    filterset_class = BlacklistEntryFilterSet

    def perform_create(self, serializer):
        self.check_site(serializer.validated_data["site"])
        id_number = serializer.validated_data.pop("id_number")
        entry = BlacklistEntry(**serializer.validated_data)
        serializer.instance = services.blacklist_entry_save(
            entry=entry, id_number=id_number, by=self.request.user
        )

    def perform_update(self, serializer):
        id_number = serializer.validated_data.pop("id_number", None)
        site = serializer.validated_data.pop("site", None)
        if site is not None and site.pk != serializer.instance.site_id:
            from django.core.exceptions import ValidationError

            raise ValidationError({"site": [_("The site of an entry cannot be changed.")]})
        for key, value in serializer.validated_data.items():
            setattr(serializer.instance, key, value)
        services.blacklist_entry_save(
            entry=serializer.instance, id_number=id_number, by=self.request.user
        )
