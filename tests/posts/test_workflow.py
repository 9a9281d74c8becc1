"""The approval workflow through its HTTP endpoint: every transition × every role, and its rules."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.posts.models import Comment, Post, Publication
from tests.conftest import TEST_PASSWORD, reload
from tests.posts.conftest import ROLES
from tests.posts.helpers import Page, as_form, flashes, form_fields, section, validation_message

#: transition: (a status it starts from, the status it leads to)
TRANSITIONS = {
    "start": ("idea", "draft"),
    "submit": ("draft", "in_review"),
    "approve": ("in_review", "approved"),
    "reject": ("in_review", "draft"),
    "withdraw": ("in_review", "draft"),
    "reopen": ("approved", "draft"),
    "archive": ("draft", "archived"),
    "restore": ("archived", "draft"),
}
#: Who may do what: editors write and submit, reviewers approve or send back, admins do all.
ALLOWED = {
    "admin": set(TRANSITIONS),
    "editor": {"start", "submit", "withdraw", "reopen", "archive", "restore"},
    "reviewer": {"approve", "reject"},
    "viewer": set(),
}
#: A status each transition does not start from.
WRONG_SOURCE = {
    "start": "draft",
    "submit": "in_review",
    "approve": "draft",
    "reject": "approved",
    "withdraw": "draft",
    "reopen": "in_review",
    "archive": "archived",
    "restore": "approved",
}
REASON = "Skriv om innledningen: hvem er Kari?"


def events(post, action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.action == action,
                AuditEvent.object_type == "post",
                AuditEvent.object_id == post.id,
            )
        )
    )


def rejections(post) -> list[Comment]:
    return list(
        db.session.scalars(
            sa.select(Comment).where(Comment.post_id == post.id, Comment.kind == "rejection")
        )
    )


def status_url(post, name: str) -> str:
    return f"/m/alfa/posts/{post.id}/status/{name}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_every_transition_for_every_role(name, role, plan, make_post, client_as):
    source, target = TRANSITIONS[name]
    post = make_post(source)
    version = post.version
    data = {"reason": REASON} if name == "reject" else {}

    response = client_as(role).post(status_url(post, name), data=data)

    post = reload(post)
    if name in ALLOWED[role]:
        assert response.status_code == 302, response.text
        assert response.headers["Location"].endswith(f"/m/alfa/posts/{post.id}")
        assert post.status == target
        assert post.version == version + 1
        [event] = events(post, f"post.{name}")
        assert event.actor_id == plan.people[role].id
        assert event.municipality_id == plan.municipality.id
        assert event.before == {"status": source}
        assert event.after["status"] == target
        page = client_as(role).get(response.headers["Location"]).text
        assert flashes(page), "the page tells what happened"
    else:
        assert response.status_code == 403
        assert post.status == source
        assert post.version == version
        assert events(post, f"post.{name}") == []
        assert rejections(post) == []


def test_unknown_transition_changes_nothing(make_post, client_as):
    post = make_post("draft")
    assert client_as("admin").post(status_url(post, "publish")).status_code in (403, 404)
    assert reload(post).status == "draft"


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_transition_from_a_wrong_status_is_refused_with_a_message(name, make_post, client_as):
    status = WRONG_SOURCE[name]
    post = make_post(status)
    version, earlier = post.version, len(events(post, f"post.{name}"))
    client = client_as("admin")

    response = client.post(status_url(post, name), data={"reason": REASON})

    assert response.status_code == 302
    post = reload(post)
    assert post.status == status and post.version == version
    assert len(events(post, f"post.{name}")) == earlier
    assert rejections(post) == []
    message = flashes(client.get(response.headers["Location"]).text)
    assert "This can no longer be done" in message


def test_the_post_page_offers_only_the_allowed_transitions(make_post, client_as):
    in_review = make_post("in_review")
    draft = make_post("draft")

    def offered(role, post):
        html = client_as(role).get(f"/m/alfa/posts/{post.id}").text
        return set(re.findall(rf'action="/m/alfa/posts/{post.id}/status/(\w+)"', html))

    assert offered("admin", in_review) == {"approve", "reject", "withdraw", "archive"}
    assert offered("reviewer", in_review) == {"approve", "reject"}
    assert offered("editor", in_review) == {"withdraw", "archive"}
    assert offered("viewer", in_review) == set()
    assert offered("editor", draft) == {"submit", "archive"}
    assert offered("reviewer", draft) == set()


class TestReject:
    def test_without_a_reason_is_422_with_the_error_next_to_the_reason(self, make_post, client_as):
        post = make_post("in_review")
        for reason in ("", "   \n  "):
            response = client_as("reviewer").post(
                status_url(post, "reject"), data={"reason": reason}
            )
            assert response.status_code == 422
            assert "Write the reason" in validation_message(response.text, "reason")
            # The error summary links to the field.
            assert 'href="#reason"' in response.text
            assert reload(post).status == "in_review"
        assert rejections(post) == []
        assert events(post, "post.reject") == []

    def test_the_reason_is_kept_as_a_comment_and_shown_to_the_owner(
        self, plan, make_post, client_as
    ):
        post = make_post("in_review", title="Jordnær lykke")
        response = client_as("reviewer").post(status_url(post, "reject"), data={"reason": REASON})
        assert response.status_code == 302

        [comment] = rejections(post)
        assert comment.body == REASON
        assert comment.author_id == plan.people["reviewer"].id
        [event] = events(post, "post.reject")
        assert event.after == {"status": "draft", "reason": REASON}

        # On the post page, among the comments, marked as a send-back.
        page = client_as("editor").get(f"/m/alfa/posts/{post.id}").text
        comments = section(page, 'id="comments"')
        assert f'id="comment-{comment.id}"' in comments
        assert "Sent back to draft" in comments
        assert "Skriv om innledningen: hvem er Kari?" in comments

        # On the owner's home page, under "Sent back to me", with the reason and who gave it.
        home = client_as("editor").get("/m/alfa/").text
        returned = section(home, 'id="tasks-returned-heading"', "</section>")
        assert "Sent back to me (1)" in returned
        assert "Jordnær lykke" in returned
        assert f'href="/m/alfa/posts/{post.id}#comment-{comment.id}"' in returned
        assert "Skriv om innledningen: hvem er Kari?" in returned
        assert "reviewer Alfa" in returned
        # Not on the home page of someone who does not own the post.
        admin_home = client_as("admin").get("/m/alfa/").text
        assert "Sent back to me (0)" in admin_home

        # Once submitted again, it is no longer waiting for its owner.
        assert client_as("editor").post(status_url(post, "submit")).status_code == 302
        home = client_as("editor").get("/m/alfa/").text
        assert "Sent back to me (0)" in home

    def test_a_long_reason_is_refused_next_to_the_field_not_lost(self, make_post, client_as):
        post = make_post("in_review")
        response = client_as("reviewer").post(
            status_url(post, "reject"), data={"reason": "For langt. " * 500}
        )
        assert response.status_code == 422
        assert validation_message(response.text, "reason")
        assert reload(post).status == "in_review"

    def test_a_reason_sent_with_another_transition_is_not_a_send_back(self, make_post, client_as):
        """Only reject keeps a reason: a withdrawal is not "sent back to me" by a reviewer."""
        post = make_post("in_review")
        response = client_as("editor").post(status_url(post, "withdraw"), data={"reason": "x"})
        assert response.status_code == 302
        assert reload(post).status == "draft"
        assert rejections(post) == []
        assert "Sent back to me (0)" in client_as("editor").get("/m/alfa/").text


def test_my_tasks_list_the_reviews_oldest_first_for_reviewers_only(make_post, client_as):
    newer = make_post("in_review", title="Nyere sak")
    older = make_post("in_review", title="Eldre sak")
    newer.submitted_at = utcnow() - timedelta(days=1)
    older.submitted_at = utcnow() - timedelta(days=3)
    make_post("draft", title="Utkast")
    db.session.commit()

    for role in ("reviewer", "admin"):
        home = client_as(role).get("/m/alfa/").text
        waiting = Page.of(section(home, 'id="tasks-review-heading"', "</section>")).text
        assert "Waiting for my review (2)" in waiting
        assert waiting.index("Eldre sak") < waiting.index("Nyere sak")
        assert "Utkast" not in waiting
    for role in ("editor", "viewer"):
        home = client_as(role).get("/m/alfa/").text
        assert "My tasks" in home and 'id="tasks-review-heading"' not in home


def test_only_the_latest_reason_is_shown_to_the_owner(make_post, client_as):
    post = make_post("in_review", title="Jordnær lykke")
    reviewer, editor = client_as("reviewer"), client_as("editor")
    reviewer.post(status_url(post, "reject"), data={"reason": "Første begrunnelse."})
    editor.post(status_url(post, "submit"))
    reviewer.post(status_url(post, "reject"), data={"reason": "Andre begrunnelse."})
    returned = section(editor.get("/m/alfa/").text, 'id="tasks-returned-heading"', "</section>")
    assert "Sent back to me (1)" in returned
    assert "Andre begrunnelse." in returned and "Første begrunnelse." not in returned
    assert len(rejections(post)) == 2


@pytest.mark.parametrize("body", [{}, {"body": "   \n\n  "}])
def test_submit_with_an_empty_body_is_refused(body, make_post, client_as):
    post = make_post("idea", sections=body)
    client = client_as("editor")
    response = client.post(status_url(post, "submit"))
    assert response.status_code == 302
    assert reload(post).status == "idea"
    assert events(post, "post.submit") == []
    message = flashes(client.get(response.headers["Location"]).text)
    assert "Write the text of the post before submitting it." in message


def test_published_needs_an_approved_post(plan, make_post, make_publication, client_as):
    post = make_post("draft")
    publication = make_publication(post, date.today() + timedelta(days=3))
    url = f"/m/alfa/posts/publications/{publication.id}/published"
    link = "https://www.facebook.com/alfakommune/posts/123"
    editor = client_as("editor")

    for step in (None, "submit"):
        if step:
            assert editor.post(status_url(post, step)).status_code == 302
        response = editor.post(url, data={"url": link})
        assert response.status_code == 302
        message = flashes(editor.get(response.headers["Location"]).text)
        assert "Only an approved post can be marked as published." in message
        publication = reload(publication)
        assert publication.status == "planned" and publication.url == ""
        assert publication.published_at is None

    # Only those who may edit posts mark them as published.
    assert client_as("reviewer").post(status_url(post, "approve")).status_code == 302
    assert client_as("viewer").post(url, data={"url": link}).status_code == 403
    assert client_as("reviewer").post(url, data={"url": link}).status_code == 403
    # An address that is not a web address is refused with a message.
    response = editor.post(url, data={"url": "javascript:alert(1)"})
    assert "Enter a full address" in flashes(editor.get(response.headers["Location"]).text)
    assert reload(publication).status == "planned"

    # Planned three days ahead: marked early, so it is confirmed.
    response = editor.post(url, data={"url": link, "confirm_early": "y"})
    assert response.status_code == 302
    publication = reload(publication)
    assert publication.status == "published"
    assert publication.url == link
    assert publication.published_at is not None
    [event] = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.action == "publication.published",
            AuditEvent.object_id == publication.id,
        )
    )
    assert event.after["url"] == link
    page = editor.get(f"/m/alfa/posts/{post.id}").text
    row = section(page, f'id="publication-{publication.id}"', "</tr>")
    assert "Published" in row
    assert f'href="{link}"' in row
    # Published once: a second time is refused and the address is kept.
    response = editor.post(url, data={"url": "https://example.com/other"})
    assert "Only a planned publication" in flashes(editor.get(response.headers["Location"]).text)
    assert reload(publication).url == link


def test_editing_an_approved_post_sends_it_back_to_draft(plan, make_post, client_as):
    post = make_post("approved", title="Jordnær lykke")
    assert post.approved_at is not None
    editor = client_as("editor")
    page = editor.get(f"/m/alfa/posts/{post.id}/edit").text
    assert "This post is approved. Saving changes sends it back to draft" in page
    fields = form_fields(page, form_id="post-form")

    # Saving without a change keeps the approval.
    response = editor.post(f"/m/alfa/posts/{post.id}/edit", data=as_form(fields))
    assert response.status_code == 302
    assert reload(post).status == "approved"

    fields = form_fields(editor.get(f"/m/alfa/posts/{post.id}/edit").text, form_id="post-form")
    response = editor.post(
        f"/m/alfa/posts/{post.id}/edit", data=as_form(fields, title="Jordnær lykke i Rissa")
    )
    assert response.status_code == 302
    post = reload(post)
    assert post.title == "Jordnær lykke i Rissa"
    assert post.status == "draft"
    assert post.approved_at is None and post.approved_by_id is None
    [event] = events(post, "post.reopen")
    assert event.actor_id == plan.people["editor"].id
    assert event.before == {"status": "approved"} and event.after == {"status": "draft"}
    assert "back in draft" in flashes(editor.get(response.headers["Location"]).text)


def test_an_archived_post_cannot_be_edited_until_restored(make_post, make_publication, client_as):
    post = make_post("archived")
    editor = client_as("editor")
    response = editor.get(f"/m/alfa/posts/{post.id}/edit")
    assert response.status_code == 302
    assert "Restore it to change it" in flashes(editor.get(response.headers["Location"]).text)
    response = editor.post(
        f"/m/alfa/posts/{post.id}/publications/new",
        data={"channel": "1", "day": "2026-05-04", "at": "09:00"},
    )
    assert db.session.scalar(sa.select(sa.func.count(Publication.id)).where(
        Publication.post_id == post.id)) == 0  # fmt: skip
    assert editor.post(status_url(post, "restore")).status_code == 302
    assert reload(post).status == "draft"
    assert editor.get(f"/m/alfa/posts/{post.id}/edit").status_code == 200


class TestCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def login(self, client, email):
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(
            "/login", data={"email": email, "password": TEST_PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302

    def test_a_transition_needs_the_token_of_the_page(self, client, make_post):
        post = make_post("in_review")
        self.login(client, "reviewer@alfa.kommune.no")
        assert client.post(status_url(post, "approve")).status_code == 400
        assert reload(post).status == "in_review"

        page = client.get(f"/m/alfa/posts/{post.id}").text
        fields = form_fields(page, action=f"/posts/{post.id}/status/approve")
        assert [name for name, _ in fields] == ["csrf_token"]
        assert client.post(status_url(post, "approve"), data=as_form(fields)).status_code == 302
        assert reload(post).status == "approved"
        assert db.session.get(Post, post.id).approved_by_id is not None
