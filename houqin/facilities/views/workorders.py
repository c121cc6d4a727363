"""Pages of repair requests and work orders (报修 → 派工 → 维修 → 评价).

The ledger, detail and void pages are the generic views; every workflow step is a small view
calling its service, fetching the order only through a restricted queryset (another site's
order is a 404). Reports without an account arrive through a scanned label (``scan.py``) and are
followed on the public "track and rate" page, opened with a signed token."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.clients import client_ip
from houqin.core.exports import ledger_workbook, xlsx_response
from houqin.core.forms import add_service_errors
from houqin.core.generic import (
    EXPORT_LIMIT,
    ObjectDetailView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    allowed_sites,
    crud_urls,
    describe_filters,
)
from houqin.core.models import Location
from houqin.core.permissions import has_perm_at, user_site_ids
from houqin.core.scan import qr_data_uri, scan_link_url
from houqin.facilities.choices import OPEN_WORK_ORDER_STATUSES, WorkOrderStatus
from houqin.facilities.filtersets.workorders import WorkOrderFilterSet
from houqin.facilities.forms.workorders import (
    REPORT_KINDS,
    CameraFaultForm,
    CompleteForm,
    DispatchForm,
    LocationLabelsForm,
    PartFormSet,
    PublicFaultForm,
    RateForm,
    ReasonForm,
    WorkOrderReportForm,
    part_lines,
)
from houqin.facilities.models import Equipment, WorkOrder
from houqin.facilities.queries import workorders as queries
from houqin.facilities.services import workorders as services
from houqin.facilities.tables.workorders import WorkOrderLedgerTable, WorkOrderTable
from houqin.utils.text import parse_id

DETAIL = "facilities:workorder_detail"


def _refused(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# Reporting -------------------------------------------------------------------------------------


class WorkOrderReportView(RestrictedView):
    """Report a fault from a phone in under a minute (prefilled from ``?location=`` or
    ``?equipment=``, as a scanned label does)."""

    queryset = WorkOrder.objects.all()
    action = "add"

    def form(self, data=None, files=None):
        sites = allowed_sites(self.request.user, WorkOrder, "add")
        if self.request.site is not None:
            sites = sites.filter(pk=self.request.site.pk)
        return WorkOrderReportForm(data, files, sites=sites, initial=self.initial(sites))

    def initial(self, sites) -> dict:
        """The place and unit of the query string, only when they are at the user's sites."""
        unit_id = parse_id(self.request.GET.get("equipment"))
        units = Equipment.objects.filter(site__in=sites).select_related("location")
        unit = units.filter(pk=unit_id).first() if unit_id else None
        location_id = parse_id(self.request.GET.get("location"))
        places = Location.objects.filter(site__in=sites)
        place = unit.location if unit else places.filter(pk=location_id).first()
        if place is None:
            return {}  # an empty "site" would blank the hidden site of a one-site reporter
        return {
            "equipment": unit,
            "location": place,
            "building": place.building_id,
            "site": place.site_id,
        }

    def get(self, request):
        return self.render(self.form())

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = services.work_order_open(
                    site=data["site"],
                    description=data["description"],
                    by=request.user,
                    location=data["location"],
                    equipment=data.get("equipment"),
                    priority=data["priority"],
                    photo=data.get("photo"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Fault reported (%(number)s). The dispatcher has been told.")
                    % {"number": order.number},
                )
                return redirect("facilities:workorder_mine")
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = {"form": form, "title": _("Report a fault")}
        return render(self.request, "facilities/workorder_report.html", context, status=status)


class WorkOrderOptionsView(RestrictedView):
    """The rooms of a building (``?building=``) or the units at a room (``?location=``) as
    <option>s for the report form; only of the user's sites."""

    queryset = WorkOrder.objects.all()
    action = "add"

    def get(self, request):
        sites = user_site_ids(request.user)
        location_id = parse_id(request.GET.get("location"))
        if location_id is not None:
            rows = Equipment.objects.filter(location_id=location_id).exclude(status="retired")
            label = lambda e: f"{e.code} {e.name}"  # noqa: E731
        else:
            rows = Location.objects.filter(is_active=True, kind__in=REPORT_KINDS)
            building_id = parse_id(request.GET.get("building"))
            if building_id is not None:
                rows = rows.filter(building_id=building_id)
            label = lambda loc: f"{loc.code} {loc.name}"  # noqa: E731
        if sites is not None:
            rows = rows.filter(site__in=sites)
        options = format_html_join(
            "", '<option value="{}">{}</option>', ((r.pk, label(r)) for r in rows[:500])
        )
        return HttpResponse(format_html('<option value="">{}</option>{}', "---------", options))


class WorkOrderMineView(RestrictedView):
    """The orders I reported, with the rating form on repaired ones."""

    queryset = WorkOrder.objects.all()
    action = "add"

    paginate_by = 20

    def get(self, request):
        orders = (
            WorkOrder.objects.filter(reporter=request.user)
            .select_related("location", "assigned_to")
            .order_by("-reported_at", "-pk")
        )
        page = Paginator(orders, self.paginate_by).get_page(request.GET.get("page"))
        context = {
            "orders": page.object_list,
            "page": page,
            "rate_form": RateForm(),
            "title": _("My fault reports"),
        }
        return render(request, "facilities/workorder_mine.html", context)


class WorkOrderAssignedView(RestrictedView):
    """The technician's phone list: orders assigned to me, to start and complete."""

    queryset = WorkOrder.objects.all()
    action = "work"

    def get(self, request):
        orders = list(
            WorkOrder.objects.restrict(request.user, "work")
            .filter(
                assigned_to=request.user,
                status__in=OPEN_WORK_ORDER_STATUSES,
                voided_at__isnull=True,
            )
            .select_related("location", "equipment")
            .order_by("respond_by", "reported_at")[:100]
        )
        for order in orders:  # the phone list highlights what is late
            order.overdue = queries.is_overdue(order)
        return render(
            request,
            "facilities/workorder_assigned.html",
            {"orders": orders, "title": _("Work orders assigned to me")},
        )


# Ledger and record -----------------------------------------------------------------------------


class WorkOrderListView(ObjectListView):
    queryset = WorkOrder.objects.all()
    filterset_class = WorkOrderFilterSet
    table_class = WorkOrderTable
    title = gettext_lazy("Repair and maintenance ledger")

    def export(self, queryset, filterset):
        """Every field in the Excel ledger; the page shows only what a dispatcher scans."""
        table = WorkOrderLedgerTable(WorkOrderLedgerTable.prepare(queryset)[:EXPORT_LIMIT])
        title = self.get_title()
        wb = ledger_workbook(table, title=title, filters=describe_filters(filterset))
        return xlsx_response(wb, f"{title}.xlsx")

    def _url_if(self, action: str):
        # "Add" on this ledger is the fault report.
        if action == "add" and self.can("add"):
            return reverse("facilities:workorder_report")
        return super()._url_if(action)


class WorkOrderDetailView(ObjectDetailView):
    """The order's page: fields, parts, rating, timeline and the steps the user may take."""

    queryset = WorkOrder.objects.select_related(
        "site", "location", "equipment", "reporter", "assigned_to", "hazard", "camera"
    )
    any_of_perms = ("facilities.view_workorder", "facilities.add_workorder")
    hide_empty = True
    fields = (
        "number",
        "site",
        "source",
        "status",
        "priority",
        "location",
        "equipment",
        "description",
        "reported_at",
        "reporter",
        "reporter_name",
        "reporter_phone",
        "hazard",
        "camera",
        "maintenance_task",
        "assigned_to",
        "assigned_at",
        "respond_by",
        "started_at",
        "completed_at",
        "resolution",
        "labour_hours",
        "rating",
        "rating_comment",
        "closed_at",
    )

    def get_object(self, action=None):
        order = queries.work_orders_visible(self.request.user, self.queryset).filter(
            pk=self.kwargs["pk"]
        )
        order = order.first()
        if order is None:
            raise Http404
        return order

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        order = context["object"]
        context.update(self.steps(order), parts=order.parts.all(), edit_url=None)
        context["overdue"] = queries.is_overdue(order)
        if not has_perm_at(self.request.user, "facilities.view_workorder", order.site_id):
            context["list_url"] = reverse("facilities:workorder_mine")
        return context

    def steps(self, order) -> dict:
        """Which workflow buttons to show: each only to whom may use it, in the right state."""
        user, live = self.request.user, order.voided_at is None
        dispatcher = live and self.can("dispatch", order)
        worker = live and (dispatcher or order.assigned_to_id == user.pk)
        status = order.status
        return {
            "can_dispatch": dispatcher and status in OPEN_WORK_ORDER_STATUSES,
            "can_start": worker and status == WorkOrderStatus.ASSIGNED,
            "can_complete": worker and status == WorkOrderStatus.IN_PROGRESS,
            "can_close": dispatcher and status == WorkOrderStatus.DONE,
            "can_reopen": dispatcher and status == WorkOrderStatus.DONE,
            "rate_form": RateForm()
            if live and status == WorkOrderStatus.DONE and order.reporter_id == user.pk
            else None,
            "reopen_form": ReasonForm(),
        }


class WorkOrderVoidView(ObjectVoidView):
    queryset = WorkOrder.objects.all()


# Workflow steps ----------------------------------------------------------------------------------


class StepView(RestrictedView):
    """A POST-only step: the order comes from the restricted queryset of ``action``; a refused
    step goes back to the order's page with the reason, having changed nothing."""

    queryset = WorkOrder.objects.select_related("site", "assigned_to", "reporter")
    success_message = ""

    def get(self, request, pk):
        return redirect(DETAIL, pk=pk)

    def post(self, request, pk):
        order = self.get_object()
        try:
            self.perform(order)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, self.success_message % {"number": order.number})
        return redirect(self.next_url(order))

    def next_url(self, order) -> str:
        return reverse(DETAIL, kwargs={"pk": order.pk})

    def perform(self, order) -> None:
        raise NotImplementedError


