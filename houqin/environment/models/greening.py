"""Greening under contract (聘请专职人员签订承包合同): contractors, contracts with their terms and
payment schedule, and the monthly acceptance check whose failed terms deduct points and money
from that month's payment."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import Attachment, BusinessRecord, SiteScoped
from houqin.environment.choices import InstalmentStatus


class GreeningContractor(SiteScoped):
    """A greening company (or person) holding contracts at a site."""

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("greening contractor")
        verbose_name_plural = _("greening contractors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("environment:contractor_detail", kwargs={"pk": self.pk})


class GreeningContract(BusinessRecord):
    """A greening contract (承包合同): term, scope, area, amount and the monthly pass mark."""

    number_prefix = "LH"

    contractor = models.ForeignKey(
        GreeningContractor,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("Contractor"),  # 承包单位; the lower-case msgid is the facilities' 维保单位
    )
    title = models.CharField(_("title"), max_length=100)
    scope = models.TextField(_("scope of work"))
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=10, decimal_places=1)
    amount_yuan = models.DecimalField(_("contract amount (yuan)"), max_digits=12, decimal_places=2)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    pass_score = models.DecimalField(
        _("monthly pass mark"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("80"),
        help_text=_("A month scored below this mark withholds that month's payment."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    warned_at = models.DateTimeField(_("expiry warned at"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("greening contract")
        verbose_name_plural = _("greening contracts")
        permissions = [("void_greeningcontract", _("Can void greening contracts"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="greeningcontract_number"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="greeningcontract_term"
            ),
        ]
        indexes = [models.Index(fields=["site", "ends_on"], name="greeningcontract_end")]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("environment:contract_detail", kwargs={"pk": self.pk})


class ContractTerm(SiteScoped):
    """A term of a contract checked each month, and what failing it costs (扣分/扣款)."""

    contract = models.ForeignKey(
        GreeningContract, on_delete=models.CASCADE, related_name="terms", verbose_name=_("contract")
    )
    text = models.CharField(_("inspection item"), max_length=200)
    deduct_points = models.DecimalField(
        _("points deducted"), max_digits=4, decimal_places=1, default=Decimal("0")
    )
    deduct_yuan = models.DecimalField(
        _("yuan deducted"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["contract", "position", "id"]
        verbose_name = _("contract term")
        verbose_name_plural = _("contract terms")

    def __str__(self):
        return self.text


class PaymentInstalment(SiteScoped):
    """One month's payment of a contract's schedule; its deductions come from that month's
    acceptance check."""

    contract = models.ForeignKey(
        GreeningContract,
        on_delete=models.CASCADE,
        related_name="instalments",
        verbose_name=_("contract"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month paid for."))
    amount_yuan = models.DecimalField(_("scheduled amount (yuan)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InstalmentStatus.choices,
        default=InstalmentStatus.SCHEDULED,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_yuan = models.DecimalField(
        _("amount paid (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["contract", "month"]
        verbose_name = _("payment instalment")
        verbose_name_plural = _("payment instalments")
        permissions = [("approve_paymentinstalment", _("Can approve greening payments"))]
        constraints = [
            models.UniqueConstraint(fields=["contract", "month"], name="instalment_month")
        ]
        indexes = [models.Index(fields=["site", "month"], name="instalment_site_month")]

    def __str__(self):
        return f"{self.contract} {self.month:%Y-%m}"


class AcceptanceCheck(BusinessRecord):
    """The monthly acceptance check (验收) of a contract: each term passed or failed, with
    photos as evidence; the score is 100 less the points of the failed terms."""

    number_prefix = "YS"

    contract = models.ForeignKey(
        GreeningContract,
        on_delete=models.PROTECT,
        related_name="checks",
        verbose_name=_("contract"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month checked."))
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Accepted by"),  # 验收人, not the re-checker of other modules
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, editable=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("acceptance check")
        verbose_name_plural = _("acceptance checks")
        permissions = [("void_acceptancecheck", _("Can void acceptance checks"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="acceptancecheck_number"),
            models.UniqueConstraint(
                fields=["contract", "month"],
                condition=Q(voided_at__isnull=True),
                name="acceptancecheck_month",
            ),
        ]
        indexes = [models.Index(fields=["site", "month"], name="acceptancecheck_site_month")]

    def __str__(self):
        return f"{self.number} {self.contract.title} {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("environment:check_detail", kwargs={"pk": self.pk})


class AcceptanceResult(SiteScoped):
    """A contract term as found at a check; a failed term carries its evidence photo."""

    check_record = models.ForeignKey(
        AcceptanceCheck,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("acceptance check"),
    )
    term = models.ForeignKey(ContractTerm, on_delete=models.PROTECT, verbose_name=_("term"))
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    photo = models.ForeignKey(
        Attachment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )

    class Meta:
        ordering = ["check_record", "term__position", "term_id"]
        verbose_name = _("acceptance result")
        verbose_name_plural = _("acceptance results")
        constraints = [
            models.UniqueConstraint(fields=["check_record", "term"], name="acceptanceresult_term")
        ]

    def __str__(self):
        return f"{self.term}: {self.passed}"
