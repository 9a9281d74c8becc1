"""What the digests hold, and when they go.

An hourly periodic job (`schedule`) enqueues each member's daily digest once the municipality's
local time is past 07:00, and each reviewer's and administrator's weekly digest on Monday once it
is past 08:00, with a unique key per person and day: however many workers run, and whenever the
worker was started that morning, a person gets one digest a day (a worker stopped all day skips
that day). Each digest is its own job, so a mail server that refuses one is retried for that
person alone. A digest with nothing in it is not sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import contains_eager

from planner.auth.models import User
from planner.core.extensions import db
from planner.core.localtime import days_between, to_local, utcnow, zone_of
from planner.coverage import periods
from planner.coverage.services import GapSummary, gap_summary
from planner.jobs import queue
from planner.jobs.models import Job
from planner.municipalities.models import Membership, Municipality
from planner.municipalities.roles import Permission, role_allows
from planner.notifications.models import DigestKind, MailState, Notification
from planner.notifications.services import (
    digest_takers,
    members_allowed,
    waiting_for_digest,
)
from planner.posts.models import Post, PostStatus, Publication, PublicationStatus
from planner.posts.overdue import overdue_clause

SCHEDULE_EVERY = timedelta(hours=1)
DAILY_JOB = "digest.daily"
WEEKLY_JOB = "digest.weekly"
DAILY_AT = time(7)
WEEKLY_AT = time(8)
#: How many of each list a digest shows (the rest is counted, with a link to the page).
LISTED = 10


def schedule(job: Job) -> None:  # noqa: ARG001  (a periodic job carries only its period)
    plan_digests(utcnow())


def plan_digests(now: datetime) -> None:
    """Enqueue the digests due by `now` that are not enqueued yet."""
    for municipality in db.session.scalars(sa.select(Municipality).order_by(Municipality.id)):
        local = to_local(now, zone_of(municipality))
        if local.time() >= DAILY_AT:
            members = _active_members(municipality)
            for user_id in sorted(
                digest_takers(members, DigestKind.DAILY) | _waiting(municipality)
            ):
                _enqueue(DAILY_JOB, municipality, user_id, local.date())
        if local.weekday() == 0 and local.time() >= WEEKLY_AT:
            managers = members_allowed(municipality, Permission.APPROVE_POSTS)
            for user_id in sorted(digest_takers(managers, DigestKind.WEEKLY)):
                _enqueue(WEEKLY_JOB, municipality, user_id, local.date())


def _enqueue(kind: str, municipality: Municipality, user_id: int, day: date) -> None:
    queue.enqueue_once(
        kind,
        {"municipality": municipality.id, "user": user_id, "day": day.isoformat()},
        unique_key=f"{kind}:{municipality.id}:{user_id}:{day.isoformat()}",
        municipality_id=municipality.id,
    )


def _active_members(municipality: Municipality) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Membership.user_id).where(
                Membership.municipality_id == municipality.id, Membership.active.is_(True)
            )
        )
    )


def _waiting(municipality: Municipality) -> set[int]:
    """Those with notifications waiting for a digest (whatever they chose for the digest since)."""
    return set(
        db.session.scalars(
            sa.select(Notification.user_id)
            .where(
                Notification.municipality_id == municipality.id,
                Notification.mail_state == MailState.DIGEST.value,
            )
            .distinct()
        )
    )


# --- The daily digest ---------------------------------------------------------------------------


@dataclass
class Listed:
    """The first items of a list, and how many there are in all."""

    items: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass
class DailyDigest:
    day: date
    notifications: list[Notification]
    #: The municipality's planned publications of the day, with their posts and channels.
    today: Listed
    #: Posts waiting for review, for those who approve.
    to_review: Listed
    #: The person's own overdue publications (as responsible).
    overdue: Listed

    @property
    def empty(self) -> bool:
        return not (
            self.notifications or self.today.total or self.to_review.total or self.overdue.total
        )


def daily_digest(
    user: User, municipality: Municipality, day: date, *, takes_daily: bool, now: datetime
) -> DailyDigest:
    """The notifications waiting for the digest; with the daily digest chosen, also the day's
    publications, posts waiting for the person's review, and their overdue publications."""
    notifications = waiting_for_digest(user, municipality)
    nothing = Listed([], 0)
    if not takes_daily:
        return DailyDigest(day, notifications, nothing, nothing, nothing)
    start, end = days_between(day, day, zone_of(municipality))
    today = _listed(
        _publications(municipality).where(
            Publication.publish_at >= start, Publication.publish_at < end
        )
    )
    role = _role(user, municipality)
    to_review = nothing
    if role and role_allows(role, Permission.APPROVE_POSTS):
        to_review = _listed(
            sa.select(Post)
            .where(
                Post.municipality_id == municipality.id,
                Post.status == PostStatus.IN_REVIEW.value,
            )
            .order_by(Post.updated_at, Post.id)
        )
    overdue = _listed(
        _publications(municipality).where(overdue_clause(now), Post.owner_id == user.id),
    )
    return DailyDigest(day, notifications, today, to_review, overdue)


def _publications(municipality: Municipality) -> sa.Select:
    return (
        sa.select(Publication)
        .join(Publication.post)
        .options(contains_eager(Publication.post))
        .where(
            Publication.municipality_id == municipality.id,
            Publication.status == PublicationStatus.PLANNED.value,
            Post.status != PostStatus.ARCHIVED.value,
        )
        .order_by(Publication.publish_at, Publication.id)
    )


def _listed(query: sa.Select) -> Listed:
    items = list(db.session.scalars(query.limit(LISTED)).unique())
    if len(items) < LISTED:
        return Listed(items, len(items))
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )
    return Listed(items, total or 0)


def _role(user: User, municipality: Municipality) -> str | None:
    return db.session.scalar(
        sa.select(Membership.role).where(
            Membership.user_id == user.id,
            Membership.municipality_id == municipality.id,
            Membership.active.is_(True),
        )
    )


# --- The weekly digest --------------------------------------------------------------------------


def week_ahead(day: date) -> periods.ReportPeriod:
    """The ISO week of `day` (a Monday when the digest goes out on time), Monday to Sunday: the
    weekly digest's period, as the report's dates of one's choice."""
    monday = day - timedelta(days=day.weekday())
    return periods.ReportPeriod(periods.CUSTOM, monday, monday + timedelta(days=6))


def weekly_digest(municipality: Municipality, day: date, *, now: datetime) -> GapSummary:
    """The coverage report's most important gaps for the week ahead."""
    return gap_summary(
        municipality,
        today=day,
        now=now,
        review_days=current_app.config["COVERAGE_REVIEW_DAYS"],
        period=week_ahead(day),
    )
