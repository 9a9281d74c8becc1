"""Undo after a move in the calendar, and moving without the script.

Undo is a move back to the day the publication came from, through the same move endpoint and the
same move rules, from the version the move left: a change made in between is refused, never
overwritten. The script gets it in the move's JSON; a plain form move leaves it in the session
for the page it goes back to, which shows an Undo form once.
"""

from __future__ import annotations

import re
from datetime import date, time

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.calendar.views import UNDO_KEY
from planner.core.extensions import db
from planner.posts import services as posts
from tests.calendar.conftest import make_plan
from tests.calendar.test_move import JSON, local, move_url
from tests.conftest import reload

BACK = "/m/alfa/calendar/?view=month&date=2030-05-01"


def moves_of(publication) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action == "publication.moved")
            .order_by(AuditEvent.id)
        )
    )


def undo_form(page: str) -> str | None:
    found = re.search(r'<form method="post" [^>]*class="calendar-undo-form">.*?</form>', page, re.S)
    return found.group(0) if found else None


def hidden(form: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', form)
    assert found, f"no hidden {name} in {form}"
    return found.group(1)


# --- Undo after a drag (JSON) -------------------------------------------------------------------


def test_undo_after_a_drag_puts_it_back_and_is_audited_as_a_move(client, plan, as_editor):
    publication = plan.publication(plan.post("Angre"), date(2030, 5, 6), time(9, 30))
    before = reload(publication).publish_at
    moved = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "2030-05-09"},
        headers=JSON,
    )
    assert moved.json["message"].endswith(" Undo is available.")
    assert moved.json["undo"] == {"day": "2030-05-06", "version": moved.json["version"]}

    undone = client.post(
        move_url(publication),
        data={
            "day": moved.json["undo"]["day"],
            "version": moved.json["undo"]["version"],
            "undo": 1,
        },
        headers=JSON,
    )
    assert undone.status_code == 200 and undone.json["ok"] is True
    assert undone.json["message"] == "“Angre” on Facebook is back on Monday, May 6, 2030 at 09:30."
    assert undone.json["undo"] is None  # no Undo of the Undo
    assert undone.json["day"] == "2030-05-06" and undone.json["time"] == "09:30"
    assert reload(publication).publish_at == before and reload(publication).all_day is False
    events = moves_of(publication)
    assert len(events) == 2 and all(event.actor_id == plan.editor.id for event in events)


def test_undo_of_an_all_day_item(client, plan, as_editor):
    publication = plan.publication(plan.post("Hele dagen"), date(2030, 3, 28), None)
    moved = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "2030-04-02"},
        headers=JSON,
    )
    undo = moved.json["undo"]
    undone = client.post(move_url(publication), data={**undo, "undo": "1"}, headers=JSON)
    assert (
        undone.json["message"]
        == "“Hele dagen” on Facebook is back on Thursday, March 28, 2030, all day."
    )
    assert local(publication) == (date(2030, 3, 28), time(0, 0))
    assert reload(publication).all_day is True


def test_undo_across_the_switch_to_summer_time(client, plan, as_editor):
    publication = plan.publication(plan.post("Sommertid"), date(2026, 3, 27), time(9, 0))
    before = reload(publication).publish_at
    moved = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "2026-03-30"},
        headers=JSON,
    )
    client.post(move_url(publication), data={**moved.json["undo"], "undo": "1"}, headers=JSON)
    assert reload(publication).publish_at == before


def test_no_undo_when_a_move_back_would_not_land_where_it_was(client, plan, as_editor):
    """02:30 does not exist on 29 March 2026 (summer time starts): the move makes it 03:30, and a
    move back would keep 03:30, so no Undo is offered rather than one that is not exact."""
    publication = plan.publication(plan.post("Natt"), date(2026, 3, 27), time(2, 30))
    moved = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "2026-03-29"},
        headers=JSON,
    )
    assert moved.json["ok"] is True and moved.json["time"] == "03:30"
    assert moved.json["undo"] is None and "Undo" not in moved.json["message"]


def test_undo_after_someone_else_changed_it_is_refused_and_changes_nothing(
    client, plan, as_editor, two_municipalities
):
    publication = plan.publication(plan.post("Begge"), date(2030, 5, 6), time(9, 0))
    moved = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "2030-05-07"},
        headers=JSON,
    )
    # Someone else moves it on before the Undo.
    posts.move_publication(
        reload(publication),
        date(2030, 5, 10),
        actor=two_municipalities["people"]["admin"],
        municipality=plan.municipality,
        expected_version=moved.json["version"],
    )
    db.session.commit()
    events = len(moves_of(publication))
    undone = client.post(
        move_url(publication), data={**moved.json["undo"], "undo": "1"}, headers=JSON
    )
    assert undone.status_code == 409 and undone.json["ok"] is False
    assert undone.json["message"].startswith(
        "Someone else changed the publication after your move, so it was not moved back."
    )
    assert local(publication) == (date(2030, 5, 10), time(9, 0))
    assert len(moves_of(publication)) == events


