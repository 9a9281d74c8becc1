"""What the demo holds for Levanger, Verdal, Ringerike and Øvre Eiker, and when its comments were
written."""

from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.core.localtime import utcnow, zone_of
from planner.demo.content import DemoStory, Reject, Say
from planner.demo.posts import story_moments
from planner.municipalities.models import Municipality
from planner.posts.models import Comment, Post
from planner.results.models import Indicator
from planner.strategy.models import Strategy


@pytest.fixture
def demo(runner) -> dict[str, Municipality]:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return {m.slug: m for m in db.session.scalars(sa.select(Municipality))}


@pytest.mark.parametrize("slug", ["levanger", "verdal"])
def test_levanger_and_verdal_have_an_active_strategy_and_posts(demo, slug):
    municipality = demo[slug]
    strategies = list(
        db.session.scalars(sa.select(Strategy).where(Strategy.municipality_id == municipality.id))
    )
    active = [strategy for strategy in strategies if strategy.status == "active"]
    assert len(active) == 1
    assert {"narvaer", "heltid"} <= {goal.theme for goal in active[0].goals}
    assert all(goal.owner is not None for goal in active[0].goals if goal.priority == 1)
    posts = list(db.session.scalars(sa.select(Post).where(Post.municipality_id == municipality.id)))
    assert 3 <= len(posts) <= 5
    assert {"idea", "draft", "in_review", "approved"} <= {post.status for post in posts}
    publications = {p.status for post in posts for p in post.publications}
    assert publications == {"planned", "published", "cancelled"}
    cited = {indicator.name for post in posts for indicator in post.indicators}
    assert {"Sykefravær", "Ufrivillig deltid i Levanger og Verdal"} <= cited
    assert any(post.comments for post in posts)


@pytest.mark.parametrize("slug", ["ringerike", "ovre-eiker"])
def test_ringerike_and_ovre_eiker_have_indicators_with_measurements(demo, slug):
    indicators = list(
        db.session.scalars(sa.select(Indicator).where(Indicator.municipality_id == demo[slug].id))
    )
    assert len(indicators) >= 2
    assert all(indicator.measurements for indicator in indicators)
    assert any(indicator.project is not None for indicator in indicators)
    posts = db.session.scalars(sa.select(Post).where(Post.municipality_id == demo[slug].id))
    assert any(post.indicators for post in posts)


def test_comment_times_are_ordered_after_their_post_and_in_working_hours(demo):
    now = utcnow()
    posts = [post for post in db.session.scalars(sa.select(Post)) if post.comments]
    assert len(posts) >= 10
    zones = {m.id: zone_of(m) for m in demo.values()}
    times = set()
    for post in posts:
        zone = zones[post.municipality_id]
        comments = sorted(post.comments, key=lambda comment: comment.id)
        moments = [comment.created_at for comment in comments]
        assert moments == sorted(moments), post.title
        assert post.created_at < moments[0] < now, post.title
        for moment in moments:
            local = moment.astimezone(zone)
            assert time(8) <= local.time() <= time(16) and local.weekday() < 5, post.title
        times.update(moments)
    assert len(times) > len(posts)
    # A send-back stays open until the post is submitted again.
    for rejection in db.session.scalars(sa.select(Comment).where(Comment.kind == "rejection")):
        post = rejection.post
        if post.status == "draft":
            assert post.submitted_at is not None and rejection.created_at >= post.submitted_at


def test_published_stories_were_approved_before_their_first_item_went_out(demo):
    for post in db.session.scalars(sa.select(Post).where(Post.approved_at.is_not(None))):
        published = [p.publish_at for p in post.publications if p.status == "published"]
        assert post.created_at <= post.submitted_at <= post.approved_at
        if published:
            assert post.approved_at < min(published), post.title


def _story(*steps) -> DemoStory:
    return DemoStory(title="En sak", summary="", template="free", sections={}, steps=steps)


def test_a_reply_comes_minutes_after_and_a_review_on_a_later_day():
    story = _story(
        "submit",
        Say("reviewer", "Se på tallene."),
        Say("editor", "Rettet."),
        Reject("Mangler sitat."),
        Say("editor", "Skal bli."),
    )
    today = date(2026, 12, 7)  # a Monday
    moments = story_moments(story, [(date(2026, 12, 10), False)], today)
    assert len(moments) == 6
    assert [day for day, _ in moments] == sorted(day for day, _ in moments)
    assert all(day < today and day.weekday() < 5 for day, _ in moments)
    created, submitted, comment, reply, rejected, answer = moments
    assert created[0] < submitted[0] < comment[0] and comment[0] == reply[0]
    assert comment[1] < reply[1] and rejected[0] > reply[0] and answer[0] == rejected[0]
    assert all(time(8) <= at <= time(16) for _, at in moments)


def test_steps_after_an_approval_that_lead_to_archive_come_after_its_items():
    story = _story("submit", "approve", Say("editor", "Arkiverer."), "archive")
    today = date(2026, 12, 9)
    went_out = date(2026, 11, 2)
    moments = story_moments(story, [(went_out, True)], today)
    approved, commented, archived = moments[2], moments[3], moments[4]
    assert approved[0] < went_out < commented[0] <= archived[0] < today
    assert (commented[0], commented[1]) < (archived[0], archived[1])
