"""SQL functions and query shapes that read the same on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class epoch_seconds(FunctionElement[int]):  # noqa: N801  (an SQL function, named like one)
    """SQL: whole seconds since 1970-01-01 UTC of a UTCDateTime column, on SQLite and PostgreSQL.

    Lets a query do exact integer arithmetic on times (such as which week a time falls in)
    instead of comparing against a long list of bounds.
    """

    type = sa.BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_seconds_sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps UTCDateTime as 'YYYY-MM-DD HH:MM:SS.ffffff' text in UTC. unixepoch() (SQLite
    # 3.38) gives the same whole seconds as strftime('%s') a good deal faster.
    value = compiler.process(element.clauses, **kw)
    if sqlite3.sqlite_version_info >= (3, 38):
        return f"unixepoch({value})"
    return f"CAST(strftime('%s', {value}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_seconds_postgresql(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"


def first_with_total(keys: sa.Select, order_by: Sequence[Any], limit: int) -> sa.Subquery:
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