def test_undo_of_another_municipalitys_publication_is_not_found(
    client, auth, plan, two_municipalities
):
    other = make_plan(two_municipalities["b"], two_municipalities["people"]["other"])
    theirs = other.publication(other.post("Beta"), date(2030, 5, 6))
    auth.login("editor@alfa.kommune.no")
    response = client.post(
        f"/m/alfa/calendar/publications/{theirs.id}/move",
        data={"version": reload(theirs).version, "day": "2030-05-01", "undo": "1"},
    )
    assert response.status_code == 404
    assert local(theirs)[0] == date(2030, 5, 6)


# --- Undo without the script (form POST, flash, a form shown once) ------------------------------


def test_plain_move_offers_an_undo_form_once_and_it_moves_it_back(client, plan, as_editor):
    publication = plan.publication(plan.post("Skjema"), date(2030, 5, 6), time(8, 15))
    before = reload(publication).publish_at
    response = client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "2030-05-14", "next": BACK},
    )
    assert response.status_code == 302 and response.location == BACK
    page = client.get(BACK).text
    assert (
        "“Skjema” on Facebook is moved to Tuesday, May 14, 2030 at 08:15. Undo is available."
        in page
    )
    form = undo_form(page)
    assert form is not None
    assert f'action="/m/alfa/calendar/publications/{publication.id}/move"' in form
    assert hidden(form, "day") == "2030-05-06"
    assert hidden(form, "version") == str(reload(publication).version)
    assert hidden(form, "undo") == "1"
    assert hidden(form, "next") == "/m/alfa/calendar/?view=month&amp;date=2030-05-01"
    assert 'name="csrf_token"' in form
    assert '>Undo<span class="ds-sr-only"> – Skjema, Facebook</span></button>' in form
    # Shown once: the next page has neither the message nor the form.
    again = client.get(BACK).text
    assert undo_form(again) is None and "Undo is available." not in again

    undone = client.post(
        move_url(publication),
        data={
            "day": hidden(form, "day"),
            "version": hidden(form, "version"),
            "undo": "1",
            "next": BACK,
        },
    )
    assert undone.status_code == 302 and undone.location == BACK
    assert reload(publication).publish_at == before
    page = client.get(BACK).text
    assert "“Skjema” on Facebook is back on Monday, May 6, 2030 at 08:15." in page
    assert undo_form(page) is None  # no Undo of the Undo
    assert len(moves_of(publication)) == 2


def test_undo_form_is_not_shown_when_it_changed_since(client, plan, as_editor):
    publication = plan.publication(plan.post("Endret"), date(2030, 5, 6), time(8, 15))
    client.post(
        move_url(publication),
        data={"version": reload(publication).version, "day": "2030-05-07", "next": BACK},
    )
    posts.move_publication(
        reload(publication),
        date(2030, 5, 8),
        actor=plan.editor,
        municipality=plan.municipality,
        expected_version=reload(publication).version,
    )
    db.session.commit()
    assert undo_form(client.get(BACK).text) is None


def test_an_undo_in_the_session_is_only_shown_in_its_own_municipality(
    client, auth, plan, two_municipalities
):
    other = make_plan(two_municipalities["b"], two_municipalities["people"]["other"])
    theirs = other.publication(other.post("Beta"), date(2030, 5, 6))
    auth.login("editor@alfa.kommune.no")
    with client.session_transaction() as session:
        session[UNDO_KEY] = {
            "municipality": plan.municipality.id,  # claims to be ours, but the id is theirs
            "publication": theirs.id,
            "day": "2030-05-01",
            "start": "2030-05-01T07:00:00+00:00",
            "all_day": False,
            "version": reload(theirs).version,
        }
    page = client.get(BACK).text
    assert undo_form(page) is None and "Beta" not in page
    # Garbage in the session is ignored, never an error.
    with client.session_transaction() as session:
        session[UNDO_KEY] = {"publication": "x"}
    assert client.get(BACK).status_code == 200


# --- Moving without the script: the week's Reschedule opens the calendar's move form -----------


