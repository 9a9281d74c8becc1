"""Changes to editable tenant objects, audited: create, update, archive, delete, references."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

import sqlalchemy as sa
from flask_babel import LazyString

from planner.audit.services import record_event
from planner.core.errors import DomainError, NotUnique, check_version
from planner.core.extensions import db

T = TypeVar("T")


def snapshot(obj, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of an object as JSON-friendly values, for the audit log."""
    return {field: _plain(getattr(obj, field)) for field in fields}


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple | set):
        return sorted(_plain(item) for item in value)
    if hasattr(value, "__table__"):
        return value.id
    return value


def record_change(action: str, obj, before: dict, after: dict, *, actor, municipality) -> bool:
    """Audit only what changed; tell whether anything did."""
    changed = [key for key in after if before.get(key) != after.get(key)]
    if not changed:
        return False
    record_event(
        action,
        actor=actor,
        municipality=municipality,
        obj=obj,
        before={key: before.get(key) for key in changed},
        after={key: after[key] for key in changed},
    )
    return True


def record_creation(action: str, obj, fields: Iterable[str], *, actor, municipality) -> None:
    db.session.flush()
    record_event(
        action, actor=actor, municipality=municipality, obj=obj, after=snapshot(obj, fields)
    )


class InUse(DomainError):
    """The object is referred to elsewhere, so it can only be archived."""

    status_code = 409

    def __init__(self, references: list[tuple[LazyString, int]]) -> None:
        super().__init__("in use")
        self.references = references


#: model class → [(label, function giving the query that counts references to an instance)]
_reference_counters: dict[type, list[tuple[LazyString, Callable[[Any], sa.Select]]]] = {}


def register_references(model: type, label: LazyString, count: Callable[[Any], sa.Select]) -> None:
    """Declare that something refers to instances of `model` (later features add their own).

    `count(instance)` returns a SELECT of one count, e.g. sa.select(sa.func.count(X.id)).where(…).
    Features call this from their `init_app` with module-level functions; registering the same
    function again (another app in the same process) changes nothing.
    """
    counters = _reference_counters.setdefault(model, [])
    if all(existing is not count for _label, existing in counters):
        counters.append((label, count))


def references_to(obj) -> list[tuple[LazyString, int]]:
    """What refers to the object, as (label, count) pairs with a count above zero."""
    counted = [
        (label, db.session.scalar(count(obj)) or 0)
        for label, count in _reference_counters.get(type(obj), [])
    ]
    return [(label, count) for label, count in counted if count]


def delete_unreferenced(obj, *, action: str, fields: Iterable[str], actor, municipality) -> None:
    """Delete the object if nothing refers to it; otherwise raise InUse."""
    references = references_to(obj)
    if references:
        raise InUse(references)
    record_event(
        action, actor=actor, municipality=municipality, obj=obj, before=snapshot(obj, fields)
    )
    db.session.delete(obj)
    db.session.flush()


def set_archived(obj, archived: bool, *, action_prefix: str, actor, municipality) -> None:
    """Archive or restore an object that has an `archived` flag, and audit it."""
    if obj.archived == archived:
        return
    obj.archived = archived
    record_event(
        f"{action_prefix}.{'archived' if archived else 'restored'}",
        actor=actor,
        municipality=municipality,
        obj=obj,
        before={"archived": not archived},
        after={"archived": archived},
    )


def ensure_unique(model, field: str, value: str, *, scope: dict, exclude=None) -> None:
    """Refuse a name that another object in the same scope has, ignoring case."""
    column = getattr(model, field)
    query = sa.select(model.id).where(
        sa.func.lower(column) == value.strip().lower(),
        *(getattr(model, key) == scoped for key, scoped in scope.items()),
    )
    if exclude is not None and exclude.id is not None:
        query = query.where(model.id != exclude.id)
    if db.session.scalar(query) is not None:
        raise NotUnique(field)


def create_object(model, values: dict, *, action: str, actor, municipality, **fixed):
    """Create, flush and audit an object of a municipality."""
    obj = model(municipality_id=municipality.id, **fixed, **values)
    db.session.add(obj)
    record_creation(action, obj, values.keys(), actor=actor, municipality=municipality)
    return obj


def update_object(
    obj: T,
    values: dict,
    *,
    action: str,
    actor,
    municipality,
    expected_version: int | str | None,
) -> T:
    """Check the version, apply new values, flush, audit what changed; return the object."""
    check_version(obj, expected_version)
    before = snapshot(obj, values.keys())
    for field, value in values.items():
        setattr(obj, field, value)
    db.session.flush()
    record_change(
        action, obj, before, snapshot(obj, values.keys()), actor=actor, municipality=municipality
    )
    return obj


def create_named(model, municipality, values: dict, *, action: str, actor):
    """Create an object whose name is unique within the municipality."""
    ensure_unique(model, "name", values["name"], scope={"municipality_id": municipality.id})
    return create_object(model, values, action=action, actor=actor, municipality=municipality)


def update_named(
    obj: T,
    values: dict,
    *,
    action: str,
    actor,
    municipality,
    expected_version: int | str | None,
) -> T:
    """Update an object whose name is unique within the municipality; return it."""
    check_version(obj, expected_version)
    ensure_unique(
        type(obj), "name", values["name"], scope={"municipality_id": municipality.id}, exclude=obj
    )
    return update_object(
        obj,
        values,
        action=action,
        actor=actor,
        municipality=municipality,
        expected_version=expected_version,
    )
