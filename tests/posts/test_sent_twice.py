"""A form sent twice saves once (`planner.core.once`): a double click, or a retry after a slow
answer, leads to what the first sending saved instead of a second post."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from planner.auth.models import User
from planner.core.extensions import db
from planner.core.once import SubmittedForm
from planner.feeds.models import FeedToken
from planner.municipalities.models import Membership
from planner.posts.models import Comment, Post
from tests.posts.helpers import as_form, form_fields

NEW = "/m/alfa/posts/new"


def post_count(title: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Post.title == title))


def filled_new_post_form(client, title: str) -> dict:
    fields = form_fields(client.get(NEW).text, form_id="post-form")
    return as_form(fields, title=title, save_as="idea")


def test_the_same_form_sent_twice_makes_one_post(plan, client_as):
    editor = client_as("editor")
    data = filled_new_post_form(editor, "Dobbeltklikk")
    first = editor.post(NEW, data=data)
    again = editor.post(NEW, data=data)
    assert first.status_code == 302 and again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert post_count("Dobbeltklikk") == 1
    page = editor.get(again.headers["Location"]).text
    assert "it is not saved twice" in page


def test_each_showing_of_the_form_is_a_new_post(plan, client_as):
    """Opening "New post" again gives a new key: two posts with the same title are two posts."""
    editor = client_as("editor")
    for _ in range(2):
        assert editor.post(NEW, data=filled_new_post_form(editor, "To ganger")).status_code == 302
    assert post_count("To ganger") == 2


def test_a_form_with_errors_keeps_its_key_and_saves_once_when_corrected(plan, client_as):
    editor = client_as("editor")
    data = filled_new_post_form(editor, "")
    refused = editor.post(NEW, data=data)
    assert refused.status_code == 200
    corrected = as_form(
        form_fields(refused.text, form_id="post-form"), title="Rettet", save_as="idea"
    )
    assert corrected["submission_key"] == data["submission_key"]
    assert editor.post(NEW, data=corrected).status_code == 302
    assert editor.post(NEW, data=corrected).status_code == 302
    assert post_count("Rettet") == 1


def test_another_person_with_the_key_saves_their_own(plan, client_as):
    """The key leads only its sender to the result; someone else's copy is their own post."""
    data = filled_new_post_form(client_as("editor"), "Delt skjema")
    assert client_as("editor").post(NEW, data=data).status_code == 302
    assert client_as("admin").post(NEW, data=data).status_code == 302
    assert post_count("Delt skjema") == 2


@pytest.mark.parametrize("key", ["", "short", "x" * 65, "../../etc", "ååååååååååååååååååååååå"])
def test_a_missing_or_junk_key_saves_normally(plan, client_as, key):
    editor = client_as("editor")
    data = {**filled_new_post_form(editor, f"Nøkkel {len(key)}"), "submission_key": [key]}
    assert editor.post(NEW, data=data).status_code == 302
    assert post_count(f"Nøkkel {len(key)}") == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SubmittedForm)) == 0


@pytest.mark.postgresql_only  # SQLite runs one write transaction at a time: no overlap
def test_two_copies_at_the_same_moment_make_one_post(app, plan, client_as):
    """Both copies look for the key before either has kept it; the second's insert of the key
    then collides in the database with the first's, is rolled back, and leads to the first's
    post. The order is forced: the first copy keeps its key only after the second has looked."""
    data = filled_new_post_form(client_as("editor"), "Samtidig")
    clients = {"first": client_as("editor"), "second": client_as("editor@alfa.kommune.no")}
    second_looked = threading.Event()
    results: dict[str, object] = {}

    def order(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ARG001
        me = threading.current_thread().name
        if me == "second" and statement.startswith("SELECT submitted_form.result_url"):
            second_looked.set()
        if me == "first" and statement.startswith("INSERT INTO submitted_form"):
            assert second_looked.wait(20), "the second copy never looked for the key"

    def send(name: str) -> None:
        with app.app_context():
            results[name] = clients[name].post(NEW, data=data)

    sa.event.listen(db.engine, "before_cursor_execute", order)
    try:
        threads = [threading.Thread(target=send, args=(name,), name=name) for name in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", order)
    assert second_looked.is_set()
    locations = {response.headers.get("Location") for response in results.values()}
    assert len(locations) == 1 and None not in locations, results
    db.session.rollback()
    assert post_count("Samtidig") == 1


def count(*where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(*where))


def sent_twice(client, page: str, action: str, **fields) -> tuple:
    """The form with `action` on `page`, filled in and sent twice: both answers."""
    data = as_form(form_fields(client.get(page).text, action=action), **fields)
    return client.post(action, data=data), client.post(action, data=data)


def test_a_comment_sent_twice_is_added_once(plan, client_as, make_post):
    post = make_post("draft", title="Kommentert")
    reviewer = client_as("reviewer")
    page, action = f"/m/alfa/posts/{post.id}", f"/m/alfa/posts/{post.id}/comments"
    first, again = sent_twice(reviewer, page, action, body="Fin vinkel")
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert count(Comment.body == "Fin vinkel") == 1
    assert "it is not saved twice" in reviewer.get(again.headers["Location"]).text
    # The page shows a new form (a new key): the next comment is a comment of its own.
    sent_twice(reviewer, page, action, body="Fin vinkel")
    assert count(Comment.body == "Fin vinkel") == 2


def test_a_feed_link_form_sent_twice_makes_one_link(plan, client_as):
    editor = client_as("editor")
    first, again = sent_twice(editor, "/m/alfa/feeds/", "/m/alfa/feeds/new", name="Telefonen")
    assert first.status_code == 200 and "/feeds/" in first.text  # the address, shown once
    assert again.status_code == 302 and again.headers["Location"] == "/m/alfa/feeds/"
    assert count(FeedToken.name == "Telefonen") == 1
    assert "choose “New address” below" in editor.get("/m/alfa/feeds/").text


def test_the_add_member_form_sent_twice_adds_one_member(plan, client_as):
    admin = client_as("admin")
    fields = {"email": "ny@alfa.kommune.no", "name": "Ny Person", "role": "editor"}
    first, again = sent_twice(admin, "/m/alfa/members/new", "/m/alfa/members/new", **fields)
    assert first.status_code == 200  # the new account's password, shown once
    assert again.status_code == 302
    [membership] = db.session.scalars(
        sa.select(Membership).join(User).where(User.email == "ny@alfa.kommune.no")
    ).all()
    assert again.headers["Location"] == f"/m/alfa/members/{membership.id}"
    assert "choose “Give a new password”" in admin.get(again.headers["Location"]).text