def test_move_form_on_the_calendar(client, plan, as_editor):
    publication = plan.publication(plan.post("Uten skript"), date(2030, 5, 6), time(10, 0))
    page = client.get(f"/m/alfa/calendar/?view=week&date=2030-05-06&move={publication.id}").text
    panel = page.split('id="move-panel"', 1)[1].split("</section>", 1)[0]
    assert "Move “Uten skript” to another day" in panel
    assert f'action="/m/alfa/calendar/publications/{publication.id}/move"' in panel
    assert 'type="date" id="move-day" name="day" value="2030-05-06"' in panel
    assert f'name="version" value="{reload(publication).version}"' in panel
    assert 'name="next" value="/m/alfa/calendar/?view=week&amp;date=2030-05-06"' in panel
    edit = f"/m/alfa/posts/publications/{publication.id}/edit?next="
    assert edit in panel  # the time, channel or text: the post's publication form
    # Sent, it is the plain move: back to the week, with the message and an Undo.
    response = client.post(
        move_url(publication),
        data={
            "version": reload(publication).version,
            "day": "2030-05-08",
            "next": "/m/alfa/calendar/?view=week&date=2030-05-06",
        },
    )
    assert response.status_code == 302
    assert local(publication) == (date(2030, 5, 8), time(10, 0))
    assert undo_form(client.get(response.location).text) is not None


def test_no_move_form_for_what_cannot_move_or_someone_who_may_not(
    client, auth, plan, two_municipalities
):
    cancelled = plan.publication(plan.post("Avlyst"), date(2030, 5, 6), status="cancelled")
    planned = plan.publication(plan.post("Planlagt"), date(2030, 5, 6))
    other = make_plan(two_municipalities["b"], two_municipalities["people"]["other"])
    theirs = other.publication(other.post("Beta"), date(2030, 5, 6))
    auth.login("editor@alfa.kommune.no")
    for value in (cancelled.id, theirs.id, "abc", "999999"):
        page = client.get(f"/m/alfa/calendar/?view=week&date=2030-05-06&move={value}").text
        assert 'id="move-panel"' not in page and "Beta" not in page
    auth.logout()
    auth.login("viewer@alfa.kommune.no")
    page = client.get(f"/m/alfa/calendar/?view=week&date=2030-05-06&move={planned.id}").text
    assert 'id="move-panel"' not in page and "data-undo" not in page


# --- The page: the backlog's fold, compact items -------------------------------------------------


def test_backlog_is_in_a_fold_that_names_the_count(plan, calendar_page):
    for n in range(3):
        plan.post(f"Idé {n}")
    page = calendar_page(view="month", date="2030-05-01")
    fold = page.split('<details class="calendar-backlog-fold" open data-backlog-fold>', 1)[1]
    assert fold.lstrip().startswith('<summary id="backlog-summary">Idea backlog (3)</summary>')
    assert fold.index("</summary>") < fold.index('id="backlog-heading"') < fold.index("</details>")
    assert '<aside class="calendar-backlog" aria-labelledby="backlog-summary">' in page


def test_month_and_agenda_items_are_compact_without_action_links(plan, calendar_page):
    post = plan.post("Kompakt", owner=plan.editor)
    publication = plan.publication(post, date(2030, 5, 7), time(9, 0))
    for view in ("month", "agenda"):
        page = calendar_page(view=view, date="2030-05-07")
        item = page.split(f'id="publication-{publication.id}"', 1)[1].split("</li>", 1)[0]
        line = item.split('<p class="calendar-item__line">', 1)[1].split("</p>", 1)[0]
        # One line: time, channel (a marker with the name for screen readers, or the name), title.
        assert '<time datetime="2030-05-07T09:00+02:00">09:00</time>' in line
        assert 'fill="#1b5e9e"' in line and "Facebook" in line
        assert f'href="/m/alfa/posts/{post.id}"' in line and "Kompakt</a>" in line
        # Then the state: a plain planned one in words for screen readers, the post's status.
        assert '<span class="ds-sr-only">Planned</span>' in item and ">Draft</span>" in item
        # No action links: dragging, the week's Reschedule or the post page move it.
        assert "Reschedule" not in item and "/edit" not in item and "move=" not in item
        assert "Responsible" not in item
        assert f'data-move-url="/m/alfa/calendar/publications/{publication.id}/move"' in page
    month = calendar_page(view="month", date="2030-05-07")
    grid = month.split('<table class="ds-table calendar-month"', 1)[1].split("</table>", 1)[0]
    assert "Reschedule" not in grid and "/edit" not in grid
    assert 'class="ds-sr-only">Facebook:</span>' in grid
