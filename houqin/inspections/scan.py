"""The "checkpoint" scan-link purpose: a guard's phone opens a checkpoint's printed QR link and
the scan is recorded with the server's time and the logged-in walker."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from houqin.core.scan import register, scan_error
from houqin.inspections import queries, registry, services
from houqin.inspections.models import Checkpoint


@register(services.SCAN_PURPOSE)
def open_checkpoint(request, link, signed):
    """GET shows the checkpoint and a button to record the scan; POST records it. A kind with
    its own page for the checkpoint (``scan_url``) gets the walker redirected there."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    checkpoint = Checkpoint.objects.select_related("site").filter(pk=link.object_id).first()
    if checkpoint is None:
        return scan_error(request, _("This code is not known to the system."))
    kinds = registry.walkable_kinds(request.user, checkpoint.site_id)
    if not kinds:
        return scan_error(
            request, _("This checkpoint belongs to a site where you do not walk rounds."), 403
        )
    page = registry.kind_page(checkpoint, request.user, kinds)
    if page:  # e.g. a cleaning zone's inspection page
        return redirect(page)
    items = queries.checkpoint_items(checkpoint, kinds)
    if request.method != "POST":
        return render(
            request,
            "inspections/scan_confirm.html",
            {"checkpoint": checkpoint, "items": items, "title": _("Record checkpoint scan")},
        )
    try:
        outcome = services.scan_record(
            checkpoint=checkpoint, by=request.user, results=posted_results(request.POST, items)
        )
    except ValidationError as exc:
        return scan_error(request, " ".join(exc.messages))
    return render(
        request,
        "inspections/scan_done.html",
        {"outcome": outcome, "checkpoint": checkpoint, "title": _("Checkpoint scanned")},
    )


def posted_results(data, items) -> list[tuple[int, bool, str]]:
    """The pass/fail choices (``item-<id>``: pass or fail) and notes (``note-<id>``) posted for
    the items shown; an item left out is not recorded."""
    results = []
    for item in items:
        choice = data.get(f"item-{item.pk}")
        if choice is None:
            continue
        if choice not in ("pass", "fail"):
            raise ValidationError(_("Say whether each check item passed or failed."))
        note = " ".join(data.get(f"note-{item.pk}", "").split())
        results.append((item.pk, choice == "pass", note))
    return results
