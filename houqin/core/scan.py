"""Opening a scanned code: the link's purpose decides which module's view handles it."""

from __future__ import annotations

from collections.abc import Callable

import segno
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from houqin.core.services import ScanLinkError, scan_link_resolve, scan_link_sign

HANDLERS: dict[str, Callable] = {}


def register(purpose: str):
    """Register the view that opens scan links of ``purpose`` (used as a decorator)."""

    def wrap(view):
        HANDLERS[purpose] = view
        return view

    return wrap


def scan_link_url(request, link) -> str:
    """The absolute link a printed QR code carries for ``link``."""
    return request.build_absolute_uri(reverse("scan_link", kwargs={"signed": scan_link_sign(link)}))


def qr_data_uri(url: str) -> str:
    """``url`` as a QR code image (SVG data URI) to show on a page or print on a label."""
    return segno.make(url, error="m").svg_data_uri(scale=6, border=2)


def scan_error(request, message: str, status: int = 400):
    """The page a person sees when a scanned code cannot be used."""
    return render(
        request,
        "core/scan_error.html",
        {"message": message, "title": _("Code not accepted")},
        status=status,
    )


def open_scan_link(request, signed: str):
    """Resolve the signed token and hand over to the module that owns its purpose."""
    try:
        link = scan_link_resolve(signed)
    except ScanLinkError as exc:
        return scan_error(request, exc.message)
    handler = HANDLERS.get(link.purpose)
    if handler is None:
        return scan_error(request, _("This code is not known to the system."))
    return handler(request, link, signed)