class WorkOrderStartView(StepView):
    action = "work"
    success_message = gettext_lazy("Work started on %(number)s.")

    def perform(self, order):
        services.work_order_start(order=order, by=self.request.user)

    def next_url(self, order):
        if order.assigned_to_id == self.request.user.pk:
            return reverse("facilities:workorder_assigned")
        return super().next_url(order)


class WorkOrderRateView(StepView):
    """The logged-in reporter rates a repaired order."""

    action = "add"
    success_message = gettext_lazy("Thank you: %(number)s is rated and closed.")

    def get_object(self, action=None):
        order = self.queryset.filter(pk=self.kwargs["pk"], reporter=self.request.user).first()
        if order is None:
            raise Http404
        return order

    def perform(self, order):
        form = RateForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give a rating from 1 to 5."))
        services.work_order_rate(
            order=order,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            by=self.request.user,
        )

    def next_url(self, order):
        return reverse("facilities:workorder_mine")


class WorkOrderCloseView(StepView):
    action = "dispatch"
    success_message = gettext_lazy("%(number)s closed.")

    def perform(self, order):
        services.work_order_close(order=order, by=self.request.user)


class WorkOrderReopenView(StepView):
    action = "dispatch"
    success_message = gettext_lazy("%(number)s reopened and sent back to the technician.")

    def perform(self, order):
        form = ReasonForm(self.request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.work_order_reopen(order=order, by=self.request.user, reason=reason)


class WorkOrderDispatchView(RestrictedView):
    """The dispatcher chooses a technician of the order's site and the priority."""

    queryset = WorkOrder.objects.select_related("site", "location", "equipment", "assigned_to")
    action = "dispatch"

    def form(self, order, data=None):
        initial = {"technician": order.assigned_to_id, "priority": order.priority}
        return DispatchForm(
            data, technicians=queries.technicians_of(order.site_id), initial=initial
        )

    def get(self, request, pk):
        order = self.get_object()
        return self.render(order, self.form(order))

    def post(self, request, pk):
        order = self.get_object()
        form = self.form(order, request.POST)
        if form.is_valid():
            try:
                services.work_order_dispatch(
                    order=order,
                    technician=form.cleaned_data["technician"],
                    by=request.user,
                    priority=form.cleaned_data["priority"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(number)s assigned to %(name)s.")
                    % {"number": order.number, "name": form.cleaned_data["technician"]},
                )
                return redirect(DETAIL, pk=order.pk)
        return self.render(order, form, status=400)

    def render(self, order, form, status=200):
        context = {"form": form, "object": order, "title": _("Assign a technician")}
        return render(self.request, "facilities/workorder_dispatch.html", context, status=status)


class WorkOrderCompleteView(RestrictedView):
    """The technician records what was done, the labour and the parts used."""

    queryset = WorkOrder.objects.select_related("site", "location", "equipment", "assigned_to")
    action = "work"

    def get(self, request, pk):
        order = self.get_object()
        return self.render(order, CompleteForm(), PartFormSet(prefix="parts"))

    def post(self, request, pk):
        order = self.get_object()
        form = CompleteForm(request.POST)
        parts = PartFormSet(request.POST, prefix="parts")
        if form.is_valid() and parts.is_valid():
            try:
                services.work_order_complete(
                    order=order,
                    by=request.user,
                    resolution=form.cleaned_data["resolution"],
                    labour_hours=form.cleaned_data["labour_hours"],
                    parts=part_lines(parts),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(number)s repaired.") % {"number": order.number})
                return redirect("facilities:workorder_assigned")
        return self.render(order, form, parts, status=400)

    def render(self, order, form, parts, status=200):
        context = {"form": form, "parts": parts, "object": order, "title": _("Complete the repair")}
        return render(self.request, "facilities/workorder_complete.html", context, status=status)


# Orders from hazards and cameras -----------------------------------------------------------------


class FromRecordView(RestrictedView):
    """Open a work order from another module's record (POST from its page)."""

    queryset = WorkOrder.objects.all()
    action = "add"
    source_model = None

    def get_source(self, pk):
        record = self.source_model.objects.restrict(self.request.user, "view").filter(pk=pk)
        record = record.select_related("site", "location").first()
        if record is None or not self.can("add", record):
            raise Http404
        return record

    def post(self, request, pk):
        record = self.get_source(pk)
        try:
            order = self.open(record)
        except ValidationError as exc:
            _refused(request, exc)
            return redirect(record.get_absolute_url())
        messages.success(request, _("Work order %(number)s opened.") % {"number": order.number})
        return redirect(DETAIL, pk=order.pk)

    def get(self, request, pk):
        return redirect(self.get_source(pk).get_absolute_url())


class WorkOrderFromHazardView(FromRecordView):
    @property
    def source_model(self):
        from houqin.security.models import Hazard

        return Hazard

    def open(self, record):
        return services.work_order_from_hazard(hazard=record, by=self.request.user)


class WorkOrderFromCameraView(FromRecordView):
    @property
    def source_model(self):
        from houqin.security.models import Camera

        return Camera

    def open(self, record):
        form = CameraFaultForm(self.request.POST)
        description = form.cleaned_data["description"] if form.is_valid() else ""
        return services.work_order_from_camera(
            camera=record, by=self.request.user, description=description
        )


# Labels and the public pages ---------------------------------------------------------------------


class LocationLabelsView(RestrictedView):
    """Managers print "scan to report a fault" labels; missing scan links are created."""

    queryset = WorkOrder.objects.all()
    action = "dispatch"

    def form(self, data=None):
        ids = [site.pk for site in allowed_sites(self.request.user, WorkOrder, "dispatch")]
        if self.request.site is not None:
            ids = [pk for pk in ids if pk == self.request.site.pk]
        return LocationLabelsForm(data, sites=ids)

    def get(self, request):
        return self.render(self.form(), [])

    def post(self, request):
        form = self.form(request.POST)
        labels = []
        if form.is_valid():
            links = services.fault_links_ensure(locations=list(form.cleaned_data["locations"]))
            for location, link in links:
                url = scan_link_url(request, link)
                labels.append({"location": location, "url": url, "qr": qr_data_uri(url)})
        return self.render(form, labels, status=200 if form.is_valid() else 400)

    def render(self, form, labels, status=200):
        context = {"form": form, "labels": labels, "title": _("Fault report labels")}
        return render(self.request, "facilities/location_labels.html", context, status=status)


def public_fault(request, link, signed):
    """The fault form a scanned label opens for someone without an account (GET), and the
    report it sends (POST) → the tracking page, thanking the reporter with the number."""
    target = link.target
    form = PublicFaultForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _order, token = services.public_fault_report(
                link=link,
                description=data["description"],
                name=data["name"],
                phone=data["phone"],
                client_ip=client_ip(request),
                photo=data.get("photo"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # Redirect after the POST, so a reload cannot file the report twice.
            url = reverse("facilities:fault_track", args=[token])
            return redirect(f"{url}?reported=1")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "target": target, "title": _("Report a fault")}
    return render(request, "facilities/fault_form.html", context, status=status)


def fault_track(request, token: str):
    """The reporter's page: the order's status, and the rating form once it is repaired."""
    order = queries.work_order_for_token(services.track_token_order_id(token))
    if order is None or order.voided_at is not None:
        raise Http404
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.work_order_rate(
                order=order,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("facilities:fault_track", token=token)
    status = 400 if request.method == "POST" else 200
    context = {
        "order": order,
        "form": form,
        "title": order.number,
        "just_reported": request.GET.get("reported") == "1",
        "track_url": request.build_absolute_uri(request.path),
        "timeline": _timeline(order),
        "response_hours": settings.HOUQIN_WORK_ORDER_RESPONSE_HOURS.get(order.priority),
    }
    return render(request, "facilities/fault_track.html", context, status=status)


def _timeline(order) -> list[tuple[str, object]]:
    """The steps the reporter follows, each with when it happened (None: not yet)."""
    return [
        (_("Reported"), order.reported_at),
        (_("Technician assigned"), order.assigned_at),
        (_("Work started"), order.started_at),
        (_("Repaired"), order.completed_at),
    ]


urlpatterns: list = [
    path("workorders/report/", WorkOrderReportView.as_view(), name="workorder_report"),
    path("workorders/options/", WorkOrderOptionsView.as_view(), name="workorder_options"),
    path("workorders/mine/", WorkOrderMineView.as_view(), name="workorder_mine"),
    path("workorders/assigned/", WorkOrderAssignedView.as_view(), name="workorder_assigned"),
    path("workorders/labels/", LocationLabelsView.as_view(), name="location_labels"),
    path(
        "workorders/<int:pk>/dispatch/", WorkOrderDispatchView.as_view(), name="workorder_dispatch"
    ),
    path("workorders/<int:pk>/start/", WorkOrderStartView.as_view(), name="workorder_start"),
    path(
        "workorders/<int:pk>/complete/", WorkOrderCompleteView.as_view(), name="workorder_complete"
    ),
    path("workorders/<int:pk>/rate/", WorkOrderRateView.as_view(), name="workorder_rate"),
    path("workorders/<int:pk>/close/", WorkOrderCloseView.as_view(), name="workorder_close"),
    path("workorders/<int:pk>/reopen/", WorkOrderReopenView.as_view(), name="workorder_reopen"),
    path(
        "workorders/from-hazard/<int:pk>/",
        WorkOrderFromHazardView.as_view(),
        name="workorder_from_hazard",
    ),
    path(
        "workorders/from-camera/<int:pk>/",
        WorkOrderFromCameraView.as_view(),
        name="workorder_from_camera",
    ),
    path("fault/<str:token>/", fault_track, name="fault_track"),
    *crud_urls(
        WorkOrder,
        list_view=WorkOrderListView,
        detail_view=WorkOrderDetailView,
        void_view=WorkOrderVoidView,
    ),
]
