"""Pages of the inspection engine: checkpoints and their QR labels, routes, the rounds ledger,
a round's page, the duty officer's live board and the walker's "my round" page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
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
    allowed_sites,
)
from houqin.core.scan import qr_data_uri, scan_link_url
from houqin.core.services import scan_link_sign
from houqin.inspections import queries, registry, services
from houqin.inspections.filtersets import CheckpointFilterSet, RoundFilterSet, RouteFilterSet
from houqin.inspections.forms import CheckpointForm, FindingForm, RouteForm, RouteParts
from houqin.inspections.models import Checkpoint, Finding, Round, Route, RouteStop
from houqin.inspections.tables import CheckpointTable, RoundTable, RouteTable
from houqin.utils.text import parse_id


def checkpoint_url(request, checkpoint: Checkpoint) -> str:
    """The absolute link printed in a checkpoint's QR code."""
    return scan_link_url(request, checkpoint.scan_link)


# Checkpoints ---------------------------------------------------------------------------------


class CheckpointListView(ObjectListView):
    queryset = Checkpoint.objects.all()
    filterset_class = CheckpointFilterSet
    table_class = CheckpointTable
    template_name = "inspections/checkpoint_list.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["labels_url"] = (
            reverse("inspections:checkpoint_labels") if self.can("change") else None
        )
        return context


class CheckpointDetailView(ObjectDetailView):
    queryset = Checkpoint.objects.select_related("site", "location", "scan_link")
    fields = ("code", "name", "site", "location", "is_active")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        checkpoint = context["object"]
        if checkpoint.scan_link_id and self.can("change", checkpoint):
            url = checkpoint_url(self.request, checkpoint)
            context.update(qr_url=url, qr_svg=qr_data_uri(url))
        return context


class CheckpointEditView(ObjectEditView):
    queryset = Checkpoint.objects.all()
    form_class = CheckpointForm

    def save(self, form):
        return services.checkpoint_save(checkpoint=form.instance, by=self.request.user)


class CheckpointLabelsView(RestrictedView):
    """An A4 sheet of QR labels for the chosen checkpoints (all of the site when none chosen)."""

    queryset = Checkpoint.objects.all()
    action = "change"

    def get(self, request):
        available = (
            self.restricted()
            .in_scope(request)
            .filter(is_active=True, scan_link__isnull=False)
            .select_related("site", "scan_link")
        )
        chosen = {pk for pk in map(parse_id, request.GET.getlist("pk")) if pk is not None}
        available = list(available)
        selected = [c for c in available if c.pk in chosen] if chosen else available
        labels = [(c, qr_data_uri(checkpoint_url(request, c))) for c in selected]
        return render(
            request,
            "inspections/checkpoint_labels.html",
            {
                "title": _("Checkpoint QR labels"),
                "available": available,
                "chosen": {c.pk for c in selected},
                "labels": labels,
            },
        )


# Routes --------------------------------------------------------------------------------------


class RouteListView(ObjectListView):
    queryset = Route.objects.all()
    filterset_class = RouteFilterSet
    table_class = RouteTable


class RouteDetailView(ObjectDetailView):
    queryset = Route.objects.select_related("site").prefetch_related(
        Prefetch("stops", queryset=RouteStop.objects.select_related("checkpoint")),
        "schedules",
        "items__checkpoint",
    )
    fields = ("name", "kind", "site", "duration_minutes", "is_active")


