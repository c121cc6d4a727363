"""Fixtures of the security tests: the browser kit's ``chromium`` and ``browse``."""

from houqin.core.tests.browser import browse, chromium  # noqa: F401
