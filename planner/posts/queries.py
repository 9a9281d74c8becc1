"""Reading many posts at once: search with the plan filters, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from planner.core.extensions import db
from planner.municipalities.models import Municipality
from planner.posts.filters import PlanFilters, include_archived
from planner.posts.models import Post, PostStatus, Publication


@dataclass
class FoundPosts:
    posts: list[Post]
    total: int
    pages: int


def search_posts(
    municipality: Municipality, filters: PlanFilters, *, page: int, per_page: int, now: datetime
) -> FoundPosts:
    """Posts matching the filters (and the text), most recently changed first."""
    conditions = [Post.municipality_id == municipality.id, *filters.post_conditions(now)]
    if not include_archived(filters):
        conditions.append(Post.status != PostStatus.ARCHIVED.value)
    total = db.session.scalar(sa.select(sa.func.count(Post.id)).where(*conditions)) or 0
    posts = list(
        db.session.scalars(
            sa.select(Post)
            .where(*conditions)
            .options(
                joinedload(Post.owner),
                selectinload(Post.publications).joinedload(Publication.channel),
            )
            .order_by(Post.updated_at.desc(), Post.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return FoundPosts(posts, total, max(1, -(-total // per_page)))
