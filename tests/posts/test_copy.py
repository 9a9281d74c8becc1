"""Use as a starting point: a post copied as a new draft, with a link back to the original."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from planner.core.extensions import db
from planner.posts.models import Comment, Post, Publication, Revision
from tests.conftest import reload
from tests.posts.helpers import Page, flashes, form_fields


def copy_fields(client, post) -> dict:
    """The copy form of the post page, as a browser sends it (CSRF token, one-time key)."""
    return dict(form_fields(client.get(f"/m/alfa/posts/{post.id}").text, action="/copy"))


def the_copy(original) -> Post:
    return db.session.scalars(sa.select(Post).where(Post.copied_from_id == original.id)).one()


def test_the_copy_is_a_new_draft_with_the_text_goals_audiences_and_results(
    plan, make_post, make_publication, client_as
):
    original = make_post(
        "approved",
        title="Fra vikar til fast",
        summary="Slik fikk vi flere heltidsstillinger.",
        indicators=[plan.a.indicator.id],
    )
    make_publication(original, date(2026, 5, 4))
    client_as("editor").post(f"/m/alfa/posts/{original.id}/comments", data={"body": "Fin sak."})
    editor = client_as("admin")  # not the original's responsible: the copy is the copier's

    response = editor.post(f"/m/alfa/posts/{original.id}/copy", data=copy_fields(editor, original))
    copy = the_copy(original)
    assert response.status_code == 302
    assert response.location == f"/m/alfa/posts/{copy.id}/edit"
    assert "new draft made from “Fra vikar til fast”" in flashes(editor.get(response.location).text)
    assert copy.title == "Copy of Fra vikar til fast"
    assert copy.status == "draft" and copy.approved_at is None and copy.submitted_at is None
    assert (copy.summary, copy.body, copy.template) == (
        original.summary,
        original.body,
        original.template,
    )
    assert [g.id for g in copy.goals] == [g.id for g in original.goals]
    assert [a.id for a in copy.audiences] == [a.id for a in original.audiences]
    assert [c.indicator_id for c in copy.cited_results] == [plan.a.indicator.id]
    assert copy.owner_id == plan.people["admin"].id
    counts = {
        model.__name__: db.session.scalar(
            sa.select(sa.func.count()).select_from(model).where(model.post_id == copy.id)
        )
        for model in (Publication, Comment, Revision)
    }
    assert counts == {"Publication": 0, "Comment": 0, "Revision": 1}, "its own history only"
    assert reload(original).status == "approved", "the original is left as it was"

    page = Page.of(editor.get(f"/m/alfa/posts/{copy.id}").text).text
    assert "Started from Fra vikar til fast" in " ".join(page.split())


def test_sending_the_copy_form_twice_makes_one_copy(make_post, client_as):
    original = make_post("draft")
    editor = client_as("editor")
    fields = copy_fields(editor, original)
    first = editor.post(f"/m/alfa/posts/{original.id}/copy", data=fields)
    second = editor.post(f"/m/alfa/posts/{original.id}/copy", data=fields)
    assert second.location == first.location
    assert the_copy(original)  # exactly one: .one() refuses two


def test_readers_cannot_copy_and_do_not_see_the_button(make_post, client_as):
    original = make_post("draft")
    viewer = client_as("viewer")
    assert "Use as a starting point" not in viewer.get(f"/m/alfa/posts/{original.id}").text
    assert viewer.post(f"/m/alfa/posts/{original.id}/copy").status_code == 403
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Post).where(Post.copied_from_id == original.id)
        )
        == 0
    )


def test_another_municipality_s_post_is_not_found(plan, client_as):
    editor = client_as("editor")
    response = editor.post(f"/m/alfa/posts/{plan.b_post.id}/copy", data={})
    assert response.status_code == 404


def test_a_copy_of_a_deleted_original_says_nothing_of_it(make_post, client_as):
    original = make_post("draft", title="Snart borte")
    editor = client_as("editor")
    editor.post(f"/m/alfa/posts/{original.id}/copy", data=copy_fields(editor, original))
    copy = the_copy(original)
    db.session.execute(sa.delete(Revision).where(Revision.post_id == original.id))
    db.session.delete(reload(original))
    db.session.commit()
    assert reload(copy).copied_from_id is None
    page = editor.get(f"/m/alfa/posts/{copy.id}").text
    assert "Started from" not in page and not re.search(r"Snart borte</a>", page)
