"""The base FilterSet: a site filter limited to the user's sites, and Bootstrap widgets."""

from functools import cache
from html import escape

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters.fields import DateRangeField

from houqin.core.permissions import user_sites

MIN_YEAR, MAX_YEAR = 1900, 2100


class FastSelect(forms.Select):
    """A <select> built in Python: the template-per-option rendering of Django's Select costs
    more than the list page's own query."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        options = []
        for key, label in self.choices:
            key = str(key)
            selected = " selected" if key in chosen else ""
            options.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(options)))


class YesNoFilter(filters.BooleanFilter):
    """A yes/no filter whose empty choice reads "all" (not Django's "unknown")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.Select(choices=[("", _("all")), ("true", _("yes")), ("false", _("no"))]),
        )
        super().__init__(*args, **kwargs)


class FastInput(Input):
    """An <input> built in Python (see FastSelect)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final.setdefault("type", self.input_type)
        final["name"] = name
        value = self.format_value(value)
        if value not in (None, ""):
            final["value"] = value
        return format_html("<input{}>", flatatt(final))


class FastRange(forms.MultiWidget):
    """A from–to pair of inputs built in Python (django-filter's range widgets)."""

    def render(self, name, value, attrs=None, renderer=None):
        values = value if isinstance(value, list | tuple) else self.decompress(value)
        attrs = self.build_attrs(self.attrs, attrs)  # e.g. type="date" for both inputs
        base_id = attrs.get("id")
        parts = []
        for i, (widget, suffix) in enumerate(zip(self.widgets, self.suffixes, strict=False)):
            sub_attrs = {**attrs, "id": f"{base_id}_{i}"} if base_id else attrs
            sub_value = values[i] if values and i < len(values) else None
            parts.append(widget.render(f"{name}_{suffix}", sub_value, sub_attrs))
        return mark_safe('<span class="mx-1">–</span>'.join(parts))


def make_fast(widget) -> None:
    """Switch a widget to its Python-rendered twin, keeping its attributes and choices."""
    if isinstance(widget, FastSelect | FastInput | FastRange):
        return
    if isinstance(widget, forms.MultiWidget):
        for sub_widget in widget.widgets:
            make_fast(sub_widget)
        if hasattr(widget, "suffixes"):
            widget.__class__ = _fast_class(FastRange, type(widget))
    elif isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        widget.__class__ = _fast_class(FastSelect, type(widget))
    elif isinstance(widget, Input) and widget.input_type not in ("checkbox", "radio", "file"):
        widget.__class__ = _fast_class(FastInput, type(widget))


@cache
def _fast_class(fast: type, widget: type) -> type:
    """The Python-rendered twin of a widget class (made once per class, not per page)."""
    return type("Fast" + widget.__name__, (fast, widget), {})


class SiteObjectFilter(filters.ChoiceFilter):
    """Choose one record (a department, a location …) of the user's sites by id. Its choices
    come from one query when the filter bar is built, and filtering needs no look-up."""

    def __init__(self, *args, model=None, **kwargs):
        self.choice_model = model  # (``model`` is the filterset's own, set by django-filter)
        super().__init__(*args, **kwargs)


class SiteScopedFilterSet(filters.FilterSet):
    """Every list can be narrowed to one of the user's sites (by code)."""

    site = filters.ChoiceFilter(label=_("Site"), method="filter_site")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        sites = self.visible_sites()
        self.filters["site"].extra["choices"] = [(site.code, site.name) for site in sites]
        for filter_ in self.filters.values():
            if isinstance(filter_, SiteObjectFilter):
                filter_.extra["choices"] = list(
                    filter_.choice_model.objects.filter(site__in=sites, is_active=True)
                    .order_by("site", "name")
                    .values_list("pk", "name")
                )
        for field in self.form.fields.values():
            for widget in getattr(field.widget, "widgets", [field.widget]):
                widget.attrs["class"] = (
                    "form-select form-select-sm"
                    if isinstance(widget, forms.Select)
                    else "form-control form-control-sm"
                )
            make_fast(field.widget)

    def filter_site(self, queryset, name, value):
        site = next((s for s in self.visible_sites() if s.code == value), None)
        return queryset.filter(site_id=site.pk) if site else queryset.none()

    def visible_sites(self):
        """The sites the requesting user belongs to (read with the user; no query here)."""
        user = getattr(self.request, "user", None)
        return user_sites(user) if user is not None else []


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
