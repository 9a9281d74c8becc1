"""Notifications: one per event and recipient, shown in the app and, if the person wants, mailed."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.auth.models import User
from planner.core.db.types import UTCDateTime
from planner.core.extensions import Model
from planner.core.localtime import utcnow
from planner.posts.models import Publication


class NotificationKind(StrEnum):
    #: A post was submitted for review: to the municipality's reviewers.
    REVIEW_REQUESTED = "review_requested"
    #: A post was sent back to draft, with the reason: to its responsible and its author.
    SENT_BACK = "sent_back"
    #: A post was approved: to its responsible.
    APPROVED = "approved"
    #: Someone commented on a post you follow (responsible, author, earlier commenters).
    COMMENTED = "commented"
    #: Someone @mentioned you in a comment.
    MENTIONED = "mentioned"
    #: A publication goes out within 24 hours and its post is not approved: to its responsible
    #: and the reviewers.
    DUE_SOON = "due_soon"
    #: A publication's time has passed and its post is still not approved: to its responsible.
    OVERDUE = "overdue"
    #: A post's approval deadline passed before it was approved: to the administrators.
    DEADLINE_PASSED = "deadline_passed"


KIND_LABELS = {
    NotificationKind.REVIEW_REQUESTED: _l("A post is submitted for your review"),
    NotificationKind.SENT_BACK: _l("Your post is sent back to draft"),
    NotificationKind.APPROVED: _l("Your post is approved"),
    NotificationKind.COMMENTED: _l("A comment on a post you follow"),
    NotificationKind.MENTIONED: _l("Someone mentions you in a comment"),
    NotificationKind.DUE_SOON: _l("A publication goes out within 24 hours and is not approved"),
    NotificationKind.OVERDUE: _l("A publication of yours is overdue"),
    NotificationKind.DEADLINE_PASSED: _l(
        "A post's approval deadline has passed (to administrators)"
    ),
}


class Delivery(StrEnum):
    EMAIL = "email"
    #: In the app at once, and by e-mail in the next daily digest.
    DIGEST = "digest"
    APP = "app"
    OFF = "off"


DELIVERY_LABELS = {
    Delivery.EMAIL: _l("In the app and by e-mail at once"),
    Delivery.DIGEST: _l("In the app and in the daily digest e-mail"),
    Delivery.APP: _l("In the app only"),
    Delivery.OFF: _l("Off"),
}


class DigestKind(StrEnum):
    """The summaries mailed on a schedule (kept with the notification choices)."""

    #: Every day at 07:00 in the municipality's zone: the day's publications, reviews waiting,
    #: overdue items, and the notifications chosen for the digest.
    DAILY = "daily_digest"
    #: Mondays at 08:00, to reviewers and administrators: the coverage report's top gaps.
    WEEKLY = "weekly_digest"


DIGEST_LABELS = {
    DigestKind.DAILY: _l("Daily digest, at 07:00"),
    DigestKind.WEEKLY: _l("Weekly digest of the plan's gaps, Mondays at 08:00"),
}

DIGEST_DESCRIPTIONS = {
    DigestKind.DAILY: _l(
        "The day's publications, posts waiting for your review, your overdue publications and "
        "the notifications you chose for the digest. Not sent on a day with nothing in it."
    ),
    DigestKind.WEEKLY: _l(
        "For reviewers and administrators: the coverage report's most important gaps for the "
        "week ahead. Not sent when the plan has none."
    ),
}

DIGEST_CHOICES = {Delivery.EMAIL: _l("By e-mail"), Delivery.OFF: _l("Off")}

DIGEST_DEFAULTS = {DigestKind.DAILY: Delivery.OFF, DigestKind.WEEKLY: Delivery.EMAIL}

#: What a person gets until they choose: what asks something of them comes by e-mail.
DEFAULT_DELIVERY = {
    NotificationKind.REVIEW_REQUESTED: Delivery.EMAIL,
    NotificationKind.SENT_BACK: Delivery.EMAIL,
    NotificationKind.APPROVED: Delivery.EMAIL,
    NotificationKind.COMMENTED: Delivery.APP,
    NotificationKind.MENTIONED: Delivery.EMAIL,
    NotificationKind.DUE_SOON: Delivery.EMAIL,
    NotificationKind.OVERDUE: Delivery.EMAIL,
    NotificationKind.DEADLINE_PASSED: Delivery.EMAIL,
}


class MailState(StrEnum):
    #: Not to be mailed (in the app only).
    NONE = "none"
    #: A mail job waits for the worker.
    WAITING = "waiting"
    #: Waits for the recipient's next daily digest.
    DIGEST = "digest"
    SENT = "sent"
    #: Not mailed: the account or membership was deactivated, or has no address.
    SKIPPED = "skipped"


class Notification(Model):
    __tablename__ = "notification"
    __table_args__ = (
        # One notification per event and recipient: the same event is never told twice.
        sa.UniqueConstraint("event_key", "user_id", name="uq_notification_event_user"),
        sa.Index("ix_notification_inbox", "user_id", "municipality_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    post_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("post.id", ondelete="CASCADE"), index=True
    )
    #: The publication it is about, for reminders of a publication's time.
    publication_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("publication.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: Names the event (one per event, shared by its recipients).
    event_key: Mapped[str] = mapped_column(sa.String(64))
    #: The post's title when it happened, and what was said (a reason, a comment).
    title: Mapped[str] = mapped_column(sa.String(300))
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_state: Mapped[str] = mapped_column(sa.String(10), default=MailState.NONE.value)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    publication: Mapped[Publication | None] = relationship()


class NotificationPreference(Model):
    """How a person wants one kind of notification (absent: `DEFAULT_DELIVERY`)."""

    __tablename__ = "notification_preference"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind", name="uq_notification_preference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    delivery: Mapped[str] = mapped_column(sa.String(10))
