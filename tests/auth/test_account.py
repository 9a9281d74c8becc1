from __future__ import annotations

import re

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.core.security import verify_password
from tests.conftest import TEST_PASSWORD, reload
from tests.forms import opened, version_in


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
    response = client.post(
        "/account",
        data={
            "name": "Ingrid Nybø",
            "locale": "nn",
            **opened(client, "/account"),
        },
    )
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


def account_events() -> list[AuditEvent]:
    return db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "auth.account_changed")
    ).all()


def browser(app, email):
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    other.post("/login", data={"email": email, "password": TEST_PASSWORD})
    return other


def test_account_changes_are_audited_with_before_and_after(app, client, auth, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    auth.login("editor@alfa.kommune.no")
    client.post(
        "/account",
        data={
            "name": "Ingrid Nybø",
            "locale": "en",
            **opened(client, "/account"),
        },
    )
    (event,) = account_events()
    assert event.actor_id == editor.id and event.subject_user_id == editor.id
    assert event.before == {"name": "editor Alfa", "locale": None}
    assert event.after == {"name": "Ingrid Nybø", "locale": "en"}
    # The municipality's administrator reads it in the audit log.
    html = browser(app, "admin@alfa.kommune.no").get("/m/alfa/audit/").text
    assert "Changed account" in html
    assert "Name: editor Alfa → Ingrid Nybø" in html
    assert "Language: – → English" in html  # the language by its name, not its code


def test_only_what_changed_is_audited(client, auth, two_municipalities):
    auth.login("editor@alfa.kommune.no")
    client.post(
        "/account",
        data={
            "name": "editor Alfa",
            "locale": "",
            **opened(client, "/account"),
        },
    )
    assert account_events() == []
    client.post(
        "/account",
        data={
            "name": "editor Alfa",
            "locale": "nn",
            **opened(client, "/account"),
        },
    )
    (event,) = account_events()
    assert event.before == {"locale": None} and event.after == {"locale": "nn"}


def test_a_stale_account_form_is_refused_with_409_and_input_kept(
    app, client, auth, two_municipalities
):
    editor = two_municipalities["people"]["editor"]
    auth.login("editor@alfa.kommune.no")
    opened = version_in(client.get("/account").text)
    # The same person saves the account in another browser meanwhile.
    other = browser(app, "editor@alfa.kommune.no")
    saved = other.post("/account", data={"name": "Ingrid", "locale": "", "version": opened})
    assert saved.status_code == 302

    response = client.post(
        "/account", data={"name": "Ingrid Nybø", "locale": "en", "version": opened}
    )
    assert response.status_code == 409
    assert "Someone else saved this after you opened it" in response.text
    assert 'value="Ingrid Nybø"' in response.text
    assert re.search(
        r'<option[^>]*selected[^>]*value="en"|<option[^>]*value="en"[^>]*selected', response.text
    )
    editor = reload(editor)
    assert editor.name == "Ingrid" and editor.locale is None
    assert len(account_events()) == 1
    # The page now carries the saved version: saving again replaces the other browser's save.
    again = client.post(
        "/account",
        data={"name": "Ingrid Nybø", "locale": "en", "version": version_in(response.text)},
    )
    assert again.status_code == 302
    assert reload(editor).name == "Ingrid Nybø"


def test_signing_in_elsewhere_does_not_make_the_account_form_stale(
    app, client, auth, two_municipalities
):
    auth.login("editor@alfa.kommune.no")
    opened = version_in(client.get("/account").text)
    browser(app, "editor@alfa.kommune.no")  # a sign-in updates the account's row
    assert reload(two_municipalities["people"]["editor"]).last_login_at is not None
    response = client.post("/account", data={"name": "Ingrid", "locale": "", "version": opened})
    assert response.status_code == 302
    assert reload(two_municipalities["people"]["editor"]).name == "Ingrid"


def test_the_language_switch_is_an_audited_account_change(app, client, auth, two_municipalities):
    """The switch in the header keeps the language as My account does: audited, and an account
    form opened before it is stale, so it cannot put the old language back unnoticed."""
    editor = two_municipalities["people"]["editor"]
    auth.login("editor@alfa.kommune.no")
    opened = version_in(client.get("/account").text)
    client.post("/language", data={"locale": "nn", "next": "/account"})
    (event,) = account_events()
    assert event.subject_user_id == editor.id
    assert event.before == {"locale": None} and event.after == {"locale": "nn"}
    response = client.post(
        "/account", data={"name": "editor Alfa", "locale": "", "version": opened}
    )
    assert response.status_code == 409
    assert reload(editor).locale == "nn"
