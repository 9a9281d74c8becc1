"""How a request's transaction ends: reads with COMMIT, anything else with ROLLBACK."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from planner.core.extensions import db

#: Connection.info key: the connection's current transaction sent something other than a SELECT.
_WROTE = "planner.wrote"


def _forget_writes(connection: Connection) -> None:
    connection.info.pop(_WROTE, None)


def _note_writes(
    connection: Connection,
    cursor: Any,  # noqa: ARG001
    statement: str,
    parameters: Any,  # noqa: ARG001
    context: Any,  # noqa: ARG001
    executemany: bool,  # noqa: ARG001
) -> None:
    # Every statement the database gets, whichever way it was sent (a flush, Session.execute,
    # Connection.execute, exec_driver_sql): anything but a plain SELECT counts as a write.
    if statement.lstrip()[:6].upper() != "SELECT":
        connection.info[_WROTE] = True


def notice_writes() -> None:
    """Note on each connection whether its transaction sent anything but SELECTs (once)."""
    if not event.contains(Engine, "begin", _forget_writes):
        event.listen(Engine, "begin", _forget_writes)
    if not event.contains(Engine, "before_cursor_execute", _note_writes):
        event.listen(Engine, "before_cursor_execute", _note_writes)


def only_read(session: Session) -> bool:
    """Whether the session's open transaction has only read: every statement it sent was a
    SELECT, nothing waits to be flushed, and the transaction can still commit."""
    transaction = session.get_transaction()
    if transaction is None or not transaction.is_active:
        return False
    if session.new or session.dirty or session.deleted:
        return False
    connections = transaction.connections  # never acquires one
    return bool(connections) and not any(c.info.get(_WROTE) for c in connections)


def end_reads_with_commit(app: Flask) -> None:
    """End a request's transaction that only read with COMMIT rather than ROLLBACK.

    Both end a read-only transaction alike, but psycopg forgets every prepared statement of
    the connection on ROLLBACK (and deallocates them on the server at the next statement): a
    request that ends so makes PostgreSQL plan each query afresh in the next one. Ending reads
    with COMMIT lets psycopg prepare a query after a few executions and keep it for the life of
    the pooled connection. A transaction that wrote anything without committing it, or a
    request that failed, still ends with ROLLBACK (Flask-SQLAlchemy's teardown, which runs
    after this one: register this after `db.init_app`).
    """
    notice_writes()

    @app.teardown_appcontext
    def _commit_reads(error: BaseException | None) -> None:
        session = db.session()
        if error is None and only_read(session):
            try:
                session.commit()
            except sa.exc.SQLAlchemyError:
                # The connection failed at COMMIT; Flask-SQLAlchemy's teardown, next, still
                # removes the session and returns its connection.
                session.rollback()
