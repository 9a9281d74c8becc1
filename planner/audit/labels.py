"""What the audit log calls things: actions, kinds of object, fields, values, and the objects and
ids it shows by name.

The audit package records events of every feature but imports none of them: each feature fills
these registries from its `init_app` with the labels of its own actions and objects, the fields
that hold ids of its objects (shown by name in the log), the labels of its fields' values
(`register_value_labels`), and how to name and link to its objects (`register_object_link`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from planner.core.extensions import db
from planner.core.i18n import LANGUAGE_NAMES

#: Whole actions with a label of their own, e.g. "auth.login" → "Signed in".
ACTION_LABELS: dict[str, LazyString] = {}
#: For "<object>.<verb>" actions: "Goal created", "Indicator archived", …
OBJECT_LABELS: dict[str, LazyString] = {}
VERB_LABELS: dict[str, LazyString] = {
    "created": _l("created"),
    "updated": _l("changed"),
    "archived": _l("archived"),
    "restored": _l("restored"),
    "deleted": _l("deleted"),
    "moved": _l("moved"),
    "status_changed": _l("status changed"),
    "added": _l("added"),
    "imported": _l("imported"),
    "cancelled": _l("cancelled"),
    "published": _l("marked as published"),
}

#: Field names as the log shows them; features add their own with `register_field_labels`.
FIELD_LABELS: dict[str, LazyString] = {
    "role": _l("Role"),
    "active": _l("Access"),
    "name": _l("Name"),
    "language": _l("Language"),
    "timezone": _l("Time zone"),
    "public_feeds": _l("Public feeds"),
    "new_account": _l("New account"),
    "title": _l("Title"),
    "vision": _l("Vision"),
    "core_story": _l("Core story"),
    "status": _l("Status"),
    "archived": _l("Archived"),
    "position": _l("Order"),
    "description": _l("Description"),
    "theme": _l("Theme"),
    "priority": _l("Priority"),
    "owner_id": _l("Owner"),
    "reach": _l("Reach"),
    "needs": _l("Needs"),
    "barriers": _l("Barriers"),
    "perception": _l("Current perception"),
    "notes": _l("Notes"),
    "kind": _l("Kind"),
    "cadence_count": _l("Cadence"),
    "cadence_period": _l("Per"),
    "colour": _l("Colour"),
    "character_limit": _l("Character limit"),
    "text": _l("Text"),
    "audience_id": _l("Audience"),
    "period_start": _l("Period from"),
    "period_end": _l("Period to"),
    "goals": _l("Goals"),
    "project": _l("Project"),
    "unit": _l("Unit"),
    "direction": _l("Direction"),
    "baseline_value": _l("Baseline value"),
    "baseline_date": _l("Baseline date"),
    "target_value": _l("Target value"),
    "target_date": _l("Target date"),
    "source": _l("Source"),
    "measured_on": _l("Date"),
    "value": _l("Value"),
    "note": _l("Note"),
    "indicator": _l("Indicator"),
    "added": _l("Added"),
    "updated": _l("Updated"),
    "unchanged": _l("Unchanged"),
    "file": _l("File"),
    "summary": _l("Summary"),
    "body": _l("Text"),
    "template": _l("Story template"),
    "owner": _l("Responsible"),
    "location": _l("Location"),
    "event_starts_at": _l("Starts"),
    "event_ends_at": _l("Ends"),
    "audiences": _l("Audiences"),
    "indicators": _l("Results"),
    "channel": _l("Channel"),
    "publish_at": _l("Time"),
    "all_day": _l("All day"),
    "url": _l("Link"),
    "post": _l("Post"),
    "reason": _l("Reason"),
    "comment": _l("Comment"),
    "scope": _l("Shows"),
    "scope_id": _l("Of"),
}

#: Audit fields that hold ids: field → (model, the column shown instead of the id).
ID_FIELDS: dict[str, tuple[Any, Any]] = {}


def register_action_labels(labels: Mapping[str, LazyString]) -> None:
    ACTION_LABELS.update(labels)


def register_object_labels(labels: Mapping[str, LazyString]) -> None:
    OBJECT_LABELS.update(labels)


def register_field_labels(labels: Mapping[str, LazyString]) -> None:
    FIELD_LABELS.update(labels)


def register_id_field(field: str, model: Any, name_column: Any) -> None:
    """Show the audit field `field`, which holds ids of `model`, by `name_column`."""
    ID_FIELDS[field] = (model, name_column)


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    subject, _, verb = action.partition(".")
    if subject in OBJECT_LABELS and verb in VERB_LABELS:
        return f"{OBJECT_LABELS[subject]} {VERB_LABELS[verb]}"
    return action


# --- Values: labels instead of codes ------------------------------------------------------------

#: (kind of object or None for any, field) → {stored value as text: label}.
VALUE_LABELS: dict[tuple[str | None, str], dict[str, Any]] = {
    (None, "language"): dict(LANGUAGE_NAMES),
    (None, "locale"): dict(LANGUAGE_NAMES),
}


def register_value_labels(
    field: str, labels: Mapping[Any, Any], *, object_type: str | None = None
) -> None:
    """Show the stored values of `field` by their labels, e.g. "approved" → "Approved".

    Keys may be enum members or plain values; they are matched as text. With `object_type`
    (a table name such as "post") the labels hold only for that kind of object: a post's status
    and a strategy's status are different words.
    """
    VALUE_LABELS[(object_type, field)] = {_value_key(key): label for key, label in labels.items()}


def value_label(field: str, value: Any, object_type: str | None = None) -> str | None:
    """The label of one stored value, or None when the field's values have none."""
    for key in ((object_type, field), (None, field)):
        labels = VALUE_LABELS.get(key)
        if labels is not None and _value_key(value) in labels:
            return str(labels[_value_key(value)])
    return None


