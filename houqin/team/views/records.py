"""Pages of the team's record: honours, publications, and the chronicle (大事记) with its
printable year."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    crud_urls,
)
from houqin.core.inputs import chosen_year
from houqin.team.filtersets.records import (
    ChronicleFilterSet,
    HonourFilterSet,
    PublicationFilterSet,
)
from houqin.team.forms.records import ChronicleForm, HonourForm, PublicationForm
from houqin.team.models import ChronicleEntry, Honour, Publication
from houqin.team.queries import records as queries
from houqin.team.services import records as services
from houqin.team.tables.records import ChronicleTable, HonourTable, PublicationTable


def _changed(form, allowed: list[str]) -> list[str]:
    return [name for name in form.changed_data if name in allowed]


# Honours -------------------------------------------------------------------------------------


class HonourListView(ObjectListView):
    queryset = Honour.objects.all()
    filterset_class = HonourFilterSet
    table_class = HonourTable
    title = gettext_lazy("Honours")


class HonourDetailView(ObjectDetailView):
    queryset = Honour.objects.select_related("site", "department", "person")
    fields = (
        "number",
        "site",
        "title",
        "level",
        "awarding_body",
        "awarded_on",
        "recipient_kind",
        "department",
        "person",
        "note",
    )


class HonourEditView(ObjectEditView):
    queryset = Honour.objects.all()
    form_class = HonourForm

    def save(self, form):
        fields = _changed(form, services.HONOUR_FIELDS)
        if form.instance.pk and not fields:
            return form.instance
        return services.honour_save(honour=form.instance, by=self.request.user, fields=fields)


class HonourVoidView(ObjectVoidView):
    queryset = Honour.objects.all()

    def void(self, obj, reason):
        services.honour_void(honour=obj, by=self.request.user, reason=reason)


# Publications --------------------------------------------------------------------------------


class PublicationListView(ObjectListView):
    queryset = Publication.objects.all()
    filterset_class = PublicationFilterSet
    table_class = PublicationTable
    title = gettext_lazy("Publications")


class PublicationDetailView(ObjectDetailView):
    queryset = Publication.objects.select_related("site")
    fields = (
        "number",
        "site",
        "kind",
        "title",
        "periodical",
        "issue",
        "published_on",
        "authors",
        "characters",
        "summary",
    )
    hide_empty = True


class PublicationEditView(ObjectEditView):
    queryset = Publication.objects.all()
    form_class = PublicationForm

    def save(self, form):
        fields = _changed(form, services.PUBLICATION_FIELDS)
        if form.instance.pk and not fields:
            return form.instance
        return services.publication_save(
            publication=form.instance, by=self.request.user, fields=fields
        )


class PublicationVoidView(ObjectVoidView):
    queryset = Publication.objects.all()

    def void(self, obj, reason):
        services.publication_void(publication=obj, by=self.request.user, reason=reason)


# Chronicle -----------------------------------------------------------------------------------


class ChronicleListView(ObjectListView):
    queryset = ChronicleEntry.objects.all()
    filterset_class = ChronicleFilterSet
    table_class = ChronicleTable
    title = gettext_lazy("Chronicle of events")  # 大事记
    template_name = "team/chronicle_list.html"


class ChronicleDetailView(ObjectDetailView):
    queryset = ChronicleEntry.objects.select_related("site")
    fields = ("number", "site", "occurred_on", "title", "text")


class ChronicleEditView(ObjectEditView):
    queryset = ChronicleEntry.objects.all()
    form_class = ChronicleForm

    def save(self, form):
        fields = _changed(form, services.CHRONICLE_FIELDS)
        if form.instance.pk and not fields:
            return form.instance
        return services.chronicle_save(entry=form.instance, by=self.request.user, fields=fields)


class ChronicleVoidView(ObjectVoidView):
    queryset = ChronicleEntry.objects.all()

    def void(self, obj, reason):
        services.chronicle_void(entry=obj, by=self.request.user, reason=reason)


CHRONICLE_SINCE = 1949  # a bureau's chronicle (机关事务志) reaches back to its founding


class ChronicleYearView(RestrictedView):
    """A year of the chronicle as a timeline, laid out to print."""

    queryset = ChronicleEntry.objects.all()

    def get(self, request):
        scoped = self.restricted().in_scope(request)
        years = queries.chronicle_years(scoped)
        # Without ?year= the page opens on the latest year written, not an empty current year.
        chosen = request.GET.get("year") or not years
        year = chosen_year(request, earliest=CHRONICLE_SINCE) if chosen else years[0]
        context = {
            "title": _("Chronicle of events, %(year)d") % {"year": year},
            "year": year,
            "years": years,
            "entries": queries.chronicle_of_year(scoped, year),
        }
        return render(request, "team/chronicle_year.html", context)


urlpatterns = [
    *crud_urls(
        Honour,
        list_view=HonourListView,
        detail_view=HonourDetailView,
        edit_view=HonourEditView,
        void_view=HonourVoidView,
    ),
    *crud_urls(
        Publication,
        list_view=PublicationListView,
        detail_view=PublicationDetailView,
        edit_view=PublicationEditView,
        void_view=PublicationVoidView,
    ),
    path("chronicle/year/", ChronicleYearView.as_view(), name="chronicle_year"),
    *crud_urls(
        ChronicleEntry,
        prefix="chronicle",
        alias="chronicle",
        list_view=ChronicleListView,
        detail_view=ChronicleDetailView,
        edit_view=ChronicleEditView,
        void_view=ChronicleVoidView,
    ),
]
