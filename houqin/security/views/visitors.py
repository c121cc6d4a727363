"""Pages of visitor registration: the gate, check-in and check-out, the ledger, invitations and
the blacklist."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.forms import ImportForm, add_service_errors
from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    allowed_sites,
    safe_next_url,
)
from houqin.core.imports import ImportRejected
from houqin.core.models import Person
from houqin.core.permissions import has_perm_at, user_site_ids
from houqin.core.scan import qr_data_uri, scan_link_url
from houqin.security import services
from houqin.security.filtersets.visitors import (
    BlacklistEntryFilterSet,
    InvitationFilterSet,
    VisitFilterSet,
)
from houqin.security.forms.visitors import (
    BlacklistEntryForm,
    CheckInForm,
    CheckOutForm,
    InvitationForm,
)
from houqin.security.imports import read_visit_ledger
from houqin.security.models import BlacklistEntry, Invitation, Visit
from houqin.security.queries import visitors as queries
from houqin.security.tables.visitors import (
    BlacklistEntryTable,
    InsideTable,
    InvitationTable,
    VisitTable,
)
from houqin.utils.text import parse_id


class VisitListView(ObjectListView):
    queryset = Visit.objects.all()
    filterset_class = VisitFilterSet
    table_class = VisitTable
    title = gettext_lazy("Visitor ledger")
    import_url_name = "security:visit_import"


class VisitDetailView(ObjectDetailView):
    queryset = Visit.objects.select_related(
        "host_department",
        "host_person",
        "gate",
        "invitation",
        "blacklist_entry",
        "checked_in_by",
        "checked_out_by",
        "voided_by",
        "site",
    )
    fields = (
        "number",
        "site",
        "visitor_name",
        "id_type",
        "id_number_masked",
        "phone_masked",
        "organisation",
        "host_department",
        "host_person",
        "purpose",
        "purpose_detail",
        "companions",
        "vehicle_plate",
        "items_carried",
        "gate",
        "status",
        "checked_in_at",
        "checked_in_by",
        "checked_out_at",
        "checked_out_by",
        "invitation",
    )

    labels = {"id_number_masked": gettext_lazy("ID number"), "phone_masked": gettext_lazy("Phone")}

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        visit = context["object"]
        context.update(
            can_reveal=has_perm_at(self.request.user, "security.reveal_visit_pii", visit.site_id)
            and not visit.pii_purged_at,
            can_check_out=visit.status == "inside"
            and not visit.voided_at
            and self.can("change", visit),
            checkout_form=CheckOutForm(),
            edit_url=None,
        )
        return context


class GateView(RestrictedView):
    """The gate's page on a phone: counts, visitors inside (overstays first), quick actions."""

    queryset = Visit.objects.all()
    action = "add"

    def get(self, request):
        visible = self.restricted("view").in_scope(request)
        inside = queries.visits_inside(InsideTable.prepare(visible))
        context = {
            "title": _("Gate"),
            "counts": queries.gate_counts(visible),
            "table": InsideTable(inside[:200]),
            "inside": inside[:200],
        }
        template = (
            "security/_gate_inside.html"
            if request.headers.get("HX-Request")
            else ("security/gate.html")
        )
        return render(request, template, context)


