"""Marking a publication published before its planned time asks first, and records when it went
out; after its time it is marked at once, as before."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from planner.core.localtime import utcnow
from tests.conftest import reload

LINK = "https://www.facebook.com/alfakommune/posts/123"


def published_url(publication) -> str:
    return f"/m/alfa/posts/publications/{publication.id}/published"


def test_an_early_mark_is_refused_until_confirmed(plan, make_post, make_publication, client_as):
    post = make_post("approved")
    publication = make_publication(post, date(2099, 3, 2), time(9))
    editor = client_as("editor")

    response = editor.post(published_url(publication), data={"url": LINK})
    assert response.status_code == 200
    question = "It is planned for Mon 2. Mar 2099 09:00. Mark it published now, before its time?"
    assert question in response.text
    assert "Yes, it went out now" in response.text
    assert f'id="published-early-{publication.id}"' in response.text
    assert f'value="{LINK}"' in response.text
    unchanged = reload(publication)
    assert unchanged.status == "planned" and unchanged.url == "" and unchanged.published_at is None

    response = editor.post(published_url(publication), data={"url": LINK, "confirm_early": "y"})
    assert response.status_code == 302
    done = reload(publication)
    assert done.status == "published" and done.url == LINK
    assert abs(done.published_at - utcnow()) < timedelta(minutes=1)
    page = editor.get(f"/m/alfa/posts/{post.id}").text
    assert "Published " in page and "published-time" in page
    assert "Yes, it went out now" not in page


def test_an_early_all_day_publication_asks_too(plan, make_post, make_publication, client_as):
    post = make_post("approved")
    publication = make_publication(post, date(2099, 3, 2), all_day=True)
    response = client_as("editor").post(published_url(publication), data={"url": ""})
    assert response.status_code == 200
    assert "Mark it published now, before its time?" in response.text
    assert reload(publication).status == "planned"


def test_a_mark_after_the_planned_time_needs_no_confirmation(
    plan, make_post, make_publication, client_as
):
    post = make_post("approved")
    publication = make_publication(post, date.today() - timedelta(days=2), time(9))
    editor = client_as("editor")
    response = editor.post(published_url(publication), data={"url": LINK})
    assert response.status_code == 302
    done = reload(publication)
    assert done.status == "published"
    assert abs(done.published_at - datetime.now(UTC)) < timedelta(minutes=1)
    # Published two days late: the page tells when it went out.
    assert "published-time" in editor.get(f"/m/alfa/posts/{post.id}").text


def test_yesterdays_all_day_publication_is_marked_at_once(
    plan, make_post, make_publication, client_as
):
    post = make_post("approved")
    publication = make_publication(post, date.today() - timedelta(days=1), all_day=True)
    response = client_as("editor").post(published_url(publication), data={})
    assert response.status_code == 302
    assert reload(publication).status == "published"
