"""Readable differences between two saves of a post, for the revision history."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

FIELD_LABELS: dict[str, LazyString] = {
    "title": _l("Title"),
    "kind": _l("Kind"),
    "summary": _l("Summary"),
    "language": _l("Language of the post"),
    "owner": _l("Responsible"),
    "template": _l("Story template"),
    "body": _l("Text"),
    "location": _l("Location"),
    "event_starts_at": _l("Starts"),
    "event_ends_at": _l("Ends"),
    "goals": _l("Goals"),
    "audiences": _l("Audiences"),
    "indicators": _l("Results"),
}
#: Long texts are shown as a word diff; the rest as before → after.
TEXT_FIELDS = ("title", "summary", "body", "location")
LIST_FIELDS = ("goals", "audiences", "indicators")

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    #: "same", "added" or "removed"
    change: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: LazyString
    #: Word-level pieces for texts; empty for the rest.
    pieces: tuple[Piece, ...] = ()
    before: object = None
    after: object = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def word_diff(before: str, after: str) -> tuple[Piece, ...]:
    """The words of two texts marked as kept, added or removed, in reading order."""
    old, new = _TOKEN.findall(before or ""), _TOKEN.findall(after or "")
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(Piece("same", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("removed", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(Piece("added", "".join(new[b1:b2])))
    return tuple(pieces)


def revision_changes(revision) -> list[FieldChange]:
    """What one revision changed, field by field, in the order of the form."""
    before, after = revision.before or {}, revision.after or {}
    changes = []
    for field, label in FIELD_LABELS.items():
        if field not in after:
            continue
        old, new = before.get(field), after.get(field)
        if field in TEXT_FIELDS:
            changes.append(FieldChange(field, label, pieces=word_diff(old or "", new or "")))
        elif field in LIST_FIELDS:
            old_set, new_set = set(old or []), set(new or [])
            changes.append(
                FieldChange(
                    field,
                    label,
                    added=tuple(sorted(new_set - old_set)),
                    removed=tuple(sorted(old_set - new_set)),
                )
            )
        else:
            changes.append(FieldChange(field, label, before=old, after=new))
    return changes
