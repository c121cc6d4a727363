"""Procurement projects (采购项目) from a department's request to payment: the request and its
lines against the department's yearly budget, the method, the stages with who and when, the
bids and the award, and the public notices of the four publics."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Department, Person, SiteScoped
from houqin.procurement.choices import (
    FundingSource,
    Method,
    NoticeKind,
    ObjectType,
    ProjectStatus,
    Stage,
)
from houqin.procurement.models.rules import Jurisdiction
from houqin.procurement.models.suppliers import Supplier

MONEY = {"max_digits": 14, "decimal_places": 2}


class DepartmentBudget(SiteScoped):
    """A department's procurement budget for a year (采购预算): requests beyond what is left of
    it need a recorded approval."""

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_yuan = models.DecimalField(_("budget (yuan)"), **MONEY)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "department"]
        verbose_name = _("department procurement budget")
        verbose_name_plural = _("department procurement budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year"], name="procurement_budget_per_year"
            ),
            models.CheckConstraint(condition=Q(amount_yuan__gte=0), name="procurement_budget_sign"),
        ]

    def __str__(self):
        return f"{self.department} {self.year}"


class Project(BusinessRecord):
    """A procurement project (采购项目, an "order" of the centre). ``budget_yuan`` is the
    amount requested and approved; the contract amount, winner and signing date are set by the
    contract stage. Savings are computed from the two amounts, never stored."""

    number_prefix = "CG"

    title = models.CharField(_("project title"), max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    requester = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    object_type = models.CharField(_("object"), max_length=10, choices=ObjectType.choices)
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices
    )
    budget_yuan = models.DecimalField(_("budget (yuan)"), **MONEY)
    method = models.CharField(_("procurement method"), max_length=20, choices=Method.choices)
    method_reason = models.TextField(
        _("reason for the method"),
        blank=True,
        help_text=_("Required when the method is not public tender above the threshold."),
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("jurisdiction")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.REQUESTED
    )
    description = models.TextField(_("requirements"), blank=True)
    evaluation_note = models.TextField(
        _("evaluation notes"), blank=True, help_text=_("Internal: never published.")
    )
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("winning supplier"),
    )
    contract_number = models.CharField(_("contract number"), max_length=50, blank=True)
    contract_yuan = models.DecimalField(_("contract amount (yuan)"), **MONEY, null=True, blank=True)
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("procurement project")
        verbose_name_plural = _("procurement projects")
        permissions = [
            ("void_project", _("Can void procurement projects")),
            ("request_project", _("Can request procurement for own department")),
            ("advance_project", _("Can record procurement stages")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="procurement_project_number"),
            models.CheckConstraint(condition=Q(budget_yuan__gt=0), name="procurement_budget_pos"),
            models.CheckConstraint(
                condition=Q(contract_yuan__isnull=True) | Q(contract_yuan__gte=0),
                name="procurement_contract_sign",
            ),
        ]
        indexes = [
            models.Index(fields=["site", "contract_signed_on"], name="procurement_project_signed"),
            models.Index(fields=["site", "status"], name="procurement_project_status"),
            models.Index(fields=["department", "created_at"], name="procurement_project_dept"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("procurement:project_detail", kwargs={"pk": self.pk})

    @property
    def ocid(self) -> str:
        """The project's Open Contracting id (prefix from settings, then site and number)."""
        return f"{settings.HOUQIN_OCID_PREFIX}-{self.site_id}-{self.number}"


class ProjectLine(SiteScoped):
    """A line of the request: what, how many, at what estimated price (budget breakdown,
    internal until the award)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="lines", verbose_name=_("project")
    )
    name = models.CharField(_("goods or service"), max_length=150)
    spec = models.CharField(_("specification"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10)
    unit_price_yuan = models.DecimalField(_("estimated unit price (yuan)"), **MONEY)

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("request line")
        verbose_name_plural = _("request lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="procurement_line_quantity"),
            models.CheckConstraint(
                condition=Q(unit_price_yuan__gte=0), name="procurement_line_price"
            ),
        ]

    def __str__(self):
        return self.name


class ProjectStage(SiteScoped):
    """A stage reached: when (the legal date that the time limits count from), who recorded it,
    a note, and — when a "within" limit was missed — the recorded reason. Documents are
    attachments of this row."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="stages", verbose_name=_("project")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    at = models.DateTimeField(_("date and time"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    note = models.TextField(_("note"), blank=True)
    late_reason = models.TextField(_("reason for missing a time limit"), blank=True)

    class Meta:
        ordering = ["project", "at", "id"]
        verbose_name = _("project stage")
        verbose_name_plural = _("project stages")
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="procurement_stage_once")
        ]

    def __str__(self):
        return self.get_stage_display()


class Bid(SiteScoped):
    """A supplier's bid or quotation (投标/响应). The price is read out at the opening and is
    public from then; score, rank and notes are the evaluation's and stay internal."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="bids", verbose_name=_("project")
    )
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="bids", verbose_name=_("supplier")
    )
    price_yuan = models.DecimalField(_("bid price (yuan)"), **MONEY)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    is_valid = models.BooleanField(_("valid"), default=True)
    invalid_reason = models.CharField(_("why invalid"), max_length=200, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("bid rank"), null=True, blank=True)
    evaluation_note = models.TextField(_("evaluation notes"), blank=True)

    class Meta:
        ordering = ["project", "rank", "price_yuan"]
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        constraints = [
            models.UniqueConstraint(fields=["project", "supplier"], name="procurement_bid_once"),
            models.CheckConstraint(condition=Q(price_yuan__gte=0), name="procurement_bid_price"),
        ]

    def __str__(self):
        return f"{self.supplier} {self.price_yuan}"


class Notice(BusinessRecord):
    """A public notice of the four publics. Its title and body are written from public fields
    only when a stage publishes it; a withdrawn notice is voided (and leaves the portal)."""

    number_prefix = "GG"

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="notices", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=NoticeKind.choices)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("notice text"))
    published_at = models.DateTimeField(_("published at"))
    closes_at = models.DateTimeField(_("notice period ends"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        permissions = [("void_notice", _("Can withdraw public notices"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="procurement_notice_number")
        ]
        indexes = [models.Index(fields=["site", "published_at"], name="procurement_notice_pub")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:notice_detail", kwargs={"pk": self.pk})
