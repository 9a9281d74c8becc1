"""Strategy, goals, audiences, channels and key messages of a municipality."""

from __future__ import annotations

from datetime import date, datetime
from enum import IntEnum, StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.auth.models import User
from planner.core.db.base import Versioned
from planner.core.db.types import UTCDateTime
from planner.core.extensions import Model
from planner.core.localtime import utcnow


class StrategyStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class Theme(StrEnum):
    """The themes of "Sammen om en bedre kommune", and anything else."""

    REPUTATION = "omdomme"
    FULL_TIME = "heltid"
    ATTENDANCE = "narvaer"
    COMPETENCE = "kompetanse"
    RECRUITMENT = "rekruttering"
    OTHER = "annet"


class Reach(StrEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"
    BOTH = "both"


class ChannelKind(StrEnum):
    INTRANET = "intranet"
    FACEBOOK = "facebook"
    WEB = "web"
    NEWSLETTER = "newsletter"
    PRESS = "press"
    EVENT = "event"
    VIDEO = "video"
    INSTAGRAM = "instagram"
    LINKEDIN = "linkedin"
    OTHER = "other"


class CadencePeriod(StrEnum):
    WEEK = "week"
    MONTH = "month"


class Priority(IntEnum):
    HIGH = 1
    MEDIUM = 2
    LOW = 3


STATUS_LABELS = {
    StrategyStatus.DRAFT: _l("Draft"),
    StrategyStatus.ACTIVE: _l("Active"),
    StrategyStatus.ARCHIVED: _l("Archived"),
}
THEME_LABELS = {
    Theme.REPUTATION: _l("Reputation"),
    Theme.FULL_TIME: _l("Full-time culture"),
    Theme.ATTENDANCE: _l("Attendance and sick leave"),
    Theme.COMPETENCE: _l("Competence"),
    Theme.RECRUITMENT: _l("Recruitment"),
    Theme.OTHER: _l("Other"),
}
REACH_LABELS = {
    Reach.INTERNAL: _l("Internal"),
    Reach.EXTERNAL: _l("External"),
    Reach.BOTH: _l("Internal and external"),
}
CHANNEL_KIND_LABELS = {
    ChannelKind.INTRANET: _l("Intranet"),
    ChannelKind.FACEBOOK: _l("Facebook"),
    ChannelKind.WEB: _l("Website"),
    ChannelKind.NEWSLETTER: _l("Newsletter"),
    ChannelKind.PRESS: _l("Press"),
    ChannelKind.EVENT: _l("Event"),
    ChannelKind.VIDEO: _l("Video"),
    ChannelKind.INSTAGRAM: _l("Instagram"),
    ChannelKind.LINKEDIN: _l("LinkedIn"),
    ChannelKind.OTHER: _l("Other"),
}
CADENCE_LABELS = {CadencePeriod.WEEK: _l("per week"), CadencePeriod.MONTH: _l("per month")}
PRIORITY_LABELS = {
    Priority.HIGH: _l("High"),
    Priority.MEDIUM: _l("Medium"),
    Priority.LOW: _l("Low"),
}


class Strategy(Versioned, Model):
    __tablename__ = "strategy"
    __table_args__ = (
        # At most one active strategy per municipality.
        sa.Index(
            "uq_strategy_one_active",
            "municipality_id",
            unique=True,
            sqlite_where=sa.text("status = 'active'"),
            postgresql_where=sa.text("status = 'active'"),
        ),
        sa.CheckConstraint("period_end >= period_start", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    #: The vision, e.g. Rissa's "Jordnær lykke".
    vision: Mapped[str] = mapped_column(sa.Text, default="")
    #: "Den felles historien": the story the whole organisation tells.
    core_story: Mapped[str] = mapped_column(sa.Text, default="")
    period_start: Mapped[date]
    period_end: Mapped[date]
    #: draft | active | archived
    status: Mapped[str] = mapped_column(sa.String(16), default=StrategyStatus.DRAFT.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    goals: Mapped[list[Goal]] = relationship(
        back_populates="strategy", order_by="Goal.position", cascade="all, delete-orphan"
    )

    @property
    def archived(self) -> bool:
        return self.status == StrategyStatus.ARCHIVED.value

    @archived.setter
    def archived(self, value: bool) -> None:
        """Archive, or restore as a draft (activating is a step of its own)."""
        self.status = (StrategyStatus.ARCHIVED if value else StrategyStatus.DRAFT).value


class Goal(Versioned, Model):
    __tablename__ = "goal"
    __table_args__ = (sa.UniqueConstraint("strategy_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    strategy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: omdomme | heltid | narvaer | kompetanse | rekruttering | annet
    theme: Mapped[str] = mapped_column(sa.String(16), default=Theme.OTHER.value)
    #: 1 high, 2 medium, 3 low
    priority: Mapped[int] = mapped_column(default=Priority.MEDIUM.value)
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    target_date: Mapped[date | None]
    #: Order within the strategy, from 1.
    position: Mapped[int] = mapped_column(default=0)
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    strategy: Mapped[Strategy] = relationship(back_populates="goals")
    owner: Mapped[User | None] = relationship()
    key_messages: Mapped[list[KeyMessage]] = relationship(
        back_populates="goal", order_by="KeyMessage.id", cascade="all, delete-orphan"
    )


class Audience(Versioned, Model):
    __tablename__ = "audience"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    #: internal | external
    reach: Mapped[str] = mapped_column(sa.String(16), default=Reach.EXTERNAL.value)
    #: What the audience needs from us.
    needs: Mapped[str] = mapped_column(sa.Text, default="")
    #: What stands in the way of reaching them.
    barriers: Mapped[str] = mapped_column(sa.Text, default="")
    #: How they see the municipality today.
    perception: Mapped[str] = mapped_column(sa.Text, default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Channel(Versioned, Model):
    __tablename__ = "channel"
    __table_args__ = (
        sa.UniqueConstraint("municipality_id", "name"),
        sa.CheckConstraint("cadence_count >= 1", name="cadence_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[str] = mapped_column(sa.String(16), default=ChannelKind.OTHER.value)
    #: internal | external | both
    reach: Mapped[str] = mapped_column(sa.String(16), default=Reach.BOTH.value)
    #: The agreed cadence: cadence_count publications per cadence_period.
    cadence_count: Mapped[int] = mapped_column(default=1)
    cadence_period: Mapped[str] = mapped_column(sa.String(8), default=CadencePeriod.WEEK.value)
    #: "#rrggbb", checked for contrast when saved.
    colour: Mapped[str] = mapped_column(sa.String(7), default="#0062ba")
    #: The most characters a text on this channel may have, if it has a limit.
    character_limit: Mapped[int | None]
    #: An inactive channel is archived: kept for history, not offered for new posts.
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def archived(self) -> bool:
        return not self.active

    @archived.setter
    def archived(self, value: bool) -> None:
        self.active = not value


class KeyMessage(Versioned, Model):
    __tablename__ = "key_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    goal_id: Mapped[int] = mapped_column(sa.ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    audience_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("audience.id", ondelete="RESTRICT"), index=True
    )
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="key_messages")
    audience: Mapped[Audience | None] = relationship()
