"""Declarative base, naming convention and time helpers shared by every feature's models."""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column
from sqlalchemy.sql.functions import FunctionElement

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 5000


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite keeps no zone, PostgreSQL keeps `timestamptz`; both come back as aware UTC here, and a
    naive value is refused on the way in so local times never slip in unconverted.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ARG002
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ARG002
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class epoch_seconds(FunctionElement):  # noqa: N801  (an SQL function, named like one)
    """SQL: whole seconds since 1970-01-01 UTC of a UTCDateTime column, on SQLite and PostgreSQL.

    Lets a query do exact integer arithmetic on times (such as which week a time falls in)
    instead of comparing against a long list of bounds.
    """

    type = sa.BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_seconds_sqlite(element, compiler, **kw) -> str:
    # SQLite keeps UTCDateTime as 'YYYY-MM-DD HH:MM:SS.ffffff' text in UTC. unixepoch() (SQLite
    # 3.38) gives the same whole seconds as strftime('%s') a good deal faster.
    value = compiler.process(element.clauses, **kw)
    if sqlite3.sqlite_version_info >= (3, 38):
        return f"unixepoch({value})"
    return f"CAST(strftime('%s', {value}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_seconds_postgresql(element, compiler, **kw) -> str:
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """A version counter SQLAlchemy raises on every update, to detect concurrent edits."""

    #: Goes up by one with every save; forms carry the version they were opened with.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):  # noqa: ARG001
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


@event.listens_for(Engine, "connect")
def _configure_postgresql(dbapi_connection, connection_record):  # noqa: ARG001
    """Plan every execution of a prepared statement with its own parameters.

    psycopg prepares a query the connection has run a few times (see end_reads_with_commit).
    PostgreSQL would then switch to a generic plan, made without the parameters' values, after
    five executions; for the reports' queries over a period that plan is several times slower
    than one made for the actual dates. Preparing still saves parsing and analysis.
    """
    if type(dbapi_connection).__module__.split(".")[0] != "psycopg":
        return
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.commit()


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def _is_memory_database(dbapi_connection: sqlite3.Connection) -> bool:
    rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
    return all(not row[2] for row in rows)


_engines_to_dispose_after_fork: weakref.WeakSet = weakref.WeakSet()


def _dispose_engines_in_child() -> None:
    for engine in list(_engines_to_dispose_after_fork):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_dispose_engines_in_child)


def dispose_engines_after_fork(app) -> None:
    """Give each forked worker (gunicorn with preload) its own connections, never the parent's."""
    from planner.extensions import db

    with app.app_context():
        _engines_to_dispose_after_fork.update(db.engines.values())


def first_with_total(keys: sa.Select, order_by: Sequence, limit: int) -> sa.Subquery:
    """Subquery: the first `limit` rows of `keys` in order, each with the number of all rows.

    `keys` selects only narrow columns (ids, and what the order needs): the database sorts and
    counts those, and the wide rows (post texts and sections) are read for the chosen few only.
    """
    return (
        keys.add_columns(sa.func.count().over().label("total"))
        .order_by(*order_by)
        .limit(limit)
        .subquery()
    )


# --- Ending a request's transaction -----------------------------------------------------------

#: Connection.info key: the connection's current transaction sent something other than a SELECT.
_WROTE = "planner.wrote"


@event.listens_for(Engine, "begin")
def _forget_writes(connection) -> None:
    connection.info.pop(_WROTE, None)


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection, cursor, statement: str, parameters, context, executemany) -> None:  # noqa: ARG001
    # Every statement the database gets, whichever way it was sent (a flush, Session.execute,
    # Connection.execute, exec_driver_sql): anything but a plain SELECT counts as a write.
    if statement.lstrip()[:6].upper() != "SELECT":
        connection.info[_WROTE] = True


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


def end_reads_with_commit(app) -> None:
    """End a request's transaction that only read with COMMIT rather than ROLLBACK.

    Both end a read-only transaction alike, but psycopg forgets every prepared statement of
    the connection on ROLLBACK (and deallocates them on the server at the next statement): a
    request that ends so makes PostgreSQL plan each query afresh in the next one. Ending reads
    with COMMIT lets psycopg prepare a query after a few executions and keep it for the life of
    the pooled connection. A transaction that wrote anything without committing it, or a
    request that failed, still ends with ROLLBACK (Flask-SQLAlchemy's teardown, which runs
    after this one).
    """
    from planner.extensions import db

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


class ExactDecimal(sa.types.TypeDecorator):
    """A decimal kept exactly: NUMERIC on PostgreSQL, text on SQLite (which has no decimal type)."""

    impl = sa.Numeric(16, 4)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(40))
        return dialect.type_descriptor(sa.Numeric(16, 4))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value).quantize(Decimal("0.0001"))
        return str(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):  # noqa: ARG002
        if value is None:
            return None
        return Decimal(value).quantize(Decimal("0.0001"))


class QueryCounter:
    """Counts the SQL statements sent while inside `with counter:` (tests and benchmarks)."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0

    def _count(self, *args, **kwargs) -> None:
        self.count += 1

    def __enter__(self):
        self.count = 0
        sa.event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._count)
