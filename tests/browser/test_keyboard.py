"""Keyboard use: the skip link, signing in without a mouse, and the language switcher.

Visible texts come from translation catalogues that change often, so the checks rest on
structure (href="#main", html[lang], aria-pressed) rather than on wording where they can.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from planner.demo.data import DEMO_PASSWORD

KEYBOARD_LOGIN_EMAIL = "redaktor@afjord.demo"
#: Signs in for the language test; its choice of language is saved on the account, so this is
#: someone the crawl does not use.
LANGUAGE_TEST_EMAIL = "admin@levanger.demo"
#: What the skip link may say in bokmål: the translation, or the source text while the
#: catalogue lags behind.
SKIP_LINK_TEXTS_NB = {"Hopp til hovedinnholdet", "Skip to main content"}
#: (button label, locale) in the order the test switches; the labels are not translated.
LANGUAGE_STEPS = [("Nynorsk", "nn"), ("English", "en"), ("Bokmål", "nb")]
MAX_TABS = 40


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def describe_focus(page: Page) -> str:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return "nothing";
            const text = (el.innerText || el.value || "").trim().slice(0, 40);
            return el.outerHTML.split(">")[0] + ">" + (text ? ` "${text}"` : "");
        }"""
    )


def tab_to(page: Page, target: Locator, limit: int = MAX_TABS) -> int:
    """Press Tab until the target has focus; returns how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if is_focused(target):
            return presses
    pytest.fail(f"{limit} Tab presses never reached {target}; focus is on {describe_focus(page)}")


def test_keyboard_only_login(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/login")
    expect(page.locator("html")).to_have_attribute("lang", "nb")

    skip_link = page.locator("a[href='#main']")
    page.keyboard.press("Tab")
    assert is_focused(skip_link), (
        f"the first Tab should reach the skip link, not {describe_focus(page)}"
    )
    assert skip_link.inner_text().strip() in SKIP_LINK_TEXTS_NB
    box = skip_link.bounding_box()
    assert box is not None and box["width"] > 1 and box["height"] > 1, (
        f"the focused skip link is not visible: {box}"
    )

    page.keyboard.press("Enter")
    main = page.locator("main#main")
    expect(main).to_be_focused()

    tab_to(page, page.locator("input[name='email']"))
    page.keyboard.type(KEYBOARD_LOGIN_EMAIL)
    page.keyboard.press("Tab")
    assert is_focused(page.locator("input[name='password']")), (
        f"Tab from the e-mail field went to {describe_focus(page)}, not the password"
    )
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/m/afjord/")
    assert not page.console_errors, page.console_errors


def switch_language(page: Page, label: str, locale: str, key: str | None = None) -> None:
    """Press the language button (by keyboard when `key` is given) and check the new language."""
    switcher = page.locator("form.language-switch")
    button = switcher.get_by_role("button", name=label, exact=True)
    url = page.url
    with page.expect_navigation():
        if key is None:
            button.click()
        else:
            tab_to(page, button)
            page.keyboard.press(key)
    expect(page.locator("html")).to_have_attribute("lang", locale)
    assert page.url == url, f"switching language should come back to {url}, not {page.url}"
    for other in switcher.locator("button[name='locale']").all():
        pressed = "true" if other.get_attribute("value") == locale else "false"
        expect(other).to_have_attribute("aria-pressed", pressed)


@pytest.mark.parametrize(
    ("signed_in", "key"),
    [(False, "Enter"), (True, "Space")],
    ids=["login-page-enter", "signed-in-space"],
)
def test_language_switcher(
    page: Page, live_server: str, sign_in, signed_in: bool, key: str
) -> None:
    if signed_in:
        sign_in(LANGUAGE_TEST_EMAIL)
        assert "/login" not in page.url
    else:
        page.goto(f"{live_server}/login")
    expect(page.locator("html")).to_have_attribute("lang", "nb")

    for step, (label, locale) in enumerate(LANGUAGE_STEPS):
        switch_language(page, label, locale, key=key if step == 0 else None)
    assert not page.console_errors, page.console_errors
