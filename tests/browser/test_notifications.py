"""Notifications in a real browser: the bell in the header, the notifications page (newest first,
links to the posts, mark read one by one or all at once, by keyboard alone) and the notification
settings (a choice changed by keyboard and kept), each with axe-core and a 320 px wide viewport.

The data is made through the app's own pages: an editor submits posts for review, which tells
the municipality's reviewers. Verdal's administrator (a reviewer there) is told; nobody else in
the browser tests signs in as her, and Verdal is not crawled. The live server lives for the whole
session, so counts are compared with what they were before, never with fixed numbers.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import forget_the_session, format_axe_violations, run_axe

SLUG = "verdal"
#: Editor in Verdal (and elsewhere): submits the posts.
EDITOR = "redaktor@innherred.demo"
#: Administrator of Verdal, so a reviewer there: is told about the posts submitted.
REVIEWER = "admin@verdal.demo"
#: Changes her notification settings; not used by any other browser test, and her settings
#: cannot change what the notification tests above expect.
SETTINGS_USER = "admin@austrheim.demo"
NARROW_WIDTH = 320
MAX_TABS = 80
#: "%(num)d unread." / "Nothing unread." on the notifications page, in bokmål or (while the
#: catalogue lags behind) English.
NOTHING_UNREAD = re.compile(r"^\s*(Ingenting ulest|Nothing unread)\.")
SOME_UNREAD = re.compile(r"^\s*(\d+) (ulest|uleste|unread)\.")


# --------------------------------------------------------------------------------------------
# Helpers


def unique_title(what: str) -> str:
    return f"{what} {uuid.uuid4().hex[:8]}"


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
    """Press Tab from where the focus is until the target has it; returns the presses taken."""
    expect(target).to_be_visible()
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if is_focused(target):
            return presses
    pytest.fail(f"{limit} Tab presses never reached {target}; focus is on {describe_focus(page)}")


def press_on(page: Page, target: Locator, key: str) -> None:
    """Reach the target with Tab from the top of the page and press a key on it; it navigates."""
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press(key)


def bell(page: Page) -> Locator:
    return page.locator("header.site-header a.notifications-link")


def bell_count(page: Page) -> int:
    """The unread count the header's bell shows (0 when it shows none)."""
    link = bell(page)
    expect(link).to_have_count(1)
    count = link.locator(".unread-count")
    if count.count() == 0:
        return 0
    text = count.inner_text().strip()
    match = re.match(r"(\d+)\b", text)
    assert match, f"the bell's count is not a number: {text!r}"
    return int(match.group(1))


def page_unread_count(page: Page) -> int:
    """The count the notifications page states under its heading."""
    text = page.locator("main h1 + p").inner_text()
    if NOTHING_UNREAD.match(text):
        return 0
    match = SOME_UNREAD.match(text)
    assert match, f"the notifications page states no unread count: {text!r}"
    return int(match.group(1))


def reviewer_unread(page: Page, live_server: str) -> int:
    page.goto(f"{live_server}/m/{SLUG}/")
    return bell_count(page)


def submit_post_for_review(page: Page, live_server: str, title: str) -> str:
    """As the signed-in editor: write a draft and submit it for review; returns its address."""
    page.goto(f"{live_server}/m/{SLUG}/posts/new")
    page.locator("#title").fill(title)
    page.locator("#summary").fill("Til gjennomsyn i nettlesertesten for varsler.")
    # A post needs its text before it can be submitted.
    page.locator("input[name=template][value='car']").check()
    page.locator("#section_car_challenge").fill("Vaktlistene kom for seint til de ansatte.")
    with page.expect_navigation():
        page.locator("button[name=save_as][value=draft]").click()
    expect(page.locator(".post-status--draft")).to_be_visible()
    post_url = page.url
    assert re.search(rf"/m/{SLUG}/posts/\d+$", post_url), f"not a post page: {post_url}"
    with page.expect_navigation():
        page.locator("form[action$='/status/submit'] button").click()
    expect(page.locator(".post-status--in_review")).to_be_visible()
    return post_url


def switch_to(page: Page, sign_in, email: str) -> None:
    forget_the_session(page)
    response = sign_in(email)
    assert response is not None and response.status == 200, f"sign-in gave {response}"
    assert "/login" not in page.url, f"{email} was not signed in (at {page.url})"


def entry(page: Page, title: str) -> Locator:
    """The notification about the post with this title (titles are unique per test run)."""
    return page.locator("li.notification").filter(has_text=title)


def assert_no_axe_violations(page: Page, what: str) -> None:
    violations = run_axe(page)
    assert not violations, f"{what} ({page.url}):\n" + format_axe_violations(violations)


