"""Scan-link purposes of the outreach module (library copies; registered on import).

A copy's QR label: the librarian (who may lend) lands on the copy's page; a reader gets the
phone page of the copy, to borrow it or to return it."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from houqin.core.permissions import has_perm_at
from houqin.core.scan import register, scan_error


@register("library_copy")
def open_library_copy(request, link, signed):
    """A copy's label: its page for the librarian, the borrow/return page for a reader."""
    copy = link.target
    if copy is None:
        return scan_error(request, _("This code is not known to the system."))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if has_perm_at(request.user, "outreach.add_loan", copy.site_id):
        return redirect("outreach:copy_detail", pk=copy.pk)
    if has_perm_at(request.user, "outreach.borrow_loan", copy.site_id):
        return redirect("outreach:copy_phone", pk=copy.pk)
    return scan_error(request, _("You may not borrow books at this library."), status=403)
