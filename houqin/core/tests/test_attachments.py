"""Photos and scans attached to records: the real type and the size are checked."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from houqin.core.models import Attachment
from houqin.security.tests.helpers import check_in, login


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def url_for(visit) -> str:
    return reverse(
        "attachment_add", kwargs={"app_label": "security", "model_name": "visit", "pk": visit.pk}
    )


def test_a_photo_is_attached_and_listed_on_the_record(personas):
    visit = check_in(personas.site, personas.guard)
    photo = SimpleUploadedFile("门口.png", png_bytes(), content_type="image/png")
    client = login(personas.guard)

    response = client.post(url_for(visit), {"file": photo})

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.mime_type, attachment.uploaded_by) == ("image/png", personas.guard)
    assert attachment.target == visit
    assert "门口.png" in client.get(visit.get_absolute_url()).content.decode()


def test_a_text_file_named_jpg_is_refused_with_a_message(personas):
    visit = check_in(personas.site, personas.guard)
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")

    response = login(personas.guard).post(url_for(visit), {"file": fake}, follow=True)

    assert not Attachment.objects.exists()
    assert "Only photos (JPEG, PNG, WebP) and PDF scans can be attached." in (
        response.content.decode()
    )


def test_an_oversized_file_is_refused(personas, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    visit = check_in(personas.site, personas.guard)
    photo = SimpleUploadedFile("big.png", png_bytes() + b"\0" * 200, content_type="image/png")

    response = login(personas.guard).post(url_for(visit), {"file": photo}, follow=True)

    assert not Attachment.objects.exists()
    assert "too large" in response.content.decode()


def test_the_guard_of_another_site_cannot_attach(personas):
    visit = check_in(personas.site, personas.guard)
    photo = SimpleUploadedFile("x.png", png_bytes(), content_type="image/png")
    assert login(personas.outsider).post(url_for(visit), {"file": photo}).status_code == 404
    assert login(personas.staff).post(url_for(visit), {"file": photo}).status_code == 404
    assert not Attachment.objects.exists()


def test_unknown_model_in_the_url_is_not_found(personas):
    response = login(personas.guard).post(
        reverse("attachment_add", kwargs={"app_label": "nope", "model_name": "x", "pk": 1})
    )
    assert response.status_code == 404
