"""Fixtures shared by the suite.

Every test that uses `app` (or anything built on it) runs once per database: SQLite always, and
PostgreSQL when TEST_DATABASE_URL points at a server. With REQUIRE_POSTGRESQL=1 (CI) a missing or
unreachable PostgreSQL fails the run instead of quietly testing SQLite alone.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from flask import Flask, g
from flask.testing import FlaskClient

from planner import create_app
from planner.auth.models import User
from planner.auth.services import create_user
from planner.core.db.query_counter import QueryCounter
from planner.core.extensions import db
from planner.coverage.counts import cache as coverage_counts_cache
from planner.feeds.serving import cache as feed_cache
from planner.municipalities.models import Membership, Municipality
from planner.municipalities.roles import Role
from planner.municipalities.services import create_municipality

TEST_PASSWORD = "correct horse battery"
POSTGRESQL_URL = os.environ.get("TEST_DATABASE_URL", "")
REQUIRE_POSTGRESQL = os.environ.get("REQUIRE_POSTGRESQL") == "1"
DATABASES = ["sqlite"] + (["postgresql"] if POSTGRESQL_URL else [])


def pytest_configure(config) -> None:
    if REQUIRE_POSTGRESQL and not POSTGRESQL_URL:
        raise pytest.UsageError("REQUIRE_POSTGRESQL=1 but TEST_DATABASE_URL is not set")


def pytest_collection_modifyitems(config, items) -> None:
    """A test marked `postgresql_only` runs on PostgreSQL alone: its SQLite copy is deselected
    (not skipped: nothing the suite needs is missing, the case does not exist on SQLite)."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_sqlite = callspec is not None and callspec.params.get("database_url") == "sqlite"
        (dropped if on_sqlite and item.get_closest_marker("postgresql_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_report_header(config) -> str:
    return f"planner databases: {', '.join(DATABASES)}"


def _admin_engine() -> sa.Engine:
    from planner.core.config import normalise_database_url

    return sa.create_engine(normalise_database_url(POSTGRESQL_URL), isolation_level="AUTOCOMMIT")


def create_empty_database(kind: str, tmp_path_factory) -> tuple[str, Callable[[], None]]:
    """Make a new empty database; return its URL and a function that drops it."""
    if kind == "sqlite":
        path = tmp_path_factory.mktemp("db") / "planner.sqlite3"
        return f"sqlite:///{path}", lambda: None
    name = f"planner_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        pytest.fail(f"PostgreSQL at TEST_DATABASE_URL is not reachable: {error}", pytrace=False)
    url = sa.engine.make_url(admin.url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """A database with the current schema, shared by the tests of one backend."""
    url, drop = create_empty_database(request.param, tmp_path_factory)
    app = create_app(settings_for(url))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield url
    drop()


def settings_for(database_url: str, **overrides) -> dict:
    settings = {
        "TESTING": True,
        "PLANNER_ENV": "testing",
        "SECRET_KEY": "test secret key, not for production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_PROFILE": "fast",
    }
    settings.update(overrides)
    return settings


def empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app_settings() -> dict:
    """Extra configuration for the `app` of one test; override the fixture or update the dict."""
    return {}


class IsolatedClient(FlaskClient):
    """A test client whose requests start from a clean slate, as they do in production.

    The test keeps an application context open to reach the database, and Flask reuses it for
    requests; without this, `g` (the signed-in user, the municipality) and unsaved changes would
    pass from one request, or one client, to the next.
    """

    def open(self, *args, **kwargs):
        reset_request_state()
        try:
            return super().open(*args, **kwargs)
        finally:
            reset_request_state()


def reset_request_state() -> None:
    db.session.rollback()
    g._get_current_object().__dict__.clear()


@pytest.fixture
def app(database_url: str, app_settings: dict) -> Iterator[Flask]:
    app = create_app(settings_for(database_url, **app_settings))
    app.test_client_class = IsolatedClient
    # Versions start again in every test's empty database: built values of another test's data
    # must not be found under them.
    feed_cache.clear()
    coverage_counts_cache.clear()
    with app.app_context():
        yield app
        db.session.rollback()
        empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def database_kind(app: Flask) -> str:
    return db.engine.dialect.name


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def make_municipality(app: Flask) -> Callable[..., Municipality]:
    counter = iter(range(1000, 9999))

    def make(name: str = "Testvik kommune", slug: str | None = None, **kwargs) -> Municipality:
        slug = slug or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        number = kwargs.pop("number", str(next(counter)))
        kwargs.setdefault("language", "en")  # tests read English; i18n tests choose nb and nn
        municipality = create_municipality(name, slug, number, **kwargs)
        db.session.commit()
        return municipality

    return make


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    def make(
        email: str,
        municipality: Municipality | None = None,
        role: Role | str = Role.EDITOR,
        *,
        name: str | None = None,
        password: str = TEST_PASSWORD,
    ) -> User:
        user = db.session.scalar(sa.select(User).where(User.email == email.lower()))
        if user is None:
            user, _ = create_user(email, name or email.split("@")[0].title(), password)
        if municipality is not None:
            db.session.add(Membership(user=user, municipality=municipality, role=Role(role).value))
        db.session.commit()
        return user

    return make


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str, password: str = TEST_PASSWORD, **extra):
        return self._client.post("/login", data={"email": email, "password": password, **extra})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def two_municipalities(make_municipality, make_user) -> dict:
    """Municipality A with one member per role, and municipality B with its own administrator."""
    a = make_municipality("Alfa kommune", "alfa")
    b = make_municipality("Beta kommune", "beta")
    people = {
        role.value: make_user(f"{role.value}@alfa.kommune.no", a, role, name=f"{role.value} Alfa")
        for role in Role
    }
    people["other"] = make_user("admin@beta.kommune.no", b, Role.ADMIN, name="Bente Beta")
    return {"a": a, "b": b, "people": people}


def reload(instance):
    """Read an object again from the database, after requests changed it."""
    db.session.expire_all()
    return db.session.get(type(instance), instance.id)


@pytest.fixture
def count_queries(app, client) -> Callable[[str], int]:
    """The number of SQL statements one GET of the URL takes (after a warm-up request)."""

    def count(url: str) -> int:
        assert client.get(url).status_code == 200, url
        with QueryCounter(db.engine) as counter:
            response = client.get(url)
        assert response.status_code == 200, url
        return counter.count

    return count
