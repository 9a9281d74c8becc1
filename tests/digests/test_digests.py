"""Daily and weekly digests: when they are due, what they hold, and that they are mailed once."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from planner.auth.models import User
from planner.core.extensions import db
from planner.core.localtime import to_utc, utcnow, zone_of
from planner.coverage.services import gap_summary
from planner.digests import services
from planner.jobs.models import Job
from planner.notifications.models import MailState, Notification, NotificationPreference
from planner.posts.models import Post, Publication
from planner.posts.workflow import apply_transition
from planner.strategy.models import Channel, Goal, Strategy
from tests.notifications.conftest import html_of, run_worker, text_of

#: Monday 7 December 2026 in Oslo (UTC+1): 06:30, 07:05 and 08:05 local.
MONDAY_0630 = datetime(2026, 12, 7, 5, 30, tzinfo=UTC)
MONDAY_0705 = datetime(2026, 12, 7, 6, 5, tzinfo=UTC)
MONDAY_0805 = datetime(2026, 12, 7, 7, 5, tzinfo=UTC)
TUESDAY_0805 = MONDAY_0805 + timedelta(days=1)


def choose(user, kind: str, delivery: str) -> None:
    db.session.add(NotificationPreference(user_id=user.id, kind=kind, delivery=delivery))
    db.session.commit()


def digest_jobs() -> list[tuple[str, str, str]]:
    jobs = db.session.scalars(
        sa.select(Job).where(Job.kind.like("digest.%"), Job.kind != "digest.schedule")
    )
    emails = dict(db.session.execute(sa.select(User.id, User.email)).all())
    return sorted((job.kind, emails[job.payload["user"]], job.payload["day"]) for job in jobs)


@pytest.fixture
def people(two_municipalities):
    return two_municipalities["people"]


@pytest.fixture
def alfa(two_municipalities):
    return two_municipalities["a"]


def test_the_daily_digest_is_due_at_seven_and_the_weekly_on_monday_at_eight(alfa, people):
    choose(people["editor"], "daily_digest", "email")

    services.plan_digests(MONDAY_0630)
    assert digest_jobs() == []

    services.plan_digests(MONDAY_0705)
    services.plan_digests(MONDAY_0705 + timedelta(minutes=30))  # the same day: nothing new
    assert digest_jobs() == [("digest.daily", "editor@alfa.kommune.no", "2026-12-07")]

    services.plan_digests(MONDAY_0805)
    # Reviewers and administrators get the weekly one unless they say no; Beta's too.
    assert digest_jobs() == [
        ("digest.daily", "editor@alfa.kommune.no", "2026-12-07"),
        ("digest.weekly", "admin@alfa.kommune.no", "2026-12-07"),
        ("digest.weekly", "admin@beta.kommune.no", "2026-12-07"),
        ("digest.weekly", "reviewer@alfa.kommune.no", "2026-12-07"),
    ]

    services.plan_digests(TUESDAY_0805)
    assert ("digest.daily", "editor@alfa.kommune.no", "2026-12-08") in digest_jobs()
    assert not [job for job in digest_jobs() if job[0] == "digest.weekly" and job[2] > "2026-12-07"]


def test_someone_who_says_no_to_the_weekly_digest_does_not_get_it(alfa, people):
    choose(people["reviewer"], "weekly_digest", "off")
    services.plan_digests(MONDAY_0805)
    assert "reviewer@alfa.kommune.no" not in {email for _, email, _ in digest_jobs()}


@pytest.fixture
def channel(alfa) -> Channel:
    channel = Channel(municipality_id=alfa.id, name="Intranett", kind="intranet", reach="internal")
    db.session.add(channel)
    db.session.commit()
    return channel


def make_post(alfa, owner, title: str, status: str = "draft") -> Post:
    post = Post(
        municipality_id=alfa.id,
        title=title,
        status=status,
        body="Ufrivillig deltid ned fra 50 til 14.",
        owner_id=owner.id,
        created_by_id=owner.id,
    )
    db.session.add(post)
    db.session.commit()
    return post


def plan_at(post: Post, channel: Channel, moment: datetime) -> Publication:
    publication = Publication(
        municipality_id=post.municipality_id,
        post_id=post.id,
        channel_id=channel.id,
        publish_at=moment,
    )
    db.session.add(publication)
    db.session.commit()
    return publication


def test_the_daily_digest_tells_the_day_the_reviews_waiting_and_the_overdue(
    alfa, people, channel, mailbox
):
    zone = zone_of(alfa)
    today = utcnow().astimezone(zone).date()
    editor, reviewer = people["editor"], people["reviewer"]
    choose(reviewer, "daily_digest", "email")
    choose(reviewer, "review_requested", "digest")
    waiting = make_post(alfa, editor, "Til vurdering")
    apply_transition(waiting, "submit", role="editor", actor=editor, municipality=alfa)
    db.session.commit()
    plan_at(
        make_post(alfa, editor, "Dagens sak", "approved"), channel, to_utc(today, time(12), zone)
    )
    plan_at(make_post(alfa, reviewer, "Gikk ikke ut"), channel, utcnow() - timedelta(days=3))

    [notification] = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == reviewer.id)
    ).all()
    assert notification.mail_state == MailState.DIGEST, "waits for the digest, not mailed at once"
    services.plan_digests(to_utc(today, time(7, 30), zone))
    db.session.commit()
    run_worker()

    [digest] = [m for m in mailbox.to(reviewer.email) if m["Subject"].startswith("Planner for")]
    text = text_of(digest)
    assert digest["Subject"].endswith(": Alfa kommune")
    assert "editor Alfa submitted “Til vurdering” for review." in text
    assert "Going out today" in text and "12:00 · Intranett · Dagens sak" in text
    assert "Waiting for your review\n- Til vurdering" in text
    assert "Your overdue publications" in text and "Intranett · Gikk ikke ut" in text
    assert f"/m/alfa/posts/{waiting.id}" in html_of(digest)
    assert digest["List-Unsubscribe"].endswith("/account/notifications/>")
    assert [m for m in mailbox.to(reviewer.email) if "For your review" in m["Subject"]] == []
    db.session.expire_all()
    assert db.session.get(Notification, notification.id).mail_state == MailState.SENT

    mailbox.messages.clear()
    services.plan_digests(to_utc(today, time(9), zone))
    db.session.commit()
    run_worker()
    assert [m for m in mailbox.to(reviewer.email) if m["Subject"].startswith("Planner for")] == []


def test_an_empty_daily_digest_is_not_sent(alfa, people, mailbox):
    choose(people["viewer"], "daily_digest", "email")
    zone = zone_of(alfa)
    today = utcnow().astimezone(zone).date()
    services.plan_digests(to_utc(today, time(7, 30), zone))
    db.session.commit()
    run_worker()
    assert mailbox.to(people["viewer"].email) == []


def test_the_weekly_digest_lists_the_plans_most_important_gaps(alfa, people, channel, mailbox):
    strategy = Strategy(
        municipality_id=alfa.id,
        title="Kommunikasjonsstrategi",
        period_start=date(2026, 1, 1),
        period_end=date(2028, 12, 31),
        status="active",
    )
    goal = Goal(
        municipality_id=alfa.id,
        strategy=strategy,
        title="Heltidskultur",
        theme="heltid",
        position=1,
    )
    db.session.add_all([strategy, goal])
    db.session.commit()
    zone = zone_of(alfa)
    today = utcnow().astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    # The goal's one publication is in three weeks: in the report's default period (the next
    # four weeks), not in the week ahead the digest is about.
    later = make_post(alfa, people["editor"], "Om tre uker")
    later.goals.append(goal)
    plan_at(later, channel, to_utc(monday + timedelta(days=21), time(9), zone))
    assert not [
        group
        for group in gap_summary(alfa, today=monday, now=utcnow(), review_days=3).groups
        if group.kind == "goals"
    ]
    services.plan_digests(to_utc(monday, time(8, 30), zone))
    db.session.commit()
    run_worker()

    [weekly] = [m for m in mailbox.to(people["reviewer"].email) if "gaps" in m["Subject"]]
    assert weekly["Subject"].startswith(f"The plan's gaps, week {monday.isocalendar().week}")
    assert "Goals with no publication (1)" in text_of(weekly)
    assert "Heltidskultur: No publication serves this goal in the period." in text_of(weekly)
    sunday = monday + timedelta(days=6)
    assert (
        f"/m/alfa/coverage/?period=custom&start={monday.isoformat()}&end={sunday.isoformat()}"
        in text_of(weekly)
    )
    assert mailbox.to(people["editor"].email) == [], "editors do not get the weekly digest"


def test_choosing_the_digest_for_a_notification_needs_the_daily_digest(client, auth, people):
    auth.login("reviewer@alfa.kommune.no")
    response = client.post(
        "/account/notifications/",
        data={
            "review_requested": "digest",
            "sent_back": "app",
            "approved": "email",
            "commented": "app",
            "mentioned": "email",
            "due_soon": "email",
            "overdue": "email",
            "deadline_passed": "email",
            "daily_digest": "off",
            "weekly_digest": "email",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You chose the daily digest for some notifications" in page
    assert re.search(r'<input checked[^>]*name="review_requested"[^>]*value="digest"', page), (
        "the choice is kept"
    )
    assert db.session.scalars(sa.select(NotificationPreference)).all() == []
