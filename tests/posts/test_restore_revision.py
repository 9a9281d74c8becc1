"""Restoring an earlier revision of a post: a new save with its values, audited, version-checked."""

from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import current_app, g
from flask_babel import format_datetime

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.posts import services
from planner.posts.models import Revision
from planner.strategy.models import Audience, Goal
from tests.conftest import reload
from tests.posts.conftest import post_values
from tests.posts.helpers import Page, as_form, flashes, form_fields

ORIGINAL = "Femti ansatte jobbet ufrivillig deltid."
CHANGED = "Fjorten ansatte jobber nå deltid."


@contextmanager
def app_context_in_english(plan):
    """Dates formatted as the pages format them for an English reader of the municipality."""
    with current_app.test_request_context(headers={"Accept-Language": "en"}):
        g.municipality = plan.municipality
        yield


def history_url(post) -> str:
    return f"/m/alfa/posts/{post.id}/history"


def restore_url(post) -> str:
    return f"/m/alfa/posts/{post.id}/history/restore"


def edit(plan, post, *, by: str = "admin", **overrides) -> None:
    values = post_values(plan.a, owner=plan.people["editor"].id, **overrides)
    services.update_post(
        post,
        values,
        actor=plan.people[by],
        municipality=plan.municipality,
        expected_version=post.version,
    )
    db.session.commit()


@pytest.fixture
def changed_post(plan, make_post):
    """Written by the editor (title, text, goal, audience), then changed by the admin: another
    title and text, a second goal instead of the first, no audience."""
    other_goal = Goal(
        municipality_id=plan.municipality.id,
        strategy=plan.a.strategy,
        title="Nærvær",
        theme="naervaer",
        position=2,
    )
    db.session.add(other_goal)
    db.session.commit()
    post = make_post("draft", title="Fra vikar til fast", summary="Kort.")
    edit(
        plan,
        post,
        title="Fjorten igjen",
        summary="Kortere.",
        sections={"body": CHANGED},
        goals=[other_goal.id],
        audiences=[],
    )
    return post


def restore_form(html: str, revision: Revision) -> dict:
    """The restore form of one revision, as the browser sends it."""
    for fields in _restore_forms(html):
        if ("revision", str(revision.id)) in fields:
            return as_form(fields)
    raise AssertionError(f"no restore form for revision {revision.id}")


def _restore_forms(html: str) -> list[list]:
    return [
        form_fields(match.group(0), action="/history/restore")
        for match in re.finditer(r"<form\b[^>]*history/restore.*?</form>", html, re.S)
    ]


def first_revision(post) -> Revision:
    return services.revisions_of(post)[-1]


def test_restoring_brings_back_the_old_values_as_a_new_revision(plan, client_as, changed_post):
    post = changed_post
    editor = client_as("editor")
    page = editor.get(history_url(post)).text
    oldest = first_revision(post)
    response = editor.post(restore_url(post), data=restore_form(page, oldest))
    assert response.status_code == 302
    assert response.location.endswith(f"/m/alfa/posts/{post.id}")

    post = reload(post)
    assert post.title == "Fra vikar til fast" and post.summary == "Kort."
    assert post.body == ORIGINAL and post.sections["body"] == ORIGINAL
    assert [goal.title for goal in post.goals] == ["Heltidskultur Alfa"]
    assert [audience.name for audience in post.audiences] == ["Innbyggere Alfa"]

    revisions = services.revisions_of(post)
    assert len(revisions) == 3
    newest = revisions[0]
    assert newest.author_id == plan.people["editor"].id
    assert newest.version == post.version
    assert (
        newest.after["title"] == "Fra vikar til fast" and newest.before["title"] == "Fjorten igjen"
    )

    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "post.revision_restored")
    )
    assert event.object_type == "post" and event.object_id == post.id
    assert event.actor_id == plan.people["editor"].id
    assert event.municipality_id == plan.municipality.id
    assert event.after["revision"] == oldest.id and event.after["version"] == post.version

    shown = editor.get(f"/m/alfa/posts/{post.id}")
    assert "is restored, as a new version" in flashes(shown.text)
    assert ORIGINAL in shown.text and CHANGED not in shown.text
    # The history says which version the new save restored.
    history = Page.of(editor.get(history_url(post)).text).text
    assert "Restored the version of" in history


