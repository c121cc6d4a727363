"""The browser-test kit: one headless chromium per session, a fresh context per test, and a watch
on every page that fails the test on a console error, a Content-Security-Policy violation, a
failed request, a server error or a request to any host other than the live server.

Test modules import the fixtures ``chromium`` and ``browse`` from here (see
``houqin/security/tests/conftest.py``) or declare their own thin wrappers. The browser is always
Debian's ``/usr/bin/chromium``; nothing is ever downloaded.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from houqin.core.testing import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# The compound's people read Chinese and live in Beijing time: the pages start in zh-hans and a
# datetime-local value typed in the browser means the same wall-clock time as on the server.
_COMMON = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai", "accept_downloads": True}
DEVICES = {
    "phone": {
        **_COMMON,
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {**_COMMON, "viewport": {"width": 1366, "height": 900}},
}
SHOTS_DIR = Path(os.environ.get("HOUQIN_BROWSER_SHOTS", "/tmp/shots"))
TIMEOUT_MS = 5_000  # every page is local: a longer wait only hides a problem

# Reported by the page itself (see _CSP_LISTENER) in addition to Chromium's own console line.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("Content Security Policy violation: " + e.violatedDirective + " blocked "
                + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""
# Chromium's console line for a document answered with an error status, e.g. a form shown
# again with status 400. Such a status is asserted by the test that expects it (``expect_status``).
_HTTP_STATUS_LINE = re.compile(
    r"Failed to load resource: the server responded with a status of (\d+)"
)


def require_chromium() -> None:
    """Skip (fail on CI) when Debian's chromium is not installed."""
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk"
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests cannot run on CI: {reason}", pytrace=False)
    pytest.skip(reason)


class BrowserHost:
    """The session's one chromium, started on first use.

    While Playwright's sync API is alive its event loop counts as running in the main thread, so
    Django refuses ORM calls there (SynchronousOnlyOperation) — including the database flush
    between transactional tests. ``DJANGO_ALLOW_ASYNC_UNSAFE`` is therefore set exactly while
    the browser lives, and the browser is stopped as soon as no browser test follows, so that the
    other tests of a full run keep Django's safety check.
    """

    def __init__(self):
        self._playwright = None
        self._browser = None
        self._saved_env: str | None = None

    def get(self):
        if self._browser is None:
            require_chromium()
            from playwright.sync_api import sync_playwright

            self._saved_env = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            self._playwright = sync_playwright().start()
            try:
                self._browser = self._playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
                )
            except Exception:
                self.stop()
                raise
        return self._browser

    def stop(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None
            if self._saved_env is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self._saved_env


HOST = BrowserHost()  # shared by every test module that imports this kit


@dataclass
class Watch:
    """What went wrong on the pages of one test."""

    origin: str
    found: list[str] = field(default_factory=list)
    failed_requests: list[tuple[str, str]] = field(default_factory=list)
    expected_status: dict[int, int] = field(default_factory=dict)
    downloads: set[str] = field(default_factory=set)

    @property
    def problems(self) -> list[str]:
        # A link answered with an attachment becomes a download and Chromium reports its
        # navigation as aborted, before or after the download event.
        return self.found + [
            text for url, text in self.failed_requests if url not in self.downloads
        ]

    def attach(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.found.append(f"uncaught JS error: {exc}"))
        page.on("request", self._request)
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)
        page.on("download", lambda d: self.downloads.add(d.url))

    def _console(self, msg) -> None:
        text = msg.text
        if urlsplit(msg.location.get("url", "")).path == "/favicon.ico":
            # Chromium asks for the icon once per browser, so whichever test comes first would
            # see it; the shell test checks the icon itself.
            return
        if "Content Security Policy" in text:
            self.found.append(f"CSP violation on {msg.page.url if msg.page else '?'}: {text}")
            return
        if msg.type != "error":
            return
        status = _HTTP_STATUS_LINE.search(text)
        if status and self.expected_status.get(int(status.group(1)), 0) > 0:
            self.expected_status[int(status.group(1))] -= 1
            return
        self.found.append(f"console error: {text} ({msg.location.get('url', '')})")

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.found.append(f"request to another host: {request.method} {request.url}")

    def _request_failed(self, request) -> None:
        if request.failure == "net::ERR_ABORTED" and request.resource_type in ("image", "other"):
            # The page moved on (a form was submitted) before an icon finished loading.
            return
        self.failed_requests.append(
            (request.url, f"request failed: {request.method} {request.url} ({request.failure})")
        )

    def _response(self, response) -> None:
        if response.status >= 500:
            self.found.append(f"server error {response.status}: {response.url}")


