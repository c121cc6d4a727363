"""Pages of the stock ledger: stores, items (with stock per store and the running ledger), stock
on hand, the ledger of goods in and out, the phone-friendly receive / issue / return / transfer
forms, stock-takes and voids.

Lists, details and void pages are the generic views; every workflow page is a small view that
limits its choices to the user's sites (another site's record is a 404) and calls a service."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
)
from houqin.core.models import Site
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.stock import queries, services
from houqin.stock.choices import MovementKind
from houqin.stock.filtersets import (
    ItemFilterSet,
    MovementFilterSet,
    OnHandFilterSet,
    StockTakeFilterSet,
    StoreFilterSet,
)
from houqin.stock.forms import ItemForm, MovementForm, StockTakeStoreForm, StoreForm, TransferForm
from houqin.stock.models import Item, Movement, StockSlot, StockTake, StockTakeLine, Store
from houqin.stock.registry import ledger_choices
from houqin.stock.tables import ItemTable, MovementTable, OnHandTable, StockTakeTable, StoreTable
from houqin.utils.text import parse_id


def scoped_site_ids(request, perm: str) -> list[int]:
    """Ids of the sites where the user holds ``perm``, narrowed to the site switcher's choice."""
    ids = sites_with_perm(request.user, perm)
    if ids is None:
        ids = set(Site.objects.filter(is_active=True).values_list("pk", flat=True))
    site = getattr(request, "site", None)
    if site is not None:
        return [site.pk] if site.pk in ids else []
    return sorted(ids)


# Stores and items ----------------------------------------------------------------------------


class StoreListView(ObjectListView):
    queryset = Store.objects.all()
    filterset_class = StoreFilterSet
    table_class = StoreTable


class StoreDetailView(ObjectDetailView):
    queryset = Store.objects.select_related("site", "location", "keeper")
    template_name = "stock/store_detail.html"
    fields = ("code", "name", "location", "keeper", "is_active", "site")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        store = context["object"]
        rows = queries.on_hand(site_ids=[store.site_id], store=store)
        context.update(on_hand=OnHandTable(rows), can_count=self._may_count(store))
        return context

    def _may_count(self, store) -> bool:
        return store.is_active and has_perm_at(
            self.request.user, "stock.add_stocktake", store.site_id
        )


class StoreEditView(ObjectEditView):
    queryset = Store.objects.all()
    form_class = StoreForm

    def save(self, form):
        return services.store_save(
            store=form.instance, by=self.request.user, fields=form.changed_data
        )


class ItemListView(ObjectListView):
    queryset = Item.objects.all()
    filterset_class = ItemFilterSet
    table_class = ItemTable


class ItemDetailView(ObjectDetailView):
    queryset = Item.objects.select_related("site")
    template_name = "stock/item_detail.html"
    fields = (
        "code",
        "name",
        "spec",
        "unit",
        "ledger",
        "category",
        "reorder_level",
        "unit_cost",
        "is_active",
        "site",
    )
    ledger_rows = 200  # the latest movements shown; the full ledger is the export

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        item = context["object"]
        # The running balance is computed over the whole ledger before the newest are taken.
        latest = queries.item_ledger(item).order_by("-moved_at", "-id")[: self.ledger_rows]
        context.update(
            on_hand=list(queries.on_hand(site_ids=[item.site_id], item=item)),
            ledger=list(latest),
            ledger_url=reverse("stock:movement_list") + f"?item={item.pk}",
        )
        return context


class ItemEditView(ObjectEditView):
    queryset = Item.objects.all()
    form_class = ItemForm

    def save(self, form):
        return services.item_save(
            item=form.instance, by=self.request.user, fields=form.changed_data
        )


# Stock on hand and movements -----------------------------------------------------------------


class OnHandView(ObjectListView):
    """Stock on hand per store and item, with its value (库存台帐)."""

    queryset = StockSlot.objects.all()
    filterset_class = OnHandFilterSet
    table_class = OnHandTable
    title = gettext_lazy("Stock on hand")

    def base_queryset(self):
        slots = self.restricted().in_scope(self.request).select_related("store", "item")
        return queries.with_on_hand(slots).order_by("store__code", "item__code", "pk")


class MovementListView(ObjectListView):
    """Goods in and out (出入库台帐)."""

    queryset = Movement.objects.all()
    filterset_class = MovementFilterSet
    table_class = MovementTable
    title = gettext_lazy("Goods in and out")


class MovementDetailView(ObjectDetailView):
    queryset = Movement.objects.select_related("site", "store", "item", "created_by", "voided_by")
    fields = (
        "number",
        "kind",
        "moved_at",
        "store",
        "item",
        "quantity",
        "unit_cost",
        "party",
        "reference_text",
        "note",
        "stocktake",
        "created_by",
        "created_at",
        "site",
    )
    hide_empty = True


class MovementVoidView(ObjectVoidView):
    queryset = Movement.objects.all()

    def void(self, obj, reason: str) -> None:
        services.movement_void(movement=obj, by=self.request.user, reason=reason)


