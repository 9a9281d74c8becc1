"""Creating the demo's stories and their publications, read from planner/demo/data/.

Every story is made the way members make them: created, planned on channels, commented, submitted,
approved or sent back, published and archived through the services, so the audit log, revisions and
"my tasks" look like real use. Dates are relative to the day the demo is loaded (in the
municipality's zone), so the calendar always has a few past and coming weeks; a few stories are
anchored in the summer or the winter instead.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.auth.models import User
from planner.core.extensions import db
from planner.core.localtime import local_today, to_utc, zone_of
from planner.demo.content import (
    CANCELLED,
    EDIT,
    PUBLISHED,
    DemoPlan,
    DemoPublication,
    DemoStory,
    Reject,
    Say,
    Season,
    Step,
    number,
)
from planner.demo.loader import demo_content
from planner.municipalities.models import Membership, Municipality
from planner.posts.models import Comment, Post, Publication, Revision
from planner.posts.services import (
    add_comment,
    add_publication,
    cancel_publication,
    create_post,
    mark_published,
    update_post,
)
from planner.posts.workflow import apply_transition
from planner.results.models import Indicator
from planner.results.services import add_measurement
from planner.strategy.models import Audience, Channel, Goal

#: Transitions taken by the reviewer; the others are taken by the editor.
REVIEWER_TRANSITIONS = frozenset({"approve", "reject"})


def load_posts_demo(
    municipalities: dict[str, Municipality],
    goals: dict[str, dict[str, Goal]],
    *,
    today: date | None = None,
    plans: Iterable[DemoPlan] | None = None,
) -> list[Post]:
    """Create the demo stories with publications, comments and reviews; return the posts.

    `goals` maps a municipality's slug to its goals by theme (as load_strategy_demo returns them).
    Days count from `today`, by default today in each municipality's time zone. `plans` defaults
    to the demo's content; municipalities not in `municipalities` are skipped.
    """
    posts: list[Post] = []
    for plan in demo_content().plans if plans is None else plans:
        municipality = municipalities.get(plan.slug)
        if municipality is None or not plan.stories:
            continue
        place = _Place.of(municipality, goals.get(plan.slug, {}), today)
        posts += [_StoryLoader(story, place).load() for story in plan.stories]
    db.session.flush()
    return posts


# --- Where the stories are made ------------------------------------------------------------------


class _Persona(NamedTuple):
    user: User
    role: str


@dataclass(frozen=True)
class _Place:
    """A municipality with the people, goals and names its stories refer to."""

    municipality: Municipality
    goals: dict[str, Goal]
    #: editor, reviewer and admin
    people: dict[str, _Persona]
    channels: dict[str, int]
    audiences: dict[str, int]
    indicators: dict[str, int]
    today: date

    @classmethod
    def of(cls, municipality: Municipality, goals: dict[str, Goal], today: date | None) -> _Place:
        return cls(
            municipality=municipality,
            goals=goals,
            people=_personas(municipality),
            channels=_by_name(Channel, municipality),
            audiences=_by_name(Audience, municipality),
            indicators=_by_name(Indicator, municipality),
            today=today or local_today(zone_of(municipality)),
        )


def _personas(municipality: Municipality) -> dict[str, _Persona]:
    """The municipality's editor, reviewer and admin; the admin stands in for missing roles."""
    rows = db.session.execute(
        sa.select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.municipality_id == municipality.id, Membership.active.is_(True))
        .order_by(User.id)
    ).all()
    by_role: dict[str, _Persona] = {}
    for user, role in rows:
        by_role.setdefault(str(role), _Persona(user, str(role)))
    admin = by_role["admin"]
    return {
        "admin": admin,
        "editor": by_role.get("editor", admin),
        "reviewer": by_role.get("reviewer", admin),
    }


def _by_name(
    model: type[Channel] | type[Audience] | type[Indicator], municipality: Municipality
) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(model.name, model.id).where(model.municipality_id == municipality.id)
    )
    return {name: key for name, key in rows}


