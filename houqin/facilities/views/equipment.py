"""Pages of the equipment registry: categories (a tree with reading fields), contractors, units
with their QR labels, and certificates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RestrictedView,
    allowed_sites,
    crud_urls,
)
from houqin.core.permissions import has_perm_at
from houqin.core.scan import qr_data_uri, scan_link_url
from houqin.facilities.filtersets.equipment import (
    CertificateFilterSet,
    ContractorFilterSet,
    EquipmentCategoryFilterSet,
    EquipmentFilterSet,
)
from houqin.facilities.forms.equipment import (
    CertificateForm,
    ContractorForm,
    EquipmentCategoryForm,
    EquipmentForm,
    ReadingFieldFormSet,
    reading_field_data,
    reading_fields_initial,
)
from houqin.facilities.models import Certificate, Contractor, Equipment, EquipmentCategory
from houqin.facilities.queries import equipment as queries
from houqin.facilities.services import equipment as services
from houqin.facilities.tables.equipment import (
    CertificateTable,
    ContractorTable,
    EquipmentCategoryTable,
    EquipmentTable,
    LiftDueTable,
    location_path,
)
from houqin.utils.text import parse_id

LABEL_LIMIT = 300  # one print job; narrow the filters for more


def changed_fields(form) -> list[str]:
    """The model fields a bound form changed (the service saves only these)."""
    return [name for name in form.changed_data if name != "site"]


# Categories --------------------------------------------------------------------------------


class EquipmentCategoryListView(ObjectListView):
    """The category tree, indented, with each node's system and unit count (managers only)."""

    queryset = EquipmentCategory.objects.all()
    filterset_class = EquipmentCategoryFilterSet
    table_class = EquipmentCategoryTable
    action = "change"
    template_name = "facilities/equipmentcategory_list.html"
    title = gettext_lazy("Equipment categories")

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return super().get(request, *args, **kwargs)
        filterset = self.filterset_class(
            request.GET or None, queryset=self.restricted().in_scope(request), request=request
        )
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        context = self.get_context_data(filterset=filterset, tree=queries.category_tree(qs))
        return render(request, self.template_name, context)


class EquipmentCategoryDetailView(ObjectDetailView):
    queryset = EquipmentCategory.objects.select_related("site", "parent")
    fields = ("code", "name", "site", "parent", "system", "special_kind", "position", "is_active")
    action = "change"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        category = context["object"]
        context.update(
            reading_fields=list(category.reading_fields.all()),
            unit_count=category.equipment.count(),
        )
        return context


