"""The header's count, the notifications page and the settings page."""

from __future__ import annotations

import re

import sqlalchemy as sa

from planner.core.extensions import db
from planner.notifications.models import Notification, NotificationPreference
from planner.posts.workflow import apply_transition
from tests.conftest import reload


def submit(post, two_municipalities):
    people = two_municipalities["people"]
    apply_transition(
        post, "submit", role="editor", actor=people["editor"], municipality=two_municipalities["a"]
    )
    db.session.commit()


def unread_in_header(html: str) -> str | None:
    match = re.search(r'class="unread-count">(\d+)<span class="ds-sr-only"> unread', html)
    return match.group(1) if match else None


def test_the_header_counts_unread_and_the_page_lists_them_newest_first(
    client, auth, two_municipalities, post_in_alfa
):
    submit(post_in_alfa, two_municipalities)
    auth.login("reviewer@alfa.kommune.no")

    front = client.get("/m/alfa/").get_data(as_text=True)
    assert unread_in_header(front) == "1"
    page = client.get("/m/alfa/notifications/").get_data(as_text=True)
    assert "editor Alfa submitted “Fra vikar til fast” for review." in page
    assert f'href="/m/alfa/posts/{post_in_alfa.id}"' in page
    assert "1 unread." in page

    [notification] = db.session.scalars(
        sa.select(Notification).where(
            Notification.user_id == two_municipalities["people"]["reviewer"].id
        )
    )
    response = client.post(f"/m/alfa/notifications/{notification.id}/read")
    assert response.status_code == 302
    assert reload(notification).read_at is not None
    assert unread_in_header(client.get("/m/alfa/").get_data(as_text=True)) is None


def test_mark_all_as_read(client, auth, two_municipalities, post_in_alfa):
    submit(post_in_alfa, two_municipalities)
    people = two_municipalities["people"]
    apply_transition(
        post_in_alfa,
        "withdraw",
        role="editor",
        actor=people["editor"],
        municipality=two_municipalities["a"],
    )
    db.session.commit()
    submit(post_in_alfa, two_municipalities)
    auth.login("admin@alfa.kommune.no")
    assert unread_in_header(client.get("/m/alfa/").get_data(as_text=True)) == "2"

    page = client.post("/m/alfa/notifications/read", follow_redirects=True).get_data(as_text=True)
    assert "All notifications are marked as read." in page and "Nothing unread." in page


def test_nobody_reads_or_marks_another_persons_notifications(
    client, auth, two_municipalities, post_in_alfa
):
    submit(post_in_alfa, two_municipalities)
    theirs = db.session.scalars(sa.select(Notification)).first()
    auth.login("editor@alfa.kommune.no")  # the actor: told nothing
    assert "Nothing unread." in client.get("/m/alfa/notifications/").get_data(as_text=True)
    assert client.post(f"/m/alfa/notifications/{theirs.id}/read").status_code == 404
    assert reload(theirs).read_at is None
    auth.logout()
    auth.login("admin@beta.kommune.no")
    assert client.post(f"/m/beta/notifications/{theirs.id}/read").status_code == 404
    assert client.get("/m/alfa/notifications/").status_code == 404


def test_the_settings_page_keeps_each_choice(client, auth, two_municipalities):
    auth.login("reviewer@alfa.kommune.no")
    page = client.get("/account/notifications/").get_data(as_text=True)
    assert 'name="review_requested" type="radio" value="email" checked' in page or re.search(
        r'<input checked[^>]*name="review_requested"[^>]*value="email"', page
    )

    response = client.post(
        "/account/notifications/",
        data={
            "review_requested": "off",
            "sent_back": "app",
            "approved": "email",
            "commented": "email",
            "mentioned": "app",
            "due_soon": "app",
            "overdue": "email",
            "deadline_passed": "off",
            "daily_digest": "email",
            "weekly_digest": "off",
        },
    )
    assert response.status_code == 302
    chosen = dict(
        db.session.execute(
            sa.select(NotificationPreference.kind, NotificationPreference.delivery)
        ).all()
    )
    assert chosen == {
        "review_requested": "off",
        "sent_back": "app",
        "approved": "email",
        "commented": "email",
        "mentioned": "app",
        "due_soon": "app",
        "overdue": "email",
        "deadline_passed": "off",
        "daily_digest": "email",
        "weekly_digest": "off",
    }


def test_a_choice_that_does_not_exist_is_refused_and_nothing_is_saved(
    client, auth, two_municipalities
):
    auth.login("reviewer@alfa.kommune.no")
    response = client.post(
        "/account/notifications/",
        data={
            "review_requested": "sms",
            "sent_back": "app",
            "approved": "email",
            "commented": "off",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Not a valid choice" in page
    assert re.search(r'<input checked[^>]*name="sent_back"[^>]*value="app"', page), "input kept"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NotificationPreference)) == 0


def test_signed_out_the_settings_page_asks_to_sign_in(client, app):
    response = client.get("/account/notifications/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
