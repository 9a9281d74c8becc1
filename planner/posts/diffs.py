"""Readable differences between two saves of a post, for the revision history (the word diff
itself is `planner.core.worddiff`, shared with the audit log)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from planner.core.worddiff import Piece, word_diff

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
