"""Reads the demo's content from planner/demo/data/*.toml and checks every entry.

The files (described in planner/demo/data/README.md):

- ``municipalities.toml``: the municipalities, in the order they are created;
- ``people.toml``: the people, their roles and their password;
- ``audiences.toml`` and ``channels.toml``: sets shared by several municipalities (nb, nn);
- ``<slug>.toml``, one per municipality: its audiences and channels, strategies, results and
  stories. Names in it (audiences, channels, indicators, goal themes) refer to its own entries.

A file that cannot be read or an entry that does not fit raises `DemoDataError`, whose message
names the file and the entry, e.g. ``afjord.toml, story 3 ("Et sentrum folk vil være i"),
publication 2: unknown channel "Facebok"``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from decimal import InvalidOperation
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

from planner.demo.content import (
    CANCELLED,
    EDIT,
    PLANNED,
    PUBLISHED,
    DemoAudience,
    DemoChannel,
    DemoContent,
    DemoEvent,
    DemoGoal,
    DemoIndicator,
    DemoKeyMessage,
    DemoMeasurement,
    DemoMunicipality,
    DemoPerson,
    DemoPlan,
    DemoProject,
    DemoPublication,
    DemoStory,
    DemoStrategy,
    NewerResult,
    Owner,
    Reject,
    Say,
    Season,
    Step,
    number,
)
from planner.municipalities.roles import Role
from planner.posts.models import PostKind, PostStatus
from planner.posts.story_templates import STORY_TEMPLATES
from planner.posts.workflow import TRANSITIONS
from planner.results.models import Direction
from planner.strategy.models import (
    CadencePeriod,
    ChannelKind,
    Priority,
    Reach,
    StrategyStatus,
    Theme,
)

DATA_DIR = Path(__file__).with_name("data")
MUNICIPALITIES_FILE = "municipalities.toml"
PEOPLE_FILE = "people.toml"
AUDIENCES_FILE = "audiences.toml"
CHANNELS_FILE = "channels.toml"
#: Files of their own kind; every other *.toml is a municipality's, named by its slug.
KIND_FILES = (MUNICIPALITIES_FILE, PEOPLE_FILE, AUDIENCES_FILE, CHANNELS_FILE)

#: Who in the municipality owns a story ("nobody": no owner yet).
OWNERS = ("editor", "reviewer", "admin", "nobody")
#: Who may say something in a story's steps.
SPEAKERS = ("editor", "reviewer", "admin")
SEASON = re.compile(r"(next|last) (\d\d)-(\d\d)")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
COLOUR = re.compile(r"#[0-9a-f]{6}")

T = TypeVar("T")
Named = TypeVar("Named", DemoAudience, DemoChannel)


class DemoDataError(ValueError):
    """A demo data file cannot be read, or one of its entries does not fit."""


_MISSING: Any = object()


class _Entry:
    """One table of a file, with the place it stands for error messages.

    Each getter checks the value's type (and choices); `close` refuses keys nobody asked for, so
    a misspelt key is an error rather than silently ignored.
    """

    def __init__(self, file: str, where: str, table: object) -> None:
        self.file = file
        self.where = where
        if not isinstance(table, dict):
            self.fail(f"expected a table, found {_describe(table)}")
        self.table: dict[str, Any] = table
        self.used: set[str] = set()

    def fail(self, message: str) -> NoReturn:
        place = f"{self.file}, {self.where}" if self.where else self.file
        raise DemoDataError(f"{place}: {message}")

    def child(self, where: str, table: object) -> _Entry:
        return _Entry(self.file, f"{self.where}, {where}" if self.where else where, table)

    def _get(self, key: str, kind: type | tuple[type, ...], kind_name: str, default: Any) -> Any:
        self.used.add(key)
        if key not in self.table:
            if default is _MISSING:
                self.fail(f"{key} is missing")
            return default
        value = self.table[key]
        # A TOML date-time is also a date, and true is also an integer: refuse both.
        wrong_subtype = (isinstance(value, bool) and bool not in _as_tuple(kind)) or (
            isinstance(value, datetime) and datetime not in _as_tuple(kind)
        )
        if not isinstance(value, kind) or wrong_subtype:
            self.fail(f"{key} must be {kind_name}, not {_describe(value)}")
        return value

    def text(self, key: str, default: str = _MISSING, *, blank: bool = False) -> str:
        value = cast(str, self._get(key, str, "a string", default))
        if not blank and not value.strip():
            self.fail(f"{key} is empty")
        return value

    def optional_text(self, key: str) -> str | None:
        return cast("str | None", self._get(key, str, "a string", None))

    def choice(self, key: str, allowed: Iterable[str], default: str = _MISSING) -> str:
        value = self.text(key, default)
        choices = list(allowed)
        if value not in choices:
            self.fail(f"{key} is {value!r}; it must be one of {', '.join(choices)}")
        return value

    def integer(self, key: str, default: Any = _MISSING) -> int:
        return cast(int, self._get(key, int, "a whole number", default))

    def optional_integer(self, key: str) -> int | None:
        return cast("int | None", self._get(key, int, "a whole number", None))

    def boolean(self, key: str, default: bool) -> bool:
        return cast(bool, self._get(key, bool, "true or false", default))

    def day(self, key: str, default: Any = _MISSING) -> date:
        return cast(date, self._get(key, date, "a date (YYYY-MM-DD)", default))

    def optional_day(self, key: str) -> date | None:
        return cast("date | None", self._get(key, date, "a date (YYYY-MM-DD)", None))

    def clock(self, key: str) -> time:
        return cast(time, self._get(key, time, "a time of day (HH:MM:SS)", _MISSING))

    def optional_clock(self, key: str) -> time | None:
        return cast("time | None", self._get(key, time, "a time of day (HH:MM:SS)", None))

    def figure(self, key: str) -> str:
        """A number written as text, the Norwegian way: "10,4", "4 200"."""
        value = self.text(key)
        try:
            number(value)
        except InvalidOperation:
            self.fail(f'{key} is {value!r}, not a number (write it as "10,4" or "4 200")')
        return value

    def optional_figure(self, key: str) -> str | None:
        return self.figure(key) if key in self.table else self.optional_text(key)

    def texts(self, key: str) -> tuple[str, ...]:
        values = cast(list, self._get(key, list, "a list of strings", []))
        for value in values:
            if not isinstance(value, str) or not value.strip():
                self.fail(f"{key} must hold non-empty strings, not {_describe(value)}")
        return tuple(values)

    def strings(self, key: str, default: Any = _MISSING) -> dict[str, str]:
        """A table of strings (a story's sections)."""
        table = cast(dict, self._get(key, dict, "a table of texts", default))
        for name, value in table.items():
            if not isinstance(value, str):
                self.fail(f"{key}.{name} must be a string, not {_describe(value)}")
        return dict(table)

    def tables(self, key: str, label: str, name_key: str | None = "name") -> list[_Entry]:
        """The entries of an array of tables, each labelled "label 2 (its name)"."""
        values = cast(list, self._get(key, list, f"a list of {label} entries", []))
        entries = []
        for index, value in enumerate(values, start=1):
            name = value.get(name_key) if isinstance(value, dict) and name_key else None
            where = f"{label} {index}" + (f" ({name!r})" if isinstance(name, str) else "")
            entries.append(self.child(where, value))
        return entries

    def array(self, key: str) -> list[Any]:
        """A list of anything (checked by the caller); empty when left out."""
        return cast(list, self._get(key, list, "a list", []))

    def raw(self, key: str, default: Any = _MISSING) -> Any:
        self.used.add(key)
        if key not in self.table and default is _MISSING:
            self.fail(f"{key} is missing")
        return self.table.get(key, default)

    def close(self) -> None:
        unknown = [key for key in self.table if key not in self.used]
        if unknown:
            known = ", ".join(sorted(self.used))
            self.fail(f"unknown key {unknown[0]!r} (the keys here: {known})")


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _describe(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    names |= {list: "a list", dict: "a table", date: "a date", time: "a time", datetime: "a moment"}
    return f"{names.get(type(value), type(value).__name__)} ({value!r})"


def _unique(entries: list[_Entry], values: list[str], what: str) -> None:
    seen: set[str] = set()
    for entry, value in zip(entries, values, strict=True):
        if value in seen:
            entry.fail(f"another {what} is called {value!r} already")
        seen.add(value)


def _read(path: Path, label: str) -> _Entry:
    try:
        with path.open("rb") as file:
            table = tomllib.load(file)
    except OSError as error:
        raise DemoDataError(f"{label}: cannot be read ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{label}: not valid TOML ({error})") from None
    return _Entry(label, "", table)


def _values(enum: Iterable[Any]) -> list[str]:
    return [str(member.value) for member in enum]


# --- The kinds of file ---------------------------------------------------------------------------


def _municipalities(file: _Entry) -> tuple[DemoMunicipality, ...]:
    entries = file.tables("municipality", "municipality", name_key="slug")
    municipalities = []
    for entry in entries:
        slug = entry.text("slug")
        if not SLUG.fullmatch(slug):
            entry.fail(f"slug {slug!r} must be lower-case ASCII letters and digits with hyphens")
        number_ = entry.optional_text("number")
        if number_ is not None and not number_.isdigit():
            entry.fail(f"number {number_!r} must be digits")
        municipalities.append(
            DemoMunicipality(
                name=entry.text("name"),
                slug=slug,
                number=number_,
                language=entry.choice("language", ("nb", "nn")),
                public_feeds=entry.boolean("public_feeds", False),
            )
        )
        entry.close()
    file.close()
    if not municipalities:
        file.fail("no [[municipality]] entries")
    _unique(entries, [m.slug for m in municipalities], "municipality")
    return tuple(municipalities)


def _people(file: _Entry, slugs: Iterable[str]) -> tuple[str, tuple[DemoPerson, ...]]:
    password = file.text("password")
    entries = file.tables("person", "person", name_key="email")
    people = []
    known = list(slugs)
    for entry in entries:
        email = entry.text("email")
        if "@" not in email:
            entry.fail(f"email {email!r} is not an e-mail address")
        roles = entry.strings("roles")
        if not roles:
            entry.fail("roles is empty: give the person a role in a municipality")
        for slug, role in roles.items():
            if slug not in known:
                entry.fail(f"roles: no municipality has the slug {slug!r}")
            if role not in _values(Role):
                entry.fail(f"roles.{slug} is {role!r}; it must be one of {', '.join(Role)}")
        people.append(DemoPerson(email, entry.text("name"), tuple(roles.items())))
        entry.close()
    file.close()
    _unique(entries, [p.email for p in people], "person")
    return password, tuple(people)


def _audience(entry: _Entry) -> DemoAudience:
    audience = DemoAudience(
        name=entry.text("name"),
        reach=entry.choice("reach", _values(Reach)),
        needs=entry.text("needs", "", blank=True),
        barriers=entry.text("barriers", "", blank=True),
        perception=entry.text("perception", "", blank=True),
    )
    entry.close()
    return audience


def _channel(entry: _Entry) -> DemoChannel:
    colour = entry.text("colour")
    if not COLOUR.fullmatch(colour):
        entry.fail(f"colour {colour!r} must be written #rrggbb (lower-case hex)")
    channel = DemoChannel(
        name=entry.text("name"),
        kind=entry.choice("kind", _values(ChannelKind)),
        reach=entry.choice("reach", _values(Reach)),
        cadence_count=entry.integer("cadence_count"),
        cadence_period=entry.choice("cadence_period", _values(CadencePeriod)),
        colour=colour,
        character_limit=entry.optional_integer("character_limit"),
    )
    if channel.cadence_count < 1:
        entry.fail("cadence_count must be at least 1")
    if channel.character_limit is not None and channel.character_limit < 1:
        entry.fail("character_limit must be at least 1 (leave it out for none)")
    entry.close()
    return channel


def _sets(file: _Entry, label: str, read: Callable[[_Entry], T]) -> dict[str, tuple[T, ...]]:
    sets: dict[str, tuple[T, ...]] = {}
    for key in list(file.table):
        entries = file.tables(key, f"{key} {label}")
        items = [read(entry) for entry in entries]
        _unique(entries, [cast(Any, item).name for item in items], label)
        sets[key] = tuple(items)
    file.close()
    return sets


class _Municipality:
    """Reads one municipality's file, checking every name it refers to against its own."""

    def __init__(
        self,
        file: _Entry,
        municipality: DemoMunicipality,
        people: tuple[DemoPerson, ...],
        audience_sets: dict[str, tuple[DemoAudience, ...]],
        channel_sets: dict[str, tuple[DemoChannel, ...]],
    ) -> None:
        self.file = file
        self.slug = municipality.slug
        self.members = {person.email for person in people if self.slug in dict(person.memberships)}
        self.audiences = self._shared(file, "audience_set", audience_sets, AUDIENCES_FILE)
        self.audiences += self._own(file, "audience", _audience, self.audiences)
        self.channels = self._shared(file, "channel_set", channel_sets, CHANNELS_FILE)
        self.channels += self._own(file, "channel", _channel, self.channels)
        self.audience_names = [audience.name for audience in self.audiences]
        self.channel_limits = {channel.name: channel.character_limit for channel in self.channels}
        #: Themes of the goals of active strategies: the goals stories can serve.
        self.active_themes: list[str] = []
        self.indicator_names: list[str] = []

    def plan(self) -> DemoPlan:
        file = self.file
        strategies = tuple(
            self._strategy(entry) for entry in file.tables("strategy", "strategy", "title")
        )
        projects = tuple(self._project(entry) for entry in file.tables("project", "project"))
        indicators = tuple(
            self._indicator(entry) for entry in file.tables("indicator", "indicator")
        )
        stories = tuple(self._story(entry) for entry in file.tables("story", "story", "title"))
        file.close()
        return DemoPlan(
            slug=self.slug,
            audiences=self.audiences,
            channels=self.channels,
            strategies=strategies,
            projects=projects,
            indicators=indicators,
            stories=stories,
        )

    @staticmethod
    def _shared(
        file: _Entry, key: str, sets: dict[str, tuple[T, ...]], source: str
    ) -> tuple[T, ...]:
        name = file.optional_text(key)
        if name is None:
            return ()
        if name not in sets:
            file.fail(f"{key} {name!r} is not a set in {source} (it has {', '.join(sets)})")
        return sets[name]

    @staticmethod
    def _own(
        file: _Entry, what: str, read: Callable[[_Entry], Named], shared: tuple[Named, ...]
    ) -> tuple[Named, ...]:
        """The municipality's own audiences or channels, after those of the shared set."""
        names = [item.name for item in shared]
        items = []
        for entry in file.tables(what, what):
            item = read(entry)
            if item.name in names:
                entry.fail(f"another {what} of the municipality is called {item.name!r} already")
            names.append(item.name)
            items.append(item)
        return tuple(items)

    def _audience_name(self, entry: _Entry, name: str) -> str:
        if name not in self.audience_names:
            entry.fail(
                f"unknown audience {name!r}; the municipality's audiences are "
                f"{', '.join(self.audience_names) or 'none'}"
            )
        return name

    def _themes(self, entry: _Entry, key: str) -> tuple[str, ...]:
        themes = entry.texts(key)
        for theme in themes:
            if theme not in _values(Theme):
                entry.fail(f"{key}: {theme!r} is not a theme; the themes are {', '.join(Theme)}")
        return themes

    # --- Strategies ------------------------------------------------------------------------------

    def _strategy(self, entry: _Entry) -> DemoStrategy:
        start, end = entry.day("period_start"), entry.day("period_end")
        if end < start:
            entry.fail("period_end is before period_start")
        status = entry.choice("status", _values(StrategyStatus))
        goals = tuple(self._goal(goal) for goal in entry.tables("goal", "goal", "title"))
        if status == StrategyStatus.ACTIVE.value:
            self.active_themes += [goal.theme for goal in goals]
        strategy = DemoStrategy(
            title=entry.text("title"),
            vision=entry.text("vision", "", blank=True),
            core_story=entry.text("core_story", "", blank=True),
            period_start=start,
            period_end=end,
            status=status,
            goals=goals,
        )
        entry.close()
        return strategy

    def _goal(self, entry: _Entry) -> DemoGoal:
        owner = entry.optional_text("owner")
        if owner is not None and owner not in self.members:
            entry.fail(
                f"owner {owner!r} is no person with a role in {self.slug} (see {PEOPLE_FILE})"
            )
        priority = entry.integer("priority", Priority.MEDIUM.value)
        if priority not in [p.value for p in Priority]:
            entry.fail(f"priority is {priority}; it must be 1 (high), 2 (medium) or 3 (low)")
        messages = []
        for message in entry.tables("key_messages", "key message", name_key=None):
            audience = message.optional_text("audience")
            messages.append(
                DemoKeyMessage(
                    message.text("text"),
                    self._audience_name(message, audience) if audience is not None else None,
                )
            )
            message.close()
        goal = DemoGoal(
            theme=entry.choice("theme", _values(Theme)),
            title=entry.text("title"),
            description=entry.text("description", "", blank=True),
            priority=priority,
            owner=owner,
            key_messages=tuple(messages),
        )
        entry.close()
        return goal

    # --- Results ---------------------------------------------------------------------------------

    def _project(self, entry: _Entry) -> DemoProject:
        start, end = entry.day("period_start"), entry.optional_day("period_end")
        if end is not None and end < start:
            entry.fail("period_end is before period_start")
        project = DemoProject(
            name=entry.text("name"),
            description=entry.text("description", "", blank=True),
            theme=entry.choice("theme", _values(Theme)),
            period_start=start,
            period_end=end,
            goals=self._themes(entry, "goals"),
            archived=entry.boolean("archived", False),
            indicators=tuple(
                self._indicator(indicator) for indicator in entry.tables("indicator", "indicator")
            ),
        )
        entry.close()
        return project

    def _indicator(self, entry: _Entry) -> DemoIndicator:
        name = entry.text("name")
        if name in self.indicator_names:
            entry.fail(f"another indicator of the municipality is called {name!r} already")
        self.indicator_names.append(name)
        measurements = []
        for measurement in entry.tables("measurements", "measurement", name_key=None):
            measurements.append(
                DemoMeasurement(
                    measured_on=measurement.day("measured_on"),
                    value=measurement.figure("value"),
                    note=measurement.text("note", "", blank=True),
                )
            )
            measurement.close()
        indicator = DemoIndicator(
            name=name,
            unit=entry.text("unit", "", blank=True),
            direction=entry.choice("direction", _values(Direction)),
            baseline_date=entry.day("baseline_date"),
            baseline_value=entry.figure("baseline_value"),
            measurements=tuple(measurements),
            target_date=entry.optional_day("target_date"),
            target_value=entry.optional_figure("target_value"),
            source=entry.text("source", "", blank=True),
            goals=self._themes(entry, "goals"),
        )
        entry.close()
        return indicator

    # --- Stories ---------------------------------------------------------------------------------

    def _story(self, entry: _Entry) -> DemoStory:
        template = entry.choice("template", STORY_TEMPLATES)
        owner = entry.choice("owner", OWNERS, "editor")
        story = DemoStory(
            title=entry.text("title"),
            summary=entry.text("summary", "", blank=True),
            template=template,
            sections=self._parts(entry, "sections", template),
            kind=entry.choice("kind", _values(PostKind), PostKind.STORY.value),
            goals=self._story_goals(entry),
            audiences=tuple(self._audience_name(entry, name) for name in entry.texts("audiences")),
            indicators=tuple(self._indicator_name(entry, n) for n in entry.texts("indicators")),
            owner=None if owner == "nobody" else cast(Owner, owner),
            start=entry.choice("start", (PostStatus.IDEA.value, PostStatus.DRAFT.value), "draft"),
            steps=self._steps(entry),
            publications=tuple(
                self._publication(publication)
                for publication in entry.tables("publications", "publication", "channel")
            ),
            anchor=self._anchor(entry),
            location=entry.text("location", "", blank=True),
            event=self._event(entry),
            first_draft=self._parts(entry, "first_draft", template, {}),
            newer_result=self._newer_result(entry),
        )
        entry.close()
        return story

    @staticmethod
    def _parts(entry: _Entry, key: str, template: str, default: Any = _MISSING) -> dict[str, str]:
        """The texts of the template's parts (sections.car_result, …)."""
        texts = entry.strings(key, default)
        parts = [field.name for field in STORY_TEMPLATES[template].fields]
        for name in texts:
            if name not in parts:
                entry.fail(
                    f"{key}.{name} is not a part of the {template} template "
                    f"(its parts: {', '.join(parts)})"
                )
        return texts

    def _story_goals(self, entry: _Entry) -> tuple[str, ...]:
        goals = entry.texts("goals")
        for theme in goals:
            if theme not in self.active_themes:
                entry.fail(
                    f"goals: the municipality's active strategy has no goal with the theme "
                    f"{theme!r} (it has {', '.join(self.active_themes) or 'none'})"
                )
        return goals

    def _indicator_name(self, entry: _Entry, name: str) -> str:
        if name not in self.indicator_names:
            entry.fail(
                f"unknown indicator {name!r}; the municipality's indicators are "
                f"{', '.join(self.indicator_names) or 'none'}"
            )
        return name

    @staticmethod
    def _season(entry: _Entry, key: str, text: str) -> Season:
        match = SEASON.fullmatch(text)
        if match:
            month, day = int(match[2]), int(match[3])
            try:
                date(2000, month, day)  # a leap year: 29 February is a day of the year
            except ValueError:
                match = None
        if not match:
            entry.fail(
                f'{key} is {text!r}; write "next MM-DD" (the next such day to come) or '
                f'"last MM-DD" (the last one gone)'
            )
        return Season(month, day, 1 if match[1] == "next" else -1)

    def _anchor(self, entry: _Entry) -> Season | None:
        text = entry.optional_text("anchor")
        return None if text is None else self._season(entry, "anchor", text)

    def _steps(self, entry: _Entry) -> tuple[Step, ...]:
        steps: list[Step] = []
        names = [*TRANSITIONS, EDIT]
        for index, step in enumerate(entry.array("steps"), start=1):
            where = entry.child(f"step {index}", {})
            if isinstance(step, str):
                if step not in names:
                    where.fail(f"{step!r} is no step; the steps are {', '.join(names)}")
                steps.append(step)
                continue
            if not isinstance(step, dict) or len(step) != 1:
                where.fail(
                    'a step is a transition\'s name, "edit", { editor = "comment" } (or '
                    'reviewer, admin) or { reject = "reason" }'
                )
            ((who, text),) = step.items()
            if not isinstance(text, str) or not text.strip():
                where.fail(f"{who} must be a non-empty string")
            if who == "reject":
                steps.append(Reject(text))
            elif who in SPEAKERS:
                steps.append(Say(who, text))
            else:
                where.fail(f"{who!r} cannot comment; write editor, reviewer, admin or reject")
        return tuple(steps)

    def _publication(self, entry: _Entry) -> DemoPublication:
        channel = entry.text("channel")
        if channel not in self.channel_limits:
            entry.fail(
                f"unknown channel {channel!r}; the municipality's channels are "
                f"{', '.join(self.channel_limits) or 'none'}"
            )
        raw_day = entry.raw("day")
        day: int | Season
        if isinstance(raw_day, str):
            day = self._season(entry, "day", raw_day)
        elif isinstance(raw_day, int) and not isinstance(raw_day, bool):
            day = raw_day
        else:
            entry.fail(f'day must be days from the anchor or "next/last MM-DD", not {raw_day!r}')
        text = entry.text("text", "", blank=True)
        limit = self.channel_limits[channel]
        if limit and len(text) > limit:
            entry.fail(f"text has {len(text)} characters; {channel} takes at most {limit}")
        publication = DemoPublication(
            channel=channel,
            day=day,
            at=entry.optional_clock("at"),
            text=text,
            outcome=entry.choice("outcome", (PLANNED, PUBLISHED, CANCELLED), PLANNED),
        )
        entry.close()
        return publication

    @staticmethod
    def _event(story: _Entry) -> DemoEvent | None:
        if story.raw("event", None) is None:
            return None
        entry = story.child("event", story.table["event"])
        day = entry.integer("day")
        event = DemoEvent(
            day, entry.clock("starts"), entry.integer("end_day", day), entry.clock("ends")
        )
        if (event.end_day, event.ends) <= (event.day, event.starts):
            entry.fail("the event ends before it starts")
        entry.close()
        return event

    def _newer_result(self, story: _Entry) -> NewerResult | None:
        if story.raw("newer_result", None) is None:
            return None
        entry = story.child("newer_result", story.table["newer_result"])
        result = NewerResult(
            indicator=entry.text("indicator"),
            measured_on=entry.day("measured_on"),
            value=entry.figure("value"),
            note=entry.text("note", "", blank=True),
        )
        self._indicator_name(entry, result.indicator)
        entry.close()
        return result


# --- Everything ----------------------------------------------------------------------------------


def load_content(directory: Path = DATA_DIR) -> DemoContent:
    """Read and check every file in `directory`; raise DemoDataError on the first bad entry."""
    municipalities = _municipalities(_read(directory / MUNICIPALITIES_FILE, MUNICIPALITIES_FILE))
    by_slug = {municipality.slug: municipality for municipality in municipalities}
    password, people = _people(_read(directory / PEOPLE_FILE, PEOPLE_FILE), by_slug)
    audience_sets = _sets(_read(directory / AUDIENCES_FILE, AUDIENCES_FILE), "audience", _audience)
    channel_sets = _sets(_read(directory / CHANNELS_FILE, CHANNELS_FILE), "channel", _channel)
    files = sorted(path for path in directory.glob("*.toml") if path.name not in KIND_FILES)
    for path in files:
        if path.stem not in by_slug:
            raise DemoDataError(
                f"{path.name}: no municipality has the slug {path.stem!r} in {MUNICIPALITIES_FILE}"
            )
    plans = []
    for municipality in municipalities:
        path = directory / f"{municipality.slug}.toml"
        if path.exists():
            file = _read(path, path.name)
            reader = _Municipality(file, municipality, people, audience_sets, channel_sets)
            plans.append(reader.plan())
    return DemoContent(
        municipalities=municipalities,
        people=people,
        password=password,
        audience_sets=audience_sets,
        plans=tuple(plans),
    )


@functools.cache
def demo_content() -> DemoContent:
    """The demo's content, read once."""
    return load_content()
