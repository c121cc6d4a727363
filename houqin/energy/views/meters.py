"""Pages of meters and what they are measured against: the meter register (with its last
readings, sub-meters and device replacement), tariffs with their dated prices, standard-coal
factors, the yearly statistics base and budgets. Every write goes through a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RestrictedView,
    crud_urls,
)
from houqin.energy.filtersets.meters import (
    BudgetFilterSet,
    EnergyYearFilterSet,
    MeterFilterSet,
    TariffFilterSet,
)
from houqin.energy.forms.meters import (
    BudgetForm,
    EnergyYearForm,
    FactorForm,
    MeterForm,
    ReplaceForm,
    TariffForm,
)
from houqin.energy.models import (
    ConversionFactor,
    EnergyBudget,
    EnergyYear,
    Meter,
    Reading,
    Tariff,
    TariffPrice,
)
from houqin.energy.services import meters as services
from houqin.energy.services.readings import meter_replace
from houqin.energy.services.tariffs import tariff_save
from houqin.energy.tables.meters import (
    BudgetTable,
    EnergyYearTable,
    FactorTable,
    MeterTable,
    TariffTable,
)
from houqin.energy.tables.readings import ReadingTable

# Meters --------------------------------------------------------------------------------------


class MeterListView(ObjectListView):
    queryset = Meter.objects.all()
    filterset_class = MeterFilterSet
    table_class = MeterTable


class MeterDetailView(ObjectDetailView):
    queryset = Meter.objects.select_related(
        "site", "building", "floor", "department", "parent", "tariff"
    )
    template_name = "energy/meter_detail.html"
    fields = ("code", "name", "energy_type", "building", "floor", "department", "parent",
              "tariff", "serial", "multiplier", "rollover_at", "jump_factor", "is_active",
              "note")  # fmt: skip

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        meter = context["object"]
        recent = Reading.objects.filter(meter=meter).select_related("meter", "meter__building",
                                                                    "created_by")[:12]  # fmt: skip
        context.update(
            readings=ReadingTable(recent),
            sub_meters=meter.sub_meters.all(),
            can_read=_can(self.request.user, "energy.add_reading", meter) and meter.is_active,
            replace_url=reverse("energy:meter_replace", kwargs={"pk": meter.pk})
            if self.can("change", meter) and meter.is_active
            else None,
        )
        return context


def _can(user, perm: str, obj) -> bool:
    from houqin.core.permissions import has_perm_at

    return has_perm_at(user, perm, obj.site_id)


class MeterEditView(ObjectEditView):
    queryset = Meter.objects.all()
    form_class = MeterForm

    def save(self, form):
        return services.meter_save(meter=form.instance, by=self.request.user)


class MeterReplaceView(RestrictedView):
    """Record a device replacement: the old register's final reading and the new one's first."""

    queryset = Meter.objects.all()
    action = "change"

    def get(self, request, pk):
        return self.render(ReplaceForm(), self.get_object())

    def post(self, request, pk):
        meter = self.get_object()
        form = ReplaceForm(request.POST)
        if form.is_valid():
            try:
                meter_replace(meter=meter, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The replacement was recorded."))
                return redirect(meter.get_absolute_url())
        return self.render(form, meter, status=400)

    def render(self, form, meter, status=200):
        context = {"form": form, "title": _("Replace meter %(meter)s") % {"meter": meter},
                   "cancel_url": meter.get_absolute_url()}  # fmt: skip
        return render(self.request, "core/object_form.html", context, status=status)


# Tariffs -------------------------------------------------------------------------------------


class TariffListView(ObjectListView):
    queryset = Tariff.objects.all()
    filterset_class = TariffFilterSet
    table_class = TariffTable


class TariffDetailView(ObjectDetailView):
    queryset = Tariff.objects.select_related("site")
    template_name = "energy/tariff_detail.html"
    fields = ("code", "name", "energy_type", "is_time_of_use", "note")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["prices"] = TariffPrice.objects.filter(tariff=context["object"]).order_by(
            "-valid_from", "starts"
        )
        return context


class TariffEditView(ObjectEditView):
    queryset = Tariff.objects.all()
    form_class = TariffForm

    def save(self, form):
        return tariff_save(
            tariff=form.instance, prices=form.cleaned_data["prices"], by=self.request.user
        )


# Standard-coal factors (national) ------------------------------------------------------------


class NationalMixin:
    """Factors are national, not per site: the permission at any site suffices."""

    def restricted(self, action=None):
        return self.queryset

    def base_queryset(self):
        return self.queryset

    def get_object(self, action=None):
        try:
            return self.queryset.get(pk=self.kwargs["pk"])
        except self.model.DoesNotExist as exc:
            raise Http404 from exc


def _factor_filterset():
    import django_filters as filters
    from django.utils.translation import gettext_lazy

    from houqin.energy.choices import EnergyType

    class FactorFilterSet(filters.FilterSet):
        energy_type = filters.ChoiceFilter(
            label=gettext_lazy("Energy type"), choices=EnergyType.choices
        )

        class Meta:
            model = ConversionFactor
            fields = ["energy_type"]

    return FactorFilterSet


class FactorListView(NationalMixin, ObjectListView):
    queryset = ConversionFactor.objects.all()
    filterset_class = _factor_filterset()
    table_class = FactorTable


class FactorEditView(NationalMixin, ObjectEditView):
    queryset = ConversionFactor.objects.all()
    form_class = FactorForm

    def save(self, form):
        return services.factor_save(
            factor=form.instance, by=self.request.user, site=getattr(self.request, "site", None)
        )

    def success_url(self, obj):
        return reverse("energy:conversionfactor_list")


# Statistics base and budgets -----------------------------------------------------------------


class EnergyYearListView(ObjectListView):
    queryset = EnergyYear.objects.all()
    filterset_class = EnergyYearFilterSet
    table_class = EnergyYearTable


class EnergyYearEditView(ObjectEditView):
    queryset = EnergyYear.objects.all()
    form_class = EnergyYearForm

    def save(self, form):
        return services.energy_year_save(energy_year=form.instance, by=self.request.user)

    def success_url(self, obj):
        return reverse("energy:energyyear_list")


class BudgetListView(ObjectListView):
    queryset = EnergyBudget.objects.all()
    filterset_class = BudgetFilterSet
    table_class = BudgetTable


class BudgetEditView(ObjectEditView):
    queryset = EnergyBudget.objects.all()
    form_class = BudgetForm

    def save(self, form):
        return services.budget_save(budget=form.instance, by=self.request.user)

    def success_url(self, obj):
        return reverse("energy:energybudget_list")


urlpatterns = [
    *crud_urls(
        Meter, list_view=MeterListView, detail_view=MeterDetailView, edit_view=MeterEditView
    ),
    path("meters/<int:pk>/replace/", MeterReplaceView.as_view(), name="meter_replace"),
    *crud_urls(
        Tariff, list_view=TariffListView, detail_view=TariffDetailView, edit_view=TariffEditView
    ),
    *crud_urls(
        ConversionFactor, prefix="factors", list_view=FactorListView, edit_view=FactorEditView
    ),
    *crud_urls(
        EnergyYear,
        prefix="statistics-base",
        list_view=EnergyYearListView,
        edit_view=EnergyYearEditView,
    ),
    *crud_urls(EnergyBudget, prefix="budgets", list_view=BudgetListView, edit_view=BudgetEditView),
]
