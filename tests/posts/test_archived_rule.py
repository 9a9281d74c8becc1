"""An archived post is kept as it is: none of its publications is planned, rescheduled, edited,
cancelled, planned again or marked as published until the post is restored.

The rule lives in the posts services; every path that can make such a change is tried here once,
as a member would (the post page's forms and buttons, the calendar's move form and its drag), and
each is refused with nothing changed in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.errors import NotAllowed
from planner.core.extensions import db
from planner.posts import services, workflow
from planner.posts.models import Post, Publication
from tests.conftest import reload
from tests.posts.conftest import publication_form
from tests.posts.helpers import as_form, flashes, form_fields

ARCHIVED_TO_PLAN = "The post is archived. Restore it to plan it."
ARCHIVED_TO_CHANGE = "The post is archived. Restore it to change it."
JSON = {"Accept": "application/json"}


@dataclass
class Archived:
    post: Post
    #: Planned on 4 May 2026 at 09:00 (07:00 UTC), on Alfa's Facebook channel.
    planned: Publication
    #: Cancelled before the post was archived.
    cancelled: Publication


@pytest.fixture
def archived(plan, make_post, make_publication) -> Archived:
    post = make_post("draft", title="Arkivert sak")
    planned = make_publication(post, date(2026, 5, 4), time(9), text="Les saken.")
    cancelled = make_publication(post, date(2026, 5, 11), time(12))
    services.cancel_publication(
        cancelled, actor=plan.people["editor"], municipality=plan.municipality
    )
    workflow.apply_transition(
        post, "archive", role="admin", actor=plan.people["admin"], municipality=plan.municipality
    )
    db.session.commit()
    assert post.status == "archived"
    return Archived(post, planned, cancelled)


def saved_state(post: Post) -> tuple:
    """What the database holds for the post: its publications, field by field, its status and
    version, and the audit log (sign in before taking it: signing in is audited too)."""
    db.session.expire_all()
    publications = db.session.execute(
        sa.select(
            Publication.id,
            Publication.status,
            Publication.publish_at,
            Publication.all_day,
            Publication.channel_id,
            Publication.text,
            Publication.url,
            Publication.published_at,
            Publication.version,
            Publication.sequence,
        )
        .where(Publication.post_id == post.id)
        .order_by(Publication.id)
    ).all()
    events = db.session.scalars(sa.select(AuditEvent.id).order_by(AuditEvent.id)).all()
    post_row = db.session.execute(
        sa.select(Post.status, Post.version).where(Post.id == post.id)
    ).one()
    return (tuple(publications), tuple(events), tuple(post_row))


def flashed(client, response) -> str:
    return flashes(client.get(response.headers["Location"]).text)


# --- The post page -------------------------------------------------------------------------------


def test_the_publication_edit_form_refuses_to_reschedule(archived, client_as):
    editor = client_as("editor")
    url = f"/m/alfa/posts/publications/{archived.planned.id}/edit"
    fields = form_fields(editor.get(url).text, action=url)
    before = saved_state(archived.post)

    response = editor.post(url, data=as_form(fields, day="2026-05-06", at="14:00", text="Ny."))

    assert response.status_code == 409
    assert ARCHIVED_TO_PLAN in response.text
    assert saved_state(archived.post) == before
    assert db.session.get(Publication, archived.planned.id).publish_at == datetime(
        2026, 5, 4, 7, 0, tzinfo=UTC
    )


def test_the_plan_publication_form_refuses_a_new_publication(plan, archived, client_as):
    editor = client_as("editor")
    before = saved_state(archived.post)

    response = editor.post(
        f"/m/alfa/posts/{archived.post.id}/publications/new",
        data=publication_form(plan.a.channel, "2026-05-06"),
    )

    assert response.status_code == 409
    assert ARCHIVED_TO_PLAN in response.text
    assert saved_state(archived.post) == before


def test_cancel_is_refused(archived, client_as):
    editor = client_as("editor")
    before = saved_state(archived.post)

    response = editor.post(f"/m/alfa/posts/publications/{archived.planned.id}/cancel")

    assert response.status_code == 302
    assert ARCHIVED_TO_CHANGE in flashed(editor, response)
    assert saved_state(archived.post) == before


def test_plan_again_is_refused(archived, client_as):
    editor = client_as("editor")
    before = saved_state(archived.post)

    response = editor.post(f"/m/alfa/posts/publications/{archived.cancelled.id}/restore")

    assert response.status_code == 302
    assert ARCHIVED_TO_PLAN in flashed(editor, response)
    assert saved_state(archived.post) == before


def test_mark_published_is_refused(archived, client_as):
    editor = client_as("editor")
    before = saved_state(archived.post)

    response = editor.post(
        f"/m/alfa/posts/publications/{archived.planned.id}/published",
        data={"url": "https://www.facebook.com/alfakommune/posts/1"},
    )

    assert response.status_code == 302
    assert ARCHIVED_TO_CHANGE in flashed(editor, response)
    assert saved_state(archived.post) == before


def test_the_post_edit_form_is_refused(plan, archived, client_as):
    editor = client_as("editor")
    url = f"/m/alfa/posts/{archived.post.id}/edit"
    before = saved_state(archived.post)

    response = editor.post(url, data={"title": "Ny tittel", "kind": "story", "template": "free"})

    assert response.status_code == 302
    assert ARCHIVED_TO_CHANGE in flashed(editor, response)
    assert saved_state(archived.post) == before
    assert db.session.get(Post, archived.post.id).title == "Arkivert sak"


# --- The calendar --------------------------------------------------------------------------------


def test_the_calendar_move_form_is_refused(archived, client_as):
    editor = client_as("editor")
    before = saved_state(archived.post)

    response = editor.post(
        f"/m/alfa/calendar/publications/{archived.planned.id}/move",
        data={
            "version": reload(archived.planned).version,
            "day": "2026-05-06",
            "next": "/m/alfa/calendar/",
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/m/alfa/calendar/"
    assert ARCHIVED_TO_PLAN in flashed(editor, response)
    assert saved_state(archived.post) == before


def test_the_calendar_drag_is_refused(archived, client_as):
    editor = client_as("editor")
    before = saved_state(archived.post)

    response = editor.post(
        f"/m/alfa/calendar/publications/{archived.planned.id}/move",
        data={"version": reload(archived.planned).version, "day": "2026-05-06"},
        headers=JSON,
    )

    assert response.status_code == 409
    assert response.json == {"ok": False, "message": ARCHIVED_TO_PLAN}
    assert saved_state(archived.post) == before


# --- The services, for callers without a page (the demo, later an API) ---------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda a, plan: services.update_publication(
                a.planned,
                {"channel": plan.a.channel.id, "day": date(2026, 5, 6), "at": time(9),
                 "all_day": False, "text": ""},
                actor=plan.people["editor"], municipality=plan.municipality,
                expected_version=a.planned.version,
            ),
            id="update_publication",
        ),
        pytest.param(
            lambda a, plan: services.move_publication(
                a.planned, date(2026, 5, 6), actor=plan.people["editor"],
                municipality=plan.municipality, expected_version=a.planned.version,
            ),
            id="move_publication",
        ),
        pytest.param(
            lambda a, plan: services.cancel_publication(
                a.planned, actor=plan.people["editor"], municipality=plan.municipality
            ),
            id="cancel_publication",
        ),
        pytest.param(
            lambda a, plan: services.restore_publication(
                a.cancelled, actor=plan.people["editor"], municipality=plan.municipality
            ),
            id="restore_publication",
        ),
        pytest.param(
            lambda a, plan: services.mark_published(
                a.planned, "", actor=plan.people["editor"], municipality=plan.municipality
            ),
            id="mark_published",
        ),
        pytest.param(
            lambda a, plan: services.add_publication(
                a.post,
                {"channel": plan.a.channel.id, "day": date(2026, 5, 6), "at": time(9),
                 "all_day": False},
                actor=plan.people["editor"], municipality=plan.municipality,
            ),
            id="add_publication",
        ),
    ],
)  # fmt: skip
def test_every_service_refuses_with_not_allowed(change, plan, archived):
    before = saved_state(archived.post)
    with pytest.raises(NotAllowed) as refused:
        change(archived, plan)
    assert str(refused.value) in (ARCHIVED_TO_PLAN, ARCHIVED_TO_CHANGE)
    assert refused.value.status_code == 409
    db.session.rollback()
    assert saved_state(archived.post) == before


def test_once_restored_the_publication_can_be_rescheduled_again(plan, archived, client_as):
    editor = client_as("editor")
    assert editor.post(f"/m/alfa/posts/{archived.post.id}/status/restore").status_code == 302
    response = editor.post(
        f"/m/alfa/calendar/publications/{archived.planned.id}/move",
        data={"version": reload(archived.planned).version, "day": "2026-05-06"},
        headers=JSON,
    )
    assert response.status_code == 200
    assert db.session.get(Publication, archived.planned.id).publish_at == datetime(
        2026, 5, 6, 7, 0, tzinfo=UTC
    )
