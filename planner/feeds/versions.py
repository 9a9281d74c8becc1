"""The content version of a municipality's plan, kept by the database for the feeds.

Every flush that adds, changes or deletes something a feed shows — a post, a publication, a
channel, a goal, an audience, or the municipality's own name, language, time zone or public-feeds
switch — raises `municipality.content_version` and sets `content_changed_at`, in the same
transaction as the change. A feed's version is that number (with the feed's scope and the day, as
items leave the window daily), so checking whether a client's copy is current costs one row read,
and every gunicorn worker and both databases agree on it.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from planner.database import utcnow
from planner.municipalities.models import Municipality
from planner.posts.models import Post, Publication
from planner.strategy.models import Audience, Channel, Goal

#: What the feeds show, by model: each has a municipality_id.
FEED_CONTENT = (Post, Publication, Channel, Goal, Audience)


@event.listens_for(Session, "before_flush")
def _raise_content_versions(session: Session, flush_context, instances) -> None:  # noqa: ARG001
    changed: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, FEED_CONTENT) and obj.municipality_id is not None:
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
