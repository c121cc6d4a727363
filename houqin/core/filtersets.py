"""The base FilterSet: a site filter limited to the user's sites, and Bootstrap widgets."""

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import DateRangeField

from houqin.core.models import Site
from houqin.core.permissions import user_site_ids

MIN_YEAR, MAX_YEAR = 1900, 2100


class SiteScopedFilterSet(filters.FilterSet):
    """Every list can be narrowed to one of the user's sites."""

    site = filters.ModelChoiceFilter(
        label=_("Site"), queryset=Site.objects.none(), field_name="site", to_field_name="code"
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["site"].queryset = Site.objects.filter(
            pk__in=[site.pk for site in self.visible_sites()]
        )
        for field in self.form.fields.values():
            for widget in getattr(field.widget, "widgets", [field.widget]):
                css = (
                    "form-select form-select-sm"
                    if isinstance(widget, forms.Select)
                    else ("form-control form-control-sm")
                )
                widget.attrs["class"] = css

    def visible_sites(self):
        """The sites the requesting user belongs to (looked up once per filterset)."""
        if not hasattr(self, "_visible_sites"):
            user = getattr(self.request, "user", None)
            ids = user_site_ids(user) if user is not None else frozenset()
            qs = Site.objects.filter(is_active=True)
            self._visible_sites = list(qs if ids is None else qs.filter(pk__in=ids))
        return self._visible_sites


class BoundedDateRangeField(DateRangeField):
    """A date range whose ends lie in years a ledger can hold (far dates would overflow)."""

    def clean(self, value):
        value = super().clean(value)
        for end in (value.start, value.stop) if value else ():
            if end is not None and not MIN_YEAR <= end.year <= MAX_YEAR:
                raise ValidationError(
                    _("Choose dates between %(min)d and %(max)d.")
                    % {"min": MIN_YEAR, "max": MAX_YEAR},
                    code="out_of_range",
                )
        return value


class LocalDateRangeFilter(filters.DateFromToRangeFilter):
    """A from–to date filter on a datetime column, as a half-open range of local midnights.

    Filtering on ``column__date`` would wrap the column in a function and defeat its index; this
    compares the column itself with the day bounds in the compound's time zone."""

    field_class = BoundedDateRangeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", filters.widgets.DateRangeWidget(attrs={"type": "date"}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if value.start is not None:
            qs = qs.filter(**{f"{self.field_name}__gte": _local_midnight(value.start)})
        if value.stop is not None:
            qs = qs.filter(**{f"{self.field_name}__lt": _local_midnight(value.stop, 1)})
        return qs


def _local_midnight(value, days: int = 0):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    day = value.date() if hasattr(value, "date") else value
    return timezone.make_aware(datetime.combine(day + timedelta(days=days), time.min))
