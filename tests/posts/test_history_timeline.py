"""A post's history shows its status changes between its saves, to everyone who sees the post."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.posts import services, workflow
from tests.posts.helpers import Page, section

STATUS_ENTRY = re.compile(r'<li class="ds-card timeline-status".*?</li>', re.S)


def entries(html: str) -> list[str]:
    """The timeline's entries, newest first, as the reader sees each."""
    timeline = section(html, '<ol class="revision-list timeline">', "</ol>")
    starts = [match.start() for match in re.finditer(r'<li class="ds-card', timeline)]
    return [
        " ".join(Page.of(timeline[start:end]).text.split())
        for start, end in zip(starts, [*starts[1:], len(timeline)], strict=True)
    ]


def step(plan, post, name: str, *, by: str = "admin", reason: str = "") -> None:
    workflow.apply_transition(
        post,
        name,
        role=by,
        actor=plan.people[by],
        municipality=plan.municipality,
        reason=reason,
    )
    db.session.commit()


@pytest.fixture
def sent_back_and_approved(plan, make_post):
    """Submitted, sent back with a reason by the reviewer, submitted again, approved."""
    post = make_post("draft")
    step(plan, post, "submit", by="editor")
    step(plan, post, "reject", by="reviewer", reason="Mangler kilde for tallene.\nSjekk HR.")
    step(plan, post, "submit", by="editor")
    step(plan, post, "approve", by="reviewer")
    return post


@pytest.mark.parametrize("role", ["editor", "reviewer", "viewer"])
def test_everyone_who_sees_the_post_sees_its_status_changes(
    plan, client_as, sent_back_and_approved, role
):
    post = sent_back_and_approved
    response = client_as(role).get(f"/m/alfa/posts/{post.id}/history")
    assert response.status_code == 200
    shown = entries(response.text)
    assert len(shown) == 5, shown  # four status changes and the save that created it
    approved, resubmitted, sent_back, submitted, created = shown
    assert "Post approved" in approved and "reviewer Alfa" in approved
    assert "Status In review → Approved" in approved
    assert "Post submitted for review" in resubmitted and "editor Alfa" in resubmitted
    assert "Status Draft → In review" in resubmitted
    assert "Post sent back to draft" in sent_back and "reviewer Alfa" in sent_back
    assert "Status In review → Draft" in sent_back
    assert "Reason Mangler kilde for tallene. Sjekk HR." in sent_back
    assert "Reason" not in approved + resubmitted + submitted
    assert "Created" in created and "editor Alfa" in created
    # Labels, never the codes.
    assert "in_review" not in " ".join(shown)


def test_the_reason_keeps_its_line_breaks_and_stays_text(plan, client_as, make_post):
    post = make_post("in_review")
    step(plan, post, "reject", by="reviewer", reason="<b>Nei</b>\nIkke ennå.")
    page = client_as("editor").get(f"/m/alfa/posts/{post.id}/history").text
    (entry,) = [e for e in STATUS_ENTRY.findall(page) if "Post sent back" in e]
    assert "&lt;b&gt;Nei&lt;/b&gt;\nIkke ennå." in entry
    assert '<blockquote class="timeline-reason">' in entry


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_no_link_to_the_audit_log(plan, client_as, sent_back_and_approved, role):
    page = client_as(role).get(f"/m/alfa/posts/{sent_back_and_approved.id}/history").text
    content = section(page, "<h1", "</main>")
    assert not [a for a in Page.of(content).find("a") if "/audit" in a.attrs.get("href", "")]
    assert "audit log" not in Page.of(content).text.lower()


def test_archive_restore_reopen_and_publishing_are_in_the_timeline(
    plan, client_as, make_post, make_publication
):
    post = make_post("approved")
    publication = make_publication(post, date(2026, 6, 1))
    services.mark_published(
        publication,
        "https://example.com/saken",
        actor=plan.people["editor"],
        municipality=plan.municipality,
    )
    db.session.commit()
    services.update_post(
        post,
        {**_values(plan, post), "title": "Ny tittel"},
        actor=plan.people["editor"],
        municipality=plan.municipality,
        expected_version=post.version,
    )
    db.session.commit()
    step(plan, post, "archive", by="editor")
    step(plan, post, "restore", by="editor")
    shown = entries(client_as("reviewer").get(f"/m/alfa/posts/{post.id}/history").text)
    restored, archived, save, reopened, published = shown[:5]
    assert "Post restored as draft" in restored and "Status Archived → Draft" in restored
    assert "Post archived" in archived and "Status Draft → Archived" in archived
    assert "Title" in save and "added: tittel" in save and "editor Alfa" in save
    assert "Post reopened for changes" in reopened and "Status Approved → Draft" in reopened
    assert "Publication marked as published" in published
    assert "Status Planned → Published" in published
    assert "Channel Facebook Alfa" in published
    assert "https://example.com/saken" in published


def _values(plan, post) -> dict:
    from tests.posts.conftest import post_values

    return post_values(plan.a, owner=plan.people["editor"].id, title=post.title)


def test_the_submit_that_asked_a_reviewer_says_whom(plan, client_as, make_post):
    post = make_post("draft")
    workflow.apply_transition(
        post,
        "submit",
        role="editor",
        actor=plan.people["editor"],
        municipality=plan.municipality,
        reviewer_id=plan.people["reviewer"].id,
    )
    db.session.commit()
    (submitted, _created) = entries(
        client_as("editor").get(f"/m/alfa/posts/{post.id}/history").text
    )
    assert "Reviewer reviewer Alfa" in submitted


def test_another_posts_and_another_municipalitys_events_stay_out(plan, client_as, make_post):
    post, other = make_post("draft"), make_post("draft", title="Annen sak")
    step(plan, other, "submit", by="editor")
    shown = entries(client_as("editor").get(f"/m/alfa/posts/{post.id}/history").text)
    assert len(shown) == 1 and "Created" in shown[0]
    assert client_as("editor").get(f"/m/alfa/posts/{plan.b_post.id}/history").status_code == 404


def test_every_transition_is_shown(plan):
    """A new workflow step is not forgotten by the history."""
    assert {f"post.{name}" for name in workflow.TRANSITIONS} <= set(services.STATUS_ACTIONS)


def _statements(client, url: str) -> list[str]:
    assert client.get(url).status_code == 200  # warm-up
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return statements


def test_one_query_for_the_events_however_many(plan, client_as, make_post):
    few, many = make_post("draft"), make_post("draft", title="Mange steg")
    step(plan, few, "submit", by="editor")
    for _ in range(8):
        step(plan, many, "submit", by="editor")
        step(plan, many, "reject", by="reviewer", reason="Igjen.")
    editor = client_as("editor")
    counted = {}
    for post in (few, many):
        statements = _statements(editor, f"/m/alfa/posts/{post.id}/history")
        assert len([s for s in statements if "FROM audit_event" in s]) == 1
        counted[post.id] = len(statements)
    assert counted[few.id] == counted[many.id]
