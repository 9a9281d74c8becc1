"""The database layer on the real backends: aware UTC times, SQLite pragmas, workers after fork."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.extensions import db


def test_times_come_back_aware_in_utc(app):
    oslo_summer = timezone(timedelta(hours=2))
    event = AuditEvent(action="test", created_at=datetime(2026, 7, 1, 9, 0, tzinfo=oslo_summer))
    db.session.add(event)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(AuditEvent, event.id).created_at
    assert stored == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_naive_times_are_refused(app):
    db.session.add(AuditEvent(action="test", created_at=datetime(2026, 7, 1, 9, 0)))
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        db.session.flush()
    db.session.rollback()


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(tmp_path):
    from planner import create_app
    from tests.conftest import settings_for

    app = create_app(settings_for(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}"))
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_foreign_keys_are_enforced(app):
    db.session.add(AuditEvent(action="test", municipality_id=999_999))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_forked_worker_opens_its_own_connections(app):
    """What gunicorn does with preload_app: the child must not reuse the parent's connections."""
    with db.engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    parent_pool = db.engine.pool
    assert parent_pool.checkedin() >= 1
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        try:
            fresh = db.engine.pool is not parent_pool and db.engine.pool.checkedin() == 0
            with db.engine.connect() as connection:
                works = connection.execute(sa.text("SELECT 1")).scalar() == 1
            os.write(write_end, b"ok" if fresh and works else b"shared")
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    assert os.read(read_end, 10) == b"ok"
    os.close(read_end)
    # The parent's pooled connection is still usable.
    assert db.session.execute(sa.text("SELECT 1")).scalar() == 1