class Browse:
    """One test's browsing: any number of phone or desktop contexts against the live server."""

    def __init__(self, browser, base_url: str, name: str):
        self.browser = browser
        self.url = base_url.rstrip("/")
        self.name = re.sub(r"[^\w.-]+", "_", name)
        self.watch = Watch(origin=self.url)
        self.contexts = []
        self.pages = []
        self.checked = 0

    def page(self, device: str = "desktop", *, user=None):
        """A new context and page on ``device`` ("phone" or "desktop"), logged in as ``user``."""
        context = self.browser.new_context(base_url=self.url, **DEVICES[device])
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(3 * TIMEOUT_MS)
        context.add_init_script(_CSP_LISTENER)
        context.on("page", self._track)
        self.contexts.append(context)
        page = context.new_page()
        self._track(page)
        if user is not None:
            login(page, user.get_username())
        return page

    def _track(self, page) -> None:
        if any(page is seen for seen in self.pages):
            return
        self.pages.append(page)
        self.watch.attach(page)

    def expect_status(self, status: int, count: int = 1) -> None:
        """Allow ``count`` documents answered with ``status`` (e.g. a form shown again with 400);
        the test asserts the status itself."""
        self.watch.expected_status[status] = self.watch.expected_status.get(status, 0) + count

    def screenshots(self, label: str = "") -> list[Path]:
        """Save every open page to ``SHOTS_DIR``; return the files."""
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)
        files = []
        for i, page in enumerate(self.pages):
            if page.is_closed():
                continue
            path = SHOTS_DIR / f"{self.name}{label}-{i}.png"
            page.screenshot(path=str(path), full_page=True)
            files.append(path)
        return files

    def take_problems(self, page, *, until, timeout_ms: int = TIMEOUT_MS) -> list[str]:
        """The problems the test provoked, once ``until(problems)`` holds and no more arrive for
        a moment (the page and Chromium report asynchronously); they are then forgotten."""
        quiet, seen, waited = 0, -1, 0
        while waited < timeout_ms and not (until(self.watch.problems) and quiet >= 250):
            page.wait_for_timeout(50)  # lets Playwright deliver the pending events
            waited += 50
            now = len(self.watch.problems)
            quiet, seen = (quiet + 50 if now == seen else 0), now
        problems = self.watch.problems
        self.watch.found.clear()
        self.watch.failed_requests.clear()
        return problems

    def close(self) -> None:
        for context in self.contexts:
            context.close()

    def assert_clean(self) -> None:
        """Fail if any page reported a problem so far."""
        self.checked = len(self.watch.problems)
        problems = self.watch.problems
        assert not problems, "the browser reported:\n" + "\n".join(problems)


def login(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form (django-axes needs the request it posts)."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/accounts/login/" not in page.url, f"login of {username} failed"


def _next_is_browser_test(item) -> bool:
    items = item.session.items
    try:
        following = items[items.index(item) + 1 :]
    except ValueError:
        return False
    return bool(following) and following[0].get_closest_marker("browser") is not None


def browsing(host: BrowserHost, live_server, request) -> Iterator[Browse]:
    """The body of the ``browse`` fixture, for modules that declare it themselves."""
    failed_before = request.session.testsfailed
    session = Browse(host.get(), live_server.url, request.node.name)
    try:
        yield session
        if request.session.testsfailed > failed_before:
            shots = session.screenshots("-failed")
            print("screenshots:", *shots, "browser problems:", *session.watch.problems, sep="\n")
        elif len(session.watch.problems) > session.checked:
            session.assert_clean()  # problems after the test's own final check
    finally:
        session.close()
        if not _next_is_browser_test(request.node):
            host.stop()


@pytest.fixture(scope="session")
def chromium():
    """The session's browser host (chromium starts with the first browser test)."""
    yield HOST
    HOST.stop()


@pytest.fixture
def browse(chromium, live_server, request):
    """A ``Browse`` against the live server; the pages' health is checked when the test ends."""
    yield from browsing(chromium, live_server, request)
