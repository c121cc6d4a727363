"""Pages of meter readings: entry on a phone (the meter's last reading shown; a flagged result
is said to be held for review), the readings ledger, the review queue (confirm or void), a
reading's page, and the Excel import with its template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery, Sum
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.exports import xlsx_response
from houqin.core.forms import ImportForm, add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    allowed_sites,
    crud_urls,
)
from houqin.core.imports import ImportRejected
from houqin.energy.choices import FlagStatus
from houqin.energy.filtersets.readings import ReadingFilterSet
from houqin.energy.forms.readings import ReadingForm, ReviewForm
from houqin.energy.models import Meter, Reading
from houqin.energy.services import readings as services
from houqin.energy.services.imports import readings_import, template_workbook
from houqin.energy.tables.readings import ReadingTable, ReviewTable
from houqin.stock.queries import exact
from houqin.utils.text import parse_id


def reading_sums(queryset) -> dict:
    """Use and cost added over the filtered rows, in one aggregate query."""
    sums = {"use": exact(Sum("consumption"), 3), "cost": exact(Sum("cost"), 2)}
    return queryset.order_by().aggregate(**sums)


class ReadingListView(ObjectListView):
    """The readings ledger."""

    queryset = Reading.objects.all()
    filterset_class = ReadingFilterSet
    table_class = ReadingTable
    import_url_name = "energy:reading_import"
    show_totals = True

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        page, table = context.get("page"), context.get("table")
        if self.show_totals and page is not None and table is not None:
            table.totals = reading_sums(page.paginator.object_list)
        return context


class ReviewQueueView(ReadingListView):
    """Readings held for review, oldest first."""

    action = "review"
    title = gettext_lazy("Readings awaiting review")
    import_url_name = None

    table_class = ReviewTable
    show_totals = False  # held readings count nothing yet

    def base_queryset(self):
        pending = (
            super().base_queryset().filter(flag_status=FlagStatus.PENDING, voided_at__isnull=True)
        )
        return pending.annotate(baseline=Subquery(_last_counted_value())).order_by("read_at", "id")


def _last_counted_value():
    """The register value of the meter's last counted reading before a held one."""
    return (
        Reading.objects.filter(
            meter_id=OuterRef("meter_id"),
            read_at__lt=OuterRef("read_at"),
            voided_at__isnull=True,
        )
        .exclude(flag_status=FlagStatus.PENDING)
        .order_by("-read_at", "-id")
        .values("value")[:1]
    )


class ReadingDetailView(ObjectDetailView):
    queryset = Reading.objects.select_related("site", "meter", "created_by", "reviewed_by")
    template_name = "energy/reading_detail.html"
    fields = ("meter", "read_at", "value", "kind", "source", "multiplier", "consumption",
              "used_on", "cost", "rolled_over", "flag", "flag_status", "flag_note", "reviewed_by",
              "reviewed_at", "note", "created_by")  # fmt: skip

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        reading = context["object"]
        context["can_review"] = (
            reading.voided_at is None
            and reading.flag_status == FlagStatus.PENDING
            and self.can("review", reading)
        )
        context["review_form"] = ReviewForm()
        context["can_add"] = reading.voided_at is None and self.can("add", reading)
        return context