class CheckInView(RestrictedView):
    """Check a visitor in at the gate."""

    queryset = Visit.objects.all()
    action = "add"

    def form(self, data=None):
        sites = allowed_sites(self.request.user, Visit, "add")
        if self.request.site is not None:
            sites = sites.filter(pk=self.request.site.pk)
        return CheckInForm(data, sites=sites)

    def get(self, request):
        return render(
            request,
            "security/check_in.html",
            {"form": self.form(), "title": _("Check in a visitor")},
        )

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                visit = services.visit_check_in(
                    site=form.cleaned_data["site"],
                    by=request.user,
                    data=form.visitor_data(),
                    gate=form.cleaned_data.get("gate"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _after_check_in(request, visit)
        return render(
            request,
            "security/check_in.html",
            {"form": form, "title": _("Check in a visitor")},
            status=400,
        )


def _after_check_in(request, visit: Visit):
    if visit.status == "refused":
        messages.error(
            request,
            _("Entry refused: %(name)s is on the blacklist. The duty officer has been alerted.")
            % {"name": visit.visitor_name},
        )
    else:
        messages.success(
            request,
            _("%(name)s checked in (%(number)s).")
            % {"name": visit.visitor_name, "number": visit.number},
        )
    return redirect("security:gate")


class CheckOutView(RestrictedView):
    """Check a visitor out (now, or at the time given)."""

    queryset = Visit.objects.all()
    action = "change"
    exclude_voided = False  # the service explains why a void registration cannot check out

    def post(self, request, pk):
        visit = self.get_object()
        form = CheckOutForm(request.POST)
        if form.is_valid():
            try:
                services.visit_check_out(
                    visit=visit, by=request.user, at=form.cleaned_data.get("checked_out_at")
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("%(name)s checked out.") % {"name": visit.visitor_name})
        else:
            messages.error(request, _("Enter a valid check-out time."))
        return redirect(safe_next_url(request, reverse("security:gate")))


class RevealView(RestrictedView):
    """Show one personal field in full to the security administrator; recorded each time."""

    queryset = Visit.objects.all()

    def post(self, request, pk, field):
        visit = self.get_object("view")
        if not has_perm_at(request.user, "security.reveal_visit_pii", visit.site_id):
            raise PermissionDenied
        try:
            value = services.visit_reveal(visit=visit, by=request.user, field=field)
        except ValidationError as exc:
            value = " ".join(exc.messages)
        return HttpResponse(
            format_html('<span class="masked" data-revealed="{}">{}</span>', field, value)
        )


class VisitImportView(RestrictedView):
    """Import an existing Excel ledger: every row checked first, nothing saved on any error."""

    queryset = Visit.objects.all()
    action = "import"

    def sites(self):
        return allowed_sites(self.request.user, Visit, "import")

    def get(self, request):
        return self.render(ImportForm(), [])

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        errors = []
        raw, sites = request.POST.get("site", ""), self.sites()
        if raw:
            site_id = parse_id(raw)
            site = sites.filter(pk=site_id).first() if site_id else None
        else:
            site = sites.first() if len(sites) == 1 else None
        if site is None:
            errors = [_("Choose the site the ledger belongs to.")]
        elif form.is_valid():
            try:
                rows = read_visit_ledger(form.cleaned_data["file"], site=site)
                count = services.visits_import(site=site, by=request.user, rows=rows)
            except ImportRejected as exc:
                errors = exc.errors
            else:
                messages.success(request, _("%(n)d registrations imported.") % {"n": count})
                return redirect("security:visit_list")
        return self.render(form, errors, status=400)

    def render(self, form, errors, status=200):
        return render(
            self.request,
            "security/visit_import.html",
            {
                "form": form,
                "errors": errors[:200],
                "error_count": len(errors),
                "sites": self.sites(),
                "title": _("Import visitor ledger"),
            },
            status=status,
        )


class VisitVoidView(ObjectVoidView):
    queryset = Visit.objects.all()


# Invitations ---------------------------------------------------------------------------------


class InvitationAccessMixin:
    """The gate sees a site's invitations (view permission); hosts see their own (add)."""

    any_of_perms = ("security.view_invitation", "security.add_invitation")

    def visible(self):
        return queries.invitations_visible(self.request.user, self.queryset)


class InvitationListView(InvitationAccessMixin, ObjectListView):
    queryset = Invitation.objects.all()
    filterset_class = InvitationFilterSet
    table_class = InvitationTable
    title = gettext_lazy("Visitor invitations")

    def base_queryset(self):
        return self.table_class.prepare(self.visible().in_scope(self.request))


class InvitationCreateView(RestrictedView):
    """A host pre-registers a visitor and gets a QR code to send them."""

    queryset = Invitation.objects.all()
    action = "add"

    def form(self, data=None):
        person = getattr(self.request.user, "person", None)
        return InvitationForm(
            data, sites=allowed_sites(self.request.user, Invitation, "add"), host=person
        )

    def get(self, request):
        return render(
            request,
            "core/object_form.html",
            {
                "form": self.form(),
                "title": _("Invite a visitor"),
                "cancel_url": reverse("security:invitation_list"),
            },
        )

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    site=form.cleaned_data["site"],
                    by=request.user,
                    data=form.visitor_data(),
                    expected_at=form.cleaned_data["expected_at"],
                    valid_until=form.cleaned_data.get("valid_until"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Invitation created. Send the QR code to the visitor."))
                return redirect(invitation.get_absolute_url())
        return render(
            request,
            "core/object_form.html",
            {
                "form": form,
                "title": _("Invite a visitor"),
                "cancel_url": reverse("security:invitation_list"),
            },
            status=400,
        )


class InvitationDetailView(InvitationAccessMixin, ObjectDetailView):
    queryset = Invitation.objects.select_related("host_person", "host_department", "scan_link")
    fields = (
        "number",
        "visitor_name",
        "id_type",
        "organisation",
        "host_department",
        "host_person",
        "purpose",
        "companions",
        "vehicle_plate",
        "expected_at",
        "valid_until",
    )

    def get_object(self, action=None):
        from django.http import Http404

        try:
            return self.visible().get(pk=self.kwargs["pk"])
        except Invitation.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        invitation = context["object"]
        state = queries.invitation_state(invitation)
        context["state"] = state
        if state == queries.InvitationState.PENDING and (
            invitation.created_by_id == self.request.user.pk or self.can("void", invitation)
        ):
            context["void_url"] = reverse("security:invitation_void", kwargs={"pk": invitation.pk})
        else:
            context["void_url"] = None
        if state == queries.InvitationState.PENDING and invitation.scan_link:
            url = scan_link_url(self.request, invitation.scan_link)
            context["qr_url"] = url
            context["qr_svg"] = qr_data_uri(url)
        return context


class InvitationVoidView(InvitationAccessMixin, ObjectVoidView):
    """Cancel an invitation (its host, or whoever may void invitations at its site); the QR code
    stops working at once."""

    queryset = Invitation.objects.all()

    def get_object(self, action=None):
        from django.http import Http404

        invitation = self.visible().filter(pk=self.kwargs["pk"], voided_at__isnull=True).first()
        if invitation is None or not (
            invitation.created_by_id == self.request.user.pk
            or has_perm_at(self.request.user, "security.void_invitation", invitation.site_id)
        ):
            raise Http404
        return invitation

    def void(self, obj, reason: str) -> None:
        services.invitation_void(invitation=obj, by=self.request.user, reason=reason)


def admit_invitation(request, link, signed):
    """A guard opens a scanned invitation: show the visitor, admit on confirmation."""
    from houqin.core.scan import scan_error

    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    invitation = (
        Invitation.objects.restrict(request.user, "admit")
        .select_related("host_person", "host_department")
        .filter(pk=link.object_id)
        .first()
    )
    if invitation is None:
        return scan_error(request, _("Only the gate of this site can admit this visitor."), 403)
    if request.method == "POST":
        try:
            visit = services.invitation_admit(invitation=invitation, by=request.user)
        except ValidationError as exc:
            return scan_error(request, " ".join(exc.messages))
        return _after_check_in(request, visit)
    return render(
        request,
        "security/invitation_admit.html",
        {"invitation": invitation, "title": _("Admit invited visitor")},
    )


# Blacklist -----------------------------------------------------------------------------------


class BlacklistEntryListView(ObjectListView):
    queryset = BlacklistEntry.objects.all()
    filterset_class = BlacklistEntryFilterSet
    table_class = BlacklistEntryTable


class BlacklistEntryDetailView(ObjectDetailView):
    queryset = BlacklistEntry.objects.select_related("site", "created_by")
    fields = (
        "number",
        "site",
        "name",
        "id_type",
        "id_number_masked",
        "reason",
        "valid_until",
        "is_active",
        "created_at",
        "created_by",
    )


class BlacklistEntryEditView(ObjectEditView):
    queryset = BlacklistEntry.objects.all()
    form_class = BlacklistEntryForm

    def save(self, form):
        return services.blacklist_entry_save(
            entry=form.instance, by=self.request.user, id_number=form.cleaned_data.get("id_number")
        )


class BlacklistEntryVoidView(ObjectVoidView):
    queryset = BlacklistEntry.objects.all()


SIGNED_CODE = re.compile(r"^[A-Za-z0-9_\-]{10,60}:[A-Za-z0-9_\-]{10,60}$")


class GateScanView(RestrictedView):
    """A code typed, pasted or read by the in-page camera: open it as a scan link."""

    queryset = Invitation.objects.all()
    action = "admit"

    def get(self, request):
        code = request.GET.get("code", "").strip()
        if "/s/" in code:
            code = code.split("/s/", 1)[1]
        code = code.strip("/").split("?")[0]
        if not SIGNED_CODE.match(code):
            messages.error(
                request, _("This is not an invitation code or link; scan or paste it again.")
            )
            return redirect("security:gate")
        return redirect("scan_link", signed=code)


class HostOptionsView(RestrictedView):
    """The host list narrowed to one department, as <option>s for the check-in and invitation
    forms (people of the user's sites only)."""

    queryset = Visit.objects.all()
    any_of_perms = ("security.add_visit", "security.add_invitation")  # hosts invite too

    def get(self, request):
        department_id = parse_id(request.GET.get("host_department"))
        people = Person.objects.none()
        if department_id is not None:
            sites = user_site_ids(request.user)
            people = Person.objects.filter(department_id=department_id, is_active=True)
            if sites is not None:
                people = people.filter(site__in=sites)
        chosen = parse_id(request.GET.get("host_person"))  # kept if still in the department
        options = [format_html('<option value="">{}</option>', "---------")]
        options += [
            format_html(
                '<option value="{}"{}>{}</option>',
                p.pk,
                mark_safe(" selected") if p.pk == chosen else "",
                p.name,
            )
            for p in people
        ]
        return HttpResponse("".join(options))
