"""API of rooms and bookings: the rooms (read), free rooms for a slot, bookings (list, read,
create — once or repeating, with service items — and cancel), through the service layer."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer
from houqin.core.models import Department
from houqin.core.permissions import SitePermission, sites_with_perm
from houqin.meetings.choices import Frequency, Layout, RoomFeature, ServiceItem
from houqin.meetings.filtersets.bookings import BookingFilterSet, RoomFilterSet
from houqin.meetings.models import Booking, Room
from houqin.meetings.queries.bookings import availability
from houqin.meetings.services import bookings as services

BOOKER_PERMS = ("meetings.add_booking", "meetings.view_booking")


class RoomSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    capacity = serializers.IntegerField(read_only=True)
    features = serializers.ListField(read_only=True)
    layouts = serializers.ListField(read_only=True)
    opens_at = serializers.TimeField(read_only=True)
    closes_at = serializers.TimeField(read_only=True)
    max_days_ahead = serializers.IntegerField(read_only=True)
    max_minutes = serializers.IntegerField(read_only=True)
    requires_approval = serializers.BooleanField(read_only=True)
    check_in_minutes = serializers.IntegerField(read_only=True)


class ServiceLineSerializer(InputSerializer):
    item = serializers.ChoiceField(choices=ServiceItem.choices)
    quantity = serializers.IntegerField(min_value=1, max_value=999, default=1)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RepeatSerializer(InputSerializer):
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    interval = serializers.IntegerField(min_value=1, max_value=52, default=1)
    until = serializers.DateField()
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), required=False, default=list
    )
    skip = serializers.ListField(child=serializers.DateField(), required=False, default=list)


class BookingSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    room = serializers.IntegerField(source="room_id", read_only=True)
    series = serializers.IntegerField(source="series_id", read_only=True)
    title = serializers.CharField(read_only=True)
    organiser = serializers.IntegerField(source="organiser_id", read_only=True)
    department = serializers.IntegerField(source="department_id", read_only=True)
    attendees = serializers.IntegerField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    layout = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    checked_in_at = serializers.DateTimeField(read_only=True)
    cancelled_at = serializers.DateTimeField(read_only=True)


class BookingCreateSerializer(InputSerializer):
    room = SiteRelatedField(Room)
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    attendees = serializers.IntegerField(min_value=1, max_value=9999)
    department = SiteRelatedField(Department, required=False, allow_null=True)
    layout = serializers.ChoiceField(choices=Layout.choices, default=Layout.BOARDROOM)
    attendee_names = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    services = ServiceLineSerializer(many=True, required=False, default=list)
    repeat = RepeatSerializer(required=False, allow_null=True, default=None)


class ReasonSerializer(InputSerializer):
    reason = serializers.CharField(max_length=200)


class RoomViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Rooms of the caller's sites; ``available`` lists the free ones for a slot."""

    queryset = Room.objects.select_related("site").order_by("site", "code")
    serializer_class = RoomSerializer
    filterset_class = RoomFilterSet
    permission_classes = [SitePermission]

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, "view")

    @extend_schema(
        parameters=[
            OpenApiParameter("starts_at", str, description="ISO 8601"),
            OpenApiParameter("ends_at", str, description="ISO 8601"),
            OpenApiParameter("seats", int),
            OpenApiParameter("feature", str, enum=RoomFeature.values),
        ]
    )
    @action(detail=False, methods=["get"])
    def available(self, request):
        """Active rooms free (not booked, not blacked out) for the whole slot."""
        data = _SlotSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        slot = data.validated_data
        rooms = availability(
            sites_with_perm(request.user, "meetings.view_room"),
            slot["starts_at"],
            slot["ends_at"],
            slot.get("seats") or 0,
            slot.get("feature") or "",
        )[:200]
        return Response(RoomSerializer(rooms, many=True).data)


class _SlotSerializer(InputSerializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    seats = serializers.IntegerField(min_value=0, max_value=9999, required=False)
    feature = serializers.ChoiceField(choices=RoomFeature.choices, required=False)

    def validate(self, attrs):
        if attrs["ends_at"] <= attrs["starts_at"]:
            raise serializers.ValidationError({"ends_at": [_("The end must be after the start.")]})
        return attrs


class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Bookings: the caller's own, and every booking of the sites where they see bookings."""

    queryset = Booking.objects.select_related("site")
    serializer_class = BookingSerializer
    filterset_class = BookingFilterSet
    permission_classes = [SitePermission]
    required_perms = {
        "list": BOOKER_PERMS,
        "retrieve": BOOKER_PERMS,
        "create": "meetings.add_booking",
        "cancel": BOOKER_PERMS,
    }

    def get_queryset(self):
        from houqin.meetings.views.bookings import visible_bookings

        return visible_bookings(self.request.user).select_related("site").order_by("-starts_at")

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        """Book a room once or repeatedly; a refusal names every clash and rule broken."""
        data = BookingCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        repeat = values.pop("repeat")
        lines = [services.ServiceLine(**line) for line in values.pop("services")]
        bookings = services.booking_create(
            by=request.user,
            services=lines,
            repeat=_repeat(repeat) if repeat else None,
            **values,
        )
        body = BookingSerializer(bookings, many=True).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel the booking with a reason (organiser or meeting manager)."""
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = services.booking_cancel(
            booking=self.get_object(), by=request.user, reason=data.validated_data["reason"]
        )
        return Response(BookingSerializer(booking).data)


def _repeat(values: dict) -> services.Repeat:
    return services.Repeat(
        frequency=values["frequency"],
        interval=values["interval"],
        until=values["until"],
        weekdays=tuple(values.get("weekdays") or ()),
        skip=tuple(values.get("skip") or ()),
    )


def register(router) -> None:
    """Add this subject's endpoints to the meetings router."""
    router.register("rooms", RoomViewSet, basename="room")
    router.register("bookings", BookingViewSet, basename="booking")