class MovementAddView(RestrictedView):
    """Receive, issue or return goods (one form, three uses)."""

    queryset = Movement.objects.all()
    action = "add"
    kind = MovementKind.RECEIPT
    titles = {
        MovementKind.RECEIPT: gettext_lazy("Receive goods"),
        MovementKind.ISSUE: gettext_lazy("Issue goods"),
        MovementKind.RETURN: gettext_lazy("Goods returned"),
    }

    def form(self, data=None):
        site_ids = scoped_site_ids(self.request, "stock.add_movement")
        initial = {"store": parse_id(self.request.GET.get("store"))}
        initial["item"] = parse_id(self.request.GET.get("item"))
        return MovementForm(data, site_ids=site_ids, kind=self.kind, initial=initial)

    def get(self, request):
        return self.render(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                movement = self.write(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Recorded as %(number)s.") % {"number": movement})
                return redirect(movement.get_absolute_url())
        return self.render(form, status=400)

    def write(self, data: dict) -> Movement:
        service = {
            MovementKind.RECEIPT: services.stock_receive,
            MovementKind.ISSUE: services.stock_issue,
            MovementKind.RETURN: services.stock_return,
        }[self.kind]
        return service(by=self.request.user, **data)

    def render(self, form, status=200):
        context = {
            "form": form,
            "title": self.titles[self.kind],
            "cancel_url": reverse("stock:on_hand"),
        }
        return render(self.request, "stock/movement_form.html", context, status=status)


class TransferView(MovementAddView):
    """Move goods between two stores of a site."""

    def form(self, data=None):
        site_ids = scoped_site_ids(self.request, "stock.add_movement")
        return TransferForm(data, site_ids=site_ids)

    def write(self, data: dict) -> Movement:
        out, _into = services.stock_transfer(by=self.request.user, **data)
        return out

    def render(self, form, status=200):
        context = {
            "form": form,
            "title": _("Transfer between stores"),
            "cancel_url": reverse("stock:on_hand"),
        }
        return render(self.request, "stock/movement_form.html", context, status=status)


# Stock-takes ---------------------------------------------------------------------------------


class StockTakeListView(ObjectListView):
    queryset = StockTake.objects.all()
    filterset_class = StockTakeFilterSet
    table_class = StockTakeTable


class StockTakeDetailView(ObjectDetailView):
    queryset = StockTake.objects.select_related("site", "store", "created_by")
    template_name = "stock/stocktake_detail.html"
    fields = ("number", "store", "counted_at", "created_by", "note", "site")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        lines = StockTakeLine.objects.filter(stocktake=context["object"]).select_related("item")
        context["lines"] = list(lines.order_by("item__code"))
        return context


class StockTakeAddView(RestrictedView):
    """Count a store: choose it, enter the counts, see the differences, confirm."""

    queryset = StockTake.objects.all()
    action = "add"

    def site_ids(self) -> list[int]:
        return scoped_site_ids(self.request, "stock.add_stocktake")

    def get(self, request):
        store_id = parse_id(request.GET.get("store"))
        if store_id is None:
            form = StockTakeStoreForm(site_ids=self.site_ids())
            context = {"form": form, "title": _("Count a store"), "step": "store"}
            return render(request, "stock/stocktake_form.html", context)
        return self.render_counts(self.store(store_id), {})

    def post(self, request):
        store = self.store(parse_id(request.POST.get("store")))
        counts = self.counts_posted()
        if request.POST.get("step") == "confirm":
            try:
                take = services.stocktake_record(
                    store=store, counts=counts, by=request.user, note=request.POST.get("note", "")
                )
            except ValidationError as exc:
                return self.render_counts(store, counts, errors=exc.messages, status=400)
            messages.success(request, _("Stock-take %(number)s recorded.") % {"number": take})
            return redirect(take.get_absolute_url())
        return self.render_counts(store, counts, preview=True)

    def store(self, pk) -> Store:
        store = Store.objects.filter(pk=pk, site_id__in=self.site_ids(), is_active=True).first()
        if store is None:
            raise Http404
        return store

    def counts_posted(self) -> dict[int, str]:
        counts = {}
        for key, value in self.request.POST.items():
            item_id = parse_id(key.removeprefix("count_")) if key.startswith("count_") else None
            if item_id is not None and value.strip():
                counts[item_id] = value.strip()
        return counts

    def render_counts(self, store, counts, *, preview=False, errors=(), status=200):
        ledger = self.request.GET.get("ledger") or self.request.POST.get("ledger") or ""
        rows = self.rows(store, counts, ledger)
        if preview and not errors:
            errors = self.check_counts(rows, counts)
            status = 400 if errors else status
        context = {
            "title": _("Count %(store)s") % {"store": store},
            "store": store,
            "rows": rows,
            "preview": preview and not errors,
            "errors": errors,
            "ledger": ledger,
            "ledgers": ledger_choices(),
            "note": self.request.POST.get("note", ""),
        }
        return render(self.request, "stock/stocktake_form.html", context, status=status)

    def rows(self, store, counts, ledger: str) -> list[dict]:
        """Each active item of the site with its quantity expected and, once entered, counted."""
        items = Item.objects.filter(site_id=store.site_id, is_active=True).order_by("code")
        if ledger:
            items = items.filter(ledger=ledger)
        expected = {s.item_id: s.quantity for s in queries.on_hand(site_ids=None, store=store)}
        return [
            _row(item, expected.get(item.pk, Decimal(0)), counts.get(item.pk)) for item in items
        ]

    @staticmethod
    def check_counts(rows, counts) -> list[str]:
        if not counts:
            return [_("Count at least one item.")]
        bad = [str(row["item"]) for row in rows if row["raw"] and row["counted"] is None]
        if bad:
            return [_("Enter a number of zero or more for: %(items)s") % {"items": "、".join(bad)}]
        return []


def _row(item, expected: Decimal, raw: str | None) -> dict:
    counted = _number(raw)
    return {
        "item": item,
        "expected": expected,
        "raw": raw or "",
        "counted": counted,
        "difference": None if counted is None else counted - expected,
    }


def _number(raw: str | None) -> Decimal | None:
    try:
        value = services.number_clean(
            raw, field="count", maximum=services.MAX_QUANTITY, allow_zero=True
        )
    except ValidationError:
        return None
    return value
