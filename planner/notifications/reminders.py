"""Reminders the clock causes, found by a periodic scan of the worker (every quarter of an hour):

- a planned publication goes out within 24 hours and its post is not approved: its responsible
  and the municipality's reviewers;
- a planned publication's time has passed and its post is still not approved: its responsible;
- a post's approval deadline (`planner.posts.deadlines`) passed before it was approved: the
  municipality's administrators (escalation).

Each reminder names its event (the publication and its time, or the post and its deadline), so a
scan that finds it again tells no one twice; a publication moved to another time is a new event.
The scans read through the index on (status, due_at) in one query each for all municipalities (the
deadline rule through (municipality_id, status, due_at), one per municipality, since each counts
its own working days), and ask in one query which of the events found were told already.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from planner.core.extensions import db
from planner.core.localtime import day_start, local_today, utcnow, zone_of
from planner.jobs.models import Job
from planner.municipalities.models import Municipality
from planner.notifications.models import Notification, NotificationKind
from planner.notifications.services import administrators_of, notify, reviewers_of
from planner.posts.deadlines import NOT_YET_APPROVED, deadline_for, working_days_before
from planner.posts.models import Post, Publication, PublicationStatus

EVERY = timedelta(minutes=15)
#: A publication this close to its time whose post is not approved is a reminder.
DUE_SOON = timedelta(hours=24)
#: An overdue publication is told of until this long after its time: a worker stopped for longer
#: does not mail the distant past when it starts again.
OVERDUE_TOLD_FOR = timedelta(days=2)


def scan(job: Job) -> None:  # noqa: ARG001  (a periodic job carries only its period)
    now = utcnow()
    remind_due_soon(now)
    remind_overdue(now)
    escalate_passed_deadlines(now)


def _planned_due_between(start: datetime, end: datetime, *, municipality_id: int | None = None):
    """Planned publications due in [start, end) whose post still needs an approval, with posts."""
    query = (
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
    )
    if municipality_id is not None:
        query = query.where(Publication.municipality_id == municipality_id)
    return db.session.scalars(query).all()


def _event_key(kind: NotificationKind, thing_id: int, moment: str) -> str:
    return f"{kind.value}:{thing_id}:{moment}"


def _not_yet_told(keyed: dict[str, Publication]) -> dict[str, Publication]:
    """Those of the events nobody has been told of yet (one query for all of them): an event is
    told once, to those there to be told then."""
    if not keyed:
        return {}
    told = set(
        db.session.scalars(
            sa.select(Notification.event_key).where(Notification.event_key.in_(list(keyed)))
        )
    )
    return {key: publication for key, publication in keyed.items() if key not in told}


def _by_event(kind: NotificationKind, publications) -> dict[str, Publication]:
    return _not_yet_told(
        {
            _event_key(kind, publication.id, publication.due_at.isoformat()): publication
            for publication in publications
        }
    )


def remind_due_soon(now: datetime) -> int:
    told = 0
    reviewers: dict[int, set[int]] = {}
    due_soon = _by_event(NotificationKind.DUE_SOON, _planned_due_between(now, now + DUE_SOON))
    for key, publication in due_soon.items():
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
                event_key=key,
            )
        )
    return told


def remind_overdue(now: datetime) -> int:
    told = 0
    overdue = _by_event(NotificationKind.OVERDUE, _planned_due_between(now - OVERDUE_TOLD_FOR, now))
    for key, publication in overdue.items():
        told += len(
            notify(
                NotificationKind.OVERDUE,
                _responsible(publication.post),
                publication.post,
                publication=publication,
                event_key=key,
            )
        )
    return told


def escalate_passed_deadlines(now: datetime) -> int:
    """Posts not approved whose first planned publication is still ahead but whose approval
    deadline is over: each municipality's administrators are told once per post and deadline.

    Only publications on days whose deadline has passed are read: up to the last day, counted
    in the municipality's working days, whose deadline was yesterday or before."""
    told = 0
    for municipality in db.session.scalars(sa.select(Municipality).order_by(Municipality.id)):
        zone = zone_of(municipality)
        last_day = last_day_past_deadline(local_today(zone), municipality.review_working_days)
        if last_day is None:
            continue
        firsts: dict[int, Publication] = {}
        for publication in _planned_due_between(
            now,
            day_start(last_day + timedelta(days=1), zone) + timedelta(seconds=1),
            municipality_id=municipality.id,
        ):
            firsts.setdefault(publication.post_id, publication)
        passed = {}
        for publication in firsts.values():
            deadline = deadline_for(publication.publish_at, municipality)
            if deadline.passed:
                key = _event_key(
                    NotificationKind.DEADLINE_PASSED,
                    publication.post_id,
                    deadline.approve_by.isoformat(),
                )
                passed[key] = publication
        if not (passed := _not_yet_told(passed)):
            continue
        administrators = administrators_of(municipality)
        for key, publication in passed.items():
            told += len(
                notify(
                    NotificationKind.DEADLINE_PASSED,
                    administrators,
                    publication.post,
                    publication=publication,
                    event_key=key,
                )
            )
    return told


def last_day_past_deadline(today: date, working_days: int) -> date | None:
    """The last day whose publications had to be approved before today (None: no such day
    from today on, as with 0 working days, when a post may be approved on its own day)."""
    day = None
    candidate = today
    while working_days_before(candidate, working_days) < today:
        day = candidate
        candidate += timedelta(days=1)
    return day


def _responsible(post: Post) -> set[int]:
    """Who answers for the post: its responsible, or its author when it has none."""
    chosen = post.owner_id or post.created_by_id
    return {chosen} if chosen else set()


def _municipality(municipality_id: int) -> Municipality:
    municipality = db.session.get(Municipality, municipality_id)
    assert municipality is not None  # a publication's municipality exists (a foreign key)
    return municipality
