"""Pages of office supplies: asking for supplies (phone friendly), my department's
requisitions, the storekeeper's queue, every requisition (filters, Excel), a requisition's page
with its approval, the issue form, returns and the printable issue slip (领用单), the catalogue
with what each store holds, and the cost per department and per head of a year.

Receipts (purchases in) and stock-takes are the stock ledger's own pages: linked, not
rewritten. Every write goes through ``energy.services.supplies``."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from houqin.approvals.models import ApprovalRequest
from houqin.core.exports import xlsx_response
from houqin.core.forms import add_service_errors
from houqin.core.generic import ObjectDetailView, ObjectListView, ObjectVoidView, RestrictedView
from houqin.core.models import Department, Person, Site
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.energy.approvals import lines_with_on_hand
from houqin.energy.choices import RequisitionStatus
from houqin.energy.filtersets.supplies import MyRequisitionFilterSet, RequisitionFilterSet
from houqin.energy.forms.supplies import (
    RequisitionAskForm,
    RequisitionIssueForm,
    RequisitionReturnForm,
)
from houqin.energy.models import Requisition
from houqin.energy.queries import supplies as queries
from houqin.energy.services import supplies as services
from houqin.energy.tables.supplies import RequisitionTable
from houqin.stock.choices import MovementKind
from houqin.stock.models import Movement, Store
from houqin.stock.views import scoped_site_ids
from houqin.utils.text import parse_id

ASK = "energy.add_requisition"
READ = "energy.view_requisition"
ISSUE = "energy.issue_requisition"


def my_department_ids(user) -> list[int]:
    """The departments of the user's own Person records (one per site)."""
    return [
        pk
        for pk in Person.objects.filter(user=user, is_active=True).values_list(
            "department_id", flat=True
        )
        if pk
    ]


def visible_requisitions(user):
    """Requisitions the user may open: all of the sites where they hold the read permission,
    and, where they may ask, their own department's and their own."""
    read = sites_with_perm(user, READ)
    if read is None:
        return Requisition.objects.all()
    ask = sites_with_perm(user, ASK)
    mine = Q(department_id__in=my_department_ids(user)) | Q(created_by=user)
    ask_q = mine if ask is None else mine & Q(site_id__in=ask)
    return Requisition.objects.filter(Q(site_id__in=read) | ask_q)


# Lists ---------------------------------------------------------------------------------------


class RequisitionListView(ObjectListView):
    """Every requisition of the user's sites: the storekeeper's and leadership's ledger."""

    queryset = Requisition.objects.all()
    filterset_class = RequisitionFilterSet
    table_class = RequisitionTable
    template_name = "energy/requisition_list.html"


class MyRequisitionListView(RequisitionListView):
    """My department's requisitions (any member of staff)."""

    action = "add"
    title = gettext_lazy("My department's requisitions")
    filterset_class = MyRequisitionFilterSet

    def base_queryset(self):
        mine = Q(department_id__in=my_department_ids(self.request.user)) | Q(
            created_by=self.request.user
        )
        return super().base_queryset().filter(mine)


class IssueQueueView(RequisitionListView):
    """The storekeeper's queue: approved requisitions awaiting issue, oldest first."""

    action = "issue"
    title = gettext_lazy("Requisitions awaiting issue")

    def base_queryset(self):
        qs = super().base_queryset().filter(status=RequisitionStatus.APPROVED)
        return qs.filter(voided_at__isnull=True).order_by("created_at", "id")

    def get_context_data(self, **context):
        # The storekeeper issues here: asking and one's own department are elsewhere.
        context = super().get_context_data(**context)
        context.update(add_url=None, in_queue=True)
        return context


# Asking --------------------------------------------------------------------------------------


