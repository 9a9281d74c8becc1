from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from planner.core.extensions import db

CATALOGUES = sorted(Path("planner/translations").glob("*/LC_MESSAGES/messages.po"))


def test_there_is_a_catalogue_per_language():
    assert {path.parts[-3] for path in CATALOGUES} == {"nb", "nn", "en"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_string_is_translated(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    with Path("planner/translations/messages.pot").open("rb") as handle:
        template = read_po(handle)
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert missing == []
    assert {m.id for m in template if m.id} <= {m.id for m in catalog if m.id}


def test_default_language_is_bokmal(client):
    client.environ_base.pop("HTTP_ACCEPT_LANGUAGE")
    html = client.get("/login").text
    assert '<html lang="nb">' in html
    assert "Logg inn" in html


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("nn-NO,nn;q=0.9", "nn"),
        ("no", "nb"),
        ("nb-NO", "nb"),
        ("en-GB,en;q=0.8", "en"),
        ("de", "nb"),
    ],
)
def test_browser_language_before_sign_in(client, header, lang):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = header
    assert f'<html lang="{lang}">' in client.get("/login").text


def test_municipality_language_beats_the_browser(client, auth, make_municipality, make_user):
    municipality = make_municipality("Austrheim kommune", "austrheim", language="nn")
    make_user("admin@austrheim.kommune.no", municipality, "admin")
    auth.login("admin@austrheim.kommune.no")
    html = client.get("/m/austrheim/").text
    assert '<html lang="nn">' in html
    assert "Hovudmeny" in html  # nynorsk, not bokmål


def test_users_own_choice_beats_the_municipality(client, auth, make_municipality, make_user):
    municipality = make_municipality("Vågå kommune", "vaga", language="nn")
    user = make_user("admin@vaga.kommune.no", municipality, "admin")
    user.locale = "en"
    db.session.commit()
    auth.login("admin@vaga.kommune.no")
    assert '<html lang="en">' in client.get("/m/vaga/").text


def test_language_switch_before_sign_in_is_kept_through_it(client, auth, two_municipalities):
    client.post("/language", data={"locale": "nn", "next": "/login"})
    assert '<html lang="nn">' in client.get("/login").text
    auth.login("viewer@alfa.kommune.no")
    # Alfa speaks English, but the person chose nynorsk.
    assert '<html lang="nn">' in client.get("/m/alfa/").text


def test_language_switch_signed_in_is_saved_on_the_account(client, auth, two_municipalities):
    viewer = two_municipalities["people"]["viewer"]
    auth.login("viewer@alfa.kommune.no")
    response = client.post("/language", data={"locale": "nb", "next": "/m/alfa/members"})
    assert response.location == "/m/alfa/members"
    db.session.expire_all()
    assert viewer.locale == "nb"


def test_dates_and_week_numbers_are_localised(client, auth, two_municipalities):
    auth.login("viewer@alfa.kommune.no")
    client.post("/language", data={"locale": "nb", "next": "/"})
    html = client.get("/m/alfa/").text
    assert "uke " in html
