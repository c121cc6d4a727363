"""Pages of the procurement settings: the centre of a site, jurisdictions, thresholds and time
limits (the law as rows, with their legal source and confidence tag), and the departments'
yearly procurement budgets. The officer edits them; leadership reads them."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectEditView,
    ObjectListView,
    RestrictedView,
    allowed_sites,
    crud_urls,
)
from houqin.core.inputs import chosen_year, is_site_code
from houqin.core.permissions import has_perm_at
from houqin.core.tables import display
from houqin.procurement.filtersets.rules import (
    JurisdictionFilterSet,
    ThresholdFilterSet,
    TimeLimitFilterSet,
)
from houqin.procurement.forms.rules import (
    DepartmentBudgetForm,
    OfficeForm,
    ThresholdForm,
    TimeLimitForm,
)
from houqin.procurement.models import (
    DepartmentBudget,
    Jurisdiction,
    ProcurementOffice,
    Threshold,
    TimeLimit,
)
from houqin.procurement.queries.budgets import budget_use
from houqin.procurement.services import settings as services
from houqin.procurement.tables.rules import JurisdictionTable, ThresholdTable, TimeLimitTable


def changed_fields(form) -> list[str]:
    """The model fields a bound form changed (the service saves only these)."""
    return [name for name in form.changed_data if name != "site"]


def acting_site(request, model, action: str):
    """The site a change of a site-less rule is recorded at: the one chosen in the switcher, or
    the first where the user may ``action`` ``model``."""
    sites = allowed_sites(request.user, model, action)
    site = getattr(request, "site", None)
    if site is not None and sites.filter(pk=site.pk).exists():
        return site
    return sites.order_by("pk").first()


# The procurement centre ----------------------------------------------------------------------


class OfficeView(RestrictedView):
    """The centre of one of the user's sites (``?site=<code>``, else the one chosen in the
    switcher, else the first): a form for the officer, the settings for readers."""

    queryset = ProcurementOffice.objects.all()
    template_name = "procurement/rules_office.html"

    def site(self):
        """The site asked for (404 when it is not one of the user's), else the chosen one."""
        sites = allowed_sites(self.request.user, ProcurementOffice, "view").order_by("pk")
        code = self.request.GET.get("site") or self.request.POST.get("site_code") or ""
        if code:
            site = sites.filter(code=code).first() if is_site_code(code) else None
        elif self.request.site is not None:
            site = sites.filter(pk=self.request.site.pk).first() or sites.first()
        else:
            site = sites.first()
        if site is None:
            raise Http404
        return site

    def office(self, site) -> ProcurementOffice:
        office = ProcurementOffice.objects.select_related("jurisdiction").filter(site=site)
        return office.first() or ProcurementOffice(site=site)

    def may_change(self, site) -> bool:
        return has_perm_at(self.request.user, "procurement.change_procurementoffice", site.pk)

    def get(self, request, *args, **kwargs):
        site = self.site()
        office = self.office(site)
        form = OfficeForm(instance=office) if self.may_change(site) else None
        return self.render(site, office, form)

    def post(self, request, *args, **kwargs):
        site = self.site()
        if not self.may_change(site):
            raise PermissionDenied
        form = OfficeForm(request.POST, instance=self.office(site))
        if form.is_valid():
            try:
                services.office_save(
                    office=form.instance, by=request.user, fields=changed_fields(form)
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(f"{reverse('procurement:office')}?site={site.code}")
        return self.render(site, form.instance, form, status=400)

    def render(self, site, office, form, status=200):
        sites = allowed_sites(self.request.user, ProcurementOffice, "view").order_by("pk")
        context = {
            "title": _("Procurement centre"),
            "site": site,
            "sites": sites,
            "office": office,
            "form": form,
            "panel": [
                (pgettext("of a thing", "Name"), office.name),
                (_("Jurisdiction"), office.jurisdiction if office.jurisdiction_id else ""),
                (_("Portal introduction"), office.portal_intro),
                (_("Public portal open"), display(office.portal_enabled)),
            ],
        }
        return render(self.request, self.template_name, context, status=status)


# Rules without a site: jurisdictions, thresholds, time limits ------------------------------


class RuleListMixin:
    """A list of rows that belong to no site: whoever holds the permission at any of their
    sites (checked on dispatch) reads them all; only editors get the links to the forms."""

    def restricted(self, action=None):
        return self.queryset.all()

    def base_queryset(self):
        return self.table_class.prepare(self.queryset.all())

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        if not self.can("change"):
            table = context["table"]
            table.columns = [copy.copy(column) for column in table.columns]
            for column in table.columns:
                column.link = False
        return context


class RuleEditView(ObjectEditView):
    """Edit a rule of no site; the change is recorded at the acting site."""

    def restricted(self, action=None):
        return self.queryset.all()

    def save(self, form):
        site = acting_site(self.request, self.model, self.action)
        return self.save_rule(form, site)

    def success_url(self, obj) -> str:
        return reverse(f"procurement:{self.model._meta.model_name}_list")


class JurisdictionListView(RuleListMixin, ObjectListView):
    queryset = Jurisdiction.objects.all()
    filterset_class = JurisdictionFilterSet
    table_class = JurisdictionTable
    title = gettext_lazy("Jurisdictions")


class ThresholdListView(RuleListMixin, ObjectListView):
    queryset = Threshold.objects.all()
    filterset_class = ThresholdFilterSet
    table_class = ThresholdTable
    title = gettext_lazy("Procurement thresholds")


class ThresholdEditView(RuleEditView):
    queryset = Threshold.objects.all()
    form_class = ThresholdForm

    def save_rule(self, form, site):
        return services.threshold_save(
            threshold=form.instance, site=site, by=self.request.user, fields=changed_fields(form)
        )


class TimeLimitListView(RuleListMixin, ObjectListView):
    queryset = TimeLimit.objects.all()
    filterset_class = TimeLimitFilterSet
    table_class = TimeLimitTable
    title = gettext_lazy("Procurement time limits")


class TimeLimitEditView(RuleEditView):
    queryset = TimeLimit.objects.all()
    form_class = TimeLimitForm

    def save_rule(self, form, site):
        return services.time_limit_save(
            limit=form.instance, site=site, by=self.request.user, fields=changed_fields(form)
        )


# Department budgets --------------------------------------------------------------------------


class BudgetListView(RestrictedView):
    """The departments' budgets of a year with what has been requested and what remains."""

    queryset = DepartmentBudget.objects.all()
    template_name = "procurement/rules_budgets.html"

    def get(self, request, *args, **kwargs):
        year = chosen_year(request)
        site_ids = [
            site.pk
            for site in allowed_sites(request.user, DepartmentBudget, "view")
            if request.site is None or site.pk == request.site.pk
        ]
        rows = budget_use(site_ids=site_ids, year=year)
        budgets = dict(
            self.restricted()
            .filter(site_id__in=site_ids, year=year)
            .values_list("department_id", "pk")
        )
        for row in rows:
            row["budget_pk"] = budgets.get(row["department_id"])
        context = {
            "title": _("Department procurement budgets"),
            "year": year,
            "rows": rows,
            "can_add": self.can("add"),
            "can_change": self.can("change"),
            "totals": {
                key: sum((row[key] for row in rows), start=0)
                for key in ("budget", "requested", "remaining")
            },
        }
        return render(request, self.template_name, context)


class BudgetEditView(ObjectEditView):
    queryset = DepartmentBudget.objects.select_related("department")
    form_class = DepartmentBudgetForm

    def save(self, form):
        return services.department_budget_save(
            budget=form.instance, by=self.request.user, fields=changed_fields(form)
        )

    def success_url(self, obj) -> str:
        return f"{reverse('procurement:departmentbudget_list')}?year={obj.year}"


urlpatterns = [
    path("office/", OfficeView.as_view(), name="office"),
    path("jurisdictions/", JurisdictionListView.as_view(), name="jurisdiction_list"),
    *crud_urls(Threshold, list_view=ThresholdListView, edit_view=ThresholdEditView),
    path("time-limits/", TimeLimitListView.as_view(), name="timelimit_list"),
    path("time-limits/<int:pk>/edit/", TimeLimitEditView.as_view(), name="timelimit_edit"),
    *crud_urls(
        DepartmentBudget,
        prefix="budgets",
        list_view=BudgetListView,
        edit_view=BudgetEditView,
        alias="budget",
    ),
]
