"""API of the meeting service: the service tasks of a day (``?date=YYYY-MM-DD``, today by
default) and marking an item done, through the service layer."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.viewsets import ReadSerializer
from houqin.core.permissions import SitePermission
from houqin.core.validators import FIRST_DAY, LAST_DAY
from houqin.meetings.models import BookingService
from houqin.meetings.queries.service import day_tasks
from houqin.meetings.services import service as services
from houqin.meetings.tables.service import task_rows


class ServiceTaskSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    booking = serializers.IntegerField(source="booking_id", read_only=True)
    number = serializers.CharField(source="booking.number", read_only=True)
    title = serializers.CharField(source="booking.title", read_only=True)
    room = serializers.CharField(source="booking.room.name", read_only=True)
    starts_at = serializers.DateTimeField(source="booking.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="booking.ends_at", read_only=True)
    attendees = serializers.IntegerField(source="booking.attendees", read_only=True)
    item = serializers.CharField(read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    note = serializers.CharField(read_only=True)
    done_at = serializers.DateTimeField(read_only=True)
    served_at = serializers.DateTimeField(source="booking.served_at", read_only=True)


def _day(raw: str | None):
    """The day asked for, today when none, None when it is not a date."""
    if not raw:
        return timezone.localdate()
    try:
        day = parse_date(raw)
    except ValueError:
        return None
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


class ServiceTaskViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Service items of a day's meetings at the caller's sites; ``done`` records one."""

    queryset = BookingService.objects.select_related("booking__site", "booking__room")
    serializer_class = ServiceTaskSerializer
    permission_classes = [SitePermission]
    pagination_class = None
    required_perms = {
        "list": "meetings.view_bookingservice",
        "done": "meetings.serve_bookingservice",
    }

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, "serve")

    @extend_schema(parameters=[OpenApiParameter("date", str, description="YYYY-MM-DD")])
    def list(self, request, *args, **kwargs):
        day = _day(request.query_params.get("date"))
        if day is None:
            raise serializers.ValidationError({"date": [_("Enter a date as YYYY-MM-DD.")]})
        rows = task_rows(day_tasks(request.user, day))
        return Response(ServiceTaskSerializer(rows, many=True).data)

    @extend_schema(request=None, responses=ServiceTaskSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        """Record the item as done (the meeting is served when it was the last one)."""
        service = services.service_item_done(service=self.get_object(), by=request.user)
        return Response(ServiceTaskSerializer(service).data)


def register(router) -> None:
    """Add this subject's endpoints to the meetings router."""
    router.register("service-tasks", ServiceTaskViewSet, basename="servicetask")
