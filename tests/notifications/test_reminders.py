"""Reminders the clock causes: due within 24 hours, overdue, and approval deadlines passed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.notifications import reminders
from planner.notifications.models import Notification
from planner.posts.models import Post, Publication
from planner.strategy.models import Channel
from tests.notifications.conftest import run_worker, text_of


@pytest.fixture
def channel(two_municipalities) -> Channel:
    channel = Channel(
        municipality_id=two_municipalities["a"].id,
        name="Intranett",
        kind="intranet",
        reach="internal",
    )
    db.session.add(channel)
    db.session.commit()
    return channel


@pytest.fixture
def plan_post(two_municipalities, channel):
    """A post of the editor's in Alfa, in `status`, with one publication `in_` from now."""
    editor = two_municipalities["people"]["editor"]

    def make(status: str, in_: timedelta, title: str = "Heltid i Alfa") -> Publication:
        post = Post(
            municipality_id=two_municipalities["a"].id,
            title=title,
            status=status,
            body="Ufrivillig deltid ned fra 50 til 14.",
            owner_id=editor.id,
            created_by_id=editor.id,
        )
        db.session.add(post)
        db.session.flush()
        publication = Publication(
            municipality_id=post.municipality_id,
            post_id=post.id,
            channel_id=channel.id,
            publish_at=(utcnow() + in_).replace(microsecond=0),
        )
        db.session.add(publication)
        db.session.commit()
        return publication

    return make


def told(kind: str) -> list[tuple[str, str]]:
    return [
        (n.user.email, n.title)
        for n in db.session.scalars(
            sa.select(Notification).where(Notification.kind == kind).order_by(Notification.id)
        )
    ]


def scan() -> None:
    reminders.scan(None)  # type: ignore[arg-type]
    db.session.commit()


def test_due_within_a_day_and_not_approved_reminds_the_responsible_and_the_reviewers(
    plan_post,
):
    plan_post("draft", timedelta(hours=5), "Snart ute")
    plan_post("in_review", timedelta(hours=23), "I morgen tidlig")
    plan_post("approved", timedelta(hours=5), "Godkjent")
    plan_post("draft", timedelta(hours=25), "Om to dager")

    scan()

    assert sorted(told("due_soon")) == [
        ("admin@alfa.kommune.no", "I morgen tidlig"),
        ("admin@alfa.kommune.no", "Snart ute"),
        ("editor@alfa.kommune.no", "I morgen tidlig"),
        ("editor@alfa.kommune.no", "Snart ute"),
        ("reviewer@alfa.kommune.no", "I morgen tidlig"),
        ("reviewer@alfa.kommune.no", "Snart ute"),
    ]


def test_a_reminder_is_told_once_and_again_only_when_the_publication_moves(plan_post):
    publication = plan_post("draft", timedelta(hours=5))
    scan()
    scan()
    assert len(told("due_soon")) == 3

    publication.publish_at += timedelta(hours=2)
    db.session.commit()
    scan()
    assert len(told("due_soon")) == 6, "a new time is a new reminder"


def test_an_overdue_publication_reminds_its_responsible_only_while_it_is_recent(plan_post):
    plan_post("draft", -timedelta(hours=1), "Gikk ikke ut")
    plan_post("draft", -timedelta(days=3), "For lenge siden")
    plan_post("approved", -timedelta(hours=1), "Godkjent og ute")

    scan()
    scan()

    assert told("overdue") == [("editor@alfa.kommune.no", "Gikk ikke ut")]


def test_a_passed_approval_deadline_is_escalated_to_the_administrators_once(
    two_municipalities, plan_post
):
    municipality = two_municipalities["a"]
    municipality.review_working_days = 20
    db.session.commit()
    plan_post("draft", timedelta(days=5), "Sent ute")
    plan_post("approved", timedelta(days=5), "Godkjent i tide")

    scan()
    scan()

    assert told("deadline_passed") == [("admin@alfa.kommune.no", "Sent ute")]


def test_a_deadline_not_yet_passed_is_not_escalated(two_municipalities, plan_post):
    two_municipalities["a"].review_working_days = 0
    db.session.commit()
    plan_post("draft", timedelta(days=10))
    scan()
    assert told("deadline_passed") == []


def test_the_worker_runs_the_reminders_and_mails_them(plan_post, mailbox):
    plan_post("draft", timedelta(hours=3), "Snart ute")

    run_worker()  # makes this quarter's reminder job, runs it, and then the mails it enqueued
    run_worker()

    def about_it(address: str) -> list:  # (a digest may be due too, on the day the test runs)
        return [mail for mail in mailbox.to(address) if "Snart ute" in mail["Subject"]]

    [mail] = about_it("editor@alfa.kommune.no")
    assert mail["Subject"] == "Goes out within 24 hours, not approved: “Snart ute”"
    assert "“Snart ute” goes out on Intranett at " in text_of(mail)
    assert "and is not approved yet." in text_of(mail)
    assert len(about_it("reviewer@alfa.kommune.no")) == 1
    # The administrator is a reviewer too, and is told that the approval deadline has passed.
    assert sorted(mail["Subject"] for mail in about_it("admin@alfa.kommune.no")) == [
        "Approval deadline passed: “Snart ute”",
        "Goes out within 24 hours, not approved: “Snart ute”",
    ]


def test_the_deadline_scan_reads_only_the_days_whose_deadline_has_passed():
    from datetime import date

    # Monday 7 December 2026, two working days: Tuesday the 8th had to be approved by Friday the
    # 4th (passed); Wednesday the 9th by Monday the 7th (today: not passed yet).
    assert reminders.last_day_past_deadline(date(2026, 12, 7), 2) == date(2026, 12, 8)
    # Saturday the 12th: Tuesday the 15th needed Friday the 11th (passed); Wednesday the 16th
    # needs Monday the 14th (ahead).
    assert reminders.last_day_past_deadline(date(2026, 12, 12), 2) == date(2026, 12, 15)
    # No working days: only a weekend's own days are past (their deadline was Friday).
    assert reminders.last_day_past_deadline(date(2026, 12, 7), 0) is None
    assert reminders.last_day_past_deadline(date(2026, 12, 12), 0) == date(2026, 12, 13)
