"""Rescheduling from the calendar: POST /calendar/publications/<id>/move with a day.

The script sends it with fetch and reads JSON; without the script a plain form POST redirects back
with a message. Either way the local time of day is kept, across the daylight-saving switches.
"""

from __future__ import annotations

import re
from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from tests.calendar.conftest import make_plan
from tests.conftest import reload

OSLO = ZoneInfo("Europe/Oslo")
JSON = {"Accept": "application/json"}


def move_url(publication) -> str:
    return f"/m/alfa/calendar/publications/{publication.id}/move"


def local(publication) -> tuple[date, time]:
    moment = reload(publication).publish_at.astimezone(OSLO)
    return moment.date(), moment.time()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # Summer time starts on 29 March 2026 and ends on 25 October 2026.
        (date(2026, 3, 27), date(2026, 3, 30)),
        (date(2026, 3, 30), date(2026, 3, 27)),
        (date(2026, 10, 23), date(2026, 10, 26)),
        (date(2026, 10, 26), date(2026, 10, 23)),
    ],
)
def test_move_keeps_the_local_time_of_day_across_dst(client, plan, as_editor, before, after):
    publication = plan.publication(plan.post("Ukas sak"), before, time(9, 0))
    utc_hour = publication.publish_at.hour
    response = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": after.isoformat()},
        headers=JSON,
    )
    assert response.status_code == 200, response.text
    assert response.json["ok"] is True
    assert response.json["day"] == after.isoformat() and response.json["time"] == "09:00"
    assert local(publication) == (after, time(9, 0))
    assert reload(publication).publish_at.hour != utc_hour  # the UTC hour did change


def test_move_answers_json_with_a_message(client, plan, as_editor):
    publication = plan.publication(plan.post("Fra vikar til fast"), date(2030, 4, 1), time(23, 30))
    response = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "2030-04-30"},
        headers=JSON,
    )
    assert response.status_code == 200
    assert response.json == {
        "ok": True,
        "message": "“Fra vikar til fast” on Facebook is moved to Tuesday, April 30, 2030 at 23:30."
        " Undo is available.",
        "day": "2030-04-30",
        "version": reload(publication).version,
        "time": "23:30",
        # Undo: a move back to the day it came from, from the version this move left.
        "undo": {"day": "2030-04-01", "version": reload(publication).version},
    }
    assert local(publication) == (date(2030, 4, 30), time(23, 30))  # never reset to 23:59
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "publication.moved"))
    assert event is not None and event.actor_id == plan.editor.id


def test_move_all_day_item(client, plan, as_editor):
    publication = plan.publication(plan.post("Temakveld"), date(2030, 3, 28), None)
    response = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "2030-04-02"},
        headers=JSON,
    )
    assert response.json["time"] is None and "all day" in response.json["message"]
    assert local(publication) == (date(2030, 4, 2), time(0, 0))
    assert reload(publication).all_day is True


def test_plain_form_post_redirects_back_with_a_message(client, plan, as_editor):
    publication = plan.publication(plan.post("Skjema"), date(2030, 5, 6), time(8, 15))
    back = "/m/alfa/calendar/?view=month&date=2030-05-06"
    response = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "07.05.2030", "next": back},
    )
    assert response.status_code == 302 and response.location == back
    assert local(publication) == (date(2030, 5, 7), time(8, 15))
    page = client.get(back).text
    assert "“Skjema” on Facebook is moved to Tuesday, May 7, 2030 at 08:15." in page
    # Without a (safe) next address it goes to the week of the new day.
    response = client.post(
        move_url(publication),
        data={
            "version": reload(publication).version,
            "day": "2030-05-08",
            "next": "https://evil.example/",
        },
    )
    assert response.location == "/m/alfa/calendar/?view=week&date=2030-05-08"


def test_only_planned_publications_move(client, plan, as_editor):
    post = plan.post("Avlyst")
    cancelled = plan.publication(post, date(2030, 5, 6), status="cancelled")
    response = client.post(
        move_url(cancelled),
        data={"version": reload(cancelled).version, "day": "2030-05-07"},
        headers=JSON,
    )
    assert response.status_code == 409
    assert response.json == {"ok": False, "message": "Only a planned publication can be moved."}
    assert local(cancelled)[0] == date(2030, 5, 6)
    # The form way says so in a flash message.
    response = client.post(
        move_url(cancelled),
        data={"version": reload(cancelled).version, "day": "2030-05-07"},
        follow_redirects=True,
    )
    assert "Only a planned publication can be moved." in response.text


def test_publications_of_archived_posts_do_not_move(client, plan, as_editor):
    post = plan.post("Arkivert")
    publication = plan.publication(post, date(2030, 5, 6))
    post.status = "archived"
    db.session.commit()
    response = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "2030-05-07"},
        headers=JSON,
    )
    assert response.status_code == 409
    assert "archived" in response.json["message"]


@pytest.mark.parametrize("day", ["", "2030-02-30", "next tuesday"])
def test_a_day_is_required(client, plan, as_editor, day):
    publication = plan.publication(plan.post("Uten dag"), date(2030, 5, 6))
    response = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": day},
        headers=JSON,
    )
    assert response.status_code == 400
    assert response.json["ok"] is False and response.json["message"]
    assert local(publication)[0] == date(2030, 5, 6)


