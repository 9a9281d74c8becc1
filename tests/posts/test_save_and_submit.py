"""The editor's "Save and submit for review" (one step, one transaction) and the send-back reason
at the top of the edit page until the post is submitted again."""

from __future__ import annotations

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.notifications.models import Notification
from planner.posts.models import Post
from tests.conftest import reload
from tests.posts.helpers import Page, as_form, flashes, form_fields, section

SAVE_AND_SUBMIT = "Save and submit for review"


def edit_url(post) -> str:
    return f"/m/alfa/posts/{post.id}/edit"


def submits(post) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.action == "post.submit", AuditEvent.object_id == post.id
            )
        )
    )


def test_a_new_post_saved_and_submitted_at_once(plan, client_as):
    editor = client_as("editor")
    page = editor.get("/m/alfa/posts/new").text
    assert f'name="then" value="submit">{SAVE_AND_SUBMIT}</button>' in page
    fields = form_fields(page, form_id="post-form")
    response = editor.post(
        "/m/alfa/posts/new",
        data=as_form(
            fields,
            title="Heltid i Alfa",
            template="free",
            section_body="Femti ble fjorten.",
            then="submit",
        ),
    )
    assert response.status_code == 302, response.text
    post = db.session.scalars(sa.select(Post).where(Post.title == "Heltid i Alfa")).one()
    assert post.status == "in_review" and post.submitted_at is not None
    assert len(submits(post)) == 1
    reviewer = plan.people["reviewer"]
    told = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == reviewer.id)
    ).all()
    assert [n.kind for n in told] == ["review_requested"], "the reviewers are told, as on submit"
    assert "saved and submitted for review" in flashes(editor.get(response.location).text)


def test_a_draft_saved_and_submitted_from_its_edit_page(make_post, client_as):
    post = make_post("draft", title="Jordnær lykke")
    editor = client_as("editor")
    fields = form_fields(editor.get(edit_url(post)).text, form_id="post-form")
    response = editor.post(
        edit_url(post), data=as_form(fields, title="Jordnær lykke i Rissa", then="submit")
    )
    assert response.status_code == 302
    post = reload(post)
    assert (post.title, post.status) == ("Jordnær lykke i Rissa", "in_review")
    assert len(submits(post)) == 1


def test_a_refused_submit_saves_nothing_and_keeps_the_input(make_post, client_as):
    """Submitting needs a text: the save is refused with it, the form comes back with the input."""
    post = make_post("draft", title="Jordnær lykke")
    editor = client_as("editor")
    fields = form_fields(editor.get(edit_url(post)).text, form_id="post-form")
    response = editor.post(
        edit_url(post),
        data=as_form(fields, title="Ny tittel som ikke må gå tapt", section_body="", then="submit"),
    )
    assert response.status_code == 409
    assert "Write the text of the post before submitting it." in Page.of(response.text).text
    assert 'value="Ny tittel som ikke må gå tapt"' in response.text
    post = reload(post)
    assert (post.title, post.status) == ("Jordnær lykke", "draft")
    assert submits(post) == []


def test_offered_only_where_the_post_can_be_submitted(make_post, client_as):
    editor = client_as("editor")
    for status in ("idea", "draft"):
        assert SAVE_AND_SUBMIT in editor.get(edit_url(make_post(status))).text, status
    assert SAVE_AND_SUBMIT not in editor.get(edit_url(make_post("approved"))).text


def test_the_send_back_reason_stands_on_the_edit_page_until_submitted_again(make_post, client_as):
    post = make_post("in_review", title="Jordnær lykke")
    reviewer, editor = client_as("reviewer"), client_as("editor")
    reviewer.post(
        f"/m/alfa/posts/{post.id}/status/reject", data={"reason": "Tallene må <b>sjekkes</b>."}
    )
    page = editor.get(edit_url(post)).text
    alert = section(page, 'class="ds-alert sent-back"', "</section>")
    assert "Sent back to draft by reviewer Alfa" in Page.of(alert).text
    assert "Tallene må &lt;b&gt;sjekkes&lt;/b&gt;." in alert  # escaped, as every comment

    editor.post(f"/m/alfa/posts/{post.id}/status/submit")
    editor.post(f"/m/alfa/posts/{post.id}/status/withdraw")
    assert reload(post).status == "draft"
    assert "sent-back" not in editor.get(edit_url(post)).text, "gone once submitted again"
