"""Pages of meter readings: entry on a phone (the meter's last reading shown; a flagged result
is said to be held for review), the readings ledger, the review queue (confirm or void), a
reading's page, and the Excel import with its template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
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
from houqin.energy.tables.readings import ReadingTable
from houqin.utils.text import parse_id


class ReadingListView(ObjectListView):
    """The readings ledger."""

    queryset = Reading.objects.all()
    filterset_class = ReadingFilterSet
    table_class = ReadingTable
    import_url_name = "energy:reading_import"


class ReviewQueueView(ReadingListView):
    """Readings held for review, oldest first."""

    action = "review"
    title = gettext_lazy("Readings awaiting review")
    import_url_name = None

    def base_queryset(self):
        pending = (
            super().base_queryset().filter(flag_status=FlagStatus.PENDING, voided_at__isnull=True)
        )
        return pending.order_by("read_at", "id")


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
        return redirect(reading.get_absolute_url())


class ReadingVoidView(ObjectVoidView):
    queryset = Reading.objects.select_related("meter")

    def void(self, obj, reason: str) -> None:
        services.reading_void(reading=obj, by=self.request.user, reason=reason)


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

    def get(self, request):
        meter = self.meters().filter(pk=parse_id(request.GET.get("meter"))).first()
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = ReadingForm(initial={"meter": meter, "read_at": now}, meters=self.meters())
        return self.render(form, meter)

    def post(self, request):
        form = ReadingForm(request.POST, meters=self.meters())
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
        last = None
        if meter is not None:
            last = Reading.objects.filter(meter=meter, voided_at__isnull=True).first()
        context = {"form": form, "meter": meter, "last": last, "title": _("Enter a reading")}
        return render(self.request, "energy/reading_add.html", context, status=status)


class ReadingImportView(RestrictedView):
    """Import a readings ledger: every row checked first, nothing saved on any error."""

    queryset = Reading.objects.all()
    action = "import"

    def sites(self):
        return allowed_sites(self.request.user, Reading, "import")

    def get(self, request):
        if request.GET.get("template"):
            return xlsx_response(template_workbook(), "readings-template.xlsx")
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
    path("readings/import/", ReadingImportView.as_view(), name="reading_import"),
    path("readings/review/", ReviewQueueView.as_view(), name="reading_review_queue"),
    path("readings/<int:pk>/review/", ReadingReviewView.as_view(), name="reading_review"),
    *crud_urls(
        Reading, list_view=ReadingListView, detail_view=ReadingDetailView, void_view=ReadingVoidView
    ),
]