# --- Days ----------------------------------------------------------------------------------------


def _season_day(today: date, season: Season, offsets: list[int]) -> date:
    """The season's day, so that every offset from it falls after today (or before it)."""
    year = today.year
    if season.direction > 0:
        while date(year, season.month, season.day) + timedelta(days=min(offsets)) <= today:
            year += 1
    else:
        while date(year, season.month, season.day) + timedelta(days=max(offsets)) >= today:
            year -= 1
    return date(year, season.month, season.day)


def _anchor(story: DemoStory, today: date) -> date:
    """The day the story's offsets count from."""
    if story.anchor is None:
        return today
    offsets = [p.day for p in story.publications if isinstance(p.day, int)]
    if story.event:
        offsets += [story.event.day, story.event.end_day]
    return _season_day(today, story.anchor, offsets or [0])


# --- When it happened ----------------------------------------------------------------------------
#
# A story's history (its creation, comments, reviews and status changes) is dated in the past, in
# working hours, as if members had written it over a few days: a reply comes minutes after the
# comment it answers, a review the next working day. It ends the working day before the story's
# first item went out (or before today); steps after an approval that lead to "archive" come
# after its last item instead. The settling of items and newer results keep the load's time.

#: When a working day's first moment is, in turn (local time); later moments of the day follow.
_DAY_STARTS = (time(9, 10), time(10, 40), time(13, 5), time(8, 35), time(11, 50), time(14, 20))
#: The last moment of a working day (local time).
_DAY_ENDS = time(15, 50)


def _working_day(day: date, step: int) -> date:
    """The working day `step` working days after (or before, when negative) `day`."""
    direction = 1 if step >= 0 else -1
    for _ in range(abs(step)):
        day += timedelta(days=direction)
        while day.weekday() >= 5:
            day += timedelta(days=direction)
    return day


def _minutes_after(step: Step, previous: Step | None) -> int | None:
    """Minutes from the previous moment when the step follows it the same day, else None."""
    if isinstance(step, Say) and (
        isinstance(previous, Say | Reject) or previous in ("approve", "archive")
    ):
        return 40 if not isinstance(previous, Say) or previous.who != step.who else 15
    if step == EDIT and isinstance(previous, Say):
        return 110
    if isinstance(step, Say) and previous == EDIT:
        return 5
    return None


