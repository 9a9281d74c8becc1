"""Editing and deleting one's own comment: marked on the page, kept in the audit log, refused
for others' comments, send-back reasons and stale versions."""

from __future__ import annotations

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.posts.models import Comment
from tests.conftest import reload
from tests.posts.helpers import Page, as_form, flashes, form_fields, section


def comment_on(post, client, text: str) -> Comment:
    client.post(f"/m/alfa/posts/{post.id}/comments", data={"body": text})
    return db.session.scalars(
        sa.select(Comment).where(Comment.post_id == post.id, Comment.body == text)
    ).one()


def edit_url(comment) -> str:
    return f"/m/alfa/posts/{comment.post_id}/comments/{comment.id}/edit"


def thread(client, post) -> str:
    html = client.get(f"/m/alfa/posts/{post.id}").text
    return " ".join(Page.of(section(html, 'id="comments-heading"', "</ol>")).text.split())


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_the_author_edits_a_comment_and_the_thread_says_so(make_post, client_as):
    post = make_post("draft")
    editor = client_as("editor")
    comment = comment_on(post, editor, "Første tanke.")
    assert "Edit or delete" in thread(editor, post)
    fields = form_fields(editor.get(edit_url(comment)).text, action=edit_url(comment))
    response = editor.post(edit_url(comment), data=as_form(fields, body="Bedre tanke."))
    assert response.status_code == 302
    assert response.location.endswith(f"#comment-{comment.id}")
    assert "Your comment is changed." in flashes(editor.get(response.location).text)
    text = thread(editor, post)
    assert "Bedre tanke." in text and "Første tanke." not in text and "edited" in text
    [event] = events("post.comment_edited")
    assert event.before == {"comment": "Første tanke."} and event.after == {
        "comment": "Bedre tanke."
    }


def test_the_author_deletes_a_comment_its_text_kept_only_in_the_audit_log(make_post, client_as):
    post = make_post("draft")
    editor = client_as("editor")
    comment = comment_on(post, editor, "Dette var feil.")
    fields = form_fields(
        editor.get(edit_url(comment)).text, action=f"/comments/{comment.id}/delete"
    )
    response = editor.post(
        f"/m/alfa/posts/{post.id}/comments/{comment.id}/delete", data=as_form(fields)
    )
    assert response.status_code == 302
    comment = reload(comment)
    assert comment.deleted_at is not None and comment.body == ""
    text = thread(client_as("reviewer"), post)
    assert "Deleted by its author" in text and "Dette var feil." not in text
    [event] = events("post.comment_deleted")
    assert event.before == {"comment": "Dette var feil."}
    assert editor.get(edit_url(comment)).status_code == 403, "a deleted comment stays deleted"


def test_nobody_else_may_change_it(make_post, client_as):
    post = make_post("draft")
    comment = comment_on(post, client_as("editor"), "Min kommentar.")
    admin = client_as("admin")
    assert "Edit or delete" not in thread(admin, post)
    assert admin.get(edit_url(comment)).status_code == 403
    assert (
        admin.post(edit_url(comment), data={"body": "Overtatt.", "version": "1"}).status_code == 403
    )
    delete = f"/m/alfa/posts/{post.id}/comments/{comment.id}/delete"
    assert admin.post(delete, data={"version": "1"}).status_code == 403
    assert client_as("viewer").get(edit_url(comment)).status_code == 403
    assert reload(comment).body == "Min kommentar."


def test_a_send_back_reason_is_not_a_comment_to_change(make_post, client_as):
    post = make_post("in_review")
    reviewer = client_as("reviewer")
    reviewer.post(f"/m/alfa/posts/{post.id}/status/reject", data={"reason": "Sjekk tallene."})
    reason = db.session.scalars(sa.select(Comment).where(Comment.kind == "rejection")).one()
    assert reviewer.get(edit_url(reason)).status_code == 403


def test_another_post_or_municipality_is_not_found(plan, make_post, client_as):
    post, other = make_post("draft"), make_post("draft")
    editor = client_as("editor")
    comment = comment_on(post, editor, "Her.")
    assert editor.get(f"/m/alfa/posts/{other.id}/comments/{comment.id}/edit").status_code == 404
    assert (
        editor.get(f"/m/alfa/posts/{plan.b_post.id}/comments/{comment.id}/edit").status_code == 404
    )


def test_a_stale_edit_is_refused_with_the_text_kept(make_post, client_as):
    post = make_post("draft")
    editor = client_as("editor")
    comment = comment_on(post, editor, "Utgangspunkt.")
    stale = form_fields(editor.get(edit_url(comment)).text, action=edit_url(comment))
    fresh = form_fields(editor.get(edit_url(comment)).text, action=edit_url(comment))
    editor.post(edit_url(comment), data=as_form(fresh, body="Først lagret."))
    response = editor.post(edit_url(comment), data=as_form(stale, body="Min nye tekst."))
    assert response.status_code == 409
    assert "Min nye tekst." in response.text
    assert reload(comment).body == "Først lagret."
    no_version = [(name, value) for name, value in stale if name != "version"]
    response = editor.post(edit_url(comment), data=as_form(no_version, body="Uten versjon."))
    assert "This form came without the version" in response.text  # above the form
    assert reload(comment).body == "Først lagret."
