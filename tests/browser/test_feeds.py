"""Making a private feed link in the browser: the page that shows it once passes axe, and the
address it shows is a calendar that works — and stops working when the link is revoked."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import format_axe_violations, run_axe

EDITOR = "redaktor@afjord.demo"


def test_make_use_and_revoke_a_feed_link(page: Page, live_server: str, sign_in) -> None:
    sign_in(EDITOR)
    page.goto(f"{live_server}/m/afjord/feeds/")
    page.locator("#name").fill("Outlook på jobben")
    with page.expect_navigation():
        page.locator("form[action$='/feeds/new'] button[type=submit]").click()
    address = page.locator("#calendar-https").input_value()
    assert "/feeds/" in address and address.endswith(".ics")
    violations = run_axe(page)
    assert not violations, format_axe_violations(violations)

    feed = page.request.get(address)
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VCALENDAR" in feed.text()
    for fmt in ("rss", "atom"):
        assert page.request.get(address.replace(".ics", f".{fmt}")).status == 200

    page.goto(f"{live_server}/m/afjord/feeds/")
    row = page.locator("tr", has_text="Outlook på jobben")
    last_used = row.locator("td").nth(2)  # shows, made, last used
    expect(last_used.locator("time")).to_have_count(1)
    violations = run_axe(page)
    assert not violations, format_axe_violations(violations)
    with page.expect_navigation():
        row.locator("a[href$='/revoke']").click()
    # A page that says what revoking does; the address works until its button is pressed.
    assert page.request.get(address).status == 200
    violations = run_axe(page)
    assert not violations, format_axe_violations(violations)
    with page.expect_navigation():
        page.locator("form[action$='/revoke'] button[type=submit]").click()
    assert page.request.get(address).status == 404
    assert not page.console_errors, page.console_errors


def test_public_feeds_of_the_demo(page: Page, live_server: str) -> None:
    for path in ("/public/afjord/calendar.ics", "/public/innherred/posts.rss"):
        assert page.request.get(f"{live_server}{path}").status == 200, path
    page.goto(f"{live_server}/public/afjord/")
    violations = run_axe(page)
    assert not violations, format_axe_violations(violations)
    assert page.request.get(f"{live_server}/public/rissa/calendar.ics").status == 404
