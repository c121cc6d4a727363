"""Checks on uploaded files: the real type is read from the content, not the name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED_IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def check_upload(upload) -> str:
    """Return the MIME type of an acceptable upload, or raise ValidationError saying why not."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            }
        )
    upload.seek(0)
    mime = _sniff(upload.read(8))
    upload.seek(0)
    if mime:
        return mime
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
            fmt = image.format
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ValidationError(
            _("Only photos (JPEG, PNG, WebP) and PDF scans can be attached.")
        ) from exc
    finally:
        upload.seek(0)
    if fmt not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Only photos (JPEG, PNG, WebP) and PDF scans can be attached."))
    return ALLOWED_IMAGE_FORMATS[fmt]