def test_the_flash_says_which_version(plan, client_as, changed_post):
    editor = client_as("editor")
    oldest = first_revision(changed_post)
    page = editor.get(history_url(changed_post)).text
    response = editor.post(
        restore_url(changed_post), data=restore_form(page, oldest), follow_redirects=True
    )
    with app_context_in_english(plan):
        when = format_datetime(oldest.created_at, "EEE d. MMM y HH:mm")
    assert f"The version of {when} is restored, as a new version." in flashes(response.text)


def test_an_approved_post_goes_back_to_draft_like_any_save(plan, client_as, make_post):
    post = make_post("draft")
    edit(plan, post, title="Endret")
    from planner.posts import workflow

    for name in ("submit", "approve"):
        workflow.apply_transition(
            post, name, role="admin", actor=plan.people["admin"], municipality=plan.municipality
        )
    db.session.commit()
    editor = client_as("editor")
    page = editor.get(history_url(post)).text
    editor.post(restore_url(post), data=restore_form(page, first_revision(post)))
    post = reload(post)
    assert post.status == "draft" and post.approved_at is None
    assert post.title == "Fra vikar til fast"


def test_each_earlier_revision_has_a_button_named_after_it_and_no_duplicate_ids(
    plan, client_as, changed_post
):
    edit(plan, changed_post, title="Tredje")
    revisions = services.revisions_of(changed_post)
    # Saved on three days, so that each button's name tells its own.
    for days, revision in enumerate(revisions):
        revision.created_at -= timedelta(days=days)
    db.session.commit()
    page = client_as("editor").get(history_url(changed_post)).text
    forms = _restore_forms(page)
    assert len(forms) == len(revisions) - 1, "none on the current version"
    assert [dict(fields)["revision"] for fields in forms] == [str(r.id) for r in revisions[1:]]
    assert {dict(fields)["version"] for fields in forms} == {str(changed_post.version)}
    assert len({dict(fields)["submission_key"] for fields in forms}) == len(forms)
    ids = Counter(tag.attrs["id"] for tag in Page.of(page).tags if "id" in tag.attrs)
    assert [id_ for id_, count in ids.items() if count > 1] == []
    buttons = [
        " ".join(Page.of(button).text.split())
        for button in re.findall(r"<button[^>]*>.*?</button>", page, re.S)
        if "Restore this version" in button
    ]
    with app_context_in_english(plan):
        expected = [
            f"Restore this version (saved {format_datetime(r.created_at, 'EEE d. MMM y HH:mm')})"
            for r in revisions[1:]
        ]
    assert buttons == expected


def test_a_stale_version_changes_nothing_and_says_so(plan, client_as, changed_post):
    editor = client_as("editor")
    page = editor.get(history_url(changed_post)).text
    form = restore_form(page, first_revision(changed_post))
    edit(plan, changed_post, title="Noen andre lagret")  # someone else saves in between
    before = (
        reload(changed_post).version,
        db.session.scalar(sa.select(sa.func.count(Revision.id))),
    )
    response = editor.post(restore_url(changed_post), data=form)
    assert response.status_code == 409
    assert "Someone else changed the post" in flashes(response.text)
    assert "Revision history of" in response.text  # the history page again
    post = reload(changed_post)
    assert post.title == "Noen andre lagret"
    after = (post.version, db.session.scalar(sa.select(sa.func.count(Revision.id))))
    assert after == before
    assert not db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "post.revision_restored")
    )
    # The page shown offers forms with the version of now.
    assert {dict(f)["version"] for f in _restore_forms(response.text)} == {str(post.version)}


def test_a_restore_without_a_version_is_refused(plan, client_as, changed_post):
    editor = client_as("editor")
    page = editor.get(history_url(changed_post)).text
    form = restore_form(page, first_revision(changed_post))
    del form["version"]
    response = editor.post(restore_url(changed_post), data=form)
    assert response.status_code == 400
    assert reload(changed_post).title == "Fjorten igjen"


def test_sent_twice_restores_once(plan, client_as, changed_post):
    editor = client_as("editor")
    form = restore_form(editor.get(history_url(changed_post)).text, first_revision(changed_post))
    assert editor.post(restore_url(changed_post), data=form).status_code == 302
    again = editor.post(restore_url(changed_post), data=form)
    assert again.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Revision.id)).where(
        Revision.post_id == changed_post.id)) == 3  # fmt: skip


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_who_may_not_edit_cannot_restore_nor_sees_the_button(plan, client_as, changed_post, role):
    editor_page = client_as("editor").get(history_url(changed_post)).text
    form = restore_form(editor_page, first_revision(changed_post))
    reader = client_as(role)
    assert "Restore this version" not in reader.get(history_url(changed_post)).text
    assert reader.post(restore_url(changed_post), data=form).status_code == 403
    assert reload(changed_post).title == "Fjorten igjen"


