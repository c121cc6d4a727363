"""Pages of the regulations library: the list of regulations in force on a day with full-text
search, a regulation with its versions and a line diff, a printable version, and the office's
writes (new regulation, revision, repeal, void)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
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
from houqin.core.permissions import has_perm_at
from houqin.team.filtersets.regulations import SHOW_ALL, RegulationFilterSet, read_day
from houqin.team.forms.regulations import (
    CompareForm,
    RegulationCreateForm,
    RegulationForm,
    RepealForm,
    VersionForm,
)
from houqin.team.models import Regulation, RegulationVersion
from houqin.team.queries import regulations as queries
from houqin.team.services import regulations as services
from houqin.team.tables.regulations import RegulationTable


def chosen_day(request):
    """The ``on`` day of the query string, or today."""
    return read_day(request.GET.get("on")) or timezone.localdate()


class RegulationListView(ObjectListView):
    """The library: regulations in force on the chosen day (today by default), the version in
    force of each, and for a search the matching passages."""

    queryset = Regulation.objects.all()
    filterset_class = RegulationFilterSet
    table_class = RegulationTable
    template_name = "team/regulation_list.html"
    title = gettext_lazy("Regulations library")

    def base_queryset(self):
        self.on = chosen_day(self.request)
        qs = queries.with_version_on(super().base_queryset(), self.on)
        if self.request.GET.get("show") != SHOW_ALL:
            qs = qs.filter(in_force_id__isnull=False, voided_at__isnull=True)
        return qs

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        text = (self.request.GET.get("q") or "").strip()[:100]
        rows = context["page"].object_list
        context.update(
            on=self.on,
            q=text,
            show_all=self.request.GET.get("show") == SHOW_ALL,
            hits=self.hits(rows, text) if text and rows else [],
            in_force_ids={row.in_force_id for row in rows},
        )
        return context

    def hits(self, rows, text: str) -> list:
        """Passages of the listed regulations: only from the versions in force on the day,
        unless those not in force are asked for too."""
        found = RegulationVersion.objects.filter(regulation_id__in=[row.pk for row in rows])
        if self.request.GET.get("show") != SHOW_ALL:
            found = found.filter(queries.versions_in_force_q(self.on))
        return queries.hits(found.filter(queries.text_q(text)), text)


class RegulationDetailView(ObjectDetailView):
    """A regulation: every version with its dates, who revised it and what changed (the one in
    force on the chosen day highlighted), and a line diff between two versions."""

    queryset = Regulation.objects.select_related("site", "owner", "created_by", "voided_by")
    fields = ("number", "title", "scope", "owner", "site", "repealed_on", "repeal_note")
    template_name = "team/regulation_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        regulation, on = context["object"], chosen_day(self.request)
        rows = queries.version_rows(regulation, on)
        live = regulation.voided_at is None and regulation.repealed_on is None
        user, site_id = self.request.user, regulation.site_id
        context.update(
            on=on,
            versions=rows,
            compare=self.compare(regulation, rows),
            can_revise=live and has_perm_at(user, "team.add_regulationversion", site_id),
            can_repeal=live and self.can("change", regulation),
        )
        return context

    def compare(self, regulation, rows) -> dict | None:
        """The diff asked for (``?a=&b=``), else between the last two versions."""
        if len(rows) < 2:
            return None
        form = CompareForm(self.request.GET or None, regulation=regulation)
        if form.is_bound and form.is_valid():
            old, new = form.cleaned_data["a"], form.cleaned_data["b"]
        else:
            old, new = rows[1]["version"], rows[0]["version"]
            form = CompareForm(initial={"a": old.pk, "b": new.pk}, regulation=regulation)
        return {"form": form, "old": old, "new": new, "rows": queries.line_diff(old, new)}


class RegulationCreateView(ObjectEditView):
    """A new regulation with the text of its version 1."""

    queryset = Regulation.objects.all()
    form_class = RegulationCreateForm

    def form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def save(self, form):
        data = form.cleaned_data
        return services.regulation_create(
            site=data["site"],
            title=data["title"],
            scope=data["scope"],
            owner=data.get("owner"),
            text=data["text"],
            adopted_on=data["adopted_on"],
            effective_from=data["effective_from"],
            document_number=data.get("document_number", ""),
            revised_by=data.get("revised_by"),
            by=self.request.user,
        )


class RegulationEditView(ObjectEditView):
    """Title, scope and responsible department of a regulation."""

    queryset = Regulation.objects.all()
    form_class = RegulationForm

    def save(self, form):
        fields = [name for name in form.changed_data if name != "site"]
        return services.regulation_save(
            regulation=form.instance, by=self.request.user, fields=fields
        )


class RegulationVoidView(ObjectVoidView):
    queryset = Regulation.objects.all()

    def void(self, obj, reason: str) -> None:
        services.regulation_void(regulation=obj, by=self.request.user, reason=reason)


class RegulationActionView(RestrictedView):
    """Base of the revision and repeal pages: a form on a live regulation of the user's sites
    (another site's reads as not found)."""

    queryset = Regulation.objects.select_related("site")
    action = "change"
    template_name = "team/regulation_action.html"
    heading = ""

    def get(self, request, *args, **kwargs):
        regulation = self.get_object()
        return self.render(regulation, self.make_form(regulation))

    def post(self, request, *args, **kwargs):
        regulation = self.get_object()
        form = self.make_form(regulation, request.POST)
        if form.is_valid():
            try:
                self.act(regulation, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(regulation.get_absolute_url())
        return self.render(regulation, form, status=400)

    def make_form(self, regulation, data=None):
        raise NotImplementedError

    def act(self, regulation, data) -> None:
        raise NotImplementedError

    def render(self, regulation, form, status=200):
        title = f"{self.heading} · {regulation}"
        context = {"object": regulation, "form": form, "title": title}
        return render(self.request, self.template_name, context, status=status)


class VersionAddView(RegulationActionView):
    """A revision: the new text (the current one to start from), dates and what changed."""

    heading = gettext_lazy("Revise")

    def get_object(self, action=None):
        regulation = super().get_object(action)
        if not has_perm_at(self.request.user, "team.add_regulationversion", regulation.site_id):
            raise PermissionDenied
        return regulation

    def make_form(self, regulation, data=None):
        return VersionForm(data, regulation=regulation, user=self.request.user)

    def act(self, regulation, data) -> None:
        services.version_add(
            regulation=regulation,
            text=data["text"],
            adopted_on=data["adopted_on"],
            effective_from=data["effective_from"],
            changes=data["changes"],
            revised_by=data.get("revised_by"),
            document_number=data.get("document_number", ""),
            by=self.request.user,
        )


class RepealView(RegulationActionView):
    heading = gettext_lazy("Repeal")

    def make_form(self, regulation, data=None):
        return RepealForm(data)

    def act(self, regulation, data) -> None:
        services.regulation_repeal(
            regulation=regulation, on=data["on"], note=data["note"], by=self.request.user
        )


class VersionDetailView(RestrictedView):
    """One version's full text, printable."""

    queryset = RegulationVersion.objects.select_related("regulation", "revised_by", "site")
    template_name = "team/regulationversion_detail.html"

    def get(self, request, *args, **kwargs):
        version = self.get_object()
        regulation = version.regulation
        current = queries.version_in_force(regulation, timezone.localdate())
        context = {
            "version": version,
            "object": regulation,
            "title": str(version),
            "in_force_now": current is not None and current.pk == version.pk,
        }
        return render(request, self.template_name, context)


urlpatterns = [
    *crud_urls(
        Regulation,
        prefix="regulations",
        list_view=RegulationListView,
        detail_view=RegulationDetailView,
        add_view=RegulationCreateView,
        edit_view=RegulationEditView,
        void_view=RegulationVoidView,
    ),
    path("regulations/<int:pk>/revise/", VersionAddView.as_view(), name="regulation_revise"),
    path("regulations/<int:pk>/repeal/", RepealView.as_view(), name="regulation_repeal"),
    path(
        "regulations/versions/<int:pk>/",
        VersionDetailView.as_view(),
        name="regulationversion_detail",
    ),
]
