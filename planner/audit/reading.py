"""Reading the audit log: its filters, the objects its events are about, and their changes in words.

Everything here works from the registries in `planner.audit.labels`, which the features fill, so
the log reads "Post “Fra vikar til fast”: Status Approved → Archived" and not
"post 12: status approved → archived". Times are shown in the zone given (the municipality's).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import LazyString, format_date, format_datetime
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from planner.audit.labels import (
    FIELD_LABELS,
    ID_FIELDS,
    OBJECT_LINKS,
    ObjectName,
    object_kind_label,
    value_label,
)
from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.core.inputs import date_in_range, parse_id
from planner.core.localtime import day_start
from planner.core.worddiff import Piece, word_diff

#: The "who" filter's value for events nobody signed in did (the system, the command line, an
#: anonymous sign-in attempt).
NOBODY = "system"
#: Texts longer than this are shown as a folded word diff.
LONG_TEXT = 80
#: Fields that hold prose, folded even when short.
PROSE_FIELDS = frozenset(
    {
        "body",
        "summary",
        "description",
        "text",
        "vision",
        "core_story",
        "needs",
        "barriers",
        "perception",
        "notes",
        "comment",
        "reason",
    }
)
#: Fields whose value names the object, newest first, for an object that has since been deleted.
NAME_FIELDS = ("title", "name", "text")

_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

BAD_DATE = _l("Enter a date like 2026-03-23.")


# --- Filters ------------------------------------------------------------------------------------


@dataclass
class AuditFilter:
    """What the log is narrowed to, read from the query string; bad values are left out, each
    with a message for its field."""

    #: The user who acted, or NOBODY for events without one; "" for everyone.
    who: str = ""
    #: The kind of object (a table name, as events store it).
    kind: str = ""
    object_id: int | None = None
    start: date | None = None
    end: date | None = None
    errors: dict[str, LazyString] = field(default_factory=dict)

    @classmethod
    def from_args(
        cls, args: MultiDict, *, people: Collection[int], kinds: Collection[str]
    ) -> AuditFilter:
        """The filters given; `people` are the user ids that may be chosen, `kinds` the kinds."""
        chosen = cls()
        who = (args.get("who") or "").strip()
        if who == NOBODY:
            chosen.who = NOBODY
        elif who:
            person = parse_id(who)
            if person is not None and person in people:
                chosen.who = str(person)
            else:
                chosen.errors["who"] = _l("Choose someone from the list.")
        kind = (args.get("kind") or "").strip()
        if kind in kinds:
            chosen.kind = kind
        elif kind:
            chosen.errors["kind"] = _l("Choose a kind of object from the list.")
        object_text = (args.get("object") or "").strip()
        if object_text:
            object_id = parse_id(object_text)
            if object_id is None:
                chosen.errors["object"] = _l("Enter the object's number, a whole number.")
            elif not chosen.kind:
                chosen.errors["object"] = _l("Choose the kind of object too.")
            else:
                chosen.object_id = object_id
        chosen.start = _date_arg(args, "start", chosen.errors)
        chosen.end = _date_arg(args, "end", chosen.errors)
        if chosen.start and chosen.end and chosen.end < chosen.start:
            chosen.errors["end"] = _l("The last day is before the first.")
            chosen.end = None
        return chosen

    @property
    def active(self) -> bool:
        return bool(self.who or self.kind or self.object_id or self.start or self.end)

    def query_args(self, **changes: Any) -> dict[str, str]:
        """The filters as query-string arguments, to keep them in links (with `changes`)."""
        args = {
            "who": self.who,
            "kind": self.kind,
            "object": str(self.object_id) if self.object_id else "",
            "start": self.start.isoformat() if self.start else "",
            "end": self.end.isoformat() if self.end else "",
        }
        args.update({key: str(value) if value else "" for key, value in changes.items()})
        return {key: value for key, value in args.items() if value}

    def apply(self, query: sa.Select, zone: ZoneInfo) -> sa.Select:
        """Narrow a SELECT of audit events; dates are whole local days, both inclusive."""
        if self.who == NOBODY:
            query = query.where(AuditEvent.actor_id.is_(None))
        elif self.who:
            query = query.where(AuditEvent.actor_id == int(self.who))
        if self.kind:
            query = query.where(AuditEvent.object_type == self.kind)
        if self.object_id:
            query = query.where(AuditEvent.object_id == self.object_id)
        if self.start:
            query = query.where(AuditEvent.created_at >= day_start(self.start, zone))
        if self.end:
            query = query.where(
                AuditEvent.created_at < day_start(self.end + timedelta(days=1), zone)
            )
        return query


def _date_arg(args: MultiDict, name: str, errors: dict[str, LazyString]) -> date | None:
    text = (args.get(name) or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text) if _ISO_DATE.match(text) else None
    except ValueError:
        day = None
    if day is None or not date_in_range(day):
        errors[name] = BAD_DATE
        return None
    return day


# --- The objects the events are about -----------------------------------------------------------


def describe_objects(
    events: Iterable[AuditEvent], municipality_id: int, *, links: bool = True
) -> dict[tuple[str, int], ObjectName]:
    """A name (and, with `links`, a link where there is a page) for each object the events are
    about.

    One query per kind of object; objects of another municipality are never named. An object
    that no longer exists keeps the last name the log knows (from these events, else from one
    more query over its earlier events), marked as deleted.
    """
    events = list(events)
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.object_type and event.object_id is not None:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
    found: dict[tuple[str, int], ObjectName] = {}
    missing: dict[str, set[int]] = {}
    for object_type, ids in wanted.items():
        describe = OBJECT_LINKS.get(object_type)
        described = describe(municipality_id, ids, links=links) if describe is not None else {}
        for object_id in ids:
            if object_id in described:
                found[(object_type, object_id)] = described[object_id]
            else:
                missing.setdefault(object_type, set()).add(object_id)
    if missing:
        names = _last_known_names(events, missing, municipality_id)
        for object_type, ids in missing.items():
            gone = object_type in OBJECT_LINKS
            for object_id in ids:
                found[(object_type, object_id)] = ObjectName(
                    names.get((object_type, object_id), ""), None, deleted=gone
                )
    return found


def _last_known_names(
    events: list[AuditEvent], missing: Mapping[str, set[int]], municipality_id: int
) -> dict[tuple[str, int], str]:
    names: dict[tuple[str, int], str] = {}

    def learn(object_type: str, object_id: int, before, after) -> None:
        key = (object_type, object_id)
        if key in names:
            return
        for values in (after or {}, before or {}):
            for name_field in NAME_FIELDS:
                value = values.get(name_field)
                if isinstance(value, str) and value.strip():
                    names[key] = _shorten(value.strip())
                    return

    for event in events:  # newest first
        if (
            event.object_type
            and event.object_id is not None
            and event.object_id in missing.get(event.object_type, ())
        ):
            learn(event.object_type, event.object_id, event.before, event.after)
    for object_type, ids in missing.items():
        unnamed = [object_id for object_id in ids if (object_type, object_id) not in names]
        if not unnamed:
            continue
        rows = db.session.execute(
            sa.select(AuditEvent.object_id, AuditEvent.before, AuditEvent.after)
            .where(
                AuditEvent.municipality_id == municipality_id,
                AuditEvent.object_type == object_type,
                AuditEvent.object_id.in_(unnamed),
            )
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        )
        for object_id, before, after in rows:
            learn(object_type, object_id, before, after)
    return names


def _shorten(text: str, limit: int = LONG_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Concerning:
    """The object of an entry, for the page and the export."""

    kind: str
    name: str
    url: str | None
    deleted: bool
    object_type: str | None
    object_id: int | None


def concerning(
    event: AuditEvent, objects: Mapping[tuple[str, int], ObjectName]
) -> Concerning | None:
    """What the entry is about: its object, else the account it concerns (a sign-in)."""
    if event.object_type and event.object_id is not None:
        described = objects.get((event.object_type, event.object_id)) or ObjectName(
            "", deleted=False
        )
        return Concerning(
            object_kind_label(event.object_type),
            described.name or (f"#{event.object_id}" if not described.deleted else ""),
            described.url,
            described.deleted,
            event.object_type,
            event.object_id,
        )
    if event.subject_user is not None:
        return Concerning("", event.subject_user.name, None, False, None, None)
    return None


# --- Changes, in words --------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One field an event changed (or set, or held before a deletion)."""

    field: str
    label: str
    before: str
    after: str
    #: A long text: shown folded, as a word diff when both sides exist, else as the text.
    long: bool = False
    pieces: tuple[Piece, ...] = ()
    #: The long text when only one side exists (created, deleted).
    text: str = ""


def describe_change(
    event: AuditEvent, names: Mapping[tuple[str, int], str] | None, zone: ZoneInfo
) -> list[Change]:
    """The fields the event changed, each with its label and its values in words."""
    before, after = event.before or {}, event.after or {}
    changes = []
    for key in sorted(set(before) | set(after)):
        label = str(FIELD_LABELS.get(key, key))
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue  # kept as it was (some events hold every field before and after)
        if _is_long(key, old) or _is_long(key, new):
            if key in before and key in after:
                pieces = word_diff(_text(old), _text(new))
                changes.append(Change(key, label, _text(old), _text(new), True, pieces))
            else:
                text = _text(new if key in after else old)
                changes.append(Change(key, label, _text(old), _text(new), True, (), text or "–"))
            continue
        changes.append(
            Change(
                key,
                label,
                display_value(key, old, names, zone, event.object_type),
                display_value(key, new, names, zone, event.object_type),
            )
        )
    return changes


def _is_long(key: str, value: Any) -> bool:
    return isinstance(value, str) and (key in PROSE_FIELDS or len(value) > LONG_TEXT)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def display_value(
    key: str,
    value: Any,
    names: Mapping[tuple[str, int], str] | None,
    zone: ZoneInfo,
    object_type: str | None = None,
) -> str:
    """One stored value as the log shows it: names for ids, labels for codes, local times."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, list):
        return ", ".join(display_value(key, item, names, zone, object_type) for item in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{FIELD_LABELS.get(name, name)}: {display_value(name, item, names, zone)}"
            for name, item in value.items()
        )
    if isinstance(value, bool):
        return str(_l("yes")) if value else str(_l("no"))
    if key in ID_FIELDS and isinstance(value, int) and names is not None:
        return names.get((key, value), f"#{value}")
    label = value_label(key, value, object_type)
    if label is not None:
        return label
    if isinstance(value, str):
        return _local_moment(value, zone)
    return str(value)


def _local_moment(text: str, zone: ZoneInfo) -> str:
    """An ISO date or time as a readable local one; any other text as it is."""
    try:
        if _ISO_DATETIME.match(text):
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:  # stored times are UTC
                moment = moment.replace(tzinfo=ZoneInfo("UTC"))
            return format_datetime(moment.astimezone(zone), "medium", rebase=False)
        if _ISO_DATE.match(text):
            return format_date(date.fromisoformat(text), "long")
    except ValueError:
        pass
    return text


def changes_as_text(changes: Iterable[Change]) -> str:
    """The changes on lines of their own, for the export: "Status: Draft → Approved"."""
    return "\n".join(f"{change.label}: {change.before} → {change.after}" for change in changes)
