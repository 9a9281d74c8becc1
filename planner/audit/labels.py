"""What the audit log calls things: actions, kinds of object, fields, and the ids it shows by name.

The audit package records events of every feature but imports none of them: each feature fills
these registries from its `init_app` with the labels of its own actions and objects, and with the
fields that hold ids of its objects (shown by name in the log).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

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
