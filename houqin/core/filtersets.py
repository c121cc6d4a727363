"""The base FilterSet: a site filter limited to the user's sites, and Bootstrap widgets."""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.models import Site
from houqin.core.permissions import user_site_ids


class SiteScopedFilterSet(filters.FilterSet):
    """Every list can be narrowed to one of the user's sites."""

    site = filters.ModelChoiceFilter(
        label=_("Site"), queryset=Site.objects.none(), field_name="site"
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["site"].queryset = self.visible_sites()
        for field in self.form.fields.values():
            for widget in getattr(field.widget, "widgets", [field.widget]):
                css = (
                    "form-select form-select-sm"
                    if isinstance(widget, forms.Select)
                    else ("form-control form-control-sm")
                )
                widget.attrs["class"] = css

    def visible_sites(self):
        """The sites the requesting user belongs to."""
        user = getattr(self.request, "user", None)
        ids = user_site_ids(user) if user is not None else frozenset()
        qs = Site.objects.filter(is_active=True)
        return qs if ids is None else qs.filter(pk__in=ids)