class RequisitionAskView(RestrictedView):
    """Ask for supplies: the catalogue with what the store holds, a quantity per item."""

    queryset = Requisition.objects.all()
    action = "add"
    template_name = "energy/requisition_ask.html"

    def site(self) -> Site:
        ids = scoped_site_ids(self.request, ASK)
        if not ids:
            raise PermissionDenied
        own = Person.objects.filter(user=self.request.user, site_id__in=ids).first()
        return Site.objects.get(pk=own.site_id if own else ids[0])

    def form(self, data=None):
        site = self.site()
        stores = office_stores(site)
        store = stores.filter(pk=parse_id((data or self.request.GET).get("store"))).first()
        store = store or stores.first()
        catalogue = queries.office_catalogue(site_ids=[site.pk], store=store) if store else []
        departments = None
        if has_perm_at(self.request.user, ISSUE, site.pk):
            departments = Department.objects.filter(site=site, is_active=True)
        initial = {"store": store}
        return RequisitionAskForm(
            data, stores=stores, departments=departments, catalogue=catalogue, initial=initial
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                req = self.submit(form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Submitted as %(number)s.") % {"number": req.number})
                return redirect(req.get_absolute_url())
        return self.render(form, status=400)

    def submit(self, form) -> Requisition:
        data = form.cleaned_data
        store = data["store"]
        person = Person.objects.filter(user=self.request.user, site_id=store.site_id).first()
        department = data.get("department") or (person.department if person else None)
        if person is None or department is None:
            raise ValidationError(_("Your account is not on the staff roll of a department."))
        if data.get("department") and department != person.department:
            # asking on a department's behalf: the request is in the department's name
            person = department.person_set.filter(is_active=True).first() or person
        return services.requisition_submit(
            department=department,
            requested_by=person,
            store=store,
            lines=form.lines(),
            purpose=data.get("purpose", ""),
            by=self.request.user,
        )

    def render(self, form, status=200):
        context = {"form": form, "title": _("Ask for supplies")}
        return render(self.request, self.template_name, context, status=status)


def office_stores(site: Site):
    """The active stores of ``site`` that hold office items (all active ones if none does)."""
    stores = Store.objects.filter(site=site, is_active=True)
    office = stores.filter(slots__item__ledger=queries.OFFICE_LEDGER).distinct()
    return office if office.exists() else stores


# A requisition -------------------------------------------------------------------------------


class VisibleMixin:
    """A requisition is opened by readers of its site and by its own department's staff."""

    queryset = Requisition.objects.all()
    any_of_perms = (READ, ASK)

    def get_object(self, action=None):
        qs = visible_requisitions(self.request.user).select_related(
            "site", "department", "requested_by", "store", "issued_by"
        )
        obj = qs.filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj


class RequisitionDetailView(VisibleMixin, ObjectDetailView):
    template_name = "energy/requisition_detail.html"
    fields = (
        "number",
        "department",
        "requested_by",
        "store",
        "purpose",
        "status",
        "created_at",
        "issued_at",
        "issued_by",
        "received_by",
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        req = context["object"]
        lines = with_shortfall(lines_with_on_hand(req))
        may_issue = has_perm_at(self.request.user, ISSUE, req.site_id) and not req.voided_at
        context.update(
            lines=lines,
            approval=approval_of(req),
            returns=returns_of(req),
            issue_form=RequisitionIssueForm(lines=lines)
            if may_issue and req.status == RequisitionStatus.APPROVED
            else None,
            return_form=RequisitionReturnForm(lines=lines)
            if may_issue and req.status == RequisitionStatus.ISSUED
            else None,
            can_withdraw=may_withdraw(self.request.user, req),
            void_url=reverse("energy:requisition_void", kwargs={"pk": req.pk})
            if self.can("void", req) and not req.voided_at and req.status != "issued"
            else None,
        )
        return context


def with_shortfall(lines) -> list:
    """The lines, each with ``short``: what was asked but not issued (None before issue)."""
    lines = list(lines)
    for line in lines:
        issued = line.issued_quantity
        line.short = (
            line.quantity - issued if issued is not None and issued < line.quantity else None
        )
    return lines


def approval_of(req: Requisition):
    """The latest approval request about the requisition."""
    ct = ContentType.objects.get_for_model(Requisition)
    return (
        ApprovalRequest.objects.filter(content_type=ct, object_id=req.pk)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def returns_of(req: Requisition):
    ct = ContentType.objects.get_for_model(Requisition)
    return Movement.objects.filter(
        reference_type=ct, reference_id=req.pk, kind=MovementKind.RETURN, voided_at__isnull=True
    ).select_related("item", "created_by")


def may_withdraw(user, req: Requisition) -> bool:
    return (
        req.voided_at is None
        and req.status in (RequisitionStatus.PENDING, RequisitionStatus.APPROVED)
        and (user.pk == req.created_by_id or user.pk == req.requested_by.user_id)
    )


class RequisitionSlipView(VisibleMixin, RestrictedView):
    """The printable issue slip (领用单) with its signature lines."""

    def get(self, request, *args, **kwargs):
        req = self.get_object()
        context = {"object": req, "lines": list(lines_with_on_hand(req)), "now": timezone.now()}
        context["approvers"] = approvers_of(req)
        return render(request, "energy/requisition_slip.html", context)


def approvers_of(req: Requisition) -> list[str]:
    """Who approved the requisition: the approving decisions of its latest approval request."""
    approval = approval_of(req)
    if approval is None:
        return []
    decisions = approval.decisions.filter(approved=True).select_related("decided_by")
    return [str(d.decided_by) for d in decisions.order_by("step", "decided_at")]


class RequisitionActionView(RestrictedView):
    """A POST from the requisition's page, written by one service call."""

    queryset = Requisition.objects.all()
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        req = self.get_object()
        try:
            self.act(req)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        return redirect(req.get_absolute_url())


class RequisitionIssueView(RequisitionActionView):
    action = "issue"

    def act(self, req):
        lines = list(req.lines.select_related("item"))
        form = RequisitionIssueForm(self.request.POST, lines=lines)
        if not form.is_valid():
            raise ValidationError(_("Give a quantity of zero or more for every line."))
        services.requisition_issue(
            requisition=req,
            by=self.request.user,
            quantities=form.quantities(),
            received_by=form.cleaned_data["received_by"],
        )
        messages.success(self.request, _("Issued."))


class RequisitionReturnView(RequisitionActionView):
    action = "issue"

    def act(self, req):
        lines = list(req.lines.select_related("item"))
        form = RequisitionReturnForm(self.request.POST, lines=lines)
        if not form.is_valid():
            raise ValidationError(_("Choose an item and give the quantity returned."))
        item = next(line.item for line in lines if line.item_id == form.cleaned_data["item"])
        services.requisition_return(
            requisition=req,
            item=item,
            quantity=form.cleaned_data["quantity"],
            by=self.request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(self.request, _("The return was recorded."))


class RequisitionWithdrawView(VisibleMixin, RequisitionActionView):
    def act(self, req):
        services.requisition_withdraw(requisition=req, by=self.request.user)
        messages.success(self.request, _("The requisition was withdrawn."))


class RequisitionVoidView(ObjectVoidView):
    queryset = Requisition.objects.all()

    def void(self, obj, reason: str) -> None:
        services.requisition_void(requisition=obj, by=self.request.user, reason=reason)


# The catalogue and the cost per department ---------------------------------------------------


class CatalogueView(RestrictedView):
    """Office items with what each store holds and the low-stock flag, linking to the stock
    ledger's receipts and stock-takes."""

    queryset = Requisition.objects.all()
    any_of_perms = (READ, "stock.view_item")

    def get(self, request, *args, **kwargs):
        ids = scoped_site_ids(request, READ) or scoped_site_ids(request, "stock.view_item")
        search = (request.GET.get("q") or "").strip()[:50]
        rows = queries.office_catalogue(site_ids=ids, search=search)
        context = {
            "title": _("Office supplies catalogue"),
            "rows": rows,
            "q": search,
            "low_count": sum(1 for row in rows if row["low"]),
            "can_receive": has_perm_at(request.user, "stock.add_movement"),
            "can_count": has_perm_at(request.user, "stock.add_stocktake"),
        }
        return render(request, "energy/supplies_catalogue.html", context)


class CostView(RestrictedView):
    """Office supplies consumed per department and per head, month by month, for a year."""

    queryset = Requisition.objects.all()

    def get(self, request, *args, **kwargs):
        year = self.year()
        rows = queries.cost_by_department(site_ids=scoped_site_ids(request, READ), year=year)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(cost_workbook(rows, year), f"{_('Supplies cost')} {year}.xlsx")
        context = {
            "title": _("Office supplies cost per department"),
            "year": year,
            "rows": rows,
            "months": range(1, 13),
            "total": sum((row["total"] for row in rows), start=Decimal("0.00")),
            "years": range(timezone.localdate().year, 2000, -1),
        }
        return render(request, "energy/supplies_cost.html", context)

    def year(self) -> int:
        year = parse_id(self.request.GET.get("year"))
        return year if year and 2000 <= year <= 2100 else timezone.localdate().year


def cost_workbook(rows: list[dict], year: int):
    """The cost per department as an Excel sheet: months, total, staff, per head."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = str(year)
    months = [_("Month %(m)d") % {"m": m} for m in range(1, 13)]
    head = [
        _("Department"),
        *months,
        _("Total (yuan)"),
        pgettext("number of people", "Staff"),
        _("Per head (yuan)"),
    ]
    ws.append([_("Office supplies cost per department, %(year)d") % {"year": year}])
    ws.append(head)
    for row in rows:
        per_head = float(row["per_head"]) if row["per_head"] is not None else None
        values = [float(v) for v in row["months"]]
        ws.append([str(row["department"]), *values, float(row["total"]), row["staff"], per_head])
    return wb


urlpatterns = [
    path("supplies/", RequisitionListView.as_view(), name="requisition_list"),
    path("supplies/mine/", MyRequisitionListView.as_view(), name="requisition_mine"),
    path("supplies/queue/", IssueQueueView.as_view(), name="requisition_queue"),
    path("supplies/ask/", RequisitionAskView.as_view(), name="requisition_add"),
    path("supplies/<int:pk>/", RequisitionDetailView.as_view(), name="requisition_detail"),
    path("supplies/<int:pk>/slip/", RequisitionSlipView.as_view(), name="requisition_slip"),
    path("supplies/<int:pk>/issue/", RequisitionIssueView.as_view(), name="requisition_issue"),
    path("supplies/<int:pk>/return/", RequisitionReturnView.as_view(), name="requisition_return"),
    path(
        "supplies/<int:pk>/withdraw/",
        RequisitionWithdrawView.as_view(),
        name="requisition_withdraw",
    ),
    path("supplies/<int:pk>/void/", RequisitionVoidView.as_view(), name="requisition_void"),
    path("supplies/catalogue/", CatalogueView.as_view(), name="supplies_catalogue"),
    path("supplies/cost/", CostView.as_view(), name="supplies_cost"),
]