def _value_key(value: Any) -> str:
    return str(getattr(value, "value", value))


# --- Objects: a name and a link for each object an event is about --------------------------------


@dataclass(frozen=True)
class ObjectName:
    """What the log calls an object, and the address of its page (None: no page, or gone)."""

    name: str
    url: str | None = None
    #: The object no longer exists; the name is the last one the log knows.
    deleted: bool = False


class Describe(Protocol):
    """(municipality id, object ids) → {id: ObjectName} for the objects found in the
    municipality; with links=False without their addresses (outside a request: the export)."""

    def __call__(
        self, municipality_id: int, ids: Collection[int], *, links: bool = True
    ) -> Mapping[int, ObjectName]: ...


#: Kind of object (its table name, as events store it) → how to name a batch of them.
OBJECT_LINKS: dict[str, Describe] = {}
#: Kind of object → its label in the log's "kind of object" filter and columns.
OBJECT_KIND_LABELS: dict[str, LazyString] = {}


def register_object_link(
    object_type: str, describe: Describe, *, label: LazyString | None = None
) -> None:
    """Name the objects of one kind in the log, each with a link to its page where it has one.

    `describe(municipality_id, ids, links=True)` loads the given ids in one query and returns an
    ObjectName for each one that exists in that municipality (`describe_rows` builds one from a
    SELECT).
    `label` names the kind (else its label from `register_object_labels`).
    """
    OBJECT_LINKS[object_type] = describe
    if label is not None:
        OBJECT_KIND_LABELS[object_type] = label


def object_kind_label(object_type: str | None) -> str:
    if not object_type:
        return ""
    label = OBJECT_KIND_LABELS.get(object_type) or OBJECT_LABELS.get(object_type)
    return str(label) if label is not None else object_type


def object_kinds() -> dict[str, str]:
    """The kinds of object the log can name, by their label (for the filter)."""
    kinds = {object_type: object_kind_label(object_type) for object_type in OBJECT_LINKS}
    return dict(sorted(kinds.items(), key=lambda item: item[1].lower()))


def describe_rows(
    query: sa.Select,
    *,
    tenant_column: Any,
    name: Callable[[Any], str],
    url: Callable[[Any], str | None] | None = None,
) -> Describe:
    """A `describe` for `register_object_link` from a SELECT whose first column is the id, e.g.
    ``describe_rows(sa.select(Goal.id, Goal.title), tenant_column=Goal.municipality_id,
    name=lambda row: row.title, url=lambda row: url_for("strategy.goal", goal_id=row.id))``.

    The rows are limited to the ids asked for and to the municipality (`tenant_column`), so an
    id of another municipality's object is never named. `name(row)` and `url(row)` make the
    name and the address from a row (in the request, so `url_for` works).
    """
    id_column = query.selected_columns[0]

    def describe(
        municipality_id: int, ids: Collection[int], *, links: bool = True
    ) -> dict[int, ObjectName]:
        rows = db.session.execute(
            query.where(id_column.in_(list(ids)), tenant_column == municipality_id)
        )
        return {row[0]: ObjectName(name(row), url(row) if url and links else None) for row in rows}

    return describe
