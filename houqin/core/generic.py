"""Generic pages: a concrete list, detail, edit or void view names its queryset, filterset, form
and table, and nothing else. Every one of them checks the role and the site."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from houqin.core import services
from houqin.core.exports import ledger_workbook, xlsx_response
from houqin.core.forms import VoidForm, add_service_errors
from houqin.core.models import Attachment, Event, Site
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.core.tables import display
from houqin.utils.idnumbers import mask_id_number, read_as_id_number

EXPORT_LIMIT = 100_000


def safe_next_url(request, fallback: str = "/") -> str:
    """The ``next`` parameter if it points into this site, else ``fallback`` (no open
    redirects)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def perm_name(model, action: str) -> str:
    """``app.action_model`` for a model class."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def url_name(model, action: str) -> str:
    """``app:model_action`` for a model class."""
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


def allowed_sites(user, model, action: str):
    """The sites where ``user`` may ``action`` ``model`` rows."""
    ids = sites_with_perm(user, perm_name(model, action))
    qs = Site.objects.filter(is_active=True)
    return qs if ids is None else qs.filter(pk__in=ids)


class RestrictedView(LoginRequiredMixin, View):
    """Base of every generic page: logged in, and holding ``action`` on the model somewhere."""

    queryset = None
    action = "view"
    any_of_perms: tuple[str, ...] = ()  # instead of ``action``: holding any one of these opens
    exclude_voided = True  # changing or voiding a void record is refused with a 404

    @property
    def model(self):
        return self.queryset.model

    def dispatch(self, request, *args, **kwargs):
        perms = self.any_of_perms or (perm_name(self.model, self.action),)
        if request.user.is_authenticated and not any(
            has_perm_at(request.user, perm) for perm in perms
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def restricted(self, action: str | None = None):
        """The queryset limited to the sites where the user may do ``action``."""
        return self.queryset.restrict(self.request.user, action or self.action)

    def get_object(self, action: str | None = None):
        """The object named in the URL, if the user may see it (and, to change it, if it is not
        void); 404 otherwise."""
        qs = self.restricted(action)
        if (
            self.exclude_voided
            and (action or self.action) in ("change", "void")
            and hasattr(self.model, "voided_at")
        ):
            qs = qs.filter(voided_at__isnull=True)
        try:
            return qs.get(pk=self.kwargs["pk"])
        except self.model.DoesNotExist as exc:
            raise Http404 from exc

    def can(self, action: str, obj=None) -> bool:
        """Whether the user may do ``action`` (on ``obj``'s site)."""
        site_id = obj.site_id if obj is not None else None
        return has_perm_at(self.request.user, perm_name(self.model, action), site_id)


class ObjectListView(RestrictedView):
    """A filtered, searchable, paginated list that also exports itself as the Excel ledger."""

    filterset_class = None
    table_class = None
    template_name = "core/object_list.html"
    paginate_by = 50
    title = None
    import_url_name = None

    def get_title(self) -> str:
        return str(self.title or self.model._meta.verbose_name_plural)

    def may_export(self) -> bool:
        """Whether the user may take the list away as the Excel ledger (everyone who sees it,
        unless a list says otherwise)."""
        return True

    def base_queryset(self):
        """Rows the user may see, in the chosen site, with the table's joins."""
        return self.table_class.prepare(self.restricted().in_scope(self.request))

    def get(self, request, *args, **kwargs):
        filterset = self.filterset_class(
            request.GET or None, queryset=self.base_queryset(), request=request
        )
        queryset = (
            filterset.qs
            if filterset.is_bound and filterset.is_valid()
            else (filterset.queryset if not filterset.is_bound else filterset.queryset.none())
        )
        if request.GET.get("export") == "xlsx":
            if not self.may_export():
                raise PermissionDenied
            return self.export(queryset, filterset)
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        context = self.get_context_data(
            filterset=filterset, page=page, table=self.table_class(page.object_list)
        )
        template = "core/_table.html" if request.headers.get("HX-Request") else self.template_name
        return render(request, template, context)

    def get_context_data(self, **context):
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            view=self,
            title=self.get_title(),
            model_meta=self.model._meta,
            add_url=self._url_if("add"),
            import_url=reverse(self.import_url_name)
            if self.import_url_name and self.can("import")
            else None,
            querystring=query.urlencode(),
            can_export=self.may_export(),
        )
        return context

    def _url_if(self, action: str):
        return (
            reverse(url_name(self.model, action))
            if self.can(action) and self._has_url(action)
            else None
        )

    def _has_url(self, action: str) -> bool:
        from django.urls import NoReverseMatch

        try:
            reverse(url_name(self.model, action))
        except NoReverseMatch:
            return False
        return True

    def export(self, queryset, filterset):
        """The same columns as the page, as the ledger offices print."""
        # Streamed in chunks: a ledger may hold tens of thousands of rows.
        table = self.table_class(queryset[:EXPORT_LIMIT].iterator(chunk_size=2000))
        title = self.get_title()
        wb = ledger_workbook(table, title=title, filters=describe_filters(filterset))
        return xlsx_response(wb, f"{title}.xlsx")


