"""Rescheduling in the calendar, in a real browser: by drag-and-drop (the script) and by keyboard
(the week's Reschedule link, which opens the calendar's move form, and the publication form).
Either way the local time of day is kept, also across the switch to summer time, and the result
is announced in the page's live region, with an Undo that moves it back.

The publications are made through the services in the live server's own database (the demo is
loaded there too), each with a title of its own so the tests do not depend on the demo stories.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from planner import create_app
from planner.auth.services import find_user_by_email
from planner.core.extensions import db
from planner.core.localtime import local_today
from planner.municipalities.services import find_municipality
from planner.posts import services as posts
from planner.strategy.models import Channel
from tests.browser.conftest import console_errors
from tests.browser.test_keyboard import tab_to
from tests.conftest import settings_for

EDITOR = "redaktor@afjord.demo"
READER = "leser@afjord.demo"
SLUG = "afjord"


@pytest.fixture(scope="module")
def live_app(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """An app on the live server's database (the SQLite file the live_server fixture made)."""
    found = sorted(tmp_path_factory.getbasetemp().glob("live-server[0-9]*/planner.sqlite3"))
    assert len(found) == 1, f"expected the live server's one database, found {found}"
    return create_app(settings_for(f"sqlite:///{found[0]}"))


@pytest.fixture
def plan_publication(live_app: Flask) -> Callable[[date, time | None], tuple[int, str]]:
    """Plan a new draft story on the editor's first channel; returns (publication id, title)."""

    def plan(day: date, at: time | None) -> tuple[int, str]:
        title = f"Kalendertest {uuid.uuid4().hex[:8]}"
        with live_app.app_context():
            municipality = find_municipality(SLUG)
            editor = find_user_by_email(EDITOR)
            channel = db.session.scalar(
                sa.select(Channel)
                .where(Channel.municipality_id == municipality.id, Channel.active.is_(True))
                .order_by(Channel.name)
            )
            post = posts.create_post(
                municipality, {"title": title, "kind": "story"}, actor=editor, status="draft"
            )
            publication = posts.add_publication(
                post,
                {"channel": channel.id, "day": day, "at": at, "all_day": at is None},
                actor=editor,
                municipality=municipality,
            )
            db.session.commit()
            return publication.id, title

    return plan


def calendar_url(live_server: str, view: str, day: date) -> str:
    return f"{live_server}/m/{SLUG}/calendar/?view={view}&date={day.isoformat()}"


def test_drag_and_drop_keeps_the_time_of_day_across_dst(
    page: Page, live_server: str, sign_in, plan_publication, axe
) -> None:
    # Summer time starts on Sunday 28 March 2027: 09:30 on Friday the 26th is 08:30 UTC,
    # 09:30 on Tuesday the 30th is 07:30 UTC.
    before, after = date(2027, 3, 26), date(2027, 3, 30)
    publication_id, title = plan_publication(before, time(9, 30))
    sign_in(EDITOR)
    page.goto(calendar_url(live_server, "month", before))

    item = page.locator(f"#publication-{publication_id}")
    expect(item).to_have_attribute("draggable", "true")
    expect(page.locator("[data-drag-hint]")).to_be_visible()
    expect(item.locator(".calendar-item__when time")).to_have_text("09:30")
    target = page.locator(f'td[data-day="{after.isoformat()}"]')
    item.drag_to(target)

    status = page.locator("#calendar-status")
    expect(status).to_contain_text(title)
    expect(status).to_contain_text("09:30")
    expect(status).to_have_attribute("aria-live", "polite")
    moved = target.locator(f"#publication-{publication_id}")
    expect(moved).to_be_visible()
    expect(moved.locator(".calendar-item__when time")).to_have_text("09:30")
    expect(moved.locator(".calendar-item__when time")).to_have_attribute(
        "datetime", f"{after.isoformat()}T09:30"
    )
    assert axe(page) == []

    # The server agrees: after a reload it is on the new day, still at 09:30.
    page.reload()
    again = page.locator(f'td[data-day="{after.isoformat()}"] #publication-{publication_id}')
    expect(again.locator(".calendar-item__when time")).to_have_text("09:30")
    expect(page.locator(f"#publication-{publication_id}")).to_have_count(1)


