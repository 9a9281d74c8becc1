"""Approval deadlines: working days before the first planned publication, Norwegian holidays
skipped, in the municipality's zone."""

from datetime import UTC, date, datetime, time
from types import SimpleNamespace

import pytest

from planner.core.extensions import db
from planner.posts.deadlines import deadline_for, review_deadlines, working_days_before


@pytest.mark.parametrize(
    ("first_day", "count", "approve_by"),
    [
        # Monday: two working days back is the Thursday before, over the weekend.
        (date(2026, 12, 14), 2, date(2026, 12, 10)),
        # Wednesday: plain weekdays.
        (date(2026, 12, 16), 2, date(2026, 12, 14)),
        # Tuesday after Easter 2027: Easter Monday, Good Friday and Maundy Thursday are holidays.
        (date(2027, 3, 30), 2, date(2027, 3, 23)),
        # Tuesday 18 May 2027: 17 May is a Monday and a holiday.
        (date(2027, 5, 18), 2, date(2027, 5, 13)),
        # Christmas: 25 and 26 December and 1 January are holidays, 24 and 31 December are not.
        (date(2026, 12, 28), 1, date(2026, 12, 24)),
        (date(2027, 1, 4), 3, date(2026, 12, 29)),
        # None: the day itself, or the working day before a weekend or holiday.
        (date(2026, 12, 16), 0, date(2026, 12, 16)),
        (date(2026, 12, 13), 0, date(2026, 12, 11)),
        (date(2027, 5, 17), 0, date(2027, 5, 14)),
    ],
)
def test_working_days_before_skip_weekends_and_norwegian_holidays(first_day, count, approve_by):
    assert working_days_before(first_day, count) == approve_by


def test_the_first_day_is_the_local_day_of_the_publication():
    oslo = SimpleNamespace(timezone="Europe/Oslo", review_working_days=1)
    # 23:30 UTC on Tuesday is 00:30 on Wednesday in Oslo: Tuesday is one working day before.
    tuesday_night_utc = datetime(2026, 12, 15, 23, 30, tzinfo=UTC)
    deadline = deadline_for(tuesday_night_utc, oslo, today=date(2026, 12, 7))
    assert deadline.approve_by == date(2026, 12, 15)
    assert not deadline.passed
    # In New York it is still Tuesday evening: Monday is.
    new_york = SimpleNamespace(timezone="America/New_York", review_working_days=1)
    assert deadline_for(tuesday_night_utc, new_york).approve_by == date(2026, 12, 14)


def test_a_deadline_passes_when_its_day_is_over():
    oslo = SimpleNamespace(timezone="Europe/Oslo", review_working_days=2)
    first = datetime(2026, 12, 14, 8, tzinfo=UTC)
    assert not deadline_for(first, oslo, today=date(2026, 12, 10)).passed
    assert deadline_for(first, oslo, today=date(2026, 12, 11)).passed


def test_only_posts_not_yet_approved_with_a_planned_publication_have_a_deadline(
    plan, make_post, make_publication
):
    waiting = make_post("in_review")
    make_publication(waiting, date(2027, 5, 19), time(9))
    make_publication(waiting, date(2027, 5, 18), time(9))  # the first one counts
    approved = make_post("approved")
    make_publication(approved, date(2027, 5, 18))
    unplanned = make_post("draft")

    deadlines = review_deadlines([waiting, approved, unplanned], plan.municipality)

    assert set(deadlines) == {waiting.id}
    assert deadlines[waiting.id].approve_by == date(2027, 5, 13)


def test_the_setting_changes_the_deadline(plan, make_post, make_publication):
    post = make_post("draft")
    make_publication(post, date(2027, 5, 18), time(9))
    plan.municipality.review_working_days = 5
    db.session.commit()
    assert review_deadlines([post], plan.municipality)[post.id].approve_by == date(2027, 5, 10)


def test_the_post_page_and_my_tasks_say_when_to_approve_by(
    plan, make_post, make_publication, client_as
):
    post = make_post("in_review", title="Heltid i Hamar")
    make_publication(post, date(2027, 5, 18), time(9))
    admin = client_as("admin")

    page = admin.get(f"/m/alfa/posts/{post.id}").text
    assert "Approve by Thursday, May 13, 2027" in page
    assert "2 working days before its first publication, Tuesday, May 18, 2027 at 9:00 AM." in page

    assert "Approve by Thursday, May 13, 2027" in admin.get("/m/alfa/").text


def test_a_passed_deadline_is_marked_on_the_post_page(plan, make_post, make_publication, client_as):
    post = make_post("in_review")
    make_publication(post, date(2026, 12, 1), time(9))  # already past
    page = client_as("admin").get(f"/m/alfa/posts/{post.id}").text
    assert "Approval deadline passed: Friday, November 27, 2026" in page