def describe_filters(filterset) -> list[tuple[str, str]]:
    """(label, value) of each filter in force, for the ledger's second row."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    described = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        field = filterset.form.fields[name]
        if hasattr(value, "start") and hasattr(value, "stop"):  # a date range
            value = f"{display(value.start) or '…'} – {display(value.stop) or '…'}"
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            value = dict(field.choices).get(value, value)
        described.append((str(field.label or name), mask_if_id_number(display(value))))
    return described


def mask_if_id_number(text: str) -> str:
    """A search for a full ID number must not print it on the ledger: mask anything that reads
    as one."""
    if sum(ch.isdigit() for ch in text) < 6:  # words such as a company name are not numbers
        return text
    number = read_as_id_number(text)
    return mask_id_number(number) if number else text


class ObjectDetailView(RestrictedView):
    """A record's page: its fields as panels, its attachments, and its History tab."""

    template_name = None
    fields: tuple[str, ...] = ()
    labels: dict = {}
    # Workflow records have many fields that stay empty until a later step: leave those out.
    hide_empty = False

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return render(request, self.get_template_names(), self.get_context_data(object=obj))

    def get_template_names(self):
        """``template_name`` when the view names one, else the model's own detail template, else
        the generic one."""
        if self.template_name:
            return [self.template_name]
        meta = self.model._meta
        return [f"{meta.app_label}/{meta.model_name}_detail.html", "core/object_detail.html"]

    def panel(self, obj) -> list[tuple[str, str]]:
        """(label, text) for each field named in ``fields``."""
        rows = []
        for name in self.fields:
            if name in self.labels:  # a property, not a model field
                rows.append((str(self.labels[name]), display(getattr(obj, name))))
                continue
            field = obj._meta.get_field(name)
            value = getattr(obj, f"get_{name}_display")() if field.choices else getattr(obj, name)
            rows.append((str(field.verbose_name), display(value)))
        return [row for row in rows if row[1]] if self.hide_empty else rows

    def get_context_data(self, **context):
        obj = context["object"]
        context.update(
            view=self,
            title=str(obj),
            model_meta=self.model._meta,
            panel=self.panel(obj),
            history=history_of(obj),
            attachments=Attachment.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
            ).select_related("uploaded_by"),
            edit_url=self._action_url(obj, "edit", "change"),
            attach_url=reverse(
                "attachment_add",
                kwargs={
                    "app_label": obj._meta.app_label,
                    "model_name": obj._meta.model_name,
                    "pk": obj.pk,
                },
            )
            if self.can("change", obj) and not getattr(obj, "voided_at", None)
            else None,
            void_url=self._action_url(obj, "void", "void"),
            list_url=reverse(url_name(self.model, "list")),
        )
        return context

    def _action_url(self, obj, name: str, action: str):
        if getattr(obj, "voided_at", None) is not None or not self.can(action, obj):
            return None
        from django.urls import NoReverseMatch

        try:
            return reverse(url_name(self.model, name), kwargs={"pk": obj.pk})
        except NoReverseMatch:
            return None


def history_of(obj) -> list[dict]:
    """Field changes (auditlog) and domain events of a record, newest first."""
    ct = ContentType.objects.get_for_model(obj)
    changes = LogEntry.objects.filter(content_type=ct, object_id=obj.pk).select_related("actor")
    events = Event.objects.filter(content_type=ct, object_id=obj.pk).select_related("actor")
    rows = []
    created_logged = False
    for entry in changes:
        created_logged |= entry.action == LogEntry.Action.CREATE
        rows.append(
            {
                "at": entry.timestamp,
                "actor": entry.actor,
                "what": entry.get_action_display(),
                "changes": [
                    (_field_label(obj, name), *_pair(values))
                    for name, values in (entry.changes_dict or {}).items()
                ],
            }
        )
    for event in events:
        rows.append(
            {
                "at": event.at,
                "actor": event.actor,
                "what": event_label(event.verb),
                "detail": event.detail,
                "changes": [],
            }
        )
    if not created_logged and getattr(obj, "created_at", None) is not None:
        # Records written as a plain INSERT carry their creation in their own fields.
        rows.append(
            {
                "at": obj.created_at,
                "actor": getattr(obj, "created_by", None),
                "what": str(getattr(obj, "created_verb", gettext_lazy("created"))),
                "changes": [],
            }
        )
    return sorted(rows, key=lambda r: r["at"], reverse=True)


def _pair(values) -> tuple[str, str]:
    old, new = [*list(values), "", ""][:2]
    return ("" if old in (None, "None") else str(old), "" if new in (None, "None") else str(new))


def _field_label(obj, name: str) -> str:
    try:
        return str(obj._meta.get_field(name).verbose_name)
    except Exception:
        return name


EVENT_LABELS = {
    "void": gettext_lazy("voided"),
    "blocked": gettext_lazy("refused entry (blacklist)"),
    "reveal": gettext_lazy("personal data revealed"),
    "purge": gettext_lazy("personal data erased"),
    "admit": gettext_lazy("admitted through invitation"),
    "import": gettext_lazy("imported"),
}


