"""A small least-recently-used cache of values built from versioned data, one per worker.

Callers put the data's version in the key (the municipality's content version, see
municipalities.content_version), so a value is never served for data that has changed since it
was built: a change gives a new key, and the old entry falls out when the cache is full. Every
gunicorn worker keeps its own cache; since the version comes from the database, they all agree.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class VersionedCache(Generic[Value]):
    """Values by key, the least recently used falling out beyond `size`; safe across threads."""

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[Hashable, Value] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        #: How many values were built (misses), for tests and benchmarks.
        self.builds = 0

    def get_or_build(self, key: Hashable, build: Callable[[], Value]) -> Value:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()
        with self._lock:
            self.builds += 1
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every value, and the count of builds."""
        with self._lock:
            self._items.clear()
            self.builds = 0
