"""Planning a story on one page, in a real browser.

- The daily job, counted in page loads: an editor plans a story on two channels and submits it,
  a reviewer sends it back once, the editor fixes and resubmits it, the reviewer approves it, and
  the editor subscribes to the plan. Signing in is not counted (both are signed in already, as
  they are on a working day). The issue's target: at most 12 page loads.
- The same post form by keyboard alone: two channels and "Save and submit for review".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.demo.data import DEMO_PASSWORD
from tests.browser.conftest import PAGE_VIEWPORT, format_axe_violations, login, run_axe
from tests.browser.test_keyboard import is_focused, tab_to

EDITOR = "redaktor@innherred.demo"
REVIEWER = "leder@innherred.demo"
MOST_PAGE_LOADS = 12


class CountedPage:
    """A signed-in page that counts its page loads (main-frame navigations) from now on."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.loads: list[str] = []
        page.on(
            "framenavigated",
            lambda frame: self.loads.append(frame.url) if frame == page.main_frame else None,
        )


@pytest.fixture
def two_people(browser: Browser, live_server: str) -> Iterator[tuple[CountedPage, CountedPage]]:
    contexts = [browser.new_context(locale="nb-NO", viewport=PAGE_VIEWPORT) for _person in range(2)]
    pages = []
    for context, email in zip(contexts, (EDITOR, REVIEWER), strict=True):
        page = context.new_page()
        login(page, live_server, email, DEMO_PASSWORD)
        assert "/login" not in page.url, f"{email} was not signed in"
        pages.append(page)
    try:
        yield CountedPage(pages[0]), CountedPage(pages[1])
    finally:
        for context in contexts:
            context.close()


def fill_row(page: Page, index: int, channel: str, day: date, at: str | None, text: str = ""):
    select = page.locator(f"#publications-{index}-channel")
    select.select_option(select.locator("option", has_text=channel).first.get_attribute("value"))
    page.locator(f"#publications-{index}-day").fill(day.isoformat())
    if at is None:
        page.locator(f"#publications-{index}-all_day").check()
    else:
        page.locator(f"#publications-{index}-at").fill(at)
    if text:
        page.locator(f"#publications-{index}-text").fill(text)


