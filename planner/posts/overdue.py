"""When a publication is overdue: planned, due, and its post still not approved.

Below the filters and the services, which both use it (and the calendar, the coverage report and
"my tasks" through them).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from planner.core.localtime import utcnow
from planner.posts.models import Post, PostStatus, Publication, PublicationStatus


def overdue_clause(now: datetime) -> sa.ColumnElement[bool]:
    """SQL: a planned publication that is due while its post is not approved.

    A timed item is due at its time, an all-day item when its local day is over.
    """
    return sa.and_(
        Publication.status == PublicationStatus.PLANNED.value,
        Post.status != PostStatus.APPROVED.value,
        Publication.due_at < now,
    )


def is_overdue(publication: Publication, now: datetime | None = None) -> bool:
    """The same rule as overdue_clause, for a publication already loaded."""
    return (
        publication.status == PublicationStatus.PLANNED.value
        and publication.post.status != PostStatus.APPROVED.value
        and publication.due_at < (now or utcnow())
    )