class EquipmentCategoryEditView(ObjectEditView):
    """A category with its reading fields, saved together."""

    queryset = EquipmentCategory.objects.all()
    form_class = EquipmentCategoryForm
    template_name = "facilities/equipmentcategory_form.html"

    def formset(self, form, data=None):
        return ReadingFieldFormSet(
            data, prefix="fields", initial=reading_fields_initial(form.instance)
        )

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        return self.render_both(form, self.formset(form))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        formset = self.formset(form, request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                category = services.category_save(
                    category=form.instance,
                    by=request.user,
                    fields=changed_fields(form),
                    reading_fields=reading_field_data(formset),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(category.get_absolute_url())
        return self.render_both(form, formset, status=400)

    def render_both(self, form, formset, status=200):
        obj = form.instance if form.instance.pk else None
        title = _("Edit %(name)s") % {"name": obj} if obj else _("New equipment category")
        context = {"form": form, "formset": formset, "title": title, "object": obj}
        return render(self.request, self.template_name, context, status=status)


# Contractors -------------------------------------------------------------------------------


class ContractorListView(ObjectListView):
    queryset = Contractor.objects.all()
    filterset_class = ContractorFilterSet
    table_class = ContractorTable


class ContractorDetailView(ObjectDetailView):
    queryset = Contractor.objects.select_related("site")
    fields = ("name", "site", "licence_no", "contact", "phone", "emergency_phone", "is_active")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["units"] = list(context["object"].equipment.order_by("code"))
        return context


class ContractorEditView(ObjectEditView):
    queryset = Contractor.objects.all()
    form_class = ContractorForm

    def save(self, form):
        return services.contractor_save(
            contractor=form.instance, by=self.request.user, fields=changed_fields(form)
        )


# Units -------------------------------------------------------------------------------------


class EquipmentListView(ObjectListView):
    queryset = Equipment.objects.all()
    filterset_class = EquipmentFilterSet
    table_class = EquipmentTable
    title = gettext_lazy("Equipment ledger")
    template_name = "facilities/equipment_list.html"

    def get(self, request, *args, **kwargs):
        # Lifts falling due are listed with their due date.
        if request.GET.get("inspection_due") in ("true", "1", "True"):
            self.table_class = LiftDueTable
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        site = getattr(self.request.site, "pk", None)
        context["can_print_fault_labels"] = has_perm_at(
            self.request.user, "facilities.dispatch_workorder", site
        )
        return context


class EquipmentDetailView(ObjectDetailView):
    """A unit's page: fields, location, contractor, certificates, lift schedule, run logs, open
    work orders, maintenance plans and its QR label."""

    queryset = Equipment.objects.select_related(
        "site", "category", "location__building", "location__floor", "contractor"
    )
    fields = (
        "code",
        "name",
        "site",
        "category",
        "maker",
        "model_no",
        "serial_no",
        "installed_on",
        "first_used_on",
        "registration_no",
        "status",
        "note",
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        unit = context["object"]
        link = services.equipment_scan_link(unit)
        context.update(
            queries.unit_related(unit),
            location_path=location_path(unit.location),
            lift_schedule=services.lift_schedule(unit)
            if queries.is_lift(unit) and unit.first_used_on
            else None,
            is_lift=queries.is_lift(unit),
            qr=qr_data_uri(scan_link_url(self.request, link)) if link else None,
            can_add_certificate=self.can_add_certificate(unit),
        )
        return context

    def can_add_certificate(self, unit) -> bool:
        return has_perm_at(self.request.user, "facilities.add_certificate", unit.site_id)


class EquipmentEditView(ObjectEditView):
    queryset = Equipment.objects.all()
    form_class = EquipmentForm

    def save(self, form):
        return services.equipment_save(
            unit=form.instance, by=self.request.user, fields=changed_fields(form)
        )


class EquipmentLabelsView(RestrictedView):
    """An A4 sheet of QR labels for the units the list's filters choose."""

    queryset = Equipment.objects.all()

    def get(self, request):
        filterset = EquipmentFilterSet(
            request.GET or None,
            queryset=EquipmentTable.prepare(self.restricted().in_scope(request)),
            request=request,
        )
        valid = not filterset.is_bound or filterset.is_valid()
        units = list(filterset.qs[:LABEL_LIMIT]) if valid else []
        links = services.equipment_scan_links(units)
        labels = [
            (u, location_path(u.location), qr_data_uri(scan_link_url(request, links[u.pk])))
            for u in units
            if u.pk in links
        ]
        context = {"title": _("Equipment QR labels"), "labels": labels, "filterset": filterset}
        return render(request, "facilities/equipment_labels.html", context)


# Certificates ------------------------------------------------------------------------------


class CertificateListView(ObjectListView):
    queryset = Certificate.objects.all()
    filterset_class = CertificateFilterSet
    table_class = CertificateTable
    title = gettext_lazy("Certificates")

    def get(self, request, *args, **kwargs):
        if "current" not in request.GET:  # "current only" is on until the user clears it
            query = request.GET.copy()
            query["current"] = "true"
            request.GET = query
        return super().get(request, *args, **kwargs)

    def base_queryset(self):
        return queries.with_superseded(super().base_queryset())


class CertificateDetailView(ObjectDetailView):
    queryset = Certificate.objects.select_related("site", "equipment", "created_by")
    fields = (
        "equipment",
        "kind",
        "number",
        "issuer",
        "issued_on",
        "expires_on",
        "is_major_repair",
        "warned_at",
        "created_by",
        "created_at",
    )


class CertificateAddView(RestrictedView):
    """Record a certificate for a unit (``?equipment=<pk>`` chooses it)."""

    queryset = Certificate.objects.all()
    action = "add"

    def form(self, data=None, files=None):
        units = (
            Equipment.objects.restrict(self.request.user, "view")
            .filter(site__in=allowed_sites(self.request.user, Certificate, "add"))
            .in_scope(self.request)
            .exclude(status="retired")
        )
        initial = {"equipment": parse_id(self.request.GET.get("equipment"))}
        return CertificateForm(data, files, units=units, initial=initial)

    def get(self, request):
        return self.render(self.form())

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            try:
                cert = services.certificate_add(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(cert.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = {"form": form, "title": _("New certificate"), "model_meta": Certificate._meta}
        return render(self.request, "core/object_form.html", context, status=status)


urlpatterns = [
    *crud_urls(
        EquipmentCategory,
        prefix="categories",
        list_view=EquipmentCategoryListView,
        detail_view=EquipmentCategoryDetailView,
        edit_view=EquipmentCategoryEditView,
    ),
    *crud_urls(
        Contractor,
        prefix="contractors",
        list_view=ContractorListView,
        detail_view=ContractorDetailView,
        edit_view=ContractorEditView,
    ),
    path("equipment/labels/", EquipmentLabelsView.as_view(), name="equipment_labels"),
    *crud_urls(
        Equipment,
        prefix="equipment",
        list_view=EquipmentListView,
        detail_view=EquipmentDetailView,
        edit_view=EquipmentEditView,
    ),
    path("certificates/add/", CertificateAddView.as_view(), name="certificate_add"),
    *crud_urls(
        Certificate,
        prefix="certificates",
        list_view=CertificateListView,
        detail_view=CertificateDetailView,
    ),
]
