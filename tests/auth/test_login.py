from __future__ import annotations

import sqlalchemy as sa
from argon2 import PasswordHasher

from planner.audit.models import AuditEvent
from planner.auth.models import User
from planner.core.extensions import db
from tests.conftest import TEST_PASSWORD, reload

GENERIC_FAILURE = "Sign-in failed. Check the e-mail address and the password"


def test_login_page_has_the_form_scripts_rely_on(client):
    html = client.get("/login").text
    assert 'name="email"' in html and 'name="password"' in html and 'name="csrf_token"' in html
    assert 'action="/login"' in html and 'method="post"' in html


def test_member_of_one_municipality_lands_on_its_home(client, auth, two_municipalities):
    response = auth.login("editor@alfa.kommune.no")
    assert response.status_code == 302 and response.location == "/"
    home = client.get("/", follow_redirects=True)
    assert home.request.path == "/m/alfa/"
    assert "Alfa kommune" in home.text
    assert "Editor" in home.text  # the role is shown


def test_email_is_case_insensitive(auth, two_municipalities):
    assert auth.login("  Editor@ALFA.kommune.NO ").status_code == 302


def test_member_of_several_municipalities_chooses(client, auth, make_municipality, make_user):
    first = make_municipality("Levanger kommune", "levanger")
    second = make_municipality("Verdal kommune", "verdal")
    make_user("radgiver@innherred.kommune.no", first)
    make_user("radgiver@innherred.kommune.no", second)
    auth.login("radgiver@innherred.kommune.no")
    page = client.get("/")
    assert page.status_code == 200
    assert "/m/levanger/" in page.text and "/m/verdal/" in page.text
    # The switcher in the header offers both on a tenant page.
    assert client.get("/m/verdal/").text.count('href="/m/levanger/"') >= 1


def test_wrong_password_gives_the_generic_message_and_keeps_the_email(auth, two_municipalities):
    response = auth.login("editor@alfa.kommune.no", "not the password")
    assert response.status_code == 200
    assert GENERIC_FAILURE in response.text
    assert 'value="editor@alfa.kommune.no"' in response.text
    assert "not the password" not in response.text


def test_a_password_beyond_the_limit_is_the_fields_error(client, auth, two_municipalities):
    """No request makes the server hash megabytes; the limit is far beyond any real password."""
    from planner.auth.forms import MAX_PASSWORD_LENGTH

    checked = auth.login("editor@alfa.kommune.no", "x" * MAX_PASSWORD_LENGTH)
    assert checked.status_code == 200 and GENERIC_FAILURE in checked.text
    refused = auth.login("editor@alfa.kommune.no", "x" * (MAX_PASSWORD_LENGTH + 1))
    assert refused.status_code == 200 and GENERIC_FAILURE not in refused.text
    assert "The password can be at most 1024 characters." in refused.text
    events = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert events == ["auth.login_failed"]  # only the one that was checked


def test_failed_and_successful_logins_are_audited(auth, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    auth.login("editor@alfa.kommune.no", "not the password")
    auth.login("editor@alfa.kommune.no")
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["auth.login_failed", "auth.login"]
    assert all(e.subject_user_id == editor.id for e in events)
    assert all(e.address == "127.0.0.1" for e in events)
    assert reload(editor).last_login_at is not None


def test_inactive_account_cannot_sign_in(auth, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    editor.active = False
    db.session.commit()
    response = auth.login("editor@alfa.kommune.no")
    assert response.status_code == 200 and GENERIC_FAILURE in response.text


def test_empty_form_shows_errors_next_to_fields(client):
    response = client.post("/login", data={"email": "", "password": ""})
    html = response.text
    assert 'id="email-error"' in html and 'id="password-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'class="ds-error-summary"' in html and 'href="#email"' in html


def test_logout_is_post_only(client, auth, two_municipalities):
    auth.login("editor@alfa.kommune.no")
    assert client.get("/logout").status_code == 405
    assert client.get("/m/alfa/").status_code == 200
    response = auth.logout()
    assert response.status_code == 302 and response.location == "/login"
    assert client.get("/m/alfa/").status_code == 302


def test_signed_in_user_visiting_login_goes_on(client, auth, two_municipalities):
    auth.login("editor@alfa.kommune.no")
    assert client.get("/login?next=/account").location == "/account"


def test_session_is_renewed_at_login(client, auth, two_municipalities):
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    auth.login("editor@alfa.kommune.no")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_password_made_by_an_administrator_must_be_changed_first(client, auth, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    editor.must_change_password = True
    db.session.commit()
    auth.login("editor@alfa.kommune.no")
    response = client.get("/m/alfa/")
    assert response.status_code == 302 and response.location == "/account/password"
    client.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "my own long password",
            "confirm_password": "my own long password",
        },
    )
    assert client.get("/m/alfa/").status_code == 200
    assert reload(editor).must_change_password is False


def test_user_ids_in_sessions_carry_the_nonce(app, two_municipalities):
    editor = db.session.scalar(sa.select(User).where(User.email == "editor@alfa.kommune.no"))
    assert editor.get_id() == f"{editor.id}:{editor.session_nonce}"


def test_static_files_never_set_the_session_cookie(client, auth, two_municipalities):
    """Every page renews the signed-in session's cookie; a stylesheet, script or icon does not.

    Otherwise a late asset response would sign a browser in again just after its cookies were
    cleared (or after signing out in another tab), and shared caches could not keep the assets.
    """
    auth.login("editor@alfa.kommune.no")
    page = client.get("/m/alfa/")
    assert page.status_code == 200
    assert "planner_session=" in page.headers.get("Set-Cookie", ""), "pages renew the session"
    for path in ("/static/favicon.svg", "/static/css/planner.css"):
        with client.get(path) as asset:
            assert asset.status_code == 200, path
            assert "Set-Cookie" not in asset.headers, path
            assert "Cookie" not in asset.headers.get("Vary", ""), path


class CountingHasher(PasswordHasher):
    """argon2-cffi's hasher (cheap parameters) counting the work each sign-in does."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified = 0
        self.hashed = 0

    def verify(self, hash, password):  # noqa: A002  (argon2-cffi's signature)
        self.verified += 1
        return super().verify(hash, password)

    def hash(self, password, *, salt=None):
        self.hashed += 1
        return super().hash(password, salt=salt)


def test_a_known_and_an_unknown_address_cost_the_same_work(app, two_municipalities, monkeypatch):
    """Refusing an unknown address verifies against a dummy hash made at start: one argon2
    verification and no hashing on both paths, so their timing tells nothing."""
    from planner.auth.services import sign_in
    from planner.core import security

    counting = CountingHasher()
    monkeypatch.setitem(security._HASHERS, "counting", counting)
    monkeypatch.setitem(app.config, "PASSWORD_HASH_PROFILE", "counting")
    security._dummy_hash()  # what init_app does at start for the configured profile
    work = {}
    for label, email in (("known", "editor@alfa.kommune.no"), ("unknown", "nobody@alfa.no")):
        counting.verified = counting.hashed = 0
        assert not sign_in(email, "wrong password here", address="10.0.0.1").succeeded
        db.session.rollback()
        work[label] = (counting.verified, counting.hashed)
    assert work == {"known": (1, 0), "unknown": (1, 0)}