@pytest.mark.parametrize(("email", "status"), [("viewer", 403), ("reviewer", 403), ("admin", 200)])
def test_who_may_move(client, auth, plan, email, status):
    publication = plan.publication(plan.post("Roller"), date(2030, 5, 6))
    auth.login(f"{email}@alfa.kommune.no")
    response = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "2030-05-07"},
        headers=JSON,
    )
    assert response.status_code == status
    moved = local(publication)[0] == date(2030, 5, 7)
    assert moved is (status == 200)


def test_another_municipality_is_not_found(client, auth, plan, two_municipalities):
    other = make_plan(two_municipalities["b"], two_municipalities["people"]["other"])
    theirs = other.publication(other.post("Beta"), date(2030, 5, 6))
    ours = plan.publication(plan.post("Alfa"), date(2030, 5, 6))
    auth.login("editor@alfa.kommune.no")
    # Their publication through our address: not found (get_publication is scoped).
    response = client.post(
        f"/m/alfa/calendar/publications/{theirs.id}/move",
        data={"version": reload(theirs).version, "day": "2030-05-07"},
    )
    assert response.status_code == 404
    # Our address as someone of the other municipality: not found either.
    auth.logout()
    auth.login("admin@beta.kommune.no")
    assert (
        client.post(
            move_url(ours), data={"version": reload(ours).version, "day": "2030-05-07"}
        ).status_code
        == 404
    )
    assert local(theirs)[0] == date(2030, 5, 6) and local(ours)[0] == date(2030, 5, 6)
    # An unknown id is not found as well.
    auth.logout()
    auth.login("editor@alfa.kommune.no")
    assert client.post(move_url(ours).replace(str(ours.id), "999999")).status_code == 404


def test_get_is_not_allowed(client, plan, as_editor):
    publication = plan.publication(plan.post("Hent"), date(2030, 5, 6))
    assert client.get(move_url(publication)).status_code == 405


class TestCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def _login(self, client, email="editor@alfa.kommune.no"):
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        from tests.conftest import TEST_PASSWORD

        client.post("/login", data={"email": email, "password": TEST_PASSWORD, "csrf_token": token})

    def test_move_needs_the_token_from_the_page(self, client, plan):
        publication = plan.publication(plan.post("Token"), date(2030, 5, 6), time(9, 0))
        self._login(client)
        page = client.get("/m/alfa/calendar/?view=week&date=2030-05-06").text
        token = re.search(r'<meta name="csrf-token" content="([^"]+)">', page).group(1)

        refused = client.post(
            move_url(publication),
            data={"version": reload(publication).version, "day": "2030-05-07"},
            headers=JSON,
        )
        assert refused.status_code == 400
        wrong = client.post(
            move_url(publication),
            data={"version": reload(publication).version, "day": "2030-05-07"},
            headers={**JSON, "X-CSRFToken": "not-the-token"},
        )
        assert wrong.status_code == 400
        assert local(publication)[0] == date(2030, 5, 6)

        # As the script sends it: in a header, or as a form field.
        by_header = client.post(
            move_url(publication),
            data={"version": reload(publication).version, "day": "2030-05-07"},
            headers={**JSON, "X-CSRFToken": token},
        )
        assert by_header.status_code == 200 and by_header.json["ok"] is True
        by_field = client.post(
            move_url(publication),
            data={"version": reload(publication).version, "day": "2030-05-08", "csrf_token": token},
            headers=JSON,
        )
        assert by_field.status_code == 200
        assert local(publication) == (date(2030, 5, 8), time(9, 0))


@pytest.mark.parametrize("version", [None, "", "abc", "-1", "1e3", str(2**64), "1.0"])
def test_a_move_without_a_valid_version_is_refused(client, plan, as_editor, version):
    """A missing or malformed version is never taken as "no conflict"."""
    publication = plan.publication(plan.post("Uten versjon"), date(2030, 5, 6), time(9, 0))
    before = reload(publication).publish_at
    data = {"day": "2030-05-07"} if version is None else {"day": "2030-05-07", "version": version}
    response = client.post(move_url(publication), data=data, headers=JSON)
    assert response.status_code == 400
    assert response.json["ok"] is False
    assert "without the version" in response.json["message"]
    assert reload(publication).publish_at == before


def test_a_move_from_an_older_version_is_refused_as_a_conflict(client, plan, as_editor):
    """Two people drag the same item: the second, from what the calendar showed before the
    first move, is refused with 409 and the first move stays."""
    publication = plan.publication(plan.post("Dobbelt flytt"), date(2030, 5, 6), time(9, 0))
    shown = reload(publication).version
    first = client.post(
        move_url(publication), data={"day": "2030-05-07", "version": shown}, headers=JSON
    )
    assert first.status_code == 200 and first.json["version"] == shown + 1
    second = client.post(
        move_url(publication), data={"day": "2030-05-09", "version": shown}, headers=JSON
    )
    assert second.status_code == 409
    assert second.json["message"].startswith("Someone else changed the publication")
    assert local(publication) == (date(2030, 5, 7), time(9, 0))
