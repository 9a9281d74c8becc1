"""`flask --app planner generate`: synthetic municipalities for benchmarks, on both databases."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from planner.auth.models import User
from planner.core.extensions import db
from planner.core.localtime import day_start, utcnow
from planner.core.security import verify_password
from planner.feeds import content
from planner.feeds.tokens import create_token
from planner.municipalities.models import Membership, Municipality
from planner.posts.models import Post, Publication
from planner.results.models import Indicator, Measurement
from planner.strategy.models import Audience, Channel, Goal, Strategy
from tests.conftest import empty_all_tables

PASSWORD = "a long enough password"
OSLO = ZoneInfo("Europe/Oslo")


def generate(runner, *args: str, password: str | None = PASSWORD):
    extra = ["--password", password] if password else []
    return runner.invoke(args=["generate", *args, *extra], env={"PLANNER_GENERATE_PASSWORD": None})


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_counts_statuses_and_consistency(runner):
    result = generate(
        runner, "--municipalities", "2", "--posts", "40", "--seed", "3", password=None
    )
    assert result.exit_code == 0, result.output
    slugs = list(db.session.scalars(sa.select(Municipality.slug).order_by(Municipality.id)))
    assert slugs == ["test-1", "test-2"]
    assert db.session.scalar(sa.select(Municipality.name).limit(1)) == "Testkommune 1"

    # One member per role, each able to sign in with the password printed once.
    password = result.output.split("shown once: ", 1)[1].split(")", 1)[0]
    roles = db.session.execute(
        sa.select(Municipality.slug, Membership.role).join(Membership.municipality)
    ).all()
    assert sorted(roles) == sorted(
        (slug, role) for slug in slugs for role in ("admin", "editor", "reviewer", "viewer")
    )
    admin = db.session.scalar(sa.select(User).where(User.email == "admin@test-1.example"))
    assert verify_password(admin.password_hash, password) and admin.email in result.output

    # The plan: an active strategy with a goal per programme theme, both kinds of audience,
    # five channels with cadence, indicators with measurements.
    assert count(Strategy) == 2
    themes = set(db.session.scalars(sa.select(Goal.theme)))
    assert themes == {"omdomme", "heltid", "narvaer", "kompetanse", "rekruttering"}
    assert set(db.session.scalars(sa.select(Audience.reach))) == {"internal", "external"}
    kinds = set(db.session.scalars(sa.select(Channel.kind)))
    assert kinds == {"intranet", "facebook", "web", "newsletter", "press"}
    assert count(Indicator) == 12 and count(Measurement) > 5 * count(Indicator)

    posts = list(db.session.scalars(sa.select(Post).order_by(Post.id)))
    assert sorted(Counter(post.municipality_id for post in posts).values()) == [40, 40]
    publications = [p for post in posts for p in post.publications]
    for post in posts:
        assert 1 <= len(post.publications) <= 3
        channels = [p.channel_id for p in post.publications]
        assert len(set(channels)) == len(channels), "each publication on its own channel"
        assert post.goals and post.audiences
    # Published only when the post is approved; every publication has due_at and a sequence.
    for publication in publications:
        if publication.status == "published":
            assert publication.post.status == "approved"
            assert publication.published_at and publication.url.startswith("https://")
        assert publication.sequence is not None
        if publication.all_day:
            local_day = publication.publish_at.astimezone(OSLO).date()
            assert publication.due_at == day_start(local_day + timedelta(days=1), OSLO)
        else:
            assert publication.due_at == publication.publish_at
    # Statuses are spread, times run from about a year back to a year ahead, a few all day.
    assert {post.status for post in posts} == {"idea", "draft", "in_review", "approved", "archived"}
    assert {p.status for p in publications} == {"planned", "published", "cancelled"}
    now = utcnow()
    moments = [p.publish_at for p in publications]
    assert min(moments) >= now - timedelta(days=367) and max(moments) <= now + timedelta(days=367)
    assert min(moments) < now - timedelta(days=90) and max(moments) > now + timedelta(days=90)
    assert 0 < sum(p.all_day for p in publications) < len(publications) / 2
    # Everything recorded lies in the past.
    assert max(post.updated_at for post in posts) <= now
    assert max(p.updated_at for p in publications) <= now


def test_exact_publications_inside_the_feed_window(runner):
    result = generate(
        runner, "--posts", "20", "--publications", "50", "--publications-in-window", "--seed", "1"
    )
    assert result.exit_code == 0, result.output
    assert count(Post) == 20 and count(Publication) == 50
    config = current_app.config
    window = content.Window.around(
        utcnow(), days=config["FEED_WINDOW_DAYS"], cancelled_days=config["FEED_CANCELLED_DAYS"]
    )
    earliest = db.session.scalar(sa.select(sa.func.min(Publication.publish_at)))
    assert earliest >= window.start

    # The feed serves them: every publication not long cancelled is an event.
    municipality = db.session.scalar(sa.select(Municipality))
    admin = db.session.scalar(sa.select(User).where(User.email == "admin@test-1.example"))
    municipality.public_feeds = True
    issued = create_token(municipality, name="Alle", scope="all", scope_id=None, actor=admin)
    db.session.commit()
    response = current_app.test_client().get(f"/feeds/{issued.token}.ics")
    assert response.status_code == 200
    events = response.data.count(b"BEGIN:VEVENT")
    event_posts = count_event_posts()
    assert 40 <= events - event_posts <= 50


def count_event_posts() -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Post.id)).where(
            Post.kind == "event", Post.event_starts_at.is_not(None)
        )
    )


def snapshot() -> list[tuple]:
    posts = db.session.scalars(sa.select(Post).order_by(Post.id))
    rows = []
    for post in posts:
        rows.append(
            (
                post.title,
                post.kind,
                post.status,
                post.summary,
                post.body,
                post.created_at,
                post.updated_at,
                post.approved_at,
                post.owner.email,
                tuple(goal.title for goal in post.goals),
                tuple(audience.name for audience in post.audiences),
                tuple(
                    (p.channel.name, p.publish_at, p.all_day, p.due_at, p.status, p.sequence)
                    for p in post.publications
                ),
            )
        )
    values = db.session.execute(
        sa.select(Measurement.measured_on, Measurement.value).order_by(Measurement.id)
    ).all()
    return rows + [tuple(values)]


def test_the_same_seed_gives_the_same_data(runner):
    args = ("--posts", "15", "--seed", "42", "--today", "2026-03-10")
    assert generate(runner, *args).exit_code == 0
    first = snapshot()
    empty_all_tables()
    assert generate(runner, *args).exit_code == 0
    assert snapshot() == first
    empty_all_tables()
    assert generate(runner, "--posts", "15", "--seed", "43", "--today", "2026-03-10").exit_code == 0
    assert snapshot() != first
    # Centred on the day asked for.
    assert db.session.scalar(sa.select(sa.func.max(Post.updated_at))) < day_start(
        date(2026, 3, 10), OSLO
    )


def test_refuses_existing_slugs_and_impossible_counts(runner):
    assert generate(runner, "--posts", "5").exit_code == 0
    again = generate(runner, "--posts", "5")
    assert again.exit_code != 0 and "test-1" in again.output and "exist already" in again.output
    assert count(Municipality) == 1 and count(Post) == 5
    # Next to the earlier ones with --first.
    assert generate(runner, "--posts", "5", "--first", "2").exit_code == 0
    assert count(Municipality) == 2
    too_many = generate(runner, "--posts", "5", "--first", "3", "--publications", "16")
    assert too_many.exit_code != 0 and "between 5 and 15" in too_many.output
    short = generate(runner, "--posts", "5", "--first", "3", password="short")
    assert short.exit_code != 0 and "at least 12" in short.output
    assert count(Municipality) == 2