class RouteEditView(ObjectEditView):
    """A route with its ordered stops, daily schedules and check items, saved together."""

    queryset = Route.objects.all()
    form_class = RouteForm
    template_name = "inspections/route_form.html"

    def parts(self, data=None):
        route = self.get_object("change") if "pk" in self.kwargs else None
        return RouteParts(data, route=route, sites=allowed_sites(self.request.user, Route, "add"))

    def get(self, request, *args, **kwargs):
        return self.render_both(self.get_form(), self.parts())

    def post(self, request, *args, **kwargs):
        form, parts = self.get_form(request.POST), self.parts(request.POST)
        if form.is_valid() and parts.is_valid():
            try:
                route = services.route_save(
                    route=form.instance,
                    stops=parts.stop_data(),
                    schedules=parts.schedule_data(),
                    items=parts.item_data(),
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(route.get_absolute_url())
        return self.render_both(form, parts, status=400)

    def render_both(self, form, parts, status=200):
        obj = form.instance if form.instance.pk else None
        title = _("Edit %(name)s") % {"name": obj} if obj else _("New route")
        context = {"form": form, "parts": parts, "title": title, "object": obj}
        return render(self.request, self.template_name, context, status=status)


# Rounds --------------------------------------------------------------------------------------


class RoundListView(ObjectListView):
    queryset = Round.objects.all()
    filterset_class = RoundFilterSet
    table_class = RoundTable
    title = gettext_lazy("Rounds")


class RoundDetailView(ObjectDetailView):
    queryset = Round.objects.select_related("site", "route", "walked_by", "voided_by")
    fields = (
        "number",
        "route",
        "kind",
        "site",
        "starts_at",
        "ends_at",
        "status",
        "walked_by",
        "first_scan_at",
        "last_scan_at",
        "scans_done",
        "stops_total",
        "score",
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        rnd = context["object"]
        context["stops"] = queries.round_stops(rnd)
        context["findings"] = findings_with_records(rnd)
        context["checks"] = queries.round_checks(rnd)
        return context


def findings_with_records(rnd: Round) -> list[tuple[Finding, object]]:
    """A round's findings, each with the record its handler opened (hazard, work order …)."""
    findings = list(
        Finding.objects.filter(round=rnd).select_related("checkpoint", "reported_by", "opened_type")
    )
    out = []
    for finding in findings:
        record = None
        if finding.opened_type_id and finding.opened_id:
            model = finding.opened_type.model_class()
            record = model.objects.filter(pk=finding.opened_id).first() if model else None
        out.append((finding, record))
    return out


class RoundVoidView(ObjectVoidView):
    queryset = Round.objects.all()

    def void(self, obj, reason: str) -> None:
        services.round_void(round=obj, by=self.request.user, reason=reason)


class RoundLiveView(RestrictedView):
    """The duty officer's board of the rounds open now; refreshes itself every 30 s."""

    queryset = Round.objects.all()

    def get(self, request):
        rounds = list(queries.rounds_open_now(self.restricted().in_scope(request)))
        template = (
            "inspections/_round_live.html"
            if request.headers.get("HX-Request")
            else "inspections/round_live.html"
        )
        return render(request, template, {"title": _("Rounds open now"), "rounds": rounds})


class WalkerMixin:
    """Pages of whoever walks rounds of any registered kind."""

    queryset = Round.objects.all()

    @property
    def any_of_perms(self):
        return tuple({c.scan_perm for c in registry.KINDS.values()}) or ("inspections.scan_round",)

    def my_rounds(self):
        sites = registry.walk_sites(self.request.user)
        qs = Round.objects.in_scope(self.request)
        if sites is not None:
            qs = qs.filter(site_id__in=sites)
        return qs.filter(kind__in=registry.walkable_kinds(self.request.user))


class MyRoundView(WalkerMixin, RestrictedView):
    """The walker's phone page: the current round's stops, the camera scanner, the offline queue
    and a form to report an anomaly with a photo."""

    def get(self, request):
        return self.page()

    def post(self, request):
        rnd = self.my_rounds().filter(pk=parse_id(request.POST.get("round"))).first()
        if rnd is None:
            raise Http404
        form = self.finding_form(rnd, request.POST, request.FILES)
        if form.is_valid():
            try:
                finding = services.finding_report(
                    round=rnd,
                    description=form.cleaned_data["description"],
                    checkpoint=form.cleaned_data.get("checkpoint"),
                    category=form.cleaned_data.get("category", ""),
                    photo=form.cleaned_data.get("photo"),
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Reported: %(text)s") % {"text": finding.description[:50]}
                )
                return redirect("inspections:round_mine")
        return self.page(form=form, status=400)

    def finding_form(self, rnd, data=None, files=None):
        config = registry.kind_config(rnd.kind)
        return FindingForm(
            data,
            files,
            categories=config.finding_categories if config else (),
            checkpoints=Checkpoint.objects.filter(stops__route_id=rnd.route_id),
            prefix="finding",
        )

    def page(self, form=None, status=200):
        rounds = list(queries.rounds_open_now(self.my_rounds()))
        current = rounds[0] if rounds else None
        context = {
            "title": _("My round"),
            "current": current,
            "others": rounds[1:],
            "stops": queries.round_stops(current) if current else [],
            "finding_form": form or (self.finding_form(current) if current else None),
            "scan_api": reverse("inspection-scan-list"),
            "stop_data": queries.stop_items(current, scan_link_sign) if current else {},
            "item_template": {"pk": "__ID__", "text": ""},
        }
        return render(self.request, "inspections/round_mine.html", context, status=status)
