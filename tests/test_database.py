"""The database layer on the real backends: aware UTC times, SQLite pragmas, workers after fork."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.municipalities.models import Municipality


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


# --- How a request's transaction ends (planner.core.db.transactions) -----------------


@pytest.fixture
def endings(app):
    """How each transaction on the engine ended, in order: "commit" or "rollback"."""
    ended: list[str] = []

    def on_commit(connection) -> None:
        ended.append("commit")

    def on_rollback(connection) -> None:
        ended.append("rollback")

    sa.event.listen(db.engine, "commit", on_commit)
    sa.event.listen(db.engine, "rollback", on_rollback)
    yield ended
    sa.event.remove(db.engine, "commit", on_commit)
    sa.event.remove(db.engine, "rollback", on_rollback)


def _an_event(action: str) -> AuditEvent:
    return AuditEvent(action=action, object_type="test", object_id=1)


def test_a_request_that_only_read_ends_with_commit(app, endings):
    with app.app_context():  # a request's own context: its teardown ends the transaction
        db.session.execute(sa.select(AuditEvent)).all()
        db.session.execute(sa.select(sa.func.count(AuditEvent.id))).scalar()
    assert endings == ["commit"]


def test_a_request_that_changed_something_without_committing_ends_with_rollback(app, endings):
    with app.app_context():
        db.session.add(_an_event("flushed.not.committed"))
        db.session.flush()
        db.session.execute(sa.select(AuditEvent)).all()
    with app.app_context(), db.session.no_autoflush:
        db.session.add(_an_event("added.not.flushed"))
        db.session.execute(sa.select(AuditEvent)).all()
    with app.app_context():
        db.session.execute(sa.update(AuditEvent).values(action="updated.not.committed"))
    assert endings == ["rollback", "rollback", "rollback"]
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


def test_writes_sent_past_the_session_end_with_rollback(app, endings):
    """Statements sent on the session's connection directly count too."""
    with app.app_context():
        db.session.connection().execute(sa.insert(AuditEvent).values(action="core.insert"))
    with app.app_context():
        db.session.connection().exec_driver_sql(
            "INSERT INTO audit_event (action, created_at) VALUES ('driver.insert', '2026-01-01')"
        )
    assert endings == ["rollback", "rollback"]
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


def test_a_failed_flush_that_the_view_caught_ends_with_rollback(app, endings):
    """A flush that failed leaves a transaction that cannot commit: it is rolled back, and the
    request's end does not fail."""
    with app.app_context():
        db.session.add(Municipality(name="Én", slug="same"))
        db.session.flush()
        db.session.add(Municipality(name="To", slug="same"))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
    assert endings == ["rollback"]
    assert db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 0


def test_a_request_that_committed_then_read_ends_with_commit(app, endings):
    with app.app_context():
        db.session.add(_an_event("committed"))
        db.session.commit()
        db.session.execute(sa.select(AuditEvent)).all()
    assert endings == ["commit", "commit"]
    assert db.session.scalar(sa.select(AuditEvent.action)) == "committed"


def test_a_failed_request_ends_with_rollback(app, endings):
    with pytest.raises(RuntimeError), app.app_context():
        db.session.execute(sa.select(AuditEvent)).all()
        raise RuntimeError("the view failed")
    assert endings == ["rollback"]


def test_postgresql_plans_each_execution_with_its_parameters(app, database_kind):
    """Prepared statements (kept now that reads end with COMMIT) never fall back to a generic
    plan made without the parameters: the coverage report over a strategy period ran several
    times slower with one. SQLite has no such setting and prepares nothing across requests."""
    if database_kind == "postgresql":
        assert db.session.scalar(sa.text("SHOW plan_cache_mode")) == "force_custom_plan"
    else:
        assert db.engine.dialect.name == "sqlite"
