"""Filters of the info screens, serving the list pages and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import (
    LocalDateRangeFilter,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.signage.choices import MessageKind, MessageStatus, ScreenKind
from houqin.signage.models import Message, Screen

WHEN_CHOICES = [
    ("current", _("shown now")),
    ("future", _("not yet begun")),
    ("past", _("ended")),
]


class ScreenFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search", help_text=_("Code or name"))
    kind = filters.ChoiceFilter(label=_("Type"), choices=ScreenKind.choices)
    active = YesNoFilter(label=_("Active"), field_name="is_active")

    class Meta:
        model = Screen
        fields = ["site", "q", "kind", "active"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class MessageFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search", help_text=_("Number or title"))
    status = filters.ChoiceFilter(label=_("Status"), choices=MessageStatus.choices)
    kind = filters.ChoiceFilter(label=_("Kind"), choices=MessageKind.choices)
    screen = SiteObjectFilter(label=_("Screen"), model=Screen, method="filter_screen")
    when = filters.ChoiceFilter(label=_("When"), choices=WHEN_CHOICES, method="filter_when")
    begins = LocalDateRangeFilter(label=_("Begins"), field_name="valid_from")
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Message
        fields = ["site", "q", "status", "kind", "screen", "when", "begins", "void"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value))

    def filter_screen(self, queryset, name, value):
        """Messages shown on the screen: its own, and those for every screen of its site."""
        screen = Screen.objects.filter(pk=value).only("site_id").first()
        if screen is None:
            return queryset.none()
        linked = Message.screens.through.objects.filter(screen_id=screen.pk).values("message_id")
        return queryset.filter(Q(pk__in=linked) | Q(all_screens=True, site_id=screen.site_id))

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "current":
            return queryset.filter(valid_from__lte=now, valid_until__gt=now)
        if value == "future":
            return queryset.filter(valid_from__gt=now)
        return queryset.filter(valid_until__lte=now)
