"""Counting the SQL statements a block of code sends (tests and benchmarks)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine


class QueryCounter:
    """Counts the SQL statements sent while inside `with counter:`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.count = 0

    def _count(self, *args: Any, **kwargs: Any) -> None:
        self.count += 1

    def __enter__(self) -> QueryCounter:
        self.count = 0
        sa.event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._count)
