"""Fixtures shared by every module's tests."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from houqin.core.testing import make_personas


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture
def personas(db):
    """Sites and the named people of the test kit (see core.testing.Personas)."""
    return make_personas()


@pytest.fixture
def api():
    """A DRF client; use ``api.force_authenticate(user)``."""
    return APIClient()


@pytest.fixture
def english():
    """Messages asserted in English, whatever the Chinese catalogue says (service-level tests;
    pages are tested in the language their user sees)."""
    with translation.override("en"):
        yield
