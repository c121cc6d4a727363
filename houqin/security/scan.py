"""Scan-link purposes owned by the security module."""

from houqin.core.scan import register
from houqin.security.views.visitors import admit_invitation

register("invitation")(admit_invitation)
