"""Who is asking: the client's network address, also behind the compound's reverse proxy."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    """The address of the person making ``request``.

    Behind nginx every request arrives from the proxy, so when ``REMOTE_ADDR`` is a trusted proxy
    (``HOUQIN_TRUSTED_PROXIES``) the address is read from ``X-Forwarded-For``, right to left,
    skipping the trusted proxies; the header is ignored otherwise, since anyone can send it."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = set(settings.HOUQIN_TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote
