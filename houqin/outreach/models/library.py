"""The centre's library: titles catalogued by ISBN and the Chinese Library Classification,
copies with barcodes and QR labels, loans (at the desk or by the borrower's phone), renewals,
holds and stock-takes. A copy is on loan while it has an open loan: nothing else says so."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.models import BusinessRecord, Department, Person, ScanLink, SiteScoped
from houqin.outreach.choices import ClcClass, HoldStatus, LoanChannel


class Book(SiteScoped):
    """A title in the catalogue."""

    isbn = models.CharField(
        _("ISBN"), max_length=13, blank=True, help_text=_("10 or 13 digits, without hyphens.")
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.CharField(_("author"), max_length=200, blank=True)
    publisher = models.CharField(_("publisher"), max_length=100, blank=True)
    published_year = models.PositiveSmallIntegerField(_("year published"), null=True, blank=True)
    clc_class = models.CharField(
        _("classification"), max_length=1, choices=ClcClass.choices, default=ClcClass.Z
    )
    call_number = models.CharField(_("call number"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("catalogued at"), auto_now_add=True)

    class Meta:
        ordering = ["site", "title"]
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "isbn"], condition=~Q(isbn=""), name="book_site_isbn"
            )
        ]
        indexes = [
            models.Index(fields=["site", "title"], name="book_site_title"),
            models.Index(fields=["site", "author"], name="book_site_author"),
            models.Index(fields=["site", "clc_class"], name="book_site_class"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("outreach:book_detail", kwargs={"pk": self.pk})


class BookCopy(SiteScoped):
    """A copy on the shelf (藏书 counts copies), with its barcode and QR label."""

    book = models.ForeignKey(
        Book, on_delete=models.PROTECT, related_name="copies", verbose_name=_("title")
    )
    barcode = models.CharField(_("barcode"), max_length=30)
    scan_link = models.OneToOneField(
        ScanLink,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("scan link"),
    )
    acquired_on = models.DateField(_("acquired on"))
    price_yuan = models.DecimalField(
        _("price (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("why withdrawn"), max_length=100, blank=True)

    class Meta:
        ordering = ["site", "barcode"]
        verbose_name = _("copy")
        # "copies" alone is a count word (册/份) in the catalogue; the list page needs 复本.
        verbose_name_plural = pgettext_lazy("library", "book copies")
        constraints = [models.UniqueConstraint(fields=["site", "barcode"], name="bookcopy_barcode")]
        # The holdings at a date read only this index: acquired by then, and not withdrawn.
        indexes = [
            models.Index(fields=["site", "acquired_on", "withdrawn_on"], name="bookcopy_site_held")
        ]

    def __str__(self):
        return f"{self.barcode} {self.book}"

    def get_absolute_url(self):
        return reverse("outreach:copy_detail", kwargs={"pk": self.pk})


class Loan(BusinessRecord):
    """A copy lent to a person (借阅, counted in 人次); open until returned."""

    number_prefix = "JY"

    copy = models.ForeignKey(
        BookCopy, on_delete=models.PROTECT, related_name="loans", verbose_name=_("copy")
    )
    borrower = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("borrower")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("The borrower's department when the book was lent."),
    )
    lent_at = models.DateTimeField(_("lent at"))
    due_on = models.DateField(_("due on"))
    channel = models.CharField(
        _("lent"), max_length=5, choices=LoanChannel.choices, default=LoanChannel.DESK
    )
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0, editable=False)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("return taken by"),
    )
    reminded_on = models.DateField(_("overdue reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["-lent_at"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        permissions = [
            ("void_loan", _("Can void loans")),
            ("borrow_loan", _("Can borrow books by phone")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="loan_number"),
            models.UniqueConstraint(
                fields=["copy"],
                condition=Q(returned_at__isnull=True, voided_at__isnull=True),
                name="loan_one_open_per_copy",
            ),
        ]
        indexes = [
            models.Index(fields=["site", "lent_at"], name="loan_site_lent"),
            models.Index(
                fields=["site", "due_on"],
                name="loan_open_due",
                condition=Q(returned_at__isnull=True, voided_at__isnull=True),
            ),
            models.Index(fields=["borrower", "lent_at"], name="loan_borrower"),
        ]

    def __str__(self):
        return f"{self.number} {self.copy}"

    def get_absolute_url(self):
        return reverse("outreach:loan_detail", kwargs={"pk": self.pk})


class Hold(SiteScoped):
    """A reservation of a title while every copy is out; the first returned copy is kept."""

    book = models.ForeignKey(
        Book, on_delete=models.PROTECT, related_name="holds", verbose_name=_("title")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("reader")
    )
    placed_at = models.DateTimeField(_("placed at"))
    status = models.CharField(
        _("status"), max_length=10, choices=HoldStatus.choices, default=HoldStatus.WAITING
    )
    copy = models.ForeignKey(
        BookCopy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copy kept"),
    )
    ready_until = models.DateField(_("kept until"), null=True, blank=True)

    class Meta:
        ordering = ["placed_at"]
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        constraints = [
            models.UniqueConstraint(
                fields=["book", "person"],
                condition=Q(status__in=["waiting", "ready"]),
                name="hold_one_active",
            )
        ]
        indexes = [models.Index(fields=["book", "status", "placed_at"], name="hold_queue")]

    def __str__(self):
        return f"{self.book} · {self.person}"


class StockTake(BusinessRecord):
    """A stock-take (盘点): copies scanned on the shelf against those that should be there."""

    number_prefix = "PD"

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("stock-take")
        verbose_name_plural = _("stock-takes")
        permissions = [("void_stocktake", _("Can void stock-takes"))]
        constraints = [models.UniqueConstraint(fields=["site", "number"], name="stocktake_number")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("outreach:stocktake_detail", kwargs={"pk": self.pk})


class StockTakeScan(SiteScoped):
    """A copy found during a stock-take."""

    stocktake = models.ForeignKey(
        StockTake, on_delete=models.CASCADE, related_name="scans", verbose_name=_("stock-take")
    )
    copy = models.ForeignKey(
        BookCopy, on_delete=models.PROTECT, related_name="+", verbose_name=_("copy")
    )
    scanned_at = models.DateTimeField(_("scanned at"))
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scanned by"),
    )

    class Meta:
        ordering = ["stocktake", "scanned_at"]
        verbose_name = _("stock-take scan")
        verbose_name_plural = _("stock-take scans")
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "copy"], name="stocktakescan_copy")
        ]
