"""Filters of the requisition lists and API."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filtersets import (
    LocalDateRangeFilter,
    SiteObjectFilter,
    SiteScopedFilterSet,
    YesNoFilter,
)
from houqin.core.models import Department
from houqin.core.permissions import sites_with_perm
from houqin.energy.choices import RequisitionStatus
from houqin.energy.models import Requisition


class RequisitionFilterSet(SiteScopedFilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=RequisitionStatus.choices)
    department = SiteObjectFilter(
        label=_("Department"), field_name="department_id", model=Department
    )
    created = LocalDateRangeFilter(label=_("Asked between"), field_name="created_at")
    q = filters.CharFilter(label=_("Search"), method="search", help_text=_("Number or purpose"))
    void = YesNoFilter(label=_("Void"), field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Requisition
        fields = ["site", "status", "department", "created", "q", "void"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(purpose__icontains=value))


class MyRequisitionFilterSet(RequisitionFilterSet):
    """My department's requisitions: the department is one's own, so it is not offered; a
    reader of the site (who may see every department) keeps the choice."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is None or not user_reads_requisitions(user):
            self.filters.pop("department", None)
            self.form.fields.pop("department", None)


def user_reads_requisitions(user) -> bool:
    """Whether the user may read requisitions of every department at some site."""
    sites = sites_with_perm(user, "energy.view_requisition")
    return sites is None or bool(sites)