def assert_fits_narrow_viewport(page: Page, what: str) -> None:
    """No horizontal scrolling at 320 CSS px, and no axe violation at that width either."""
    original = page.viewport_size
    page.set_viewport_size({"width": NARROW_WIDTH, "height": 800})
    try:
        widths = page.evaluate(
            """() => new Promise(resolve => requestAnimationFrame(() => resolve({
                scroll: document.documentElement.scrollWidth,
                client: document.documentElement.clientWidth,
            })))"""
        )
        assert widths["client"] == NARROW_WIDTH, f"the viewport did not narrow: {widths}"
        if widths["scroll"] > widths["client"]:
            wide = page.evaluate(
                """(limit) => {
                    const found = [];
                    const describe = el => el.outerHTML.split(">")[0].slice(0, 120) + ">";
                    for (const el of document.querySelectorAll("body *")) {
                        const right = el.getBoundingClientRect().right;
                        if (right > limit + 0.5) found.push(`${describe(el)} right=${right}`);
                    }
                    // Text wider than its box (a long word) overflows without the box doing so.
                    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                    while (walker.nextNode()) {
                        const node = walker.currentNode;
                        const range = document.createRange();
                        range.selectNodeContents(node);
                        const right = range.getBoundingClientRect().right;
                        if (right > limit + 0.5) {
                            const text = node.textContent.trim().slice(0, 60);
                            found.push(`text "${text}" in ${describe(node.parentElement)} `
                                + `right=${Math.round(right)}`);
                        }
                    }
                    return found.slice(0, 12);
                }""",
                widths["client"],
            )
            pytest.fail(
                f"{what} scrolls sideways at {NARROW_WIDTH} px ({page.url}): "
                f"scrollWidth {widths['scroll']} > clientWidth {widths['client']}; "
                "elements reaching past the edge:\n  " + "\n  ".join(wide)
            )
        assert_no_axe_violations(page, f"{what} at {NARROW_WIDTH} px")
    finally:
        if original is not None:
            page.set_viewport_size(original)


# --------------------------------------------------------------------------------------------
# The bell


def test_bell_shows_a_new_review_request(page: Page, live_server: str, sign_in) -> None:
    switch_to(page, sign_in, REVIEWER)
    before = reviewer_unread(page, live_server)

    switch_to(page, sign_in, EDITOR)
    editor_before = reviewer_unread(page, live_server)
    title = unique_title("Bjella")
    submit_post_for_review(page, live_server, title)
    # The person who acted is never told.
    assert reviewer_unread(page, live_server) == editor_before, (
        "the editor was told about her own submission"
    )

    switch_to(page, sign_in, REVIEWER)
    page.goto(f"{live_server}/m/{SLUG}/")
    link = bell(page)
    expected = before + 1
    assert bell_count(page) == expected, (
        f"the bell shows {bell_count(page)} unread, expected {expected} (was {before})"
    )
    # The number is part of the link's accessible name, with the word for unread (screen
    # readers hear "Varsler 3 uleste", not a bare number).
    expect(link).to_have_accessible_name(
        re.compile(rf"(Varsler|Notifications)\s+{expected}\s+(uleste|unread)\s*$")
    )
    expect(link).to_have_attribute("href", f"/m/{SLUG}/notifications/")
    expect(link).not_to_have_attribute("aria-current", "page")

    # Following the bell by keyboard leads to the notifications page, where it is current.
    press_on(page, link, "Enter")
    assert page.url == f"{live_server}/m/{SLUG}/notifications/", page.url
    expect(bell(page)).to_have_attribute("aria-current", "page")
    expect(entry(page, title)).to_have_count(1)
    assert page_unread_count(page) == expected
    assert not page.console_errors, page.console_errors


# --------------------------------------------------------------------------------------------
# The notifications page


