"""Reading many posts at once: search with the plan filters, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from planner.core.extensions import db
from planner.municipalities.models import Municipality
from planner.posts.filters import PlanFilters, include_archived
from planner.posts.models import Post, PostStatus, Publication, PublicationStatus

#: How the posts list can be sorted (`?sort=`); the first is the default.
SORT_LABELS: dict[str, LazyString] = {
    "next": _l("Next publication"),
    "changed": _l("Last changed"),
    "title": _l("Title"),
    "status": _l("Status"),
}
DEFAULT_SORT = "next"
#: The workflow's order, for sorting by status.
_STATUS_ORDER = ("idea", "draft", "in_review", "approved", "archived")


def parse_sort(value: str | None) -> str:
    """The sort a query asks for; anything unknown is the default (never an error)."""
    return value if value in SORT_LABELS else DEFAULT_SORT


def _order(sort: str) -> list:
    """ORDER BY of a sort: "next" puts the posts with the earliest planned publication first
    (overdue ones, whose time has passed, before upcoming ones), then those with none planned."""
    changed = [Post.updated_at.desc(), Post.id.desc()]
    if sort == "changed":
        return changed
    if sort == "title":
        return [sa.func.lower(Post.title), Post.id]
    if sort == "status":
        rank = sa.case(
            {status: index for index, status in enumerate(_STATUS_ORDER)}, value=Post.status
        )
        return [rank, *changed]
    first_planned = (
        sa.select(sa.func.min(Publication.publish_at))
        .where(
            Publication.post_id == Post.id,
            Publication.status == PublicationStatus.PLANNED.value,
        )
        .scalar_subquery()
    )
    return [first_planned.is_(None), first_planned, *changed]


@dataclass
class FoundPosts:
    posts: list[Post]
    total: int
    pages: int


def search_posts(
    municipality: Municipality,
    filters: PlanFilters,
    *,
    page: int,
    per_page: int,
    now: datetime,
    sort: str = DEFAULT_SORT,
) -> FoundPosts:
    """Posts matching the filters (and the text), in the order of `sort` (see SORT_LABELS)."""
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
            .order_by(*_order(parse_sort(sort)))
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return FoundPosts(posts, total, max(1, -(-total // per_page)))
