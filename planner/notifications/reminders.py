"""Reminders the clock causes, found by a periodic scan of the worker (every quarter of an hour):

- a planned publication goes out within 24 hours and its post is not approved: its responsible
  and the municipality's reviewers;
- a planned publication's time has passed and its post is still not approved: its responsible;
- a post's approval deadline (`planner.posts.deadlines`) passed before it was approved: the
  municipality's administrators (escalation).

Each reminder names its event (the publication and its time, or the post and its deadline), so a
scan that finds it again tells no one twice; a publication moved to another time is a new event.
The scans read through the index on (status, due_at) in one query each for all municipalities.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.jobs.models import Job
from planner.municipalities.models import Municipality
from planner.municipalities.services import MAX_REVIEW_WORKING_DAYS
from planner.notifications.models import NotificationKind
from planner.notifications.services import administrators_of, notify, reviewers_of
from planner.posts.deadlines import NOT_YET_APPROVED, deadline_for
from planner.posts.models import Post, Publication, PublicationStatus

EVERY = timedelta(minutes=15)
#: A publication this close to its time whose post is not approved is a reminder.
DUE_SOON = timedelta(hours=24)
#: An overdue publication is told of until this long after its time: a worker stopped for longer
#: does not mail the distant past when it starts again.
OVERDUE_TOLD_FOR = timedelta(days=2)
#: The furthest ahead a first publication can lie whose approval deadline has already passed
#: (the most working days the setting allows, with weekends and holidays between).
DEADLINE_HORIZON = timedelta(days=MAX_REVIEW_WORKING_DAYS * 7 // 5 + 14)


def scan(job: Job) -> None:  # noqa: ARG001  (a periodic job carries only its period)
    now = utcnow()
    remind_due_soon(now)
    remind_overdue(now)
    escalate_passed_deadlines(now)


def _planned_due_between(start: datetime, end: datetime):
    """Planned publications due in [start, end) whose post still needs an approval, with posts."""
    return db.session.scalars(
        sa.select(Publication)
        .join(Publication.post)
        .options(contains_eager(Publication.post))
        .where(
            Publication.status == PublicationStatus.PLANNED.value,
            Publication.due_at >= start,
            Publication.due_at < end,
            Post.status.in_(NOT_YET_APPROVED),
        )
        .order_by(Publication.due_at, Publication.id)
    ).all()


def _event_key(kind: NotificationKind, thing_id: int, moment: str) -> str:
    return f"{kind.value}:{thing_id}:{moment}"


def remind_due_soon(now: datetime) -> int:
    told = 0
    reviewers: dict[int, set[int]] = {}
    for publication in _planned_due_between(now, now + DUE_SOON):
        post = publication.post
        if post.municipality_id not in reviewers:
            reviewers[post.municipality_id] = reviewers_of(_municipality(post.municipality_id))
        recipients = {*reviewers[post.municipality_id], *_responsible(post)}
        told += len(
            notify(
                NotificationKind.DUE_SOON,
                recipients,
                post,
                publication=publication,
                event_key=_event_key(
                    NotificationKind.DUE_SOON, publication.id, publication.due_at.isoformat()
                ),
            )
        )
    return told


def remind_overdue(now: datetime) -> int:
    told = 0
    for publication in _planned_due_between(now - OVERDUE_TOLD_FOR, now):
        told += len(
            notify(
                NotificationKind.OVERDUE,
                _responsible(publication.post),
                publication.post,
                publication=publication,
                event_key=_event_key(
                    NotificationKind.OVERDUE, publication.id, publication.due_at.isoformat()
                ),
            )
        )
    return told


def escalate_passed_deadlines(now: datetime) -> int:
    """Posts not approved whose first planned publication is still ahead but whose approval
    deadline is over: each municipality's administrators are told once per post and deadline."""
    firsts: dict[int, Publication] = {}
    for publication in _planned_due_between(now, now + DEADLINE_HORIZON):
        firsts.setdefault(publication.post_id, publication)
    by_municipality: dict[int, list[Publication]] = defaultdict(list)
    for publication in firsts.values():
        by_municipality[publication.municipality_id].append(publication)
    told = 0
    for municipality_id, publications in by_municipality.items():
        municipality = _municipality(municipality_id)
        administrators: set[int] | None = None
        for publication in publications:
            deadline = deadline_for(publication.publish_at, municipality)
            if not deadline.passed:
                continue
            if administrators is None:
                administrators = administrators_of(municipality)
            told += len(
                notify(
                    NotificationKind.DEADLINE_PASSED,
                    administrators,
                    publication.post,
                    publication=publication,
                    event_key=_event_key(
                        NotificationKind.DEADLINE_PASSED,
                        publication.post_id,
                        deadline.approve_by.isoformat(),
                    ),
                )
            )
    return told


def _responsible(post: Post) -> set[int]:
    """Who answers for the post: its responsible, or its author when it has none."""
    chosen = post.owner_id or post.created_by_id
    return {chosen} if chosen else set()


def _municipality(municipality_id: int) -> Municipality:
    municipality = db.session.get(Municipality, municipality_id)
    assert municipality is not None  # a publication's municipality exists (a foreign key)
    return municipality