def test_drag_and_drop_in_the_week_view(
    page: Page, live_server: str, sign_in, plan_publication
) -> None:
    monday = date.today() - timedelta(days=date.today().weekday()) + timedelta(weeks=12)
    publication_id, title = plan_publication(monday + timedelta(days=1), time(14, 15))
    sign_in(EDITOR)
    page.goto(calendar_url(live_server, "week", monday))
    thursday = page.locator(f'li[data-day="{(monday + timedelta(days=3)).isoformat()}"]')
    expect(thursday.locator("[data-empty]")).to_be_visible()
    page.locator(f"#publication-{publication_id}").drag_to(thursday)
    expect(page.locator("#calendar-status")).to_contain_text(title)
    moved = thursday.locator(f"#publication-{publication_id}")
    expect(moved.locator(".calendar-item__when time")).to_have_text("14:15")
    expect(thursday.locator("[data-empty]")).to_be_hidden()
    tuesday = page.locator(f'li[data-day="{(monday + timedelta(days=1)).isoformat()}"]')
    expect(tuesday.locator("[data-empty]")).to_be_visible()


def test_reschedule_with_the_keyboard(
    page: Page, live_server: str, sign_in, plan_publication
) -> None:
    """The week's Reschedule link opens the calendar's move form; the move goes back to the week
    with the message and an Undo form (shown once), which moves it back."""
    monday = date.today() - timedelta(days=date.today().weekday()) + timedelta(weeks=14)
    wednesday, saturday = monday + timedelta(days=2), monday + timedelta(days=5)
    publication_id, title = plan_publication(wednesday, time(7, 45))
    sign_in(EDITOR)
    start = calendar_url(live_server, "week", monday)
    page.goto(start)

    reschedule = page.locator(f"#publication-{publication_id} a[href*='move={publication_id}']")
    tab_to(page, reschedule, limit=200)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    panel = page.locator("#move-panel")
    expect(panel).to_contain_text(title)
    day = panel.locator("#move-day")
    tab_to(page, day)  # the anchor puts the next Tab in the form
    day.fill(saturday.isoformat())
    submit = panel.locator("button[type=submit]")
    tab_to(page, submit)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == start, page.url  # back to the calendar it came from
    moved = page.locator(f'li[data-day="{saturday.isoformat()}"] #publication-{publication_id}')
    expect(moved).to_contain_text(title)
    expect(moved.locator(".calendar-item__when time")).to_have_text("07:45")
    expect(page.locator(".flash")).to_contain_text(title)
    undo = page.locator(".calendar-undo-form button[type=submit]")
    expect(undo).to_have_count(1)
    tab_to(page, undo, limit=60)  # right after the message, at the top of the main content
    with page.expect_navigation():
        page.keyboard.press("Enter")
    back = page.locator(f'li[data-day="{wednesday.isoformat()}"] #publication-{publication_id}')
    expect(back.locator(".calendar-item__when time")).to_have_text("07:45")
    expect(page.locator(".calendar-undo-form")).to_have_count(0)  # no Undo of the Undo
    page.reload()
    expect(page.locator(".calendar-undo-form")).to_have_count(0)


def test_change_the_time_from_the_move_form(
    page: Page, live_server: str, sign_in, plan_publication
) -> None:
    """The time, channel or text are changed on the post's publication form, linked from the
    calendar's move form; it comes back to the calendar."""
    monday = date.today() - timedelta(days=date.today().weekday()) + timedelta(weeks=15)
    wednesday = monday + timedelta(days=2)
    publication_id, title = plan_publication(wednesday, time(7, 45))
    sign_in(EDITOR)
    start = calendar_url(live_server, "week", monday)
    page.goto(f"{start}&move={publication_id}#move-panel")
    link = page.locator(f"#move-panel a[href*='/publications/{publication_id}/edit']")
    tab_to(page, link, limit=20)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator("#at").fill("10:15")
    with page.expect_navigation():
        page.locator("#publication-form button[type=submit]").click()
    assert page.url == start, page.url
    moved = page.locator(f'li[data-day="{wednesday.isoformat()}"] #publication-{publication_id}')
    expect(moved).to_contain_text(title)
    expect(moved.locator(".calendar-item__when time")).to_have_text("10:15")


