"""The content version of a municipality's plan, kept by the database for feeds and reports.

Every flush that adds, changes or deletes plan content — anything a model registered with
`register_plan_content` holds (posts, publications, channels, goals, audiences), or the
municipality's own name, language, time zone or public-feeds switch — raises
`municipality.content_version` and sets `content_changed_at`, in the same transaction as the
change. A feed's version is that number (with the feed's scope and the day, as items leave the
window daily), and the coverage report keeps its counts per version: checking whether a copy is
current costs one row read, and every gunicorn worker and both databases agree on it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from planner.core.localtime import utcnow
from planner.municipalities.models import Municipality

#: The models whose rows are plan content; each has a municipality_id. Filled by the features.
_plan_content: tuple[type[Any], ...] = ()


def register_plan_content(*models: type[Any]) -> None:
    """Count changes to rows of these models (each with a municipality_id) as plan changes."""
    global _plan_content
    _plan_content = (*_plan_content, *(model for model in models if model not in _plan_content))


def raise_content_versions_on_flush() -> None:
    """Install the flush listener that raises content versions (once per process)."""
    if not event.contains(Session, "before_flush", _raise_content_versions):
        event.listen(Session, "before_flush", _raise_content_versions)


def _raise_content_versions(session: Session, flush_context: Any, instances: Any) -> None:  # noqa: ARG001
    changed: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _plan_content) and obj.municipality_id is not None:
            changed.add(obj.municipality_id)
        elif (
            isinstance(obj, Municipality)
            and obj.id is not None
            and obj in session.dirty
            and session.is_modified(obj, include_collections=False)
        ):
            obj.content_version = (obj.content_version or 0) + 1
            obj.content_changed_at = utcnow()
    if changed:
        session.execute(
            sa.update(Municipality)
            .where(Municipality.id.in_(sorted(changed)))
            .values(content_version=Municipality.content_version + 1, content_changed_at=utcnow())
            .execution_options(synchronize_session=False)
        )
