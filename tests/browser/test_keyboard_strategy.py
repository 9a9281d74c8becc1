"""Building the strategy by keyboard alone: a reviewer adds a goal, fixes an error, saves."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.test_keyboard import is_focused, tab_to

REVIEWER = "leder@innherred.demo"


def test_create_a_goal_with_the_keyboard_only(page: Page, live_server: str, sign_in) -> None:
    sign_in(REVIEWER)
    page.goto(f"{live_server}/m/innherred/strategy/")
    strategy_link = page.locator("#active-heading a")
    tab_to(page, strategy_link)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    strategy_url = page.url

    add_goal = page.locator("a[href$='/goals/new']")
    tab_to(page, add_goal)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/goals/new")

    # Send the form with no title: it comes back with the error, and focus on the summary.
    description = page.locator("#description")
    tab_to(page, description)
    page.keyboard.type("Flere faste stillinger i helse og omsorg.")
    submit = page.locator("form.stack button[type=submit]")
    tab_to(page, submit)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#title-error")).to_be_visible()
    expect(description).to_have_value("Flere faste stillinger i helse og omsorg.")

    # Fill in the goal: title, theme by arrow keys, priority by arrow keys.
    tab_to(page, page.locator("#title"))
    page.keyboard.type("Heltid som norm")
    tab_to(page, page.locator("#theme"))
    page.keyboard.press("ArrowDown")  # omdomme → heltid
    expect(page.locator("#theme")).to_have_value("heltid")
    tab_to(page, page.locator("#priority input:checked"))
    page.keyboard.press("ArrowUp")  # medium → high
    expect(page.locator("#priority input[value='1']")).to_be_checked()
    tab_to(page, submit)
    assert is_focused(submit)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.startswith(strategy_url), page.url
    goal = page.locator(".goal", has=page.get_by_role("heading", name="Heltid som norm"))
    expect(goal).to_be_visible()
    expect(goal).to_contain_text(re.compile("Heltidskultur|Full-time culture"))
    expect(goal).to_contain_text(re.compile("Høy|High"))
    assert not page.console_errors, page.console_errors
