"""Filters of the room list, the blackout list and the booking ledger."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import LocalDateRangeFilter, SiteScopedFilterSet, YesNoFilter
from houqin.core.models import Building
from houqin.meetings.choices import BookingStatus, RoomFeature
from houqin.meetings.models import Blackout, Booking, Room


class RoomFilterSet(SiteScopedFilterSet):
    """Seats at least, a piece of equipment, the building."""

    seats = filters.NumberFilter(
        label=_("Seats at least"), field_name="capacity", lookup_expr="gte"
    )
    feature = filters.ChoiceFilter(
        label=_("Equipment"), choices=RoomFeature.choices, method="filter_feature"
    )
    building = filters.ChoiceFilter(label=_("Building"), field_name="location__building_id")

    class Meta:
        model = Room
        fields = ["site", "seats", "feature", "building"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["building"].extra["choices"] = list(
            Building.objects.filter(site__in=self.visible_sites())
            .order_by("site", "code")
            .values_list("pk", "name")
        )

    def filter_feature(self, queryset, name, value):
        # JSON list stored as text: the quoted value matches one element on every database.
        return queryset.filter(features__icontains=f'"{value}"')


class BlackoutFilterSet(SiteScopedFilterSet):
    """Periods by date."""

    starts = LocalDateRangeFilter(label=_("From"), field_name="starts_at")

    class Meta:
        model = Blackout
        fields = ["site", "starts"]


class BookingFilterSet(SiteScopedFilterSet):
    """Room, status, date, search in title / number / organiser."""

    q = filters.CharFilter(label=_("Search"), method="search")
    room = filters.ChoiceFilter(label=_("Room"), field_name="room_id")
    status = filters.ChoiceFilter(label=_("Status"), choices=BookingStatus.choices)
    date = LocalDateRangeFilter(label=_("Date"), field_name="starts_at")
    served = LocalDateRangeFilter(label=_("Served"), field_name="served_at")
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Booking
        fields = ["site", "q", "room", "status", "date", "served", "void"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["room"].extra["choices"] = list(
            Room.objects.filter(site__in=self.visible_sites())
            .order_by("site", "code")
            .values_list("pk", "name")
        )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(title__icontains=value)
            | Q(number__icontains=value)
            | Q(organiser__username__icontains=value)
            | Q(organiser__last_name__icontains=value)
        )
