"""Review deadlines: a post must be approved a number of working days before it first goes out.

The number is the municipality's setting (`review_working_days`, 2 by default). Working days are
Monday to Friday except Norwegian public holidays (the `holidays` package: Easter, Ascension,
Whit Monday, 1 and 17 May, Christmas ...). The deadline is the end of that working day, in the
municipality's zone: a post whose first publication is on Monday must, with two working days, be
approved by the end of the Thursday before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
import sqlalchemy as sa

from planner.core.extensions import db
from planner.core.localtime import local_today, zone_of
from planner.posts.models import Post, PostStatus, Publication, PublicationStatus

#: The statuses a post still needs an approval in.
NOT_YET_APPROVED = (PostStatus.IDEA.value, PostStatus.DRAFT.value, PostStatus.IN_REVIEW.value)


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NO", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day` (`day` itself, or the working day
    before it when it is not one, for 0)."""
    current = day
    if count == 0:
        while not is_working_day(current):
            current -= timedelta(days=1)
        return current
    left = count
    while left:
        current -= timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current


@dataclass(frozen=True)
class ReviewDeadline:
    #: The last local day the post may be approved on.
    approve_by: date
    #: The first planned publication it is counted from.
    first_publication: datetime
    #: The day is over and the post is still not approved.
    passed: bool


def deadline_for(first_publication: datetime, municipality, *, today: date | None = None):
    zone = zone_of(municipality)
    first_day = first_publication.astimezone(zone).date()
    approve_by = working_days_before(first_day, municipality.review_working_days)
    today = today or local_today(zone)
    return ReviewDeadline(approve_by, first_publication, passed=today > approve_by)


def review_deadlines(posts: list[Post], municipality, *, today: date | None = None):
    """Each not yet approved post's deadline, counted from its first planned publication (in one
    query for all of them, one even for none, so that a page's queries do not depend on its
    contents); posts with none planned have no deadline."""
    waiting = [post.id for post in posts if post.status in NOT_YET_APPROVED]
    firsts = db.session.execute(
        sa.select(Publication.post_id, sa.func.min(Publication.publish_at))
        .where(
            Publication.post_id.in_(waiting),
            Publication.status == PublicationStatus.PLANNED.value,
        )
        .group_by(Publication.post_id)
    ).all()
    return {post_id: deadline_for(first, municipality, today=today) for post_id, first in firsts}
