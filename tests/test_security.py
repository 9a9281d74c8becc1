"""The security baseline: CSRF, cookies, headers, throttling, redirects, sessions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from planner.auth.models import LoginThrottle
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.core.security import is_safe_next_url
from planner.municipalities.roles import Role
from tests.conftest import TEST_PASSWORD


class TestCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_post_without_token_is_refused(self, client, two_municipalities):
        response = client.post(
            "/login", data={"email": "admin@alfa.kommune.no", "password": TEST_PASSWORD}
        )
        assert response.status_code == 400
        # Not signed in: the tenant page still sends us to sign in.
        assert client.get("/m/alfa/").status_code == 302

    def test_post_with_token_is_accepted_and_state_changes_need_one(
        self, client, two_municipalities
    ):
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(
            "/login",
            data={"email": "admin@alfa.kommune.no", "password": TEST_PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302
        # Signed in, a state change without the token is still refused.
        response = client.post(
            "/m/alfa/settings", data={"name": "Hacked", "language": "nb", "timezone": "Europe/Oslo"}
        )
        assert response.status_code == 400
        assert client.post("/logout").status_code == 400
        assert client.post("/language", data={"locale": "en"}).status_code == 400
        assert client.get("/m/alfa/").status_code == 200


def test_session_cookie_flags_in_development(client, two_municipalities):
    response = client.post(
        "/login", data={"email": "admin@alfa.kommune.no", "password": TEST_PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


class TestProductionCookies:
    @pytest.fixture
    def app_settings(self):
        return {"PLANNER_ENV": "production"}

    def test_session_cookie_is_secure_outside_development(self, client, two_municipalities):
        response = client.post(
            "/login", data={"email": "admin@alfa.kommune.no", "password": TEST_PASSWORD}
        )
        cookie = response.headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_security_headers_on_every_kind_of_response(client, two_municipalities):
    client.post("/login", data={"email": "admin@alfa.kommune.no", "password": TEST_PASSWORD})
    responses = [
        client.get("/login"),
        client.get("/m/alfa/"),
        client.get("/m/alfa/members"),
        client.get("/m/beta/"),  # 404
        client.get("/does-not-exist"),
        client.post("/m/alfa/"),  # 405
        client.get("/static/css/planner.css"),
        client.post("/language", data={"locale": "en", "next": "/m/alfa/"}),  # redirect
    ]
    for response in responses:
        response.close()
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client, two_municipalities):
    client.post("/login", data={"email": "admin@alfa.kommune.no", "password": TEST_PASSWORD})
    for url in ("/login", "/m/alfa/", "/m/alfa/members", "/m/alfa/settings", "/account"):
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert " style=" not in html and "<style" not in html, url


def test_error_pages_leak_no_traceback(app, client):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert "<html" in response.text


class TestThrottling:
    def failures(self, auth, email, count, password="wrong password!!"):
        return [auth.login(email, password).status_code for _ in range(count)]

    def test_account_is_locked_after_repeated_failures(self, app, auth, two_municipalities):
        limit = app.config["LOGIN_ACCOUNT_FAILURE_LIMIT"]
        assert self.failures(auth, "editor@alfa.kommune.no", limit) == [200] * limit
        assert auth.login("editor@alfa.kommune.no", "wrong password!!").status_code == 429
        # Now even the right password is refused, with the same generic message.
        response = auth.login("editor@alfa.kommune.no")
        assert response.status_code == 429
        assert int(response.headers["Retry-After"]) > 0
        assert "Sign-in failed. Check the e-mail address and the password" in response.text
        # Another account from the same address is not locked by this.
        assert auth.login("viewer@alfa.kommune.no").status_code == 302

    def test_lock_doubles_with_each_failure_after_the_limit(self, app, auth, two_municipalities):
        limit = app.config["LOGIN_ACCOUNT_FAILURE_LIMIT"]
        base = app.config["LOGIN_LOCK_BASE_SECONDS"]
        self.failures(auth, "editor@alfa.kommune.no", limit)
        first = self._account_lock_seconds()
        assert base - 2 <= first <= base
        # The lock runs out; the next failure locks twice as long.
        db.session.execute(
            sa.update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
        self.failures(auth, "editor@alfa.kommune.no", 1)
        second = self._account_lock_seconds()
        assert 2 * base - 2 <= second <= 2 * base

    def _account_lock_seconds(self) -> float:
        db.session.expire_all()
        throttle = db.session.scalar(
            sa.select(LoginThrottle).where(LoginThrottle.key.startswith("account:"))
        )
        return (throttle.locked_until - utcnow()).total_seconds()

    def test_address_is_locked_after_failures_across_accounts(self, app, auth, two_municipalities):
        limit = app.config["LOGIN_ADDRESS_FAILURE_LIMIT"]
        for number in range(limit):
            auth.login(f"nobody{number}@alfa.kommune.no", "wrong password!!")
        response = auth.login("admin@alfa.kommune.no")
        assert response.status_code == 429

    def test_success_resets_the_account_counter(self, app, auth, two_municipalities):
        limit = app.config["LOGIN_ACCOUNT_FAILURE_LIMIT"]
        self.failures(auth, "editor@alfa.kommune.no", limit - 1)
        assert auth.login("editor@alfa.kommune.no").status_code == 302
        auth.logout()
        assert self.failures(auth, "editor@alfa.kommune.no", limit - 1) == [200] * (limit - 1)

    def test_unknown_and_known_accounts_get_the_same_answer(self, auth, two_municipalities):
        unknown = auth.login("nobody@alfa.kommune.no", "wrong password!!")
        known = auth.login("editor@alfa.kommune.no", "wrong password!!")
        assert unknown.status_code == known.status_code == 200
        strip = lambda html: re.sub(r'value="[^"]*"', "", html)  # noqa: E731
        assert strip(unknown.text) == strip(known.text)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:evil.example",
        "/\t/evil.example",
        "",
    ],
)
def test_next_never_leaves_the_site(auth, two_municipalities, target):
    response = auth.login("editor@alfa.kommune.no", next=target)
    assert response.status_code == 302
    assert response.location == "/"


def test_next_to_a_local_page_is_followed(auth, two_municipalities):
    response = auth.login("admin@alfa.kommune.no", next="/m/alfa/members")
    assert response.location == "/m/alfa/members"


def test_language_switch_redirect_is_local_only(client):
    response = client.post("/language", data={"locale": "en", "next": "https://evil.example/"})
    assert response.location == "/"


@pytest.mark.parametrize(
    ("target", "safe"),
    [("/m/alfa/", True), ("/account?x=1", True), ("//x", False), ("x", False), ("/\\x", False)],
)
def test_is_safe_next_url(target, safe):
    assert is_safe_next_url(target) is safe


def test_old_session_cookie_is_refused_after_logout(client, auth, two_municipalities):
    auth.login("editor@alfa.kommune.no")
    stolen = client.get_cookie("planner_session").value
    assert client.get("/m/alfa/").status_code == 200
    auth.logout()
    client.set_cookie("planner_session", stolen)
    response = client.get("/m/alfa/")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_password_change_ends_other_sessions(app, auth, two_municipalities):
    other_browser = app.test_client()
    other_browser.post(
        "/login", data={"email": "editor@alfa.kommune.no", "password": TEST_PASSWORD}
    )
    auth.login("editor@alfa.kommune.no")
    response = auth._client.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "a brand new long password",
            "confirm_password": "a brand new long password",
        },
    )
    assert response.status_code == 302
    assert auth._client.get("/m/alfa/").status_code == 200  # this browser stays signed in
    assert other_browser.get("/m/alfa/").status_code == 302  # the other one is out


def test_deactivation_ends_the_members_sessions(app, auth, two_municipalities):
    member_browser = app.test_client()
    member_browser.post(
        "/login", data={"email": "editor@alfa.kommune.no", "password": TEST_PASSWORD}
    )
    assert member_browser.get("/account").status_code == 200
    auth.login("admin@alfa.kommune.no")
    editor = two_municipalities["people"]["editor"]
    membership_id = editor.memberships[0].id
    assert auth._client.post(f"/m/alfa/members/{membership_id}/deactivate").status_code == 302
    assert member_browser.get("/account").status_code == 302


def test_tampered_session_cookie_is_ignored(client, two_municipalities):
    client.set_cookie("planner_session", "eyJfdXNlcl9pZCI6IjE6eCJ9.forged.signature")
    assert client.get("/m/alfa/").status_code == 302


def test_roles_are_not_a_hierarchy_of_strings(two_municipalities):
    from planner.municipalities.roles import Permission, role_allows

    assert not role_allows("superuser", Permission.VIEW)
    assert role_allows(Role.VIEWER, Permission.VIEW)


def test_too_large_uploads_are_refused(app, client, two_municipalities):
    client.post("/login", data={"email": "admin@alfa.kommune.no", "password": TEST_PASSWORD})
    body = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/m/alfa/settings", data=body, content_type="text/csv")
    assert response.status_code == 413
    assert "The file is too large" in response.text


def test_nul_characters_are_refused(client, two_municipalities):
    client.post("/login", data={"email": "admin@alfa.kommune.no", "password": TEST_PASSWORD})
    response = client.post(
        "/m/alfa/settings", data={"name": "A\x00B", "language": "en", "timezone": "Europe/Oslo"}
    )
    assert response.status_code == 400
