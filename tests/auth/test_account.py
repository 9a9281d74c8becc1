from __future__ import annotations

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.core.security import verify_password
from tests.conftest import TEST_PASSWORD, reload


def change(client, current, new, confirm=None):
    return client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm_password": confirm or new},
    )


def test_account_needs_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302 and response.location.startswith("/login?next=/account")


def test_update_name_and_language(client, auth, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    auth.login("editor@alfa.kommune.no")
    response = client.post("/account", data={"name": "Ingrid Nybø", "locale": "nn"})
    assert response.status_code == 302
    editor = reload(editor)
    assert editor.name == "Ingrid Nybø" and editor.locale == "nn"
    assert '<html lang="nn">' in client.get("/account").text


def test_account_form_errors_keep_input(client, auth, two_municipalities):
    auth.login("editor@alfa.kommune.no")
    response = client.post("/account", data={"name": "", "locale": "xx"})
    assert response.status_code == 200
    assert 'id="name-error"' in response.text and 'id="locale-error"' in response.text


def test_change_password_needs_the_current_one(client, auth, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    auth.login("editor@alfa.kommune.no")
    response = change(client, "wrong current pw", "a new long password")
    assert response.status_code == 200
    assert "The current password is not right." in response.text
    assert verify_password(reload(editor).password_hash, TEST_PASSWORD)


def test_change_password_minimum_length_and_confirmation(client, auth, two_municipalities):
    auth.login("editor@alfa.kommune.no")
    short = change(client, TEST_PASSWORD, "eleven char")
    assert "at least 12 characters" in short.text
    mismatch = change(client, TEST_PASSWORD, "twelve chars!", "twelve chars?")
    assert "not the same" in mismatch.text


def test_no_composition_rules(client, auth, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    auth.login("editor@alfa.kommune.no")
    assert change(client, TEST_PASSWORD, "aaaaaaaaaaaa").status_code == 302
    stored = reload(editor).password_hash
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "aaaaaaaaaaaa")
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "auth.password_changed" in actions


def test_standard_hashes_are_argon2id_with_recommended_cost(app):
    app.config["PASSWORD_HASH_PROFILE"] = "standard"
    from planner.core.security import hash_password

    hashed = hash_password("a long enough password")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
