"""Filters of the regulations library, serving the list page and the API."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.filtersets import SiteScopedFilterSet
from houqin.core.validators import validate_date_in_range
from houqin.team.choices import RegulationScope
from houqin.team.models import Regulation, RegulationVersion
from houqin.team.queries.regulations import versions_in_force_q

DATE = forms.DateInput(attrs={"type": "date"})
SHOW_ALL = "all"


def read_day(raw):
    """A valid date typed as YYYY-MM-DD, or None for anything else."""
    field = forms.DateField(validators=[validate_date_in_range])
    try:
        return field.clean(raw) if raw else None
    except ValidationError:
        return None


def matching(queryset, text: str, on=None):
    """Regulations whose title, or the text of any of their versions, contains ``text`` (only
    the text of the version in force on ``on`` when given)."""
    text = text.strip()
    if not text:
        return queryset
    versions = RegulationVersion.objects.filter(regulation=OuterRef("pk"), text__icontains=text)
    if on is not None:
        versions = versions.filter(versions_in_force_q(on))
    return queryset.filter(Q(title__icontains=text) | Exists(versions))


class RegulationFilterSet(SiteScopedFilterSet):
    """``on`` and ``show`` are read by the view, which annotates the version in force on that
    day; here they are only validated and described."""

    on = filters.DateFilter(
        label=_("In force on"), method="noop", widget=DATE, validators=[validate_date_in_range]
    )
    show = filters.ChoiceFilter(
        label=pgettext_lazy("regulations filter", "Show"),
        method="noop",
        choices=[(SHOW_ALL, _("also those not in force"))],
        empty_label=_("in force only"),
    )
    scope = filters.ChoiceFilter(label=_("Scope"), choices=RegulationScope.choices)
    q = filters.CharFilter(label=_("Search title and text"), method="search", max_length=100)

    class Meta:
        model = Regulation
        fields = ["site", "on", "show", "scope", "q"]

    def __init__(self, data=None, *args, **kwargs):
        # The day defaults to today, shown in the picker and on the exported ledger.
        if data is not None and not data.get("on"):
            data = data.copy()
            data["on"] = timezone.localdate().isoformat()
        super().__init__(data, *args, **kwargs)
        self.form.fields["on"].initial = timezone.localdate()

    def noop(self, queryset, name, value):
        return queryset

    def search(self, queryset, name, value):
        """In force only (the default): a regulation matches by its title or the text of the
        version in force on the chosen day, not by a superseded text."""
        if self.data.get("show") == SHOW_ALL:
            return matching(queryset, value)
        return matching(queryset, value, read_day(self.data.get("on")) or timezone.localdate())
