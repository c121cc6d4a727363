"""The page shell in a real browser, under the strict Content-Security-Policy: the login and home
pages, the phone's hamburger menu, and switching the language from the user menu."""

from __future__ import annotations

import re

import pytest

from houqin.core.testing import PASSWORD
from houqin.core.tests import browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HAMBURGER = "nav button[data-bs-target='#sidebar']"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="session")
def chromium():
    yield browser.HOST
    browser.HOST.stop()


@pytest.fixture
def browse(chromium, live_server, request):
    yield from browser.browsing(chromium, live_server, request)


def test_login_and_home_render_without_errors_under_the_csp(browse, personas):
    page = browse.page("desktop")
    response = page.goto("/accounts/login/")

    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("#id_username").is_visible()
    # The local Bootstrap, htmx and app script ran, and the local stylesheet applied.
    assert page.evaluate("() => typeof window.bootstrap === 'object' && !!window.htmx")
    navbar_color = page.evaluate(
        "() => getComputedStyle(document.querySelector('nav.navbar')).backgroundColor"
    )
    assert navbar_color not in ("rgba(0, 0, 0, 0)", "transparent")
    icon = page.evaluate(
        "() => (document.querySelector('link[rel~=icon]') || {href: '/favicon.ico'}).href"
    )
    assert page.request.get(icon).ok, f"the page icon {icon} is not served"

    page.fill("#id_username", personas.duty.get_username())
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert page.url == f"{browse.url}/"
    assert page.locator("main h1").is_visible()
    assert page.locator("[data-card]").count() >= 1
    page.evaluate("() => document.fonts.ready.then(() => true)")
    assert page.evaluate("() => document.fonts.check('16px bootstrap-icons')")
    browse.assert_clean()


def test_phone_hamburger_opens_the_sidebar_with_the_module_menu(browse, personas):
    page = browse.page("phone", user=personas.guard)
    sidebar = page.locator("#sidebar")
    gate_link = sidebar.locator("a[href='/security/gate/']")
    assert page.locator(HAMBURGER).is_visible()
    assert not gate_link.is_visible()

    page.locator(HAMBURGER).tap()
    page.locator("#sidebar.show").wait_for()

    assert gate_link.is_visible()
    assert sidebar.locator("a[href='/security/visits/check-in/']").is_visible()
    # Only what the guard's role may open.
    assert sidebar.locator("a[href='/security/invitations/add/']").count() == 0
    with page.expect_navigation():
        gate_link.tap()
    assert page.url.endswith("/security/gate/")
    assert not sidebar.is_visible()

    # The page itself uses the phone's width: no sideways scrolling, the content not squeezed.
    width = page.viewport_size["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page.locator("main").bounding_box()["width"] >= width * 0.9

    desktop = browse.page("desktop", user=personas.guard)
    assert not desktop.locator(HAMBURGER).is_visible()
    assert desktop.locator("#sidebar a[href='/security/gate/']").is_visible()
    browse.assert_clean()


def _shell_texts(page) -> dict[str, str]:
    return {
        "home link": page.locator("#sidebar a[href='/']").inner_text().strip(),
        "heading": page.locator("main h1").inner_text().strip(),
        "menu": page.locator(HAMBURGER).get_attribute("aria-label"),
        "sign out": page.locator(".dropdown-menu form button").inner_text().strip(),
    }


def test_switching_to_english_in_the_user_menu_changes_the_texts(browse, personas):
    page = browse.page("desktop", user=personas.duty)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    before = _shell_texts(page)

    page.locator("nav .dropdown-toggle").click()
    language = page.locator(".dropdown-menu select[name=language]")
    language.wait_for()
    with page.expect_navigation():
        language.select_option("en")

    assert page.url == f"{browse.url}/"
    assert page.locator("html").get_attribute("lang") == "en"
    after = _shell_texts(page)
    assert after == {
        "home link": "Home",
        "heading": "All my sites",
        "menu": "Menu",
        "sign out": "Sign out",
    }
    untranslated = {key: text for key, text in before.items() if not CJK.search(text)}
    assert not untranslated, f"shown in English before switching: {untranslated}"
    page.goto("/security/gate/")  # the choice stays for the next pages
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main h1").inner_text().strip() == "Gate"
    browse.assert_clean()


def test_the_watch_reports_scripts_the_csp_refuses(browse):
    """The kit's own check: a CDN script and an injected inline script are refused and reported."""
    page = browse.page("desktop")
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
          const cdn = document.createElement("script");
          cdn.src = "https://cdn.jsdelivr.net/npm/htmx.org@2.0.4/dist/htmx.min.js";
          document.head.append(cdn);
          const inline = document.createElement("script");
          inline.textContent = "window.injected = true";
          document.head.append(inline);
        }"""
    )

    def both_refused(problems):
        refused = [p for p in problems if "Content Security Policy" in p]
        return any("cdn.jsdelivr.net" in p for p in refused) and any(
            "inline" in p.lower() for p in refused
        )

    assert both_refused(browse.take_problems(page, until=both_refused))
    assert page.evaluate("() => window.injected") is None
    browse.assert_clean()
