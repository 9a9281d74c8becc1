"""How every database connection is set up, and how forked workers get connections of their own."""

from __future__ import annotations

import os
import sqlite3
import weakref
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from planner.core.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 5000


def configure_every_connection() -> None:
    """Set up each new connection of every engine, SQLite and PostgreSQL (once per process)."""
    for listener in (_configure_sqlite, _configure_postgresql):
        if not event.contains(Engine, "connect", listener):
            event.listen(Engine, "connect", listener)


def _configure_sqlite(dbapi_connection: Any, connection_record: Any) -> None:  # noqa: ARG001
    """Turn on WAL, foreign keys and a busy timeout for every SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # SQLite's lower() folds only ASCII; names like "Ørland" must compare as Python does.
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    if not _is_memory_database(dbapi_connection):
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _configure_postgresql(dbapi_connection: Any, connection_record: Any) -> None:  # noqa: ARG001
    """Plan every execution of a prepared statement with its own parameters.

    psycopg prepares a query the connection has run a few times (see
    `planner.core.db.transactions`). PostgreSQL would then switch to a generic plan, made without
    the parameters' values, after five executions; for the reports' queries over a period that
    plan is several times slower than one made for the actual dates. Preparing still saves
    parsing and analysis.
    """
    if type(dbapi_connection).__module__.split(".")[0] != "psycopg":
        return
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.commit()


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _is_memory_database(dbapi_connection: sqlite3.Connection) -> bool:
    rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
    return all(not row[2] for row in rows)


_engines_to_dispose_after_fork: weakref.WeakSet[Engine] = weakref.WeakSet()
_fork_hook_installed = False


def _dispose_engines_in_child() -> None:
    for engine in list(_engines_to_dispose_after_fork):
        engine.dispose(close=False)


def dispose_engines_after_fork(app: Flask) -> None:
    """Give each forked worker (gunicorn with preload) its own connections, never the parent's."""
    global _fork_hook_installed
    if not _fork_hook_installed:
        os.register_at_fork(after_in_child=_dispose_engines_in_child)
        _fork_hook_installed = True
    with app.app_context():
        _engines_to_dispose_after_fork.update(db.engines.values())
