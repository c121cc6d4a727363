"""Pages of the supplier registry: suppliers with their contacts, qualifications (expired and
expiring ones marked), bids and awards, and the debarment list (add, lift)."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy

from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    allowed_sites,
    crud_urls,
)
from houqin.core.permissions import has_perm_at
from houqin.procurement.filtersets.suppliers import (
    DebarmentFilterSet,
    QualificationFilterSet,
    SupplierFilterSet,
)
from houqin.procurement.forms.suppliers import DebarmentForm, QualificationForm, SupplierForm
from houqin.procurement.models import Debarment, Qualification, Supplier
from houqin.procurement.queries import suppliers as queries
from houqin.procurement.services import suppliers as services
from houqin.procurement.tables.suppliers import (
    DebarmentLedgerTable,
    DebarmentTable,
    QualificationTable,
    SupplierTable,
)
from houqin.utils.text import parse_id


def changed_fields(form) -> list[str]:
    """The model fields a bound form changed (the service saves only these)."""
    return [name for name in form.changed_data if name != "site"]


# Suppliers ---------------------------------------------------------------------------------


class SupplierListView(ObjectListView):
    queryset = Supplier.objects.all()
    filterset_class = SupplierFilterSet
    table_class = SupplierTable
    title = gettext_lazy("Supplier registry")  # 供应商库, also the export's title

    def base_queryset(self):
        return queries.with_history(super().base_queryset())


class SupplierDetailView(ObjectDetailView):
    """A supplier: contacts, qualifications (expired / expiring marked), bids and awards with
    their totals, and its debarments."""

    queryset = Supplier.objects.select_related("site")
    fields = (
        "name",
        "site",
        "credit_code",
        "legal_representative",
        "address",
        "contact_name",
        "contact_phone",
        "email",
        "business_scope",
        "is_active",
    )
    template_name = "procurement/supplier_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        supplier = context["object"]
        today = timezone.localdate()
        totals = queries.with_history(Supplier.objects.filter(pk=supplier.pk)).values(
            "bid_count", "bid_yuan", "award_count", "award_yuan"
        )[0]
        context.update(
            today=today,
            qualifications=[
                (q, queries.qualification_state(q, today)) for q in supplier.qualifications.all()
            ],
            bids=queries.supplier_bids(supplier),
            awards=queries.supplier_awards(supplier),
            totals=totals,
            debarments=list(supplier.debarments.order_by("-starts_on")),
            debarred=queries.debarment_on(supplier, today),
            can_qualify=has_perm_at(
                self.request.user, "procurement.add_qualification", supplier.site_id
            ),
            can_edit_qualification=has_perm_at(
                self.request.user, "procurement.change_qualification", supplier.site_id
            ),
            can_debar=has_perm_at(self.request.user, "procurement.add_debarment", supplier.site_id),
        )
        return context


class SupplierEditView(ObjectEditView):
    queryset = Supplier.objects.all()
    form_class = SupplierForm

    def save(self, form):
        return services.supplier_save(
            supplier=form.instance, by=self.request.user, fields=changed_fields(form)
        )


# Qualifications ----------------------------------------------------------------------------


class QualificationListView(ObjectListView):
    """Qualifications of the user's suppliers, by default those expiring soon."""

    queryset = Qualification.objects.all()
    filterset_class = QualificationFilterSet
    table_class = QualificationTable
    title = gettext_lazy("Supplier qualifications")

    def base_queryset(self):
        return super().base_queryset().order_by("valid_until", "supplier__name")


class QualificationEditView(ObjectEditView):
    """Add a qualification to the supplier named in the URL, or edit one."""

    queryset = Qualification.objects.select_related("supplier")

    form_class = QualificationForm

    def supplier(self) -> Supplier:
        """The supplier, if the user may add qualifications at its site; 404 otherwise."""
        if "pk" in self.kwargs:
            return self.get_object("change").supplier
        supplier = Supplier.objects.restrict(self.request.user, "view").filter(
            pk=self.kwargs["supplier"]
        )
        supplier = supplier.first()
        user = self.request.user
        if supplier is None or not has_perm_at(
            user, "procurement.add_qualification", supplier.site_id
        ):
            raise Http404
        return supplier

    def get_form(self, data=None, files=None):
        supplier = self.supplier()
        form = super().get_form(data, files)
        form.instance.supplier = supplier
        return form

    def save(self, form):
        return services.qualification_save(
            qualification=form.instance, by=self.request.user, fields=changed_fields(form)
        )

    def success_url(self, obj) -> str:
        return obj.supplier.get_absolute_url()


# Debarments --------------------------------------------------------------------------------


class DebarmentListView(ObjectListView):
    queryset = Debarment.objects.all()
    filterset_class = DebarmentFilterSet
    table_class = DebarmentTable
    title = gettext_lazy("Debarment list")  # 禁止参加政府采购活动名单

    def export(self, queryset, filterset):
        # The page leaves out the long columns; the exported list keeps them.
        self.table_class = DebarmentLedgerTable
        return super().export(queryset, filterset)


class DebarmentDetailView(ObjectDetailView):
    queryset = Debarment.objects.select_related("site", "supplier", "created_by", "voided_by")
    fields = ("number", "supplier", "starts_on", "ends_on", "authority", "reason", "created_by")
    template_name = "procurement/debarment_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        # Voiding a debarment lifts it: the page offers "Lift", not "Void".
        context["lift_url"], context["void_url"] = context["void_url"], None
        return context


class DebarmentAddView(ObjectEditView):
    """Put one of the user's suppliers on the debarment list (``?supplier=`` preselects)."""

    queryset = Debarment.objects.all()
    form_class = DebarmentForm

    def get_form(self, data=None, files=None):
        form = super().get_form(data, files)
        suppliers = Supplier.objects.restrict(self.request.user, "view").filter(
            site__in=self.allowed_site_ids()
        )
        form.limit_to_suppliers(suppliers.order_by("site", "name"))
        chosen = parse_id(self.request.GET.get("supplier", ""))
        if data is None and chosen:
            form.initial["supplier"] = chosen
        return form

    def allowed_site_ids(self) -> list[int]:
        return [site.pk for site in allowed_sites(self.request.user, Debarment, "add")]

    def save(self, form):
        return services.debarment_add(debarment=form.instance, by=self.request.user)


class DebarmentLiftView(ObjectVoidView):
    """Lift a debarment: it is voided with the reason and stays on the list as lifted."""

    queryset = Debarment.objects.all()

    def void(self, obj, reason: str) -> None:
        services.debarment_lift(debarment=obj, by=self.request.user, reason=reason)


urlpatterns = [
    *crud_urls(
        Supplier,
        list_view=SupplierListView,
        detail_view=SupplierDetailView,
        edit_view=SupplierEditView,
    ),
    path("qualifications/", QualificationListView.as_view(), name="qualification_list"),
    path(
        "suppliers/<int:supplier>/qualifications/add/",
        QualificationEditView.as_view(),
        name="qualification_add",
    ),
    path(
        "qualifications/<int:pk>/edit/",
        QualificationEditView.as_view(),
        name="qualification_edit",
    ),
    *crud_urls(
        Debarment,
        list_view=DebarmentListView,
        detail_view=DebarmentDetailView,
        add_view=DebarmentAddView,
        void_view=DebarmentLiftView,
    ),
    path("debarments/<int:pk>/lift/", DebarmentLiftView.as_view(), name="debarment_lift"),
]
