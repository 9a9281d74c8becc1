"""Planning a post's publications from the rows of the post form, in the post's own transaction.

Each row adds, changes or cancels one publication through the publication services (their rules:
an archived post is not planned, a channel's character limit, a version check). A time that has
passed is planned only when the user confirmed it. A refused row raises `RowRefused`, naming the
row and its field, so the form shows the reason there; the caller's transaction then rolls back
the post and every row with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l

from planner.core.errors import DomainError, FieldError, NotAllowed, StaleVersion, check_version
from planner.core.localtime import zone_of
from planner.municipalities.models import Municipality
from planner.posts import services
from planner.posts.models import Post, Publication

PAST_TIME_REFUSED = _l(
    "This time has passed: the publication would be overdue at once. "
    "Tick “Plan it anyway” to plan it all the same, or choose a later time."
)


@dataclass(frozen=True)
class PublicationRow:
    """What a row asks for, for the planning service: `index` is its place in the form."""

    index: int
    publication_id: int | None
    version: str | None
    channel: int | None
    day: date | None
    at: time | None
    all_day: bool
    text: str
    confirm_past: bool
    cancel: bool

    def values(self) -> dict:
        return {
            "channel": self.channel,
            "day": self.day,
            "at": self.at,
            "all_day": self.all_day,
            "text": self.text,
        }


class RowRefused(DomainError):
    """A publication row the services refused: which row, which of its fields, and why."""

    def __init__(self, index: int, field: str, message: Any, current_version: int | None = None):
        super().__init__(message)
        self.index = index
        self.row_field = field
        #: For a row someone else changed meanwhile: the version saved now.
        self.current_version = current_version


def time_has_passed(publication: Publication, municipality: Municipality, now: datetime) -> bool:
    """Whether the publication is overdue at once: its time has passed (an all-day one, its day).

    Today's all-day publications are still in time.
    """
    if publication.all_day:
        zone = zone_of(municipality)
        return publication.publish_at.astimezone(zone).date() < now.astimezone(zone).date()
    return publication.publish_at < now


def ensure_past_time_confirmed(
    publication: Publication,
    confirmed: bool,
    *,
    municipality: Municipality,
    now: datetime,
    before: tuple[datetime, bool] | None = None,
) -> None:
    """After a publication is planned or changed: refuse (FieldError) a time that has passed
    unless the user confirmed it ("Plan it anyway"); the caller's transaction then rolls back.

    Checked after the publication services, so that their refusals (an archived post, a
    published publication) come first. `before` is the (time, all day) it had before a change:
    a publication whose time is not changed is not asked about, even if it is overdue already.
    """
    if before is not None and before == (publication.publish_at, publication.all_day):
        return
    if not confirmed and time_has_passed(publication, municipality, now):
        raise FieldError("confirm_past", PAST_TIME_REFUSED)


def _same_time(publication: Publication, values: dict, zone) -> bool:
    local = publication.publish_at.astimezone(zone)
    if publication.all_day or values["all_day"]:
        return publication.all_day == values["all_day"] and local.date() == values["day"]
    return local.date() == values["day"] and local.time().replace(tzinfo=None) == values["at"]


def _changed(publication: Publication, row: PublicationRow, zone) -> bool:
    return (
        publication.channel_id != row.channel
        or (publication.text or "") != row.text.strip()
        or not _same_time(publication, row.values(), zone)
    )


def check_rows_current(municipality: Municipality, rows: Iterable[PublicationRow]) -> None:
    """Refuse (RowRefused) a row whose publication someone else changed after the form opened.

    Checked before the post is saved: saving the post tells calendar clients its publications
    changed (their version goes up in the transaction), so a later check could not tell.
    """
    for row in rows:
        if row.publication_id is None:
            continue
        publication = services.get_publication(municipality, row.publication_id)
        if publication is None:
            continue  # the row's own save says it is no longer part of the post
        try:
            check_version(publication, row.version)
        except StaleVersion as error:
            raise RowRefused(
                row.index,
                "channel",
                _l(
                    "Someone else changed this publication after you opened the form. "
                    "Check its channel, time and text, then save again."
                ),
                current_version=error.current_version,
            ) from error


def save_publication_rows(
    post: Post,
    rows: Iterable[PublicationRow],
    *,
    actor,
    municipality: Municipality,
    now: datetime,
) -> None:
    """Add, change or cancel the post's publications as the rows say (nothing for unchanged).

    The rows' versions were checked by `check_rows_current` before the post was saved.
    """
    for row in rows:
        try:
            _save_row(post, row, actor=actor, municipality=municipality, now=now)
        except FieldError as error:
            raise RowRefused(row.index, error.field or "channel", str(error)) from error
        except NotAllowed as error:
            raise RowRefused(row.index, "channel", str(error)) from error


def _save_row(
    post: Post, row: PublicationRow, *, actor, municipality: Municipality, now: datetime
) -> None:
    values = row.values()
    if row.publication_id is None:
        added = services.add_publication(post, values, actor=actor, municipality=municipality)
        ensure_past_time_confirmed(added, row.confirm_past, municipality=municipality, now=now)
        return
    publication = services.get_publication(municipality, row.publication_id)
    if publication is None or publication.post_id != post.id:
        raise FieldError("channel", _l("This publication is no longer part of the post."))
    if row.cancel:
        services.cancel_publication(publication, actor=actor, municipality=municipality)
    elif _changed(publication, row, zone_of(municipality)):
        before = (publication.publish_at, publication.all_day)
        services.update_publication(
            publication,
            values,
            actor=actor,
            municipality=municipality,
            # Checked against the form before the post's save raised it (check_rows_current).
            expected_version=publication.version,
        )
        ensure_past_time_confirmed(
            publication, row.confirm_past, municipality=municipality, now=now, before=before
        )