def register_event_labels(labels: dict) -> None:
    """Let a module name its own domain events (verb → translated label) for history pages."""
    EVENT_LABELS.update(labels)


def event_label(verb: str) -> str:
    """The translated label of a domain event."""
    return str(EVENT_LABELS.get(verb, verb))


class ObjectEditView(RestrictedView):
    """Create (no pk in the URL) or edit a record with a form; saving goes through ``save``."""

    form_class = None
    template_name = "core/object_form.html"

    @property
    def action(self):
        return "change" if "pk" in self.kwargs else "add"

    def get_form(self, data=None, files=None):
        instance = self.get_object("change") if "pk" in self.kwargs else None
        form = self.form_class(data=data, files=files, instance=instance, **self.form_kwargs())
        if "site" in form.fields:
            sites = allowed_sites(self.request.user, self.model, "add")
            form.fields["site"].queryset = sites
            form.fields["site"].initial = self.request.site
            if hasattr(form, "limit_to_sites"):
                form.limit_to_sites(sites)
        return form

    def form_kwargs(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                obj = self.save(form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.success_url(obj))
        return self.render(form)

    def save(self, form):
        """Save through the generic service; domain views override this with their service."""
        return services.record_save(instance=form.instance, by=self.request.user)

    def success_url(self, obj) -> str:
        return reverse(url_name(self.model, "detail"), kwargs={"pk": obj.pk})

    def render(self, form):
        obj = form.instance if form.instance.pk else None
        title = (
            (_("Edit %(name)s") % {"name": obj})
            if obj
            else (_("New %(model)s") % {"model": self.model._meta.verbose_name})
        )
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "title": title,
                "object": obj,
                "view": self,
                "model_meta": self.model._meta,
            },
        )


class ObjectVoidView(RestrictedView):
    """Void a record with a reason (ordinary users never delete)."""

    action = "void"
    template_name = "core/void_form.html"

    def void(self, obj, reason: str) -> None:
        """Void through the generic service; a module overrides this with its own."""
        services.record_void(record=obj, by=self.request.user, reason=reason)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return render(request, self.template_name, {"form": VoidForm(), "object": obj})

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = VoidForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    self.void(obj, form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The record was voided."))
                return redirect(reverse(url_name(self.model, "detail"), kwargs={"pk": obj.pk}))
        return render(request, self.template_name, {"form": form, "object": obj})


def crud_urls(
    model,
    *,
    prefix=None,
    list_view=None,
    detail_view=None,
    edit_view=None,
    add_view=None,
    void_view=None,
    alias=None,
):
    """URL patterns named ``<model>_list|detail|add|edit|void`` for the given views (the names
    the generic pages reverse to link to each other); with ``alias``, each also under
    ``<alias>_<action>`` (``session_list`` beside ``healthsession_list``) for menus and pages.
    ``add_view`` defaults to ``edit_view``."""
    from django.urls import path

    name = model._meta.model_name
    base = prefix or f"{name}s"
    add_view = add_view or edit_view
    routes = [
        ("list", f"{base}/", list_view),
        ("add", f"{base}/add/", add_view),
        ("edit", f"{base}/<int:pk>/edit/", edit_view),
        ("detail", f"{base}/<int:pk>/", detail_view),
        ("void", f"{base}/<int:pk>/void/", void_view),
    ]
    patterns = []
    for action, route, view in routes:
        if view is None:
            continue
        names = [f"{name}_{action}", *([f"{alias}_{action}"] if alias else [])]
        patterns += [path(route, view.as_view(), name=n) for n in names]
    return patterns


def attachment_file(request, pk: int):
    """Send an attachment to someone who may see the record it belongs to (files are never
    served publicly)."""
    from django.http import FileResponse

    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    model = attachment.content_type.model_class() if attachment else None
    if (
        model is None
        or not hasattr(model.objects, "restrict")
        or not model.objects.restrict(request.user, "view").filter(pk=attachment.object_id).exists()
    ):
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.mime_type,
        as_attachment=not attachment.mime_type.startswith("image/"),
        filename=attachment.original_name,
    )
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


class AttachmentUploadView(LoginRequiredMixin, View):
    """Attach a photo or scan to any record the user may change (type and size checked)."""

    def post(self, request, app_label, model_name, pk):
        try:
            ct = ContentType.objects.get_by_natural_key(app_label, model_name)
        except ContentType.DoesNotExist as exc:
            raise Http404 from exc
        model = ct.model_class()
        if (
            model is None
            or not hasattr(model.objects, "restrict")
            or not hasattr(model, "get_absolute_url")
        ):
            raise Http404
        target = model.objects.restrict(request.user, "change").filter(pk=pk).first()
        if target is None:
            raise Http404
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file to attach."))
        else:
            try:
                services.attachment_add(target=target, upload=upload, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Attached."))
        return redirect(target.get_absolute_url())
