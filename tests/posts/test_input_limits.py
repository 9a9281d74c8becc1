"""What the product accepts from a request (`planner.core.inputs`), class by class: each value
that once reached the database, a time-zone conversion or a float and answered 500 is now a 404,
a 400, the first page, an ignored filter, or the field's error, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.core.inputs import MAX_ID
from planner.posts.models import Publication
from planner.strategy.models import Channel
from tests.conftest import reload
from tests.posts.helpers import as_form, form_fields

HUGE_IDS = [MAX_ID + 1, 2**63, 2**64 + 1, 10**30]
NASTY_NUMBERS = ["10" + "0" * 30, str(2**64), "-" + str(2**63 + 1), "1e309", "NaN", "١٢", "1_000"]
EDGE_DATES = ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31", "31.12.9999"]


@pytest.fixture
def editor(client_as):
    return client_as("editor")


@pytest.mark.parametrize("number", HUGE_IDS + [0])
@pytest.mark.parametrize(
    "path",
    [
        "/m/alfa/posts/{}",
        "/m/alfa/posts/{}/edit",
        "/m/alfa/posts/publications/{}/edit",
        "/m/alfa/strategy/channels/{}/edit",
        "/m/alfa/results/indicators/{}",
    ],
)
def test_an_id_beyond_the_databases_integers_is_not_found(editor, number, path):
    assert editor.get(path.format(number)).status_code == 404


@pytest.mark.parametrize("number", HUGE_IDS)
def test_a_post_to_an_id_beyond_range_is_not_found(editor, number):
    assert editor.post(f"/m/alfa/calendar/publications/{number}/move").status_code == 404


@pytest.mark.parametrize("page", [str(2**63), "10" * 20, "-5", "abc", "", "1e3", "²"])
@pytest.mark.parametrize("path", ["/m/alfa/posts/", "/m/alfa/audit/"])
def test_a_page_number_out_of_range_is_the_first_page(client_as, page, path):
    assert client_as("admin").get(path, query_string={"page": page}).status_code == 200


@pytest.mark.parametrize("value", [str(2**64), "²", "abc", "-1", "x" * 10_000])
@pytest.mark.parametrize("name", ["channel", "audience", "goal", "owner", "status"])
@pytest.mark.parametrize("path", ["/m/alfa/calendar/", "/m/alfa/posts/", "/m/alfa/posts/new"])
def test_an_unknown_filter_choice_is_ignored(editor, value, name, path):
    assert editor.get(path, query_string={name: value}).status_code == 200


def test_nul_in_a_query_string_a_slug_or_a_form_is_refused_before_the_database(editor):
    assert editor.get("/m/alfa/posts/?q=%00").status_code == 400
    assert editor.get("/m/%00/").status_code == 400
    assert editor.get("/m/alfa%00/posts/").status_code == 400
    assert editor.post("/m/alfa/posts/new", data={"title": "a\x00b"}).status_code == 400


@pytest.mark.parametrize("day", EDGE_DATES)
def test_a_publication_date_out_of_range_is_the_fields_error(
    plan,
    editor,
    make_post,
    make_publication,
    day,
):
    publication = make_publication(make_post("draft"), date(2026, 5, 4), time(9))
    url = f"/m/alfa/posts/publications/{publication.id}/edit"
    fields = form_fields(editor.get(url).text, action=f"/publications/{publication.id}/edit")
    response = editor.post(url, data=as_form(fields, day=day))
    assert response.status_code == 200
    assert "Enter a date in the years 1900 to 2199." in response.text
    assert reload(publication).publish_at.date() == date(2026, 5, 4)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2200-01-01"])
def test_a_calendar_move_out_of_range_is_refused(
    plan,
    editor,
    make_post,
    make_publication,
    day,
):
    publication = make_publication(make_post("draft"), date(2026, 5, 4), time(23, 30))
    response = editor.post(
        f"/m/alfa/calendar/publications/{publication.id}/move",
        data={"day": day, "version": publication.version},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert "1900 to 2199" in response.json["message"]
    saved = sa.select(Publication.publish_at).where(Publication.id == publication.id)
    assert db.session.scalar(saved).date() == date(2026, 5, 4)


@pytest.mark.parametrize("value", NASTY_NUMBERS)
@pytest.mark.parametrize("field", ["cadence_count", "character_limit"])
def test_a_number_beyond_its_type_is_the_fields_error(plan, client_as, field, value):
    admin = client_as("admin")
    channel = plan.a.channel
    url = f"/m/alfa/strategy/channels/{channel.id}/edit"
    fields = form_fields(admin.get(url).text, action=f"/channels/{channel.id}/edit")
    response = admin.post(url, data=as_form(fields, **{field: value}))
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.text
    saved = db.session.get(Channel, channel.id)
    db.session.refresh(saved)
    assert saved.version == channel.version


@pytest.mark.parametrize(
    "value", ["1" + "0" * 12, "-1" + "0" * 12, "1" + "0" * 400, "9" * 13 + ",5", "0," + "0" * 99]
)
def test_a_measurement_beyond_numeric_16_4_is_the_fields_error(plan, client_as, value):
    admin = client_as("admin")
    indicator = plan.a.indicator
    before = len(reload(indicator).measurements)
    response = admin.post(
        f"/m/alfa/results/indicators/{indicator.id}/measurements",
        data={"measured_on": "2026-05-01", "value": value, "note": ""},
    )
    assert response.status_code in (200, 422)
    assert (
        "at most 12 digits before the decimal mark" in response.text
        or "Enter a number, like 7,5 or 14." in response.text  # longer than any such number
    )
    assert len(reload(indicator).measurements) == before
