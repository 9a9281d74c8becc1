"""No N+1: my tasks, the posts list and the post page take as many queries for 1,000
publications as for 10."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.posts.models import CitedResult, Comment, Post, Publication
from planner.strategy.models import Channel
from tests.posts.conftest import build_tenant

POST_STATUSES = ("draft", "in_review", "approved", "idea")
PUBLICATION_STATUSES = ("planned", "planned", "published", "cancelled")


def populate(municipality, editor, reviewer, count: int) -> Post:
    """`count` publications: half on one big post, the rest over posts in every status.

    Every post is the editor's, with a goal, an audience, a linked result and comments (a
    send-back on the drafts); publications lie in the past and the future, on two channels, in
    every state. Returns the big post.
    """
    tenant = build_tenant(municipality, municipality.slug)
    channels = [
        tenant.channel,
        Channel(municipality_id=municipality.id, name="SMS", kind="sms", character_limit=160),
    ]
    now = utcnow()
    others = max(2, count // 20)
    posts = []
    for n in range(1 + others):
        status = "draft" if n == 0 else POST_STATUSES[(n - 1) % len(POST_STATUSES)]
        post = Post(
            municipality_id=municipality.id,
            title=f"Sak {n:03}",
            summary="Kort om saken.",
            status=status,
            owner_id=editor.id,
            created_by_id=editor.id,
            body="Femti ansatte jobbet ufrivillig deltid. Nå er det fjorten.",
            sections={"body": "Femti ansatte jobbet ufrivillig deltid. Nå er det fjorten."},
            submitted_at=now - timedelta(days=10) if status != "idea" else None,
            approved_at=now - timedelta(days=9) if status == "approved" else None,
            approved_by_id=reviewer.id if status == "approved" else None,
            goals=[tenant.goal],
            audiences=[tenant.audience],
            cited_results=[CitedResult(indicator=tenant.indicator)],
        )
        post.comments = [
            Comment(author_id=reviewer.id, body="Fint, men kortere?"),
            Comment(author_id=editor.id, body="Skal se på det."),
        ]
        if status == "draft":
            post.comments.append(
                Comment(author_id=reviewer.id, kind="rejection", body="Mangler kilde.")
            )
        posts.append(post)
    big, rest = posts[0], posts[1:]
    publications = []
    for n in range(count):
        post = big if n < count // 2 else rest[n % len(rest)]
        publications.append(
            Publication(
                municipality_id=municipality.id,
                post=post,
                channel=channels[n % 2],
                publish_at=now + timedelta(hours=(n % 24) - 12, days=(n % 20) - 10),
                all_day=n % 7 == 0,
                text="Kanaltekst." if n % 3 == 0 else "",
                status=PUBLICATION_STATUSES[n % len(PUBLICATION_STATUSES)],
                url="https://example.com/p" if n % 4 == 2 else "",
            )
        )
    db.session.add_all([*channels, *posts, *publications])
    db.session.commit()
    return big


@pytest.fixture
def two_sizes(make_municipality, make_user):
    small = make_municipality("Liten kommune", "liten")
    large = make_municipality("Stor kommune", "stor")
    people = {}
    for municipality in (small, large):
        people["editor"] = make_user("editor@kommune.no", municipality, "editor")
        people["reviewer"] = make_user("reviewer@kommune.no", municipality, "reviewer")
    small_post = populate(small, people["editor"], people["reviewer"], 10)
    large_post = populate(large, people["editor"], people["reviewer"], 1000)
    assert (
        db.session.scalar(
            sa.select(sa.func.count(Publication.id)).where(Publication.municipality_id == large.id)
        )
        == 1000
    )
    return {"small": small_post, "large": large_post}


def counts(count_queries, template: str, two_sizes) -> tuple[int, int]:
    return tuple(
        count_queries(template.format(slug=slug, post=two_sizes[size].id))
        for slug, size in (("liten", "small"), ("stor", "large"))
    )


def test_my_tasks_take_the_same_queries_for_any_size(app, auth, client, count_queries, two_sizes):
    for role in ("editor", "reviewer"):
        auth.login(f"{role}@kommune.no")
        home = counts(count_queries, "/m/{slug}/", two_sizes)
        assert home[0] == home[1], (role, home)
        # The lists are filled in both, so the same queries really ran.
        page = client.get("/m/stor/").text
        if role == "editor":
            assert "My overdue publications (10)" in page and "Sent back to me (" in page
            assert "Sent back to me (0)" not in page
        else:
            assert "Waiting for my review (" in page and "Waiting for my review (0)" not in page
        print(f"queries: home page of the {role} {home[0]}")
        auth.logout()


def test_posts_list_and_post_page_take_the_same_queries_for_any_size(
    app, auth, count_queries, two_sizes
):
    auth.login("editor@kommune.no")
    for template in (
        "/m/{slug}/posts/",
        "/m/{slug}/posts/?q=sak&status=overdue&status=draft",
        "/m/{slug}/posts/{post}",
        "/m/{slug}/posts/{post}/edit",
    ):
        found = counts(count_queries, template, two_sizes)
        assert found[0] == found[1], (template, found)
        print(f"queries: {template} {found[0]}")
