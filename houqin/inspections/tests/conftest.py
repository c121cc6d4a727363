"""Fixtures of the inspection tests: the browser kit, and a patrol route at the main site."""

import pytest

from houqin.core.tests.browser import browse, chromium  # noqa: F401
from houqin.inspections.tests.helpers import make_route


@pytest.fixture
def route(personas):
    """A patrol route of three checkpoints at the main site (0/10/20 minutes, 10-minute
    windows, 60 minutes allowed) with one schedule."""
    return make_route(personas.site, personas.secadmin)
