"""Pages of the cleaning subject: the zone ledger and pages, QR labels, the phone inspection
page, the inspections ledger, rectifications with their report and re-check, and the monthly
ranking of zones and people."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
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
    RestrictedView,
    crud_urls,
)
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.core.scan import qr_data_uri, scan_link_url
from houqin.environment.filtersets.cleaning import (
    ZoneFilterSet,
    ZoneInspectionFilterSet,
    ZoneRectificationFilterSet,
)
from houqin.environment.forms.cleaning import (
    RectificationRecheckForm,
    RectificationReportForm,
    ZoneEditForm,
    ZoneForm,
    ZoneInspectForm,
    ZoneItemFormSet,
    item_pairs,
)
from houqin.environment.models import CleaningZone, ZoneRectification
from houqin.environment.queries import cleaning as queries
from houqin.environment.services import cleaning as services
from houqin.environment.tables.cleaning import (
    ZoneInspectionTable,
    ZoneRectificationTable,
    ZoneTable,
)
from houqin.inspections.models import Scan
from houqin.utils.text import parse_id

# Zones ---------------------------------------------------------------------------------------


class ZoneListView(ObjectListView):
    queryset = CleaningZone.objects.all()
    filterset_class = ZoneFilterSet
    table_class = ZoneTable
    title = gettext_lazy("Cleaning zone ledger")  # 保洁区域台帐, also the export's title


class ZoneDetailView(ObjectDetailView):
    queryset = CleaningZone.objects.select_related(
        "site", "location", "responsible", "checkpoint__scan_link"
    )
    fields = ("code", "name", "site", "location", "responsible", "standard", "area_m2")

    template_name = "environment/cleaning_zone_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        zone = context["object"]
        rects = ZoneRectification.objects.filter(zone=zone)
        context.update(
            items=services.zone_items(zone),
            history_rows=queries.zone_history(zone),
            open_rectifications=list(queries.open_rectifications(rects)),
            inspect_url=_inspect_url(self.request.user, zone),
        )
        if zone.checkpoint_id and zone.checkpoint.scan_link_id and self.can("change", zone):
            context["qr_svg"] = qr_data_uri(scan_link_url(self.request, zone.checkpoint.scan_link))
        return context


def _inspect_url(user, zone):
    from django.urls import reverse

    if zone.is_active and has_perm_at(user, services.INSPECT_PERM, zone.site_id):
        return reverse("environment:zone_inspect", kwargs={"pk": zone.pk})
    return None


class ZoneEditView(ObjectEditView):
    """A zone with its check items (a formset), saved together."""

    queryset = CleaningZone.objects.all()
    template_name = "environment/cleaning_zone_form.html"

    @property
    def form_class(self):
        return ZoneEditForm if "pk" in self.kwargs else ZoneForm

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        initial = [{"text": i.text, "weight": i.weight} for i in services.zone_items(form.instance)]
        return self.render_both(form, ZoneItemFormSet(prefix="items", initial=initial))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        formset = ZoneItemFormSet(request.POST, prefix="items")
        if form.is_valid() and formset.is_valid():
            try:
                zone = services.zone_save(
                    zone=form.save(commit=False), items=item_pairs(formset), by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(zone.get_absolute_url())
        return self.render_both(form, formset, status=400)

    def render_both(self, form, formset, status=200):
        zone = form.instance if form.instance.pk else None
        title = _("Edit %(name)s") % {"name": zone} if zone else _("New cleaning zone")
        context = {"form": form, "formset": formset, "title": title, "object": zone}
        return render(self.request, self.template_name, context, status=status)


class ZoneLabelsView(RestrictedView):
    """An A4 sheet of the zones' QR labels (the engine's label sheet)."""

    queryset = CleaningZone.objects.all()
    action = "change"

    def get(self, request):
        zones = (
            self.restricted()
            .in_scope(request)
            .filter(is_active=True, checkpoint__scan_link__isnull=False)
            .select_related("site", "checkpoint__scan_link", "checkpoint__site")
        )
        available = [zone.checkpoint for zone in zones]
        chosen = {pk for pk in map(parse_id, request.GET.getlist("pk")) if pk is not None}
        selected = [c for c in available if c.pk in chosen] if chosen else available
        labels = [(c, qr_data_uri(scan_link_url(request, c.scan_link))) for c in selected]
        context = {
            "title": _("Cleaning zone QR labels"),
            "available": available,
            "chosen": {c.pk for c in selected},
            "labels": labels,
        }
        return render(request, "inspections/checkpoint_labels.html", context)


class ZoneInspectView(RestrictedView):
    """The phone page: every item of the zone as a big pass/fail toggle, a note and a photo."""

    queryset = CleaningZone.objects.filter(is_active=True).select_related("site", "responsible")
    action = "inspect"
    template_name = "environment/cleaning_zone_inspect.html"

    def get(self, request, *args, **kwargs):
        zone = self.get_object()
        return self.render(zone, ZoneInspectForm(items=services.zone_items(zone)))

    def post(self, request, *args, **kwargs):
        zone = self.get_object()
        form = ZoneInspectForm(request.POST, request.FILES, items=services.zone_items(zone))
        if form.is_valid():
            try:
                services.zone_inspect(
                    zone=zone,
                    by=request.user,
                    results=form.results(),
                    photos=form.photos(),
                    spot=form.cleaned_data["spot"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Inspection recorded."))
                return redirect(zone.get_absolute_url())
        return self.render(zone, form, status=400)

    def render(self, zone, form, status=200):
        context = {"zone": zone, "form": form, "title": _("Inspect %(zone)s") % {"zone": zone}}
        return render(self.request, self.template_name, context, status=status)


# Inspections ---------------------------------------------------------------------------------


class InspectionListView(ObjectListView):
    """The cleaning rounds' scans with their score (巡查记录)."""

    queryset = Scan.objects.all()
    filterset_class = ZoneInspectionFilterSet
    table_class = ZoneInspectionTable
    any_of_perms = ("environment.view_cleaningzone",)
    title = gettext_lazy("Cleaning zone inspections")

    def restricted(self, action=None):
        return _visible_scans(self.request.user, self.queryset)


