"""Pages of the relief module: campaigns with their totals, donations with the printable
receipt, emergency purchases, dispatches with the printable slip and the signed-for form, and
the relief goods on hand.

Lists, details, edits and voids are the generic views; each workflow page is a small view that
limits its choices to the user's sites (another site's record is a 404) and calls a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    crud_urls,
)
from houqin.core.permissions import has_perm_at
from houqin.relief import queries, services
from houqin.relief.filtersets import (
    CampaignFilterSet,
    DispatchFilterSet,
    DonationFilterSet,
    PurchaseFilterSet,
    ReliefItemFilterSet,
    ReliefOnHandFilterSet,
)
from houqin.relief.forms import (
    CampaignForm,
    DispatchForm,
    DonationForm,
    PurchaseForm,
    PurchaseLineForm,
    ReliefItemForm,
    SignForm,
    formset_lines,
    goods_formset,
)
from houqin.relief.models import Campaign, Dispatch, Donation, EmergencyPurchase
from houqin.relief.tables import (
    CampaignTable,
    DispatchTable,
    DonationTable,
    PurchaseTable,
    ReliefItemTable,
    ReliefOnHandTable,
)
from houqin.stock.models import Item, StockSlot
from houqin.stock.queries import on_hand
from houqin.stock.views import scoped_site_ids
from houqin.utils.money import yuan_in_capitals
from houqin.utils.text import parse_id

READ = ("relief.view_campaign",)


# Campaigns -----------------------------------------------------------------------------------


class CampaignListView(ObjectListView):
    queryset = Campaign.objects.all()
    filterset_class = CampaignFilterSet
    table_class = CampaignTable


class CampaignDetailView(ObjectDetailView):
    """A campaign: its totals as cards and tables, then its donations, purchases, dispatches."""

    queryset = Campaign.objects.select_related("site", "store")
    template_name = "relief/campaign_detail.html"
    fields = ("number", "title", "starts_on", "ends_on", "store", "list_is_public", "description")
    recent = 20

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        campaign = context["object"]
        context.update(totals=queries.campaign_totals(campaign), **self.records(campaign))
        context["public_url"] = reverse(
            "relief_public:campaign", kwargs={"site": campaign.site.code, "pk": campaign.pk}
        )
        context["can_write"] = has_perm_at(
            self.request.user, "relief.add_donation", campaign.site_id
        )
        return context

    def records(self, campaign) -> dict:
        """The latest donations, purchases and dispatches of the campaign, as tables."""
        live = {"campaign": campaign}
        donations = Donation.objects.filter(**live).order_by("-received_at", "-pk")
        purchases = EmergencyPurchase.objects.filter(**live).order_by("-received_at", "-pk")
        dispatches = Dispatch.objects.filter(**live).order_by("-dispatched_at", "-pk")
        return {
            "donations": DonationTable(DonationTable.prepare(donations)[: self.recent]),
            "purchases": PurchaseTable(PurchaseTable.prepare(purchases)[: self.recent]),
            "dispatches": DispatchTable(DispatchTable.prepare(dispatches)[: self.recent]),
        }


class CampaignEditView(ObjectEditView):
    queryset = Campaign.objects.all()
    form_class = CampaignForm

    def save(self, form):
        return services.campaign_save(
            campaign=form.instance, by=self.request.user, fields=form.changed_data
        )


class CampaignVoidView(ObjectVoidView):
    queryset = Campaign.objects.all()

    def void(self, obj, reason: str) -> None:
        services.campaign_void(campaign=obj, by=self.request.user, reason=reason)


# Goods-lines workflow pages ------------------------------------------------------------------


class LinesView(RestrictedView):
    """A header form and a formset of goods lines, written by one service call."""

    action = "add"
    form_class = None
    line_form = None
    template_name = "relief/lines_form.html"
    title = ""
    cancel = ""

    def site_ids(self) -> list[int]:
        return scoped_site_ids(self.request, f"relief.add_{self.model._meta.model_name}")

    def forms(self, data=None):
        ids = self.site_ids()
        initial = {"campaign": parse_id(self.request.GET.get("campaign"))}
        form = self.form_class(data, site_ids=ids, initial=initial)
        kwargs = {"form": self.line_form} if self.line_form else {}
        return form, goods_formset(data, site_ids=ids, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render(*self.forms())

    def post(self, request, *args, **kwargs):
        form, lines = self.forms(request.POST)
        if form.is_valid() and lines.is_valid():
            try:
                with transaction.atomic():
                    record = self.write(form.cleaned_data, formset_lines(lines, **self.kw()))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Recorded as %(number)s.") % {"number": record.number})
                return redirect(record.get_absolute_url())
        return self.render(form, lines, status=400)

    def kw(self) -> dict:
        return {}

    def write(self, data: dict, lines: list):
        raise NotImplementedError

    def render(self, form, lines, status=200):
        context = {
            "form": form,
            "lines": lines,
            "title": self.title,
            "cancel_url": reverse(self.cancel),
            "stock": self.stock_rows() if self.show_stock else None,
        }
        return render(self.request, self.template_name, context, status=status)

    show_stock = False

    def stock_rows(self):
        return on_hand(site_ids=self.site_ids(), ledger="relief").filter(quantity__gt=0)


class DonationAddView(LinesView):
    """Record a donation: who gave, cash and/or goods."""

    queryset = Donation.objects.all()
    form_class = DonationForm
    title = gettext_lazy("Record a donation")
    cancel = "relief:donation_list"

    def write(self, data: dict, lines: list):
        return services.donation_receive(by=self.request.user, lines=lines, **data)


class PurchaseAddView(LinesView):
    """Receive the goods of an emergency procurement project."""

    queryset = EmergencyPurchase.objects.all()
    form_class = PurchaseForm
    line_form = PurchaseLineForm
    title = gettext_lazy("Receive an emergency purchase")
    cancel = "relief:purchase_list"

    def kw(self) -> dict:
        return {"with_cost": True}

    def write(self, data: dict, lines: list):
        return services.purchase_receive(by=self.request.user, lines=lines, **data)


class DispatchAddView(LinesView):
    """Send goods to a destination; the goods on hand are shown beside the lines."""

    queryset = Dispatch.objects.all()
    form_class = DispatchForm
    title = gettext_lazy("Dispatch goods")
    cancel = "relief:dispatch_list"
    show_stock = True

    def write(self, data: dict, lines: list):
        return services.dispatch_create(by=self.request.user, lines=lines, **data)


# Donations -----------------------------------------------------------------------------------


class DonationListView(ObjectListView):
    """The donation ledger (捐赠台帐)."""

    queryset = Donation.objects.all()
    filterset_class = DonationFilterSet
    table_class = DonationTable
    title = gettext_lazy("Donation ledger")


class DonationDetailView(ObjectDetailView):
    queryset = Donation.objects.select_related("site", "campaign", "person", "department")
    template_name = "relief/donation_detail.html"
    fields = (
        "number", "campaign", "donor_kind", "donor_name", "department", "person", "amount_yuan",
        "received_at", "is_anonymous", "note",
    )  # fmt: skip
    hide_empty = True

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["lines"] = list(context["object"].lines.select_related("item"))
        return context


class DonationReceiptView(RestrictedView):
    """The printable receipt (捐赠收据)."""

    queryset = Donation.objects.select_related("site", "campaign", "created_by")

    def get(self, request, pk):
        donation = self.get_object()
        amount = donation.amount_yuan
        context = {
            "object": donation,
            "lines": list(donation.lines.select_related("item")),
            "capitals": yuan_in_capitals(amount) if amount else "",
            "receiver": _receiver(donation.created_by),
        }
        return render(request, "relief/donation_receipt.html", context)


def _receiver(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.name if person is not None else user.get_username()


class DonationVoidView(ObjectVoidView):
    queryset = Donation.objects.all()

    def void(self, obj, reason: str) -> None:
        services.donation_void(donation=obj, by=self.request.user, reason=reason)


# Purchases -----------------------------------------------------------------------------------


class PurchaseListView(ObjectListView):
    queryset = EmergencyPurchase.objects.all()
    filterset_class = PurchaseFilterSet
    table_class = PurchaseTable


class PurchaseDetailView(ObjectDetailView):
    queryset = EmergencyPurchase.objects.select_related("site", "campaign", "project__supplier")
    template_name = "relief/purchase_detail.html"
    fields = ("number", "campaign", "project", "received_at", "created_by")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["lines"] = list(context["object"].lines.select_related("item"))
        return context


# Dispatches ----------------------------------------------------------------------------------


class DispatchListView(ObjectListView):
    queryset = Dispatch.objects.all()
    filterset_class = DispatchFilterSet
    table_class = DispatchTable


class DispatchDetailView(ObjectDetailView):
    queryset = Dispatch.objects.select_related("site", "campaign")
    template_name = "relief/dispatch_detail.html"
    fields = (
        "number", "campaign", "destination", "dispatched_at", "carrier", "status",
        "signed_by_name", "signed_at", "sign_note",
    )  # fmt: skip
    hide_empty = True

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        dispatch = context["object"]
        context["lines"] = list(dispatch.lines.select_related("item"))
        context["can_sign"] = (
            dispatch.voided_at is None
            and dispatch.status == "dispatched"
            and self.can("change", dispatch)
        )
        return context


class DispatchSlipView(RestrictedView):
    """The printable hand-over slip (交接单) with the signature line."""

    queryset = Dispatch.objects.select_related("site", "campaign", "created_by")

    def get(self, request, pk):
        dispatch = self.get_object()
        context = {
            "object": dispatch,
            "lines": list(dispatch.lines.select_related("item")),
            "sender": _receiver(dispatch.created_by),
        }
        return render(request, "relief/dispatch_slip.html", context)


class DispatchSignView(RestrictedView):
    """Record that the goods were signed for at the destination."""

    queryset = Dispatch.objects.all()
    action = "change"

    def get(self, request, pk):
        return self.render(self.get_object(), SignForm())

    def post(self, request, pk):
        dispatch = self.get_object()
        form = SignForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.dispatch_sign(dispatch=dispatch, by=request.user, **_sign(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Signed for."))
                return redirect(dispatch.get_absolute_url())
        return self.render(dispatch, form, status=400)

    def render(self, dispatch, form, status=200):
        context = {
            "form": form,
            "title": _("Signed for: %(dispatch)s") % {"dispatch": dispatch},
            "cancel_url": dispatch.get_absolute_url(),
            "multipart": True,
        }
        return render(self.request, "relief/sign_form.html", context, status=status)


def _sign(form) -> dict:
    data = form.cleaned_data
    return {
        "signed_by_name": data["signed_by_name"],
        "signed_at": data["signed_at"],
        "note": data["note"],
        "photo": data["photo"] or None,
    }


class DispatchVoidView(ObjectVoidView):
    queryset = Dispatch.objects.all()

    def void(self, obj, reason: str) -> None:
        services.dispatch_void(dispatch=obj, by=self.request.user, reason=reason)


# Relief goods --------------------------------------------------------------------------------


class ReliefStockView(ObjectListView):
    """Relief goods on hand per store (the stock ledger's figures, relief ledger only)."""

    queryset = StockSlot.objects.all()
    any_of_perms = READ
    filterset_class = ReliefOnHandFilterSet
    table_class = ReliefOnHandTable
    title = gettext_lazy("Relief goods on hand")

    def base_queryset(self):
        ids = scoped_site_ids(self.request, READ[0])
        return on_hand(site_ids=ids, ledger="relief").order_by("store__code", "item__code", "pk")


class ReliefItemListView(ObjectListView):
    queryset = Item.objects.filter(ledger="relief")
    any_of_perms = READ
    filterset_class = ReliefItemFilterSet
    table_class = ReliefItemTable
    title = gettext_lazy("Relief goods")

    def base_queryset(self):
        ids = scoped_site_ids(self.request, READ[0])
        return self.queryset.filter(site__in=ids).order_by("site", "code")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        may_add = has_perm_at(self.request.user, "stock.add_item")
        context["add_url"] = reverse("relief:item_add") if may_add else None
        return context


class ReliefItemEditView(ObjectEditView):
    """Add or change a relief item (a stock item of the relief ledger)."""

    queryset = Item.objects.filter(ledger="relief")
    form_class = ReliefItemForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_at(request.user, READ[0]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def save(self, form):
        return services.relief_item_save(
            item=form.instance, by=self.request.user, fields=form.changed_data
        )

    def success_url(self, obj) -> str:
        return reverse("relief:item_list")


urlpatterns = [
    path("", CampaignListView.as_view(), name="index"),
    *crud_urls(
        Campaign,
        list_view=CampaignListView,
        detail_view=CampaignDetailView,
        edit_view=CampaignEditView,
        void_view=CampaignVoidView,
    ),
    *crud_urls(
        Donation,
        list_view=DonationListView,
        detail_view=DonationDetailView,
        add_view=DonationAddView,
        void_view=DonationVoidView,
    ),
    path("donations/<int:pk>/receipt/", DonationReceiptView.as_view(), name="donation_receipt"),
    *crud_urls(
        EmergencyPurchase,
        prefix="purchases",
        alias="purchase",
        list_view=PurchaseListView,
        detail_view=PurchaseDetailView,
        add_view=PurchaseAddView,
    ),
    *crud_urls(
        Dispatch,
        prefix="dispatches",
        list_view=DispatchListView,
        detail_view=DispatchDetailView,
        add_view=DispatchAddView,
        void_view=DispatchVoidView,
    ),
    path("dispatches/<int:pk>/slip/", DispatchSlipView.as_view(), name="dispatch_slip"),
    path("dispatches/<int:pk>/sign/", DispatchSignView.as_view(), name="dispatch_sign"),
    path("stock/", ReliefStockView.as_view(), name="stock"),
    path("items/", ReliefItemListView.as_view(), name="item_list"),
    path("items/add/", ReliefItemEditView.as_view(), name="item_add"),
    path("items/<int:pk>/edit/", ReliefItemEditView.as_view(), name="item_edit"),
]
