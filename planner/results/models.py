"""Projects (tiltak), indicators with baseline and target, and measurements."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.db.base import Versioned
from planner.core.db.types import ExactDecimal, UTCDateTime
from planner.core.extensions import Model, db
from planner.core.localtime import utcnow
from planner.strategy.models import Goal, Theme

#: Values keep up to four decimals: enough for percentages and money.
VALUE_TYPE = ExactDecimal()


class Direction(StrEnum):
    LOWER = "lower"
    HIGHER = "higher"


DIRECTION_LABELS = {
    Direction.LOWER: _l("Lower is better"),
    Direction.HIGHER: _l("Higher is better"),
}

project_goal = sa.Table(
    "project_goal",
    db.metadata,
    sa.Column("project_id", sa.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("goal_id", sa.ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True),
)

indicator_goal = sa.Table(
    "indicator_goal",
    db.metadata,
    sa.Column("indicator_id", sa.ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("goal_id", sa.ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True),
)


class Project(Versioned, Model):
    __tablename__ = "project"
    __table_args__ = (
        sa.UniqueConstraint("municipality_id", "name"),
        sa.CheckConstraint("period_end IS NULL OR period_end >= period_start", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: One of the strategy themes (planner.strategy.models.Theme).
    theme: Mapped[str] = mapped_column(sa.String(16), default=Theme.OTHER.value)
    period_start: Mapped[date]
    #: Empty while the project runs on.
    period_end: Mapped[date | None]
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    goals: Mapped[list[Goal]] = relationship(secondary=project_goal, order_by=Goal.position)
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="project", order_by="Indicator.name"
    )


class Indicator(Versioned, Model):
    __tablename__ = "indicator"
    __table_args__ = (
        sa.UniqueConstraint("municipality_id", "name"),
        sa.CheckConstraint(
            "target_date IS NULL OR baseline_date IS NULL OR target_date > baseline_date",
            name="target_after_baseline",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("project.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    #: %, employees, NOK, …
    unit: Mapped[str] = mapped_column(sa.String(40))
    #: lower | higher: which way is better.
    direction: Mapped[str] = mapped_column(sa.String(8), default=Direction.HIGHER.value)
    baseline_value: Mapped[Decimal] = mapped_column(VALUE_TYPE)
    baseline_date: Mapped[date]
    target_value: Mapped[Decimal | None] = mapped_column(VALUE_TYPE)
    target_date: Mapped[date | None]
    #: Where the numbers come from: HR system, 10-FAKTOR, innbyggerundersøkelse, …
    source: Mapped[str] = mapped_column(sa.String(200), default="")
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    project: Mapped[Project | None] = relationship(back_populates="indicators")
    goals: Mapped[list[Goal]] = relationship(secondary=indicator_goal, order_by=Goal.position)
    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="indicator",
        order_by="Measurement.measured_on",
        cascade="all, delete-orphan",
    )


class Measurement(Versioned, Model):
    __tablename__ = "measurement"
    __table_args__ = (sa.UniqueConstraint("indicator_id", "measured_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    measured_on: Mapped[date]
    value: Mapped[Decimal] = mapped_column(VALUE_TYPE)
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="measurements")