def test_undo_after_a_drag(page: Page, live_server: str, sign_in, plan_publication, axe) -> None:
    """After a drag the message says Undo is available and the Undo button is the next Tab stop
    after it, without taking the focus; Undo puts it back on its day at its time."""
    monday = date.today() - timedelta(days=date.today().weekday()) + timedelta(weeks=16)
    tuesday, friday = monday + timedelta(days=1), monday + timedelta(days=4)
    publication_id, title = plan_publication(tuesday, time(11, 5))
    sign_in(EDITOR)
    page.goto(calendar_url(live_server, "week", monday))
    undo = page.locator("[data-undo] button")
    expect(undo).to_be_hidden()
    item = page.locator(f"#publication-{publication_id}")
    item.drag_to(page.locator(f'li[data-day="{friday.isoformat()}"]'))
    status = page.locator("#calendar-status")
    expect(status).to_contain_text(title)
    expect(undo).to_be_visible()
    expect(undo).not_to_be_focused()  # the focus stays where it was
    expect(undo).to_contain_text(title)  # its screen reader text names the post
    assert axe(page) == []
    # Tab from the status region's neighbourhood: the drag hint is not focusable, so the first
    # Tab after focusing the pager's last button lands on Undo.
    page.locator(".calendar-pager a[rel=next]").focus()
    page.keyboard.press("Tab")
    expect(undo).to_be_focused()
    page.keyboard.press("Enter")
    back = page.locator(f'li[data-day="{tuesday.isoformat()}"] #publication-{publication_id}')
    expect(back.locator(".calendar-item__when time")).to_have_text("11:05")
    expect(back.locator(".calendar-item__when time")).to_have_attribute(
        "datetime", f"{tuesday.isoformat()}T11:05"
    )
    expect(undo).to_be_hidden()
    expect(back.locator(".calendar-item__title a")).to_be_focused()  # not lost with the button
    expect(status).to_contain_text(title)
    page.reload()
    again = page.locator(f'li[data-day="{tuesday.isoformat()}"] #publication-{publication_id}')
    expect(again.locator(".calendar-item__when time")).to_have_text("11:05")


def test_undo_is_refused_after_someone_else_moved_it(
    page: Page, live_server: str, live_app: Flask, sign_in, plan_publication
) -> None:
    monday = date.today() - timedelta(days=date.today().weekday()) + timedelta(weeks=17)
    tuesday, friday = monday + timedelta(days=1), monday + timedelta(days=4)
    publication_id, _title = plan_publication(tuesday, time(11, 5))
    sign_in(EDITOR)
    page.goto(calendar_url(live_server, "week", monday))
    page.locator(f"#publication-{publication_id}").drag_to(
        page.locator(f'li[data-day="{friday.isoformat()}"]')
    )
    undo = page.locator("[data-undo] button")
    expect(undo).to_be_visible()
    with live_app.app_context():  # someone else moves it on, to Sunday
        publication = posts.get_publication(find_municipality(SLUG), publication_id)
        posts.move_publication(
            publication,
            monday + timedelta(days=6),
            actor=find_user_by_email(EDITOR),
            municipality=find_municipality(SLUG),
            expected_version=publication.version,
        )
        db.session.commit()
    undo.click()
    status = page.locator("#calendar-status")
    expect(status).to_have_class(re.compile("calendar-status--error"))
    # The browser logs the refusal (409) as a failed resource load: expected here.
    errors = console_errors(page)
    refusals = [entry for entry in errors if "409" in entry.text and "/move" in entry.source_url]
    assert refusals, errors
    errors[:] = [entry for entry in errors if entry not in refusals]
    page.reload()
    sunday = (monday + timedelta(days=6)).isoformat()
    expect(page.locator(f'li[data-day="{sunday}"] #publication-{publication_id}')).to_have_count(1)


def test_the_idea_backlog_folds_and_the_calendar_takes_the_width(
    page: Page, live_server: str, sign_in
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(EDITOR)
    page.goto(calendar_url(live_server, "month", date.today()))
    calendar = page.locator("section[data-calendar]")
    fold = page.locator("[data-backlog-fold]")
    expect(fold).to_have_attribute("open", "")
    wide = calendar.bounding_box()
    page.locator("#backlog-summary").click()
    expect(fold).not_to_have_attribute("open", "")
    folded = calendar.bounding_box()
    assert wide and folded and folded["width"] > wide["width"] + 200, (wide, folded)
    # Remembered in this browser.
    page.reload()
    expect(fold).not_to_have_attribute("open", "")
    page.locator("#backlog-summary").click()
    page.reload()
    expect(fold).to_have_attribute("open", "")


@pytest.mark.parametrize("email", [EDITOR, READER])
def test_calendar_views_are_accessible_and_valid(
    page: Page, live_server: str, sign_in, plan_publication, axe, vnu, email: str
) -> None:
    today = local_today(ZoneInfo("Europe/Oslo"))
    plan_publication(today, None)  # so that the agenda shows today as well
    sign_in(email)
    documents = {}
    for view in ("month", "week", "agenda"):
        response = page.goto(calendar_url(live_server, view, today))
        assert response is not None and response.status == 200
        expect(page.locator('[aria-current="date"]')).to_have_count(1)
        assert axe(page) == [], view
        documents[view] = response.text()
    assert vnu(documents) == {view: [] for view in documents}
