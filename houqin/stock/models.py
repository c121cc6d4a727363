"""The stock ledger (SPEC §2a): stores, items, and the movements of goods between them.

There is no stored quantity anywhere. The quantity of an item on hand in a store is the sum of
its movements that are not void, aggregated in the database whenever it is needed; receipts,
returns and transfers in are positive, issues and transfers out negative, a stock-take
adjustment either. ``StockSlot`` is the row that writers lock (``select_for_update``) before
they check the sum, so two issues of the last items cannot both pass the check.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.models import BusinessRecord, Location, Person, Site, SiteScoped
from houqin.stock.choices import MovementKind
from houqin.stock.registry import ledger_choices

QUANTITY = {"max_digits": 15, "decimal_places": 3}
MONEY = {"max_digits": 14, "decimal_places": 2}


class Store(SiteScoped):
    """A store room (库房) holding goods: the office-supplies store, the relief depot …"""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("location")
    )
    keeper = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("storekeeper"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "code"]
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="stock_store_code_per_site")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stock:store_detail", kwargs={"pk": self.pk})


class Item(SiteScoped):
    """A kind of goods kept in stock, in one ledger (office supplies, relief goods, spare
    parts), counted in its unit (件, 瓶, 公斤, 平方米 …)."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    spec = models.CharField(_("specification"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=10)
    ledger = models.CharField(_("ledger"), max_length=20, choices=ledger_choices)
    category = models.CharField(_("category"), max_length=50, blank=True)
    reorder_level = models.DecimalField(
        _("reorder level"),
        **QUANTITY,
        null=True,
        blank=True,
        help_text=_("A low-stock warning is shown when the quantity on hand falls to this."),
    )
    unit_cost = models.DecimalField(_("unit cost (yuan)"), **MONEY, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "code"]
        verbose_name = _("stock item")
        verbose_name_plural = _("stock items")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="stock_item_code_per_site"),
            models.CheckConstraint(
                condition=models.Q(reorder_level__isnull=True) | models.Q(reorder_level__gte=0),
                name="stock_item_reorder_level_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(unit_cost__isnull=True) | models.Q(unit_cost__gte=0),
                name="stock_item_unit_cost_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.spec}".strip()

    def get_absolute_url(self):
        return reverse("stock:item_detail", kwargs={"pk": self.pk})


class StockSlot(SiteScoped):
    """An item in a store: created with the first movement, then the row every writer locks
    before checking the quantity on hand. It holds no quantity: that is always the sum of the
    slot's movements, computed in the database."""

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="slots", verbose_name=_("store")
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="slots",
        verbose_name=pgettext_lazy("stock", "item"),
    )

    class Meta:
        ordering = ["store", "item"]
        verbose_name = _("stock on hand")
        verbose_name_plural = _("stock on hand")
        constraints = [models.UniqueConstraint(fields=["store", "item"], name="stock_slot_unique")]

    def __str__(self):
        return f"{self.store} · {self.item}"


class Movement(BusinessRecord):
    """One movement of goods into or out of a store (出入库): signed quantity, + in and − out.

    A transfer between stores is two movements sharing ``transfer``. ``reference`` links the
    record of another module that caused the movement (a requisition, a dispatch, a work
    order); ``party`` names the supplier, the receiving department or the destination."""

    number_prefix = "KC"

    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    slot = models.ForeignKey(
        StockSlot, on_delete=models.PROTECT, related_name="movements", editable=False
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="movements",
        verbose_name=pgettext_lazy("stock", "item"),
    )
    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="movements", verbose_name=_("store")
    )
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    unit_cost = models.DecimalField(_("unit cost (yuan)"), **MONEY, null=True, blank=True)
    moved_at = models.DateTimeField(_("moved at"))
    reference_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reference_id = models.PositiveBigIntegerField(null=True, blank=True)
    reference = GenericForeignKey("reference_type", "reference_id")
    reference_text = models.CharField(_("reference"), max_length=100, blank=True)
    party = models.CharField(
        _("party"),
        max_length=100,
        blank=True,
        help_text=_("Supplier, receiving department or destination."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    transfer = models.UUIDField(_("transfer"), null=True, blank=True, editable=False)
    stocktake = models.ForeignKey(
        "StockTake",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("stock-take"),
    )

    class Meta:
        ordering = ["-moved_at", "-id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        permissions = [("void_movement", _("Can void stock movements"))]
        indexes = [
            models.Index(fields=["site", "item", "store", "moved_at"]),
            models.Index(fields=["site", "moved_at"]),
            models.Index(fields=["transfer"]),
            models.Index(fields=["reference_type", "reference_id"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="stock_movement_number"),
            models.CheckConstraint(
                condition=~models.Q(quantity=0), name="stock_movement_quantity_not_zero"
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("stock:movement_detail", kwargs={"pk": self.pk})


class StockTake(BusinessRecord):
    """A stock-take (盘点) of a store: each counted item with the quantity expected, the one
    counted and their difference, booked as adjustment movements."""

    number_prefix = "PK"

    # outreach.StockTake (the library's) already answers to Site.stocktake_set
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="stock_stocktakes", verbose_name=_("site")
    )
    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="stocktakes", verbose_name=_("store")
    )
    counted_at = models.DateTimeField(_("counted at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-counted_at", "-id"]
        verbose_name = _("stock-take")
        verbose_name_plural = _("stock-takes")
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="stock_stocktake_number")
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("stock:stocktake_detail", kwargs={"pk": self.pk})


class StockTakeLine(SiteScoped):
    """One item of a stock-take: what the ledger said, what was counted, the difference."""

    stocktake = models.ForeignKey(
        StockTake, on_delete=models.CASCADE, related_name="lines", verbose_name=_("stock-take")
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("stock", "item"),
    )
    expected = models.DecimalField(_("expected"), **QUANTITY)
    counted = models.DecimalField(_("counted"), **QUANTITY)
    difference = models.DecimalField(_("difference"), **QUANTITY)

    class Meta:
        ordering = ["stocktake", "item"]
        verbose_name = _("stock-take line")
        verbose_name_plural = _("stock-take lines")
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "item"], name="stock_stocktake_line"),
            models.CheckConstraint(
                condition=models.Q(counted__gte=0), name="stock_stocktake_counted_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.stocktake} · {self.item}"