def click_and_wait(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def test_the_daily_job_takes_at_most_twelve_page_loads(two_people, live_server: str) -> None:
    editor, reviewer = two_people
    day = date.today() + timedelta(days=14)
    title = "Heltid i turnus – ett år etter"

    # The editor writes the story and plans it on two channels, on one page.
    editor.page.goto(f"{live_server}/m/innherred/posts/new")
    page = editor.page
    page.locator("#title").fill(title)
    page.locator("input[name=template][value='free']").check()
    page.locator("#section_body").fill("Flere har fått hele stillinger. Her er historien.")
    fill_row(page, 0, "Intranett", day, "09:00")
    page.locator("#add-publication").click()  # JavaScript: a new row, no page load
    expect(page.locator(".plan-row")).to_have_count(2)
    expect(page.locator("#publications-1-channel")).to_be_focused()
    fill_row(page, 1, "Facebook", day, "14:30", text="Hele stillinger i turnus – les mer.")
    violations = run_axe(page)
    assert not violations, format_axe_violations(violations)
    click_and_wait(page, "button[name=then][value=submit]")
    expect(page.locator(".post-status--in_review")).to_be_visible()
    expect(page.locator("#publications tbody tr")).to_have_count(2)
    post_url = page.url

    # The reviewer finds it among her tasks and sends it back once, with a reason.
    reviewer.page.goto(f"{live_server}/m/innherred/")
    click_and_wait(reviewer.page, f"#tasks-review-heading + ol a:text('{title}')")
    reviewer.page.locator("form[action$='/status/reject'] textarea[name=reason]").fill(
        "Nevn tallene fra prosjektet i ingressen."
    )
    click_and_wait(reviewer.page, "form[action$='/status/reject'] button[type=submit]")
    expect(reviewer.page.locator(".post-status--draft")).to_be_visible()

    # The editor opens the post again, reads the reason at the top, fixes and resubmits.
    page.goto(post_url)
    click_and_wait(page, f"a[href='{urlsplit(post_url).path}/edit']")
    expect(page.locator(".sent-back")).to_contain_text("Nevn tallene")
    expect(page.locator(".plan-row")).to_have_count(3)  # two planned, one empty to add with
    page.locator("#summary").fill("Fra 50 til 14 i ufrivillig deltid.")
    click_and_wait(page, "button[name=then][value=submit]")
    expect(page.locator(".post-status--in_review")).to_be_visible()

    # The reviewer approves it.
    reviewer.page.goto(post_url)
    click_and_wait(reviewer.page, "form[action$='/status/approve'] button")
    expect(reviewer.page.locator(".post-status--approved")).to_be_visible()

    # The editor subscribes to the plan.
    page.goto(f"{live_server}/m/innherred/feeds/")
    page.locator("#name").fill("Min plan")
    click_and_wait(page, "form[action$='/feeds/new'] button[type=submit]")
    expect(page.locator("#calendar-heading")).to_be_visible()  # the new link's addresses

    loads = editor.loads + reviewer.loads
    print(f"page loads: {len(loads)} (editor {len(editor.loads)}, reviewer {len(reviewer.loads)})")
    print("\n".join(f"  {url}" for url in loads))
    assert len(loads) <= MOST_PAGE_LOADS, loads


def type_date(page: Page, field, day: date) -> None:
    """Type a date into a date field by keyboard. Its parts come in the order of the browser's
    own language (not the page's): day first as in Norway, or else month first as in the US."""
    tab_to(page, field)
    for order in ("%d%m%Y", "%m%d%Y"):
        page.keyboard.type(day.strftime(order))
        if field.input_value() == day.isoformat():
            return
        for _part in range(2):  # back from the year to the field's first part, to type again
            page.keyboard.press("Shift+Tab")
    raise AssertionError(f"the date field took neither order: {field.input_value()}")


def test_plan_a_story_with_two_channels_by_keyboard_alone(page: Page, sign_in, live_server) -> None:
    sign_in(EDITOR)
    page.goto(f"{live_server}/m/innherred/posts/new")
    day = date.today() + timedelta(days=21)
    title = "Tastaturet alene"

    tab_to(page, page.locator("#title"))
    page.keyboard.type(title)
    free = page.locator("input[name=template][value='free']")
    tab_to(page, page.locator("input[name=template]:checked"))
    while not is_focused(free):
        page.keyboard.press("ArrowDown")
    tab_to(page, page.locator("#section_body"))
    page.keyboard.type("En sak skrevet og planlagt uten mus.")

    for index, channel in enumerate(("Intranett", "Facebook")):
        if index:
            tab_to(page, page.locator("#add-publication"))
            page.keyboard.press("Enter")  # the new row's channel gets focus
            expect(page.locator(f"#publications-{index}-channel")).to_be_focused()
        else:
            tab_to(page, page.locator(f"#publications-{index}-channel"))
        page.keyboard.type(channel)  # a focused select picks the option typed
        expect(page.locator(f"#publications-{index}-channel option:checked")).to_contain_text(
            channel
        )
        type_date(page, page.locator(f"#publications-{index}-day"), day)
        tab_to(page, page.locator(f"#publications-{index}-all_day"))
        page.keyboard.press("Space")

    submit = page.locator("button[name=then][value=submit]")
    tab_to(page, submit)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator("#error-summary")
    assert not errors.count(), errors.inner_text()
    expect(page.locator(".post-status--in_review")).to_be_visible()
    expect(page.locator("h1")).to_contain_text(title)
    rows = page.locator("#publications tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(re.compile("hele dagen|all day", re.I))