def test_another_municipalitys_post_or_revision_is_404(plan, client_as, changed_post):
    admin = client_as("admin")
    form = restore_form(admin.get(history_url(changed_post)).text, first_revision(changed_post))
    beta_revision = services.revisions_of(plan.b_post)[0]
    assert (
        admin.post(f"/m/alfa/posts/{plan.b_post.id}/history/restore", data=form).status_code == 404
    )
    assert (
        admin.post(f"/m/beta/posts/{plan.b_post.id}/history/restore", data=form).status_code == 404
    )
    # Beta's revision through Alfa's post, and a revision that is not there.
    for revision_id in (str(beta_revision.id), "999999", "x"):
        response = admin.post(restore_url(changed_post), data={**form, "revision": [revision_id]})
        assert response.status_code == 404, revision_id
    assert reload(plan.b_post).title == "Betas hemmelige sak"
    assert reload(changed_post).title == "Fjorten igjen"


def test_an_archived_post_cannot_be_restored(plan, client_as, changed_post):
    from planner.posts import workflow

    editor = client_as("editor")
    form = restore_form(editor.get(history_url(changed_post)).text, first_revision(changed_post))
    workflow.apply_transition(
        changed_post,
        "archive",
        role="editor",
        actor=plan.people["editor"],
        municipality=plan.municipality,
    )
    db.session.commit()
    page = editor.get(history_url(changed_post)).text
    assert "Restore this version" not in page
    assert "The post is archived. Restore it to change it." in page
    form["version"] = [str(reload(changed_post).version)]
    response = editor.post(restore_url(changed_post), data=form)
    assert response.status_code == 409
    assert "The post is archived. Restore it to change it." in flashes(response.text)
    post = reload(changed_post)
    assert post.title == "Fjorten igjen" and post.status == "archived"


def test_restoring_the_version_it_has_already_saves_nothing(plan, client_as, changed_post):
    edit(
        plan,
        changed_post,
        title="Fra vikar til fast",
        summary="Kort.",
        sections={"body": ORIGINAL},
        goals=[plan.a.goal.id],
    )
    count = db.session.scalar(sa.select(sa.func.count(Revision.id)))
    editor = client_as("editor")
    page = editor.get(history_url(changed_post)).text
    response = editor.post(
        restore_url(changed_post),
        data=restore_form(page, first_revision(changed_post)),
        follow_redirects=True,
    )
    assert "already reads as the version of" in flashes(response.text)
    assert db.session.scalar(sa.select(sa.func.count(Revision.id))) == count


def test_a_structured_template_gets_its_fields_back(plan, client_as, make_post):
    sections = {"car_challenge": "Mange vikarer.", "car_action": "Faste stillinger.",
                "car_result": "Fjorten igjen."}  # fmt: skip
    post = make_post("draft", template="car", sections=sections)
    edit(plan, post, template="car", sections={**sections, "car_result": "Ingen igjen."})
    editor = client_as("editor")
    page = editor.get(history_url(post)).text
    editor.post(restore_url(post), data=restore_form(page, first_revision(post)))
    post = reload(post)
    assert post.template == "car"
    assert post.sections["car_result"] == "Fjorten igjen."
    assert post.body == "Mange vikarer.\n\nFaste stillinger.\n\nFjorten igjen."
    # The editor shows the restored text in its fields.
    fields = dict(
        form_fields(editor.get(f"/m/alfa/posts/{post.id}/edit").text, form_id="post-form")
    )
    assert fields["section_car_result"] == "Fjorten igjen."


def test_a_link_no_longer_there_is_left_as_it_is_and_told(plan, client_as, changed_post):
    audience = db.session.get(Audience, plan.a.audience.id)
    audience.name = "Omdøpt"
    db.session.commit()
    editor = client_as("editor")
    page = editor.get(history_url(changed_post)).text
    response = editor.post(
        restore_url(changed_post),
        data=restore_form(page, first_revision(changed_post)),
        follow_redirects=True,
    )
    assert "Not restored, as they are no longer there: Innbyggere Alfa." in flashes(response.text)
    post = reload(changed_post)
    assert post.title == "Fra vikar til fast" and post.audiences == []
