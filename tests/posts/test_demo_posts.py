"""The demo stories: every status, tied to the report's results, spread around today."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

import planner.demo.posts as demo_posts
from planner.auth.models import User
from planner.core.extensions import db
from planner.core.localtime import local_today, utcnow, zone_of
from planner.demo.loader import demo_content
from planner.demo.services import DemoAlreadyLoaded, load_demo
from planner.municipalities.models import Municipality
from planner.posts.models import (
    Comment,
    CommentKind,
    Post,
    PostStatus,
    Publication,
    PublicationStatus,
    Revision,
)
from planner.posts.overdue import is_overdue, overdue_clause
from planner.posts.services import my_tasks, result_chips
from planner.strategy.models import Channel


@pytest.fixture
def demo(runner) -> dict[str, Municipality]:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return {m.slug: m for m in db.session.scalars(sa.select(Municipality))}


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _post(municipality: Municipality, title_start: str) -> Post:
    return db.session.scalars(
        sa.select(Post).where(
            Post.municipality_id == municipality.id, Post.title.startswith(title_start)
        )
    ).one()


def test_every_post_and_publication_status_is_present(demo):
    post_statuses = dict(
        db.session.execute(sa.select(Post.status, sa.func.count()).group_by(Post.status)).all()
    )
    assert set(post_statuses) == {status.value for status in PostStatus}
    assert post_statuses["in_review"] >= 3 and post_statuses["idea"] >= 3
    publication_statuses = set(db.session.scalars(sa.select(Publication.status).distinct()))
    assert publication_statuses == {status.value for status in PublicationStatus}
    # Every municipality of the report has stories, Levanger and Verdal their own beside
    # Innherred's.
    with_posts = set(
        db.session.scalars(
            sa.select(Municipality.slug).join(Post, Post.municipality_id == Municipality.id)
        )
    )
    assert with_posts == {
        "afjord",
        "innherred",
        "austrheim",
        "vaga",
        "rissa",
        "ringerike",
        "ovre-eiker",
        "levanger",
        "verdal",
    }


def test_published_items_have_urls_and_the_plan_spreads_around_today(demo):
    now = utcnow()
    publications = list(db.session.scalars(sa.select(Publication)))
    published = [p for p in publications if p.status == "published"]
    assert published and all(p.url.startswith("https://") for p in published)
    assert all(p.publish_at < now for p in published)
    assert all(p.post.status in ("approved", "archived") for p in published)
    planned = [p for p in publications if p.status == "planned"]
    assert sum(p.publish_at > now for p in planned) >= 20
    assert any(p.all_day for p in publications) and any(not p.all_day for p in publications)
    zone = zone_of(demo["innherred"])
    months = {p.publish_at.astimezone(zone).month for p in publications}
    assert months & {6, 7, 8} and months & {12, 1, 2}
    # Stories with publications are on several channels; ideas without any form the backlog.
    posts = list(db.session.scalars(sa.select(Post)))
    planned_posts = [post for post in posts if post.publications]
    assert all(len({p.channel_id for p in post.publications}) >= 2 for post in planned_posts)
    backlog = [post for post in posts if post.status == "idea" and not post.publications]
    assert len(backlog) >= 3
    # Channel texts fit the channel.
    for publication in publications:
        limit = publication.channel.character_limit
        assert not limit or len(publication.text) <= limit
    assert db.session.scalar(
        sa.select(sa.func.count(Publication.id))
        .join(Channel)
        .where(Channel.kind == "facebook", Publication.text != "")
    )


def test_overdue_publications_show_on_the_editors_tasks(demo):
    now = utcnow()
    overdue = list(db.session.scalars(sa.select(Publication).join(Post).where(overdue_clause(now))))
    assert len(overdue) >= 2
    assert all(is_overdue(publication, now) for publication in overdue)
    for slug in ("innherred", "afjord"):
        editor = _user(f"redaktor@{slug}.demo")
        tasks = my_tasks(demo[slug], editor, can_review=False)
        assert tasks.overdue and all(p.post.owner_id == editor.id for p in tasks.overdue)
        assert tasks.next_publications
        reviewer_tasks = my_tasks(demo[slug], _user(f"leder@{slug}.demo"), can_review=True)
        assert reviewer_tasks.to_review
    # Nothing else is in the past while still planned: approved posts' past items went out.
    stale = db.session.scalars(
        sa.select(Publication)
        .join(Post)
        .where(Publication.status == "planned", Publication.publish_at < now)
    )
    assert {p.id for p in stale} == {p.id for p in overdue}


def test_fra_vikar_til_fast_cites_involuntary_part_time(demo):
    post = _post(demo["innherred"], "Fra vikar til fast")
    assert post.status == "approved" and post.template == "car"
    assert [indicator.name for indicator in post.indicators] == ["Ufrivillig deltid"]
    assert post.cited_results[0].cited_value == 14
    assert {goal.theme for goal in post.goals} == {"heltid", "rekruttering"}
    assert "50" in post.body and "14" in post.body
    assert post.owner.email == "redaktor@innherred.demo"
    assert post.approved_by.email == "leder@innherred.demo"
    assert len({p.channel.name for p in post.publications}) >= 3
    # The reviewer asked for a quote and the editor added it: a revision with the change.
    revisions = db.session.scalars(sa.select(Revision).where(Revision.post_id == post.id)).all()
    assert len(revisions) == 2 and "sitat" not in revisions[0].after["body"].lower()
    assert "helsefagarbeider" in revisions[1].after["body"]
    authors = {comment.author.email for comment in post.comments}
    assert authors == {"redaktor@innherred.demo", "leder@innherred.demo"}


def test_austrheim_theme_evening_is_an_event(demo):
    post = _post(demo["austrheim"], "Temakveld")
    assert post.kind == "event" and post.language == "nn"
    assert post.location
    assert post.event_ends_at > post.event_starts_at
    local_start = post.event_starts_at.astimezone(zone_of(demo["austrheim"]))
    assert local_start.hour == 18 and local_start.date() > local_today(zone_of(demo["austrheim"]))
    assert "nitti" in post.body
    assert "Temakveld" in {p.channel.name for p in post.publications}
    assert all(
        p.language == "nn"
        for p in db.session.scalars(
            sa.select(Post).where(Post.municipality_id.in_([demo["austrheim"].id, demo["vaga"].id]))
        )
    )


def test_rissa_jordnaer_lykke_series_on_facebook(demo):
    series = db.session.scalars(
        sa.select(Post).where(
            Post.municipality_id == demo["rissa"].id, Post.title.startswith("Jordnær lykke")
        )
    ).all()
    assert len(series) >= 3
    facebook = [p for post in series for p in post.publications if p.channel.kind == "facebook"]
    assert len(facebook) >= 3
    days = sorted({p.publish_at.date() for p in facebook})
    assert (days[-1] - days[0]).days >= 14  # over weeks, not one day
    assert any(p.status == "published" for p in facebook)
    assert any(p.status == "planned" for p in facebook)


def test_a_rejected_post_is_back_with_the_editor_with_its_reason(demo):
    innherred = demo["innherred"]
    rejection = db.session.scalars(
        sa.select(Comment)
        .join(Post)
        .where(Post.municipality_id == innherred.id, Comment.kind == CommentKind.REJECTION.value)
    ).one()
    post = rejection.post
    assert post.status == "draft" and "love" in rejection.body
    assert rejection.author.email == "leder@innherred.demo"
    editor = _user("redaktor@innherred.demo")
    assert post.owner_id == editor.id
    returned = my_tasks(innherred, editor, can_review=False).returned
    assert [(r.post.id, r.reason.id) for r in returned] == [(post.id, rejection.id)]


def test_an_approved_post_shows_its_result_updated_since(demo):
    post = _post(demo["innherred"], "Årsturnus")
    assert post.status == "approved"
    chips = result_chips([post])[post.id]
    assert [chip.updated_since for chip in chips] == [True]
    assert chips[0].cited_value == 7 and chips[0].summary.latest.value == 9
    # The other approved stories still cite the latest figure.
    others = db.session.scalars(
        sa.select(Post).where(Post.status == "approved", Post.id != post.id)
    ).all()
    assert not any(chip.updated_since for chips in result_chips(others).values() for chip in chips)


def test_loading_twice_still_refuses(demo):
    count = db.session.scalar(sa.select(sa.func.count(Post.id)))
    with pytest.raises(DemoAlreadyLoaded):
        load_demo()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == count


@pytest.mark.parametrize("today", [date(2027, 3, 28), date(2028, 2, 29), date(2026, 12, 31)])
def test_the_demo_loads_on_any_day(runner, monkeypatch, today):
    """Seasons and offsets work around the daylight-saving switch, leap days and New Year."""
    monkeypatch.setattr(demo_posts, "local_today", lambda zone: today)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == len(demo_content().stories)
