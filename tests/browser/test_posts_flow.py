"""A story from idea to published across two channels: an editor writes and plans, a reviewer
approves, the editor marks it published, and the calendar shows it."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.browser.conftest import forget_the_session, format_axe_violations, run_axe

EDITOR = "redaktor@innherred.demo"
REVIEWER = "leder@innherred.demo"
TITLE = "Fra vikar til fast – tre år etter"


def plan_publication(page: Page, channel_index: int, day: date, at: str) -> None:
    page.locator("a[href$='/publications/new']").first.click()
    page.wait_for_url(re.compile(r"/publications/new"))
    page.locator("#channel").select_option(index=channel_index)
    page.locator("#day").fill(day.isoformat())
    page.locator("#at").fill(at)
    with page.expect_navigation():
        page.locator("form.stack button[type=submit]").click()
    expect(page.locator(".flash[data-color='success']")).to_be_visible()


def test_story_from_idea_to_published(page: Page, live_server: str, sign_in) -> None:
    sign_in(EDITOR)
    page.goto(f"{live_server}/m/innherred/posts/new")

    page.locator("#title").fill(TITLE)
    page.locator("#summary").fill("Ufrivillig deltid er nesten borte i helse og omsorg.")
    # Choosing a template shows its fields at once (JavaScript) and hides the others.
    page.locator("input[name=template][value='car']").check()
    car = page.locator(".template-fields[data-template='car']")
    expect(car).to_be_visible()
    expect(page.locator(".template-fields[data-template='free']")).to_be_hidden()
    page.locator("#section_car_challenge").fill(
        "I 2012 gikk femti ansatte i ufrivillig deltid. Mange var vikarer i årevis."
    )
    page.locator("#section_car_action").fill(
        "Kommunen, tillitsvalgte og verneombud laget årsturnus sammen."
    )
    page.locator("#section_car_result").fill("Nå er det fjorten. Flere har fått fast stilling.")
    # Klarspråk help updates while writing.
    expect(page.locator("#lix-score strong")).to_have_text(re.compile(r"^\d+$"))
    expect(page.locator("#lix-longest li")).to_have_count(3)
    # Switching template keeps what was written.
    page.locator("input[name=template][value='star']").check()
    page.locator("input[name=template][value='car']").check()
    expect(page.locator("#section_car_result")).to_have_value(re.compile("fjorten"))
    page.locator("label", has_text=re.compile("Ufrivillig deltid")).first.click()

    violations = run_axe(page)
    assert not violations, format_axe_violations(violations)

    with page.expect_navigation():
        page.locator("button[name=save_as][value=draft]").click()
    post_url = page.url
    expect(page.locator(".post-status--draft")).to_be_visible()
    expect(page.locator(".post-body")).to_contain_text("årsturnus")
    expect(page.locator(".result-chip")).to_contain_text("50")

    day = date.today() + timedelta(days=10)
    plan_publication(page, 1, day, "09:00")
    plan_publication(page, 2, day, "14:30")
    expect(page.locator("#publications tbody tr")).to_have_count(2)

    with page.expect_navigation():
        page.locator("form[action$='/status/submit'] button").click()
    expect(page.locator(".post-status--in_review")).to_be_visible()

    # The reviewer sees it among her tasks and approves it.
    forget_the_session(page)
    sign_in(REVIEWER)
    page.goto(f"{live_server}/m/innherred/")
    expect(page.locator("#tasks-review-heading + ol")).to_contain_text(TITLE)
    page.goto(post_url)
    with page.expect_navigation():
        page.locator("form[action$='/status/approve'] button").click()
    expect(page.locator(".post-status--approved")).to_be_visible()

    # The editor marks the first publication as published, with its address.
    forget_the_session(page)
    sign_in(EDITOR)
    page.goto(post_url)
    first = page.locator("#publications tbody tr").first
    first.locator("input[name=url]").fill("https://www.facebook.com/innherred/posts/1")
    with page.expect_navigation():
        first.locator(".published-form button").click()
    # It is planned ten days ahead: the page asks whether it went out now, keeping the address.
    first = page.locator("#publications tbody tr").first
    expect(first.locator("input[name=url]")).to_have_value(
        "https://www.facebook.com/innherred/posts/1"
    )
    first.locator("input[name=confirm_early]").check()
    with page.expect_navigation():
        first.locator(".published-form button").click()
    expect(page.locator("#publications tbody tr").first).to_contain_text(
        re.compile("Publisert|Published")
    )

    # The calendar shows both publications in the week and the month view.
    for view in ("week", "month", "agenda"):
        page.goto(f"{live_server}/m/innherred/calendar/?view={view}&date={day.isoformat()}")
        expect(page.get_by_role("link", name=TITLE, exact=True)).to_have_count(2)
    assert not page.console_errors, page.console_errors