def _local_moment(index: int, offset: int, span: int, salt: int) -> time:
    """The time of the moment `offset` minutes into a working day whose moments span `span`
    minutes: the day's start varies, and its last moment is by 15:50."""
    start = _DAY_STARTS[(index + salt) % len(_DAY_STARTS)]
    start_minutes = start.hour * 60 + start.minute + salt % 17
    latest = _DAY_ENDS.hour * 60 + _DAY_ENDS.minute - span
    minutes = min(start_minutes, latest) + offset
    return time(minutes // 60, minutes % 60)


def story_moments(
    story: DemoStory, item_days: list[tuple[date, bool]], today: date
) -> list[tuple[date, time]]:
    """When the story was created and each of its steps taken, as local (day, time) pairs, in order.

    `item_days` are its publications' days, with whether each is published. The moments are on
    working days before `today`, 08–16.
    """
    salt = zlib.crc32(story.title.encode())
    steps = story.steps
    split = len(steps)
    if "archive" in steps and "approve" in steps:
        approved = max(i for i, step in enumerate(steps) if step == "approve")
        split = approved + 1
    before, after = steps[:split], steps[split:]
    published = [day for day, out in item_days if out]
    end = _working_day(min([*published, today]), -1)
    # Minutes into each working day of the moments on it; creation has a day of its own.
    groups: list[list[int]] = [[0]]
    previous: Step | None = None
    for step in before:
        minutes = _minutes_after(step, previous)
        if minutes is None:
            groups.append([0])
        else:
            groups[-1].append(groups[-1][-1] + minutes)
        previous = step
    # The first step comes two working days after creation, each later day on the next one; a
    # story without steps was created a few days ago.
    day = _working_day(end, -len(groups) if len(groups) > 1 else -(1 + salt % 3))
    moments: list[tuple[date, time]] = []
    for index, group in enumerate(groups):
        if index:
            day = _working_day(day, 2 if index == 1 else 1)
        moments += [(day, _local_moment(index, offset, group[-1], salt)) for offset in group]
    if after:
        last_item = max((item for item, _ in item_days), default=day)
        day = max(_working_day(last_item, 1), day)
        if day >= today:
            day = _working_day(today, -1)
        offsets: list[int] = []
        previous = None
        for step in after:
            minutes = _minutes_after(step, previous)
            offsets.append(offsets[-1] + (minutes or 40) if offsets else 0)
            previous = step
        moments += [
            (day, _local_moment(len(groups), offset, offsets[-1], salt)) for offset in offsets
        ]
    return moments


# --- One story -----------------------------------------------------------------------------------


class _StoryLoader:
    """Makes one story: created, planned, then taken through its steps by its people."""

    def __init__(self, story: DemoStory, place: _Place) -> None:
        self.story = story
        self.place = place
        self.anchor = _anchor(story, place.today)
        self.editor = place.people["editor"]
        self.municipality = place.municipality
        #: Publications still to settle (publish or cancel as the story says).
        self.unsettled: list[tuple[DemoPublication, Publication]] = []
        zone = zone_of(place.municipality)
        items = [(self._day(demo), demo.outcome == PUBLISHED) for demo in story.publications]
        #: When it was created and each step taken (UTC), in order.
        self.moments = [
            to_utc(day, at, zone) for day, at in story_moments(story, items, place.today)
        ]
        self._dated_comments: set[int] = set()
        self._audit_mark = self._revision_mark = 0

    def load(self) -> Post:
        values = self._values(first_draft=True)
        self._mark()
        self.post = create_post(
            self.place.municipality, values, actor=self.editor.user, status=self.story.start
        )
        for demo in self.story.publications:
            self.unsettled.append((demo, self._plan(demo)))
        self._date(self.moments[0], ["created_at"])
        db.session.execute(
            sa.update(Publication)
            .where(Publication.post_id == self.post.id)
            .values(created_at=self.moments[0])
        )
        for step, moment in zip(self.story.steps, self.moments[1:], strict=True):
            self._mark()
            before = {"submitted_at": self.post.submitted_at, "approved_at": self.post.approved_at}
            self._take(step)
            changed = [
                name
                for name, value in before.items()
                if getattr(self.post, name) not in (None, value)
            ]
            self._date(moment, changed)
        self._settle()
        if self.story.newer_result:
            self._add_newer_result()
        return self.post

    def _mark(self) -> None:
        """Note the newest audit event and revision, so _date finds those made after."""
        db.session.flush()
        self._audit_mark = db.session.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0
        self._revision_mark = db.session.scalar(sa.select(sa.func.max(Revision.id))) or 0

    def _date(self, moment: datetime, post_fields: Iterable[str] = ()) -> None:
        """Date what the last action made (comments, revisions, audit events, and the post's
        `post_fields`) at `moment`. Bulk updates: the rows' versions stay as the action left them.
        """
        db.session.flush()
        comments = [c.id for c in self.post.comments if c.id not in self._dated_comments]
        self._dated_comments.update(comments)
        db.session.execute(
            sa.update(Comment).where(Comment.id.in_(comments)).values(created_at=moment)
        )
        for model, mark in ((AuditEvent, self._audit_mark), (Revision, self._revision_mark)):
            db.session.execute(sa.update(model).where(model.id > mark).values(created_at=moment))
        if fields := dict.fromkeys(post_fields, moment):
            db.session.execute(sa.update(Post).where(Post.id == self.post.id).values(fields))

    def _day(self, demo: DemoPublication) -> date:
        if isinstance(demo.day, Season):
            return _season_day(self.place.today, demo.day, [0])
        return self.anchor + timedelta(days=demo.day)

    def _values(self, *, first_draft: bool) -> dict[str, Any]:
        """The post's fields, as first written or final."""
        story, place = self.story, self.place
        sections = dict(story.sections)
        if first_draft:
            sections.update(story.first_draft)
        starts = ends = None
        if story.event:
            starts = self._moment(story.event.day, story.event.starts)
            ends = self._moment(story.event.end_day, story.event.ends)
        return {
            "title": story.title,
            "kind": story.kind,
            "summary": story.summary,
            "language": place.municipality.language,
            "owner": place.people[story.owner].user.id if story.owner else None,
            "template": story.template,
            "sections": sections,
            "goals": [place.goals[theme].id for theme in story.goals],
            "audiences": [place.audiences[name] for name in story.audiences],
            "indicators": [place.indicators[name] for name in story.indicators],
            "location": story.location,
            "event_starts_at": starts,
            "event_ends_at": ends,
        }

    def _moment(self, offset: int, at: time) -> datetime:
        return datetime.combine(self.anchor + timedelta(days=offset), at)

    def _plan(self, demo: DemoPublication) -> Publication:
        return add_publication(
            self.post,
            {
                "channel": self.place.channels[demo.channel],
                "day": self._day(demo),
                "at": demo.at,
                "all_day": demo.at is None,
                "text": demo.text,
            },
            actor=self.editor.user,
            municipality=self.municipality,
        )

    def _take(self, step: Step) -> None:
        people = self.place.people
        if isinstance(step, Say):
            add_comment(
                self.post, step.text, actor=people[step.who].user, municipality=self.municipality
            )
        elif isinstance(step, Reject):
            reviewer = people["reviewer"]
            apply_transition(
                self.post,
                "reject",
                role=reviewer.role,
                actor=reviewer.user,
                reason=step.reason,
                municipality=self.municipality,
            )
        elif step == EDIT:
            final = self._values(first_draft=False)
            update_post(
                self.post,
                final,
                actor=self.editor.user,
                municipality=self.municipality,
                expected_version=self.post.version,
            )
        else:
            if step == "archive":
                self._settle()
            person = people["reviewer"] if step in REVIEWER_TRANSITIONS else self.editor
            apply_transition(
                self.post, step, role=person.role, actor=person.user, municipality=self.municipality
            )

    def _settle(self) -> None:
        """Publish or cancel the publications as the story says (before it is archived)."""
        for demo, publication in self.unsettled:
            if demo.outcome == PUBLISHED:
                url = _url(self.municipality, publication.channel, self.post, publication)
                mark_published(
                    publication, url, actor=self.editor.user, municipality=self.municipality
                )
            elif demo.outcome == CANCELLED:
                cancel_publication(
                    publication, actor=self.editor.user, municipality=self.municipality
                )
        self.unsettled.clear()

    def _add_newer_result(self) -> None:
        """A measurement that came after the story was approved, so its result shows as updated."""
        result = self.story.newer_result
        assert result is not None
        indicator = db.session.get_one(Indicator, self.place.indicators[result.indicator])
        add_measurement(
            indicator,
            {"measured_on": result.measured_on, "value": number(result.value), "note": result.note},
            actor=self.place.people["admin"].user,
            municipality=self.municipality,
        )


def _slugify(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _url(municipality: Municipality, channel: Channel, post: Post, publication: Publication) -> str:
    """Where a published item went out (reserved .example addresses: the demo links nowhere)."""
    site = f"{municipality.slug}.kommune.example"
    path = _slugify(post.title)
    if channel.kind == "facebook":
        return f"https://www.facebook.example/{municipality.slug}kommune/posts/{publication.id}"
    if channel.kind == "intranet":
        return f"https://intranett.{site}/nyheter/{path}"
    if channel.kind == "press":
        return f"https://lokalavisa.example/{municipality.slug}/{path}"
    return f"https://www.{site}/aktuelt/{path}"
