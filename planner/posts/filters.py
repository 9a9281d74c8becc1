"""Filters shared by the calendar, the backlog and post search, kept in the URL's query string.

Channel, audience, goal, status and owner combine with AND; several values of one filter with OR.
Status covers the post's workflow status and the publication's state (published, cancelled,
overdue).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from planner.core.inputs import choice_list, id_list, search_text
from planner.posts.models import (
    POST_STATUS_LABELS,
    Post,
    PostStatus,
    Publication,
    PublicationStatus,
    post_audience,
    post_goal,
)
from planner.posts.overdue import overdue_clause

OVERDUE = "overdue"
PUBLICATION_STATES = (PublicationStatus.PUBLISHED.value, PublicationStatus.CANCELLED.value, OVERDUE)
STATUS_FILTER_LABELS = {
    **{status.value: label for status, label in POST_STATUS_LABELS.items()},
    PublicationStatus.PUBLISHED.value: _l("Published"),
    PublicationStatus.CANCELLED.value: _l("Cancelled"),
    OVERDUE: _l("Overdue"),
}


@dataclass
class PlanFilters:
    channels: list[int] = field(default_factory=list)
    audiences: list[int] = field(default_factory=list)
    goals: list[int] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)
    text: str = ""

    @classmethod
    def from_args(cls, args: MultiDict) -> PlanFilters:
        return cls(
            channels=id_list(args, "channel"),
            audiences=id_list(args, "audience"),
            goals=id_list(args, "goal"),
            statuses=choice_list(args, "status", STATUS_FILTER_LABELS),
            owners=id_list(args, "owner"),
            text=search_text(args),
        )

    @property
    def active(self) -> bool:
        return bool(
            self.channels or self.audiences or self.goals or self.statuses or self.owners
            or self.text
        )  # fmt: skip

    def query_args(self) -> dict[str, list]:
        """The filters as query-string arguments, to keep them in links."""
        args: dict[str, list] = {
            "channel": self.channels,
            "audience": self.audiences,
            "goal": self.goals,
            "status": self.statuses,
            "owner": self.owners,
        }
        if self.text:
            args["q"] = [self.text]
        return {key: value for key, value in args.items() if value}

    # --- SQL -------------------------------------------------------------------------------------

    def _post_conditions(self) -> list[sa.ColumnElement[bool]]:
        conditions: list[sa.ColumnElement[bool]] = []
        if self.audiences:
            conditions.append(
                sa.exists().where(
                    post_audience.c.post_id == Post.id,
                    post_audience.c.audience_id.in_(self.audiences),
                )
            )
        if self.goals:
            conditions.append(
                sa.exists().where(
                    post_goal.c.post_id == Post.id, post_goal.c.goal_id.in_(self.goals)
                )
            )
        if self.owners:
            conditions.append(Post.owner_id.in_(self.owners))
        if self.text:
            pattern = (
                "%"
                + self.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                + "%"
            )
            conditions.append(
                sa.or_(
                    *(
                        sa.func.lower(column).like(pattern, escape="\\")
                        for column in (Post.title, Post.summary, Post.body, Post.location)
                    )
                )
            )
        return conditions

    def publication_conditions(self, now: datetime) -> list[sa.ColumnElement[bool]]:
        """Conditions on a query of publications joined to their posts."""
        conditions = self._post_conditions()
        if self.channels:
            conditions.append(Publication.channel_id.in_(self.channels))
        if self.statuses:
            either: list[sa.ColumnElement[bool]] = []
            post_statuses = [s for s in self.statuses if s not in PUBLICATION_STATES]
            if post_statuses:
                either.append(
                    sa.and_(
                        Post.status.in_(post_statuses),
                        Publication.status == PublicationStatus.PLANNED.value,
                    )
                )
            for state in (PublicationStatus.PUBLISHED.value, PublicationStatus.CANCELLED.value):
                if state in self.statuses:
                    either.append(Publication.status == state)
            if OVERDUE in self.statuses:
                either.append(overdue_clause(now))
            conditions.append(sa.or_(*either))
        return conditions

    def post_conditions(self, now: datetime) -> list[sa.ColumnElement[bool]]:
        """Conditions on a query of posts; publication filters match any of the post's."""
        conditions = self._post_conditions()
        if self.channels:
            conditions.append(
                sa.exists().where(
                    Publication.post_id == Post.id, Publication.channel_id.in_(self.channels)
                )
            )
        if self.statuses:
            either: list[sa.ColumnElement[bool]] = []
            post_statuses = [s for s in self.statuses if s not in PUBLICATION_STATES]
            if post_statuses:
                either.append(Post.status.in_(post_statuses))
            for state in (PublicationStatus.PUBLISHED.value, PublicationStatus.CANCELLED.value):
                if state in self.statuses:
                    either.append(
                        sa.exists().where(
                            Publication.post_id == Post.id, Publication.status == state
                        )
                    )
            if OVERDUE in self.statuses:
                either.append(
                    sa.exists().where(Publication.post_id == Post.id, overdue_clause(now))
                )
            conditions.append(sa.or_(*either))
        return conditions


def include_archived(filters: PlanFilters) -> bool:
    """Archived posts are left out unless asked for."""
    return PostStatus.ARCHIVED.value in filters.statuses