def _visible_scans(user, scans):
    """Cleaning scans at the sites where the user may see cleaning zones."""
    sites = sites_with_perm(user, "environment.view_cleaningzone")
    qs = queries.cleaning_scans(scans)
    return qs if sites is None else qs.filter(site_id__in=sites)


class InspectionDetailView(RestrictedView):
    """One zone inspection: every item with its result and note, and for each failure its
    photo and rectification."""

    queryset = Scan.objects.all()
    any_of_perms = ("environment.view_cleaningzone",)
    template_name = "environment/cleaning_inspection_detail.html"

    def get(self, request, pk):
        try:
            scan = _visible_scans(request.user, self.queryset).get(pk=pk)
        except Scan.DoesNotExist as exc:
            raise Http404 from exc
        context = {
            "title": _("Inspection of %(zone)s") % {"zone": scan.checkpoint.name},
            "scan": scan,
            "results": queries.scan_results(scan),
            "zone": CleaningZone.objects.filter(checkpoint_id=scan.checkpoint_id).first(),
        }
        return render(request, self.template_name, context)


# Rectifications ------------------------------------------------------------------------------


class RectificationListView(ObjectListView):
    """Failed items to put right; the overdue ones highlighted."""

    queryset = ZoneRectification.objects.all()
    filterset_class = ZoneRectificationFilterSet
    table_class = ZoneRectificationTable
    title = gettext_lazy("Zone rectifications")

    def restricted(self, action=None):
        return queries.with_overdue(super().restricted(action))

    def may_export(self) -> bool:
        """The ledger is for those who check the zones, not for those who only put them right."""
        return has_perm_at(self.request.user, services.RECHECK_PERM)


class RectificationDetailView(ObjectDetailView):
    """One failed item with the step the user may take (report it done, or re-check it)."""

    queryset = ZoneRectification.objects.select_related(
        "site",
        "zone",
        "round",
        "result__scan__scanned_by",
        "photo",
        "responsible",
        "rectified_by",
        "rechecked_by",
    )
    fields = (
        "zone",
        "item_text",
        "responsible",
        "deadline",
        "status",
        "rectified_at",
        "rectified_by",
        "rectify_note",
        "rechecked_at",
        "rechecked_by",
        "recheck_note",
        "recheck_failures",
    )
    hide_empty = True

    template_name = "environment/cleaning_rectification_detail.html"

    def get(self, request, *args, **kwargs):
        return self.render_page(self.get_object())

    def render_page(self, obj, report=None, recheck=None, status=200):
        user = self.request.user
        context = self.get_context_data(object=obj)
        context.update(
            report_form=report or RectificationReportForm(),
            recheck_form=recheck or RectificationRecheckForm(),
            can_report=obj.status == "open" and services.may_report(user, obj),
            can_recheck=obj.status == "reported" and services.may_recheck(user, obj),
            is_overdue=obj.status != "passed" and obj.deadline < timezone.localdate(),
        )
        return render(self.request, self.get_template_names(), context, status=status)


