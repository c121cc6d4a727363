"""One FilterSet per listed model, serving the page (and the export)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from houqin.approvals.choices import ApprovalStatus
from houqin.approvals.models import ApprovalFlow, ApprovalRequest
from houqin.approvals.registry import kind_choices
from houqin.core.filtersets import LocalDateRangeFilter, SiteScopedFilterSet, YesNoFilter


class ApprovalFlowFilterSet(SiteScopedFilterSet):
    kind = filters.ChoiceFilter(label=_("Kind of request"), choices=kind_choices)
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = ApprovalFlow
        fields = ["site", "kind", "is_active"]


class ApprovalRequestFilterSet(SiteScopedFilterSet):
    kind = filters.ChoiceFilter(label=_("Kind of request"), choices=kind_choices)
    status = filters.ChoiceFilter(label=_("Status"), choices=ApprovalStatus.choices)
    submitted = LocalDateRangeFilter(label=_("Submitted"), field_name="submitted_at")

    class Meta:
        model = ApprovalRequest
        fields = ["site", "kind", "status", "submitted"]