class ReadingReviewView(RestrictedView):
    """Confirm a reading held for review: it is then counted."""

    queryset = Reading.objects.select_related("meter")
    action = "review"

    def post(self, request, pk):
        reading = self.get_object()
        form = ReviewForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("The note is too long."))
            services.reading_review(
                reading=reading, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The reading was confirmed and is now counted."))
            return redirect("energy:reading_review_queue")  # on to the next held reading
        return redirect(reading.get_absolute_url())


class ReadingVoidView(ObjectVoidView):
    queryset = Reading.objects.select_related("meter")

    def void(self, obj, reason: str) -> None:
        self.was_held = obj.flag_status == FlagStatus.PENDING
        services.reading_void(reading=obj, by=self.request.user, reason=reason)

    def post(self, request, *args, **kwargs):
        self.was_held = False
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302 and self.was_held:
            return redirect("energy:reading_review_queue")  # on to the next held reading
        return response


class ReadingAddView(RestrictedView):
    """Enter a reading on a phone: pick the meter (or arrive from its page), see its last
    reading, type the value."""

    queryset = Reading.objects.all()
    action = "add"

    def meters(self):
        sites = allowed_sites(self.request.user, Reading, "add")
        meters = Meter.objects.filter(site__in=sites, is_active=True).select_related("building")
        site = getattr(self.request, "site", None)
        return meters.filter(site=site) if site is not None else meters

    def form_meters(self):
        """The meters offered: those of ``?building=`` when given (the next reading of a round
        through one building), else every meter the user may read."""
        meters = self.meters()
        building = parse_id(self.request.GET.get("building"))
        if building:
            narrowed = meters.filter(building_id=building)
            return narrowed if narrowed.exists() else meters
        return meters

    def get(self, request):
        meters = self.form_meters()
        meter = meters.filter(pk=parse_id(request.GET.get("meter"))).first()
        now = timezone.localtime().replace(second=0, microsecond=0)
        initial = {"meter": meter, "read_at": now}
        form = ReadingForm(initial=initial, meters=meters, last_url=reverse("energy:reading_last"))
        return self.render(form, meter)

    def post(self, request):
        form = ReadingForm(
            request.POST, meters=self.meters(), last_url=reverse("energy:reading_last")
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                reading = services.reading_record(by=request.user, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.report(reading)
                return redirect(reading.get_absolute_url())
        return self.render(form, form.cleaned_data.get("meter"), status=400)

    def report(self, reading: Reading) -> None:
        if reading.flag_status == FlagStatus.PENDING:
            messages.warning(
                self.request,
                _("The reading is held for review: %(why)s") % {"why": reading.flag_note},
            )
        else:
            messages.success(self.request, _("Reading recorded."))

    def render(self, form, meter, status=200):
        context = {"form": form, "meter": meter, "last": last_counted(meter),
                   "title": _("Enter a reading")}  # fmt: skip
        return render(self.request, "energy/reading_add.html", context, status=status)


def last_counted(meter: Meter | None) -> Reading | None:
    """The meter's latest counted reading (not void, not held for review)."""
    if meter is None:
        return None
    readings = Reading.objects.filter(meter=meter, voided_at__isnull=True)
    return readings.exclude(flag_status=FlagStatus.PENDING).order_by("-read_at", "-id").first()


class ReadingLastView(ReadingAddView):
    """The card of a meter's last counted reading, fetched when a meter is chosen (htmx)."""

    def get(self, request):
        meter = self.meters().filter(pk=parse_id(request.GET.get("meter"))).first()
        context = {"meter": meter, "last": last_counted(meter)}
        return render(request, "energy/_last_reading.html", context)

    def post(self, request):
        return HttpResponseNotAllowed(["GET"])


class ReadingImportView(RestrictedView):
    """Import a readings ledger: every row checked first, nothing saved on any error."""

    queryset = Reading.objects.all()
    action = "import"

    def sites(self):
        return allowed_sites(self.request.user, Reading, "import")

    def example_code(self) -> str:
        """The first meter code of the user's (chosen) site, for the template's example row."""
        meters = Meter.objects.filter(site__in=self.sites(), is_active=True)
        site = getattr(self.request, "site", None)
        if site is not None:
            meters = meters.filter(site=site)
        return meters.order_by("code").values_list("code", flat=True).first() or "E-01"

    def get(self, request):
        if request.GET.get("template"):
            workbook = template_workbook(self.example_code())
            return xlsx_response(workbook, "readings-template.xlsx")
        return self.render(ImportForm(), [])

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        sites = self.sites()
        site_id = parse_id(request.POST.get("site", ""))
        site = sites.filter(pk=site_id).first() if site_id else None
        if site is None and len(sites) == 1:
            site = sites.first()
        errors = [_("Choose the site the ledger belongs to.")] if site is None else []
        if site is not None and form.is_valid():
            try:
                count = readings_import(site=site, file=form.cleaned_data["file"], by=request.user)
            except ImportRejected as exc:
                errors = exc.errors
            else:
                messages.success(request, _("%(n)d readings imported.") % {"n": count})
                return redirect("energy:reading_list")
        return self.render(form, errors, status=400)

    def render(self, form, errors, status=200):
        context = {"form": form, "errors": errors[:200], "error_count": len(errors),
                   "sites": self.sites(), "title": _("Import meter readings")}  # fmt: skip
        return render(self.request, "energy/reading_import.html", context, status=status)


urlpatterns = [
    path("readings/enter/", ReadingAddView.as_view(), name="reading_add"),
    path("readings/enter/last/", ReadingLastView.as_view(), name="reading_last"),
    path("readings/import/", ReadingImportView.as_view(), name="reading_import"),
    path("readings/review/", ReviewQueueView.as_view(), name="reading_review_queue"),
    path("readings/<int:pk>/review/", ReadingReviewView.as_view(), name="reading_review"),
    *crud_urls(
        Reading, list_view=ReadingListView, detail_view=ReadingDetailView, void_view=ReadingVoidView
    ),
]