class RectificationReportView(RectificationDetailView):
    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        if not services.may_report(request.user, obj):
            raise PermissionDenied
        form = RectificationReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.rectification_report(
                    rectification=obj,
                    by=request.user,
                    note=form.cleaned_data["note"],
                    photo=form.cleaned_data.get("photo"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(obj.get_absolute_url())
        return self.render_page(obj, report=form, status=400)


class RectificationRecheckView(RectificationDetailView):
    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        if not has_perm_at(request.user, services.RECHECK_PERM, obj.site_id):
            raise PermissionDenied
        form = RectificationRecheckForm(request.POST)
        if form.is_valid():
            try:
                services.rectification_recheck(
                    rectification=obj,
                    by=request.user,
                    passed=form.cleaned_data["passed"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(obj.get_absolute_url())
        return self.render_page(obj, recheck=form, status=400)


# Ranking -------------------------------------------------------------------------------------


class ZoneRankingView(RestrictedView):
    """The month's ranking of zones and of the people responsible (ECharts bar of zones)."""

    queryset = CleaningZone.objects.all()
    template_name = "environment/cleaning_ranking.html"

    def get(self, request, *args, **kwargs):
        month = _month(request.GET.get("month"))
        zones = self.restricted().in_scope(request)
        ranked = list(queries.zone_ranking(zones, month))
        context = {
            "title": _("Cleaning zone ranking"),
            "month": month,
            "zones": ranked,
            "people": queries.people_ranking(zones, month),
            "chart": json.dumps(_chart(ranked), ensure_ascii=False),
        }
        return render(request, self.template_name, context)


def _month(value) -> date:
    """The month asked for (YYYY-MM), else this month."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in str(value).split("-")[:2])
        chosen = date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)
    return chosen if 2000 <= chosen.year <= 2100 else today.replace(day=1)


def _chart(zones) -> dict:
    """An ECharts horizontal bar of the zones' pass rates (%), best on top: every zone's name
    stays readable on a phone."""
    rated = [z for z in zones if z.pass_rate is not None]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 24, "top": 8, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "min": 0, "max": 100},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "axisLabel": {"interval": 0, "width": 150, "overflow": "truncate"},
            "data": [z.name for z in rated],
        },
        "series": [
            {
                "name": _("Pass rate (%)"),
                "type": "bar",
                "data": [round(float(z.pass_rate) * 100, 1) for z in rated],
            }
        ],
    }


urlpatterns = [
    path("zones/labels/", ZoneLabelsView.as_view(), name="zone_labels"),
    path("zones/ranking/", ZoneRankingView.as_view(), name="zone_ranking"),
    path("zones/inspections/", InspectionListView.as_view(), name="inspection_list"),
    path("zones/inspections/<int:pk>/", InspectionDetailView.as_view(), name="inspection_detail"),
    *crud_urls(
        ZoneRectification,
        prefix="zones/rectifications",
        list_view=RectificationListView,
        detail_view=RectificationDetailView,
        alias="rectification",
    ),
    *crud_urls(
        CleaningZone,
        prefix="zones",
        list_view=ZoneListView,
        detail_view=ZoneDetailView,
        edit_view=ZoneEditView,
        alias="zone",
    ),
    path("zones/<int:pk>/inspect/", ZoneInspectView.as_view(), name="zone_inspect"),
    path(
        "zones/rectifications/<int:pk>/report/",
        RectificationReportView.as_view(),
        name="rectification_report",
    ),
    path(
        "zones/rectifications/<int:pk>/recheck/",
        RectificationRecheckView.as_view(),
        name="rectification_recheck",
    ),
]
