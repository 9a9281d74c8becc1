"""Posts (the stories), their publications on channels, comments and revisions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.auth.models import User
from planner.core.db.base import Versioned
from planner.core.db.types import ExactDecimal, UTCDateTime
from planner.core.extensions import Model, db
from planner.core.localtime import day_start, utcnow
from planner.municipalities.models import Municipality
from planner.results.models import Indicator
from planner.strategy.models import Audience, Channel, Goal


class PostKind(StrEnum):
    STORY = "story"
    EVENT = "event"
    ANNOUNCEMENT = "announcement"


class PostStatus(StrEnum):
    IDEA = "idea"
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    ARCHIVED = "archived"


class PublicationStatus(StrEnum):
    PLANNED = "planned"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class CommentKind(StrEnum):
    COMMENT = "comment"
    #: The reason a reviewer gave when sending a post back to draft.
    REJECTION = "rejection"


POST_KIND_LABELS = {
    PostKind.STORY: _l("Story"),
    PostKind.EVENT: _l("Event"),
    PostKind.ANNOUNCEMENT: _l("Announcement"),
}
POST_STATUS_LABELS = {
    PostStatus.IDEA: _l("Idea"),
    PostStatus.DRAFT: _l("Draft"),
    PostStatus.IN_REVIEW: _l("In review"),
    PostStatus.APPROVED: _l("Approved"),
    PostStatus.ARCHIVED: _l("Archived"),
}
PUBLICATION_STATUS_LABELS = {
    PublicationStatus.PLANNED: _l("Planned"),
    PublicationStatus.PUBLISHED: _l("Published"),
    PublicationStatus.CANCELLED: _l("Cancelled"),
}

post_goal = sa.Table(
    "post_goal",
    db.metadata,
    sa.Column("post_id", sa.ForeignKey("post.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("goal_id", sa.ForeignKey("goal.id", ondelete="RESTRICT"), primary_key=True),
)

post_audience = sa.Table(
    "post_audience",
    db.metadata,
    sa.Column("post_id", sa.ForeignKey("post.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("audience_id", sa.ForeignKey("audience.id", ondelete="RESTRICT"), primary_key=True),
)


class Post(Versioned, Model):
    __tablename__ = "post"
    __table_args__ = (
        sa.CheckConstraint(
            "event_ends_at IS NULL OR event_starts_at IS NULL OR event_ends_at > event_starts_at",
            name="event_order",
        ),
        sa.Index("ix_post_municipality_status", "municipality_id", "status"),
        # Covers "is this post archived?" for counts over many publications (coverage, calendar)
        # without reading the wide post rows.
        sa.Index("ix_post_id_status", "id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    #: story | event | announcement
    kind: Mapped[str] = mapped_column(sa.String(16), default=PostKind.STORY.value)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    #: nb | nn | en: the language the post is written in.
    language: Mapped[str] = mapped_column(sa.String(2), default="nb")
    #: The member responsible for the post.
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    #: The story template (planner.posts.story_templates): car | star | before_after | spine | free
    template: Mapped[str] = mapped_column(sa.String(16), default="free")
    #: Every template field ever written, by field name, so switching template loses nothing.
    sections: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: The Markdown body composed from the current template's fields.
    body: Mapped[str] = mapped_column(sa.Text, default="")
    #: idea | draft | in_review | approved | archived
    status: Mapped[str] = mapped_column(sa.String(16), default=PostStatus.IDEA.value)
    #: Events: where and when.
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    event_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    event_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The reviewer the writer asked, while the post is in review (None: any reviewer).
    reviewer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: The post this one was copied from ("Use as a starting point"), while it exists.
    copied_from_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("post.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    copied_from: Mapped[Post | None] = relationship(
        foreign_keys=[copied_from_id], remote_side="Post.id"
    )
    goals: Mapped[list[Goal]] = relationship(secondary=post_goal, order_by=Goal.position)
    audiences: Mapped[list[Audience]] = relationship(
        secondary=post_audience, order_by=Audience.name
    )
    cited_results: Mapped[list[CitedResult]] = relationship(
        back_populates="post", cascade="all, delete-orphan", order_by="CitedResult.indicator_id"
    )
    publications: Mapped[list[Publication]] = relationship(
        back_populates="post",
        cascade="all, delete-orphan",
        order_by="Publication.publish_at",
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="post", cascade="all, delete-orphan", order_by="Comment.created_at"
    )

    @property
    def indicators(self) -> list[Indicator]:
        return [cited.indicator for cited in self.cited_results]

    @property
    def archived(self) -> bool:
        return self.status == PostStatus.ARCHIVED.value


class CitedResult(Model):
    """An indicator a post links to, with the value the post cited when it was approved."""

    __tablename__ = "post_indicator"

    post_id: Mapped[int] = mapped_column(
        sa.ForeignKey("post.id", ondelete="CASCADE"), primary_key=True
    )
    indicator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("indicator.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    #: The date and value of the latest measurement when the post was approved.
    cited_on: Mapped[date | None]
    cited_value: Mapped[Decimal | None] = mapped_column(ExactDecimal())

    post: Mapped[Post] = relationship(back_populates="cited_results")
    indicator: Mapped[Indicator] = relationship()


class Publication(Versioned, Model):
    """A post on a channel at a time."""

    __tablename__ = "publication"
    __table_args__ = (
        # The plan of a municipality over a period, with what counts need (status, channel,
        # post) in the index itself: the coverage report's aggregates never read the table.
        sa.Index(
            "ix_publication_plan",
            "municipality_id",
            "publish_at",
            "status",
            "channel_id",
            "post_id",
        ),
        # Overdue publications (planned and past due): the gap list, my tasks, the status filter.
        sa.Index("ix_publication_due", "municipality_id", "status", "due_at"),
        # The worker's reminders: planned publications due in a window, in every municipality.
        sa.Index("ix_publication_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[int] = mapped_column(
        sa.ForeignKey("channel.id", ondelete="RESTRICT"), index=True
    )
    #: When it goes out, in UTC; for all-day items the start of the local day.
    publish_at: Mapped[datetime] = mapped_column(UTCDateTime())
    all_day: Mapped[bool] = mapped_column(default=False)
    #: When it is due: its time, or for an all-day item the end of its local day (set on save).
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: Text written for this channel, within the channel's character limit; empty uses the post.
    text: Mapped[str] = mapped_column(sa.Text, default="")
    #: planned | published | cancelled
    status: Mapped[str] = mapped_column(sa.String(16), default=PublicationStatus.PLANNED.value)
    #: Where it went out.
    url: Mapped[str] = mapped_column(sa.String(500), default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The iCalendar SEQUENCE: goes up whenever its time, status or its post's title or status
    #: changes, so calendar clients replace their copy.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    post: Mapped[Post] = relationship(back_populates="publications")
    channel: Mapped[Channel] = relationship()


@event.listens_for(Publication, "before_insert")
@event.listens_for(Publication, "before_update")
def _set_due_at(mapper, connection, publication: Publication) -> None:  # noqa: ARG001
    """Keep due_at in step with the time: an all-day item is due when its local day ends.

    Done here rather than in the services so that every write keeps it right; the day's end is in
    the municipality's zone, so a 23- or 25-hour day on a daylight-saving switch ends on time.
    """
    if not publication.all_day:
        publication.due_at = publication.publish_at
        return
    zone = ZoneInfo(
        connection.scalar(
            sa.select(Municipality.timezone).where(Municipality.id == publication.municipality_id)
        )
    )
    local_day = publication.publish_at.astimezone(zone).date()
    publication.due_at = day_start(local_day + timedelta(days=1), zone)


class Comment(Versioned, Model):
    __tablename__ = "post_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: comment | rejection
    kind: Mapped[str] = mapped_column(sa.String(16), default=CommentKind.COMMENT.value)
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When its author last changed it; when its author deleted it (its text is then gone from
    #: the page and the row, and kept in the audit log).
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    post: Mapped[Post] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()


class Revision(Model):
    """One save of a post: who, when, and the fields as they were before and after."""

    __tablename__ = "post_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: The version the save produced.
    version: Mapped[int]
    before: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    after: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[User | None] = relationship()
