"""Pages of the greening subject: contractors, contracts with their terms and schedule, the phone
acceptance check, and the monthly payments it gates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
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
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.core.tables import display
from houqin.environment.choices import InstalmentStatus
from houqin.environment.filtersets.greening import (
    CheckFilterSet,
    ContractFilterSet,
    ContractorFilterSet,
    InstalmentFilterSet,
)
from houqin.environment.forms.greening import (
    CheckForm,
    CheckStartForm,
    ContractForm,
    ContractorForm,
    PayForm,
    TermFormSet,
    WithholdForm,
    term_lines,
    terms_initial,
)
from houqin.environment.models import (
    AcceptanceCheck,
    GreeningContract,
    GreeningContractor,
    PaymentInstalment,
)
from houqin.environment.queries import greening as queries
from houqin.environment.services import greening as services
from houqin.environment.tables.greening import (
    CheckTable,
    ContractorTable,
    ContractTable,
    InstalmentTable,
)
from houqin.utils.text import parse_id


def changed_fields(form) -> list[str]:
    """The model fields a bound form changed (the service saves only these)."""
    return [name for name in form.changed_data if name != "site"]


# Contractors -------------------------------------------------------------------------------


class ContractorListView(ObjectListView):
    queryset = GreeningContractor.objects.all()
    filterset_class = ContractorFilterSet
    table_class = ContractorTable
    title = gettext_lazy("Greening contractors")


class ContractorDetailView(ObjectDetailView):
    queryset = GreeningContractor.objects.select_related("site")
    fields = ("name", "site", "credit_code", "contact", "phone", "is_active")
    template_name = "environment/greening_contractor_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        contracts = context["object"].contracts.order_by("-starts_on")
        context["contracts"] = list(queries.with_figures(contracts))
        return context


class ContractorEditView(ObjectEditView):
    queryset = GreeningContractor.objects.all()
    form_class = ContractorForm

    def save(self, form):
        return services.contractor_save(
            contractor=form.instance, by=self.request.user, fields=changed_fields(form)
        )


# Contracts ---------------------------------------------------------------------------------


class ContractListView(ObjectListView):
    queryset = GreeningContract.objects.all()
    filterset_class = ContractFilterSet
    table_class = ContractTable
    title = gettext_lazy("Greening contract ledger")  # 绿化合同台帐, also the export's title

    def base_queryset(self):
        return queries.with_figures(super().base_queryset())


class ContractDetailView(ObjectDetailView):
    """A contract: its fields, terms, payment schedule with each month's status and payable,
    and its acceptance checks."""

    queryset = GreeningContract.objects.select_related("site", "contractor", "created_by")
    fields = (
        "number",
        "contractor",
        "title",
        "scope",
        "area_m2",
        "amount_yuan",
        "starts_on",
        "ends_on",
        "pass_score",
        "signed_on",
        "warned_at",
        "note",
    )
    template_name = "environment/greening_contract_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        contract = context["object"]
        context.update(
            terms=list(contract.terms.all()),
            instalments=queries.contract_instalments(contract),
            checks=list(contract.checks.select_related("checked_by").order_by("-month")),
            can_check=contract.voided_at is None
            and has_perm_at(self.request.user, "environment.add_acceptancecheck", contract.site_id),
        )
        return context


class ContractEditView(ObjectEditView):
    """A contract with its terms, saved together (the schedule follows the amount and term)."""

    queryset = GreeningContract.objects.all()
    form_class = ContractForm
    template_name = "environment/greening_contract_form.html"

    def formset(self, form, data=None):
        return TermFormSet(data, prefix="terms", initial=terms_initial(form.instance))

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        return self.render_both(form, self.formset(form))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        formset = self.formset(form, request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                contract = services.contract_save(
                    contract=form.instance, terms=term_lines(formset), by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(contract.get_absolute_url())
        return self.render_both(form, formset, status=400)

    def render_both(self, form, formset, status=200):
        obj = form.instance if form.instance.pk else None
        title = _("Edit %(name)s") % {"name": obj} if obj else _("New greening contract")
        context = {"form": form, "formset": formset, "title": title, "object": obj}
        return render(self.request, self.template_name, context, status=status)


class ContractVoidView(ObjectVoidView):
    queryset = GreeningContract.objects.all()


# Acceptance checks -------------------------------------------------------------------------


class CheckListView(ObjectListView):
    queryset = AcceptanceCheck.objects.all()
    filterset_class = CheckFilterSet
    table_class = CheckTable
    title = gettext_lazy("Greening acceptance ledger")  # 绿化验收台帐


class CheckDetailView(ObjectDetailView):
    queryset = AcceptanceCheck.objects.select_related(
        "site", "contract__contractor", "checked_by", "created_by"
    )
    fields = ("number", "contract", "month_text", "checked_on", "checked_by", "score", "note")
    labels = {"month_text": gettext_lazy("Month")}
    template_name = "environment/greening_check_detail.html"

    def panel(self, obj):
        obj.month_text = obj.month.strftime("%Y-%m")
        return super().panel(obj)

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        check = context["object"]
        context["results"] = list(check.results.select_related("term", "photo"))
        context["instalment"] = PaymentInstalment.objects.filter(
            contract_id=check.contract_id, month=check.month
        ).first()
        return context


class CheckVoidView(ObjectVoidView):
    queryset = AcceptanceCheck.objects.all()

    def void(self, obj, reason: str) -> None:
        services.acceptance_check_void(check=obj, by=self.request.user, reason=reason)


class CheckAddView(RestrictedView):
    """The phone page: choose the contract and month, then pass or fail each term (a photo
    for each failure); the score is shown live."""

    queryset = AcceptanceCheck.objects.all()
    action = "add"
    template_name = "environment/greening_check_add.html"

    def contracts(self, month=None):
        """The live contracts the user may check, those in force in ``month`` (this month by
        default) first, latest first."""
        sites = sites_with_perm(self.request.user, "environment.add_acceptancecheck")
        today = timezone.localdate()
        qs = GreeningContract.objects.filter(
            voided_at__isnull=True, starts_on__lte=today
        ).select_related("contractor")
        qs = qs if sites is None else qs.filter(site_id__in=sites)
        site = getattr(self.request, "site", None)
        qs = qs.filter(site=site) if site is not None else qs
        return queries.in_force_first(qs, month or today.replace(day=1))

    def get(self, request, *args, **kwargs):
        start = CheckStartForm(
            request.GET if "month" in request.GET else None, contracts=self.contracts()
        )
        if not start.is_valid():
            if not start.is_bound:
                start.initial.update(
                    month=timezone.localdate().replace(day=1),
                    contract=parse_id(request.GET.get("contract")) or self.only_in_force(),
                )
            return self.render(start)
        return self.render_terms(start, None)

    def only_in_force(self):
        """The contract to pre-select: the one in force this month, when there is just one."""
        in_force = [c.pk for c in self.contracts() if c.in_force][:2]
        return in_force[0] if len(in_force) == 1 else None

    def post(self, request, *args, **kwargs):
        start = CheckStartForm(request.POST, contracts=self.contracts())
        if not start.is_valid():
            return self.render(start, status=400)
        return self.render_terms(start, request)

    def render_terms(self, start, request):
        contract = start.cleaned_data["contract"]
        terms = list(contract.terms.all())
        data, files = (request.POST, request.FILES) if request else (None, None)
        form = CheckForm(data, files, terms=terms)
        if request is not None and form.is_valid():
            check = self.record(form, contract, start.cleaned_data["month"])
            if check is not None:
                self.say_outcome(check, contract)
                return redirect(check.get_absolute_url())
        status = 400 if request is not None else 200
        return self.render(start, form=form, contract=contract, status=status)

    def say_outcome(self, check, contract) -> None:
        """Whether the month's work met the contract's pass mark (the payment follows it)."""
        figures = {"score": display(check.score), "mark": display(contract.pass_score)}
        if check.score >= contract.pass_score:
            text = _("Saved. Score %(score)s: the pass mark %(mark)s is met.") % figures
            messages.success(self.request, text)
        else:
            text = _("Saved. Score %(score)s: below the pass mark %(mark)s.") % figures
            messages.warning(self.request, text)

    def record(self, form, contract, month):
        try:
            return services.acceptance_check_record(
                contract=contract,
                month=month,
                checked_on=form.cleaned_data["checked_on"],
                results=form.results(),
                by=self.request.user,
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return None

    def render(self, start, form=None, contract=None, status=200):
        context = {
            "start": start,
            "form": form,
            "contract": contract,
            "title": _("Greening acceptance check"),
        }
        return render(self.request, self.template_name, context, status=status)


# Payments ----------------------------------------------------------------------------------


class InstalmentListView(ObjectListView):
    queryset = PaymentInstalment.objects.all()
    filterset_class = InstalmentFilterSet
    table_class = InstalmentTable
    title = gettext_lazy("Greening payments")

    def base_queryset(self):
        return queries.with_payable(super().base_queryset())


class InstalmentDetailView(ObjectDetailView):
    """The month's payment sheet: the check, the failed terms with their evidence photos, the
    deductions and the payable; approve, withhold or pay it."""

    queryset = PaymentInstalment.objects.select_related("site", "contract__contractor")
    fields = ("contract", "month", "amount_yuan", "status", "decided_at", "decided_by")
    fields += ("paid_on", "paid_yuan", "note")
    template_name = "environment/greening_instalment_detail.html"
    hide_empty = True

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        obj = context["object"]
        can = has_perm_at(self.request.user, "environment.approve_paymentinstalment", obj.site_id)
        live = obj.contract.voided_at is None
        context.update(
            sheet=queries.payment_sheet(obj),
            title=str(obj),
            can_approve=can and live and obj.status in _UNDECIDED,
            can_withhold=can and live and obj.status == InstalmentStatus.SCHEDULED,
            can_pay=can and live and obj.status == InstalmentStatus.APPROVED,
            withhold_form=context.get("withhold_form") or WithholdForm(),
            pay_form=context.get("pay_form") or PayForm(),
        )
        return context


_UNDECIDED = (InstalmentStatus.SCHEDULED, InstalmentStatus.WITHHELD)


class InstalmentActionView(RestrictedView):
    """Base of the payment decisions: POST only, by those who approve greening payments at the
    instalment's site (another site's instalment reads as not found)."""

    queryset = PaymentInstalment.objects.select_related("contract")
    action = "approve"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        instalment = self.get_object()
        try:
            self.act(instalment)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("environment:instalment_detail", pk=instalment.pk)

    def act(self, instalment) -> None:
        raise NotImplementedError


class InstalmentApproveView(InstalmentActionView):
    def act(self, instalment) -> None:
        if self.request.POST.get("confirm") != "on":  # approving pays out: confirm it first
            raise ValidationError(_("Tick the box to confirm you have checked the sheet."))
        result = services.instalment_approve(instalment=instalment, by=self.request.user)
        if result.status == InstalmentStatus.WITHHELD:
            messages.warning(self.request, _("Withheld: %(reason)s") % {"reason": result.note})
        else:
            messages.success(self.request, _("Approved for payment."))


class InstalmentWithholdView(InstalmentActionView):
    def act(self, instalment) -> None:
        form = WithholdForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give the reason for withholding this payment."))
        services.instalment_withhold(
            instalment=instalment, by=self.request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(self.request, _("Withheld."))


class InstalmentPayView(InstalmentActionView):
    def act(self, instalment) -> None:
        form = PayForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.instalment_pay(
            instalment=instalment, paid_on=form.cleaned_data["paid_on"], by=self.request.user
        )
        messages.success(self.request, _("Paid."))


urlpatterns = [
    *crud_urls(
        GreeningContractor,
        prefix="greening/contractors",
        list_view=ContractorListView,
        detail_view=ContractorDetailView,
        edit_view=ContractorEditView,
        alias="contractor",
    ),
    *crud_urls(
        GreeningContract,
        prefix="greening/contracts",
        list_view=ContractListView,
        detail_view=ContractDetailView,
        edit_view=ContractEditView,
        void_view=ContractVoidView,
        alias="contract",
    ),
    *crud_urls(
        AcceptanceCheck,
        prefix="greening/checks",
        list_view=CheckListView,
        detail_view=CheckDetailView,
        add_view=CheckAddView,
        void_view=CheckVoidView,
        alias="check",
    ),
    *crud_urls(
        PaymentInstalment,
        prefix="greening/payments",
        list_view=InstalmentListView,
        detail_view=InstalmentDetailView,
        alias="instalment",
    ),
    path(
        "greening/payments/<int:pk>/approve/",
        InstalmentApproveView.as_view(),
        name="instalment_approve",
    ),
    path(
        "greening/payments/<int:pk>/withhold/",
        InstalmentWithholdView.as_view(),
        name="instalment_withhold",
    ),
    path("greening/payments/<int:pk>/pay/", InstalmentPayView.as_view(), name="instalment_pay"),
]
