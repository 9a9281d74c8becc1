"""/healthz tells whether the app can serve: a database that answers reads but refuses writes is
unhealthy, and the body says which part (a read-only SQLite file; a PostgreSQL database whose
transactions are read-only)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner import create_app
from planner.core.extensions import db
from tests.conftest import _admin_engine, create_empty_database, settings_for


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "database": "ok",
        "worker": {"state": "not running", "last_seen": None, "waiting": 0, "failed": 0},
    }


def health_of(url: str):
    app = create_app(settings_for(url))
    with app.app_context():
        response = app.test_client().get("/healthz")
        db.engine.dispose()
    return response


def test_a_read_only_sqlite_file_is_unhealthy(tmp_path):
    path = tmp_path / "planner.sqlite3"
    app = create_app(settings_for(f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    # Opened read-only, as a file the server may not write is (root ignores file modes).
    response = health_of(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert response.status_code == 503
    assert response.json == {"status": "unhealthy", "database": "read-only"}


@pytest.mark.postgresql_only  # the SQLite case is the test above
def test_a_read_only_postgresql_database_is_unhealthy(tmp_path_factory, database_url):
    url, drop = create_empty_database("postgresql", tmp_path_factory)
    try:
        app = create_app(settings_for(url))
        with app.app_context():
            db.create_all()
            db.engine.dispose()
        name = sa.engine.make_url(url).database
        admin = _admin_engine()
        with admin.connect() as connection:
            connection.execute(
                sa.text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            )
        admin.dispose()
        response = health_of(url)
        assert response.status_code == 503
        assert response.json == {"status": "unhealthy", "database": "read-only"}
    finally:
        drop()