def test_notifications_page_by_keyboard(page: Page, live_server: str, sign_in) -> None:
    switch_to(page, sign_in, EDITOR)
    older_title = unique_title("Eldre innsending")
    newer_title = unique_title("Nyere innsending")
    older_url = submit_post_for_review(page, live_server, older_title)
    newer_url = submit_post_for_review(page, live_server, newer_title)

    switch_to(page, sign_in, REVIEWER)
    page.goto(f"{live_server}/m/{SLUG}/notifications/")
    unread = bell_count(page)
    assert unread >= 2, f"the two new submissions should be unread, the bell shows {unread}"
    assert page_unread_count(page) == unread, "the page and the bell disagree on the count"

    # Newest first: the latest submission heads the list, the one before it comes next.
    entries = page.locator("li.notification")
    expect(entries.nth(0)).to_contain_text(newer_title)
    expect(entries.nth(1)).to_contain_text(older_title)
    older, newer = entry(page, older_title), entry(page, newer_title)
    for item in (older, newer):
        expect(item).to_have_count(1)
        expect(item).to_have_class(re.compile(r"\bnotification--unread\b"))

    # Each entry links to its post.
    for item, url in ((older, older_url), (newer, newer_url)):
        expect(item.locator("a")).to_have_count(1)
        expect(item.locator("a")).to_have_attribute("href", url.removeprefix(live_server))
    for href in entries.locator("a").evaluate_all("links => links.map(a => a.href)"):
        assert re.fullmatch(rf"{re.escape(live_server)}/m/{SLUG}/posts/\d+", href), href
    assert entries.locator("a").count() == entries.count(), "an entry does not link to its post"

    assert_no_axe_violations(page, "the notifications page, all unread")

    # Mark the newest as read, by keyboard alone (Tab to its button, Enter).
    press_on(page, newer.get_by_role("button"), "Enter")
    assert page.url == f"{live_server}/m/{SLUG}/notifications/", page.url
    assert bell_count(page) == unread - 1, "marking one as read did not lower the bell's count"
    assert page_unread_count(page) == unread - 1
    expect(newer).not_to_have_class(re.compile(r"\bnotification--unread\b"))
    expect(newer.get_by_role("button")).to_have_count(0)
    expect(older).to_have_class(re.compile(r"\bnotification--unread\b"))
    expect(older.get_by_role("button")).to_have_count(1)

    assert_no_axe_violations(page, "the notifications page, read and unread")
    assert_fits_narrow_viewport(page, "the notifications page, read and unread")

    # Mark all as read, by keyboard (Space on the button).
    mark_all = page.locator("main form[action$='/notifications/read'] button")
    expect(mark_all).to_have_count(1)
    press_on(page, mark_all, "Space")
    expect(page.locator(".flash[data-color='success']")).to_be_visible()
    assert bell_count(page) == 0, "after marking all as read the bell still counts some"
    expect(bell(page).locator(".unread-count")).to_have_count(0)
    assert page_unread_count(page) == 0
    expect(page.locator("li.notification--unread")).to_have_count(0)
    expect(page.locator("li.notification").get_by_role("button")).to_have_count(0)
    expect(mark_all).to_have_count(0)
    # The entries stay, read.
    expect(older).to_have_count(1)
    expect(newer).to_have_count(1)

    assert_no_axe_violations(page, "the notifications page, all read")
    assert_fits_narrow_viewport(page, "the notifications page, all read")

    # The entry's link, followed by keyboard, opens its post.
    press_on(page, older.locator("a"), "Enter")
    assert page.url == older_url, f"the entry's link led to {page.url}, not {older_url}"
    expect(page.locator("h1")).to_contain_text(older_title)
    assert not page.console_errors, page.console_errors


# --------------------------------------------------------------------------------------------
# The settings page


def checked_choices(page: Page) -> dict[str, str]:
    """The checked value of each radio group on the settings form, by group name."""
    return page.locator("main form input[type=radio]:checked").evaluate_all(
        "radios => Object.fromEntries(radios.map(r => [r.name, r.value]))"
    )


def test_settings_page_is_accessible_and_fits_320_px(page: Page, live_server: str, sign_in) -> None:
    switch_to(page, sign_in, SETTINGS_USER)
    page.goto(f"{live_server}/account/notifications/")
    expect(page.locator("main form input[type=radio]").first).to_be_visible()
    assert_no_axe_violations(page, "the notification settings page")
    assert_fits_narrow_viewport(page, "the notification settings page")
    assert not page.console_errors, page.console_errors


def test_settings_changed_by_keyboard_are_kept(page: Page, live_server: str, sign_in) -> None:
    switch_to(page, sign_in, SETTINGS_USER)
    settings_url = f"{live_server}/account/notifications/"
    page.goto(settings_url)
    # One choice per kind of notification (at least the four told about posts).
    assert page.locator("main form fieldset").count() >= 4

    before = checked_choices(page)
    group = "commented"
    assert group in before, f"no choice is checked for {group!r}: {before}"
    radios = page.locator(f"main fieldset#{group} input[type=radio]")
    values = radios.evaluate_all("radios => radios.map(r => r.value)")
    # A choice other than the present one, among those every version of the form offers.
    target = "off" if before[group] != "off" else "app"
    assert {target, before[group]} <= set(values), values
    target_radio = page.locator(f"main fieldset#{group} input[value='{target}']")

    page.goto(settings_url)  # the focus starts at the top of the page
    # In a radio group Tab reaches the checked radio; the down arrow checks the next one.
    tab_to(page, radios.and_(page.locator(":checked")))
    for _press in range(len(values)):
        page.keyboard.press("ArrowDown")
        if target_radio.is_checked():
            break
    expect(target_radio).to_be_checked()
    expect(target_radio).to_be_focused()
    press_on(page, page.locator("main form button[type=submit]"), "Enter")

    assert page.url == settings_url, page.url
    expect(page.locator(".flash[data-color='success']")).to_contain_text(
        re.compile("Varslingsinnstillingene dine er lagret|Your notification settings are saved")
    )
    page.reload()
    expect(page.locator(".flash")).to_have_count(0)
    after = checked_choices(page)
    assert after == {**before, group: target}, (
        f"after saving and reloading the choices are {after}; expected {group!r} to be "
        f"{target!r} and the rest as before ({before})"
    )
    assert_no_axe_violations(page, "the notification settings page, after saving")
    assert not page.console_errors, page.console_errors
