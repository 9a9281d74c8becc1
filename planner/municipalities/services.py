"""Municipalities and memberships: creating tenants, settings, adding members, roles and
deactivation, and reading the municipality's audit log."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytz
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination

from planner.audit.changes import snapshot
from planner.audit.labels import ID_FIELDS
from planner.audit.models import AuditEvent
from planner.audit.reading import AuditFilter
from planner.audit.services import record_event
from planner.auth.models import User
from planner.auth.services import create_user, find_user_by_email, issue_one_time_password
from planner.core.errors import DomainError, FieldError, check_version
from planner.core.extensions import db
from planner.core.localtime import zone_of
from planner.municipalities.models import Membership, Municipality
from planner.municipalities.roles import Role

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NUMBER_PATTERN = re.compile(r"^\d{4}$")
LANGUAGES = ("nb", "nn", "en")
NAME_MAX_LENGTH = 120
#: What the settings page edits; the audit event holds all of them before and after.
SETTINGS_FIELDS = ("name", "language", "timezone", "public_feeds", "review_working_days")
#: The most working days a municipality may ask for between approval and publication.
MAX_REVIEW_WORKING_DAYS = 20


class MembershipError(DomainError):
    """A rule about municipalities or memberships was broken; the message is shown to the user."""


def create_municipality(
    name: str,
    slug: str,
    number: str | None,
    *,
    timezone: str = "Europe/Oslo",
    language: str = "nb",
) -> Municipality:
    if not SLUG_PATTERN.match(slug):
        raise MembershipError(
            _l("The slug may only hold a–z, 0–9 and single hyphens."), field="slug"
        )
    if number is not None and not NUMBER_PATTERN.match(number):
        raise MembershipError(_l("The municipality number must be four digits."), field="number")
    if language not in LANGUAGES:
        raise MembershipError(_l("The language must be nb, nn or en."), field="language")
    if db.session.scalar(sa.select(Municipality.id).where(Municipality.slug == slug)):
        raise MembershipError(_l("A municipality with this slug already exists."), field="slug")
    if number and db.session.scalar(
        sa.select(Municipality.id).where(Municipality.number == number)
    ):
        raise MembershipError(_l("A municipality with this number already exists."), field="number")
    municipality = Municipality(
        name=name.strip(), slug=slug, number=number, timezone=timezone, language=language
    )
    db.session.add(municipality)
    db.session.flush()
    return municipality


def update_settings(
    municipality: Municipality,
    values: Mapping[str, Any],
    *,
    expected_version: int | str | None,
    actor: User | None,
) -> Municipality:
    """Save the municipality's settings (some of SETTINGS_FIELDS) and audit the change.

    Refused with StaleVersion when the settings were saved after `expected_version` (the
    version the form was opened with). The audit event holds every setting before and after.
    """
    check_version(municipality, expected_version)
    new = _settings_values(values)
    before = snapshot(municipality, SETTINGS_FIELDS)
    for field, value in new.items():
        setattr(municipality, field, value)
    after = snapshot(municipality, SETTINGS_FIELDS)
    if before != after:
        record_event(
            "municipality.settings_changed",
            actor=actor,
            municipality=municipality,
            obj=municipality,
            before=before,
            after=after,
        )
    db.session.flush()
    return municipality


def _settings_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The settings among `values`, cleaned, or FieldError for one that cannot be saved."""
    new: dict[str, Any] = {}
    if "name" in values:
        name = (values["name"] or "").strip()
        if not name:
            raise FieldError("name", _l("Enter the name of the municipality."))
        if len(name) > NAME_MAX_LENGTH:
            raise FieldError(
                "name", _l("The name can be at most %(max)d characters.", max=NAME_MAX_LENGTH)
            )
        new["name"] = name
    if "language" in values:
        if values["language"] not in LANGUAGES:
            raise FieldError("language", _l("The language must be nb, nn or en."))
        new["language"] = values["language"]
    if "timezone" in values:
        timezone = (values["timezone"] or "").strip()
        if not is_valid_timezone(timezone):
            raise FieldError("timezone", _l("Enter a time zone like Europe/Oslo."))
        new["timezone"] = timezone
    if "public_feeds" in values:
        new["public_feeds"] = bool(values["public_feeds"])
    if "review_working_days" in values:
        days = values["review_working_days"]
        if not isinstance(days, int) or not 0 <= days <= MAX_REVIEW_WORKING_DAYS:
            raise FieldError(
                "review_working_days",
                _l(
                    "Enter a whole number of working days from 0 to %(max)d.",
                    max=MAX_REVIEW_WORKING_DAYS,
                ),
            )
        new["review_working_days"] = days
    return new


def is_valid_timezone(name: str) -> bool:
    """An IANA zone name that both zoneinfo and Babel's pytz know (not e.g. "localtime")."""
    if name not in pytz.all_timezones_set:  # first: ZoneInfo looks any name up on disk
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def timezone_choices(current: str | None = None) -> list[str]:
    """The zones offered in the settings: IANA's current names (pytz's common list) that zoneinfo
    knows, sorted, Europe/Oslo first; a municipality's own older alias stays offered."""
    names = {name for name in pytz.common_timezones if is_valid_timezone(name)}
    if current and is_valid_timezone(current):
        names.add(current)
    first = [name for name in ("Europe/Oslo",) if name in names]
    return first + sorted(names - set(first))


def find_municipality(slug: str) -> Municipality | None:
    return db.session.scalar(sa.select(Municipality).where(Municipality.slug == slug))


def active_membership(user: User, municipality: Municipality) -> Membership | None:
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.user_id == user.id,
            Membership.municipality_id == municipality.id,
            Membership.active.is_(True),
        )
    )


def municipalities_of(user: User) -> list[Municipality]:
    """The municipalities where the user is an active member, by name."""
    return list(
        db.session.scalars(
            sa.select(Municipality)
            .join(Membership)
            .where(Membership.user_id == user.id, Membership.active.is_(True))
            .order_by(Municipality.name)
        )
    )


def members_of(municipality: Municipality) -> list[Membership]:
    """Every membership of the municipality with its user, active first, then by name."""
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(User)
            .where(Membership.municipality_id == municipality.id)
            .options(sa.orm.contains_eager(Membership.user))
            .order_by(Membership.active.desc(), sa.func.lower(User.name))
        )
    )


def get_membership(municipality: Municipality, membership_id: int) -> Membership | None:
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.id == membership_id, Membership.municipality_id == municipality.id
        )
    )


def add_member(
    municipality: Municipality,
    email: str,
    name: str,
    role: Role,
    *,
    actor: User | None,
    password: str | None = None,
) -> tuple[Membership, str | None]:
    """Add a person to the municipality, creating the account when it does not exist yet.

    Returns the membership and, for a new account without a given password, the generated
    password to hand over once.
    """
    user = find_user_by_email(email)
    generated = None
    if user is None:
        user, generated = create_user(email, name, password)
    else:
        existing = db.session.scalar(
            sa.select(Membership).where(
                Membership.user_id == user.id, Membership.municipality_id == municipality.id
            )
        )
        if existing is not None:
            raise MembershipError(
                _l("This person is already a member of the municipality."), field="email"
            )
    membership = Membership(user=user, municipality=municipality, role=Role(role).value)
    db.session.add(membership)
    db.session.flush()
    record_event(
        "membership.added",
        actor=actor,
        municipality=municipality,
        subject_user=user,
        obj=membership,
        after={"role": membership.role, "new_account": generated is not None},
    )
    return membership, generated


def change_role(membership: Membership, role: Role, *, actor: User) -> None:
    role = Role(role)
    if membership.role == role.value:
        return
    if membership.role == Role.ADMIN.value and membership.active:
        _refuse_if_last_admin(
            membership, _l("The last administrator cannot be given another role."), field="role"
        )
    before = membership.role
    membership.role = role.value
    record_event(
        "membership.role_changed",
        actor=actor,
        municipality=membership.municipality,
        subject_user=membership.user,
        obj=membership,
        before={"role": before},
        after={"role": role.value},
    )


def deactivate_membership(membership: Membership, *, actor: User) -> None:
    """Take away the person's access to this municipality and end their sessions."""
    if not membership.active:
        return
    if membership.role == Role.ADMIN.value:
        _refuse_if_last_admin(membership, _l("The last administrator cannot be deactivated."))
    membership.active = False
    if not _other_active_memberships(membership):
        # Access here ends at once anyway (it is checked on every request); sessions end too
        # unless the person still works for another municipality.
        membership.user.end_all_sessions()
    record_event(
        "membership.deactivated",
        actor=actor,
        municipality=membership.municipality,
        subject_user=membership.user,
        obj=membership,
        before={"active": True},
        after={"active": False},
    )


def reset_members_password(membership: Membership, *, actor: User) -> str:
    """A new one-time password for a member who works only for this municipality."""
    if not membership.active:
        raise MembershipError(_l("Give the person access again first."))
    if _other_active_memberships(membership):
        raise MembershipError(
            _l(
                "This person also works for another municipality, so only a system administrator "
                "can give a new password (flask reset-password)."
            )
        )
    return issue_one_time_password(
        membership.user, actor=actor, municipality=membership.municipality
    )


def reactivate_membership(membership: Membership, *, actor: User) -> None:
    if membership.active:
        return
    membership.active = True
    record_event(
        "membership.reactivated",
        actor=actor,
        municipality=membership.municipality,
        subject_user=membership.user,
        obj=membership,
        before={"active": False},
        after={"active": True},
    )


def _other_active_memberships(membership: Membership) -> int:
    count = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.user_id == membership.user_id,
            Membership.id != membership.id,
            Membership.active.is_(True),
        )
    )
    return count or 0


def _refuse_if_last_admin(membership: Membership, message, *, field: str | None = None) -> None:
    # Lock the municipality row (PostgreSQL) so two admins cannot demote each other at once.
    db.session.execute(
        sa.select(Municipality.id)
        .where(Municipality.id == membership.municipality_id)
        .with_for_update()
    )
    other_admins = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.municipality_id == membership.municipality_id,
            Membership.role == Role.ADMIN.value,
            Membership.active.is_(True),
            Membership.id != membership.id,
        )
    )
    if not other_admins:
        raise MembershipError(message, field=field)


def municipality_events_query(municipality: Municipality) -> sa.Select:
    """Events of the municipality, and account events (sign-ins) of its active members.

    Account events are shown only from when the person became a member here, so adding someone
    does not open up their history from before, elsewhere.
    """
    membership_here = sa.exists().where(
        Membership.municipality_id == municipality.id,
        Membership.user_id == AuditEvent.subject_user_id,
        Membership.active.is_(True),
        Membership.created_at <= AuditEvent.created_at,
    )
    return (
        sa.select(AuditEvent)
        .where(
            sa.or_(
                AuditEvent.municipality_id == municipality.id,
                sa.and_(AuditEvent.municipality_id.is_(None), membership_here),
            )
        )
        .options(
            sa.orm.selectinload(AuditEvent.actor), sa.orm.selectinload(AuditEvent.subject_user)
        )
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )


def audit_events_query(municipality: Municipality, filters: AuditFilter | None = None) -> sa.Select:
    """The municipality's audit log (see `municipality_events_query`), narrowed by the filters;
    dates are whole days in the municipality's time zone."""
    query = municipality_events_query(municipality)
    return filters.apply(query, zone_of(municipality)) if filters is not None else query


def audit_log_page(
    municipality: Municipality,
    *,
    page: int,
    per_page: int,
    filters: AuditFilter | None = None,
) -> Pagination:
    """One page of the municipality's audit log, newest first."""
    return db.paginate(
        audit_events_query(municipality, filters), page=page, per_page=per_page, error_out=False
    )


def audit_events_after(
    municipality: Municipality,
    filters: AuditFilter | None = None,
    *,
    after: tuple[datetime, int] | None = None,
    size: int = 500,
) -> list[AuditEvent]:
    """The next `size` events the filters match, newest first, after the event at (created_at,
    id) `after` (for the export: a batch at a time, each read on its own, however long the
    log)."""
    query = audit_events_query(municipality, filters)
    if after is not None:
        created_at, event_id = after
        query = query.where(
            sa.or_(
                AuditEvent.created_at < created_at,
                sa.and_(AuditEvent.created_at == created_at, AuditEvent.id < event_id),
            )
        )
    return list(db.session.scalars(query.limit(size)))


def audit_people(municipality: Municipality) -> list[tuple[int, str]]:
    """The people the log can be narrowed to: every member, also former ones, by name."""
    rows = db.session.execute(
        sa.select(User.id, User.name)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.municipality_id == municipality.id)
        .order_by(sa.func.lower(User.name), User.id)
    )
    return [(user_id, name) for user_id, name in rows]


def names_in_events(
    events: Iterable[AuditEvent], municipality: Municipality
) -> dict[tuple[str, int], str]:
    """Names for the ids the events mention, one query per kind of object.

    Keys are (audit field, id), for the fields registered in `audit.labels.ID_FIELDS`; objects
    of another municipality are never named.
    """
    wanted: dict[str, set[int]] = {}
    for event in events:
        for values in (event.before or {}, event.after or {}):
            for key, value in values.items():
                if key in ID_FIELDS:
                    ids = value if isinstance(value, list) else [value]
                    wanted.setdefault(key, set()).update(
                        i for i in ids if isinstance(i, int) and not isinstance(i, bool)
                    )
    names: dict[tuple[str, int], str] = {}
    for key, ids_wanted in wanted.items():
        model, column = ID_FIELDS[key]
        query = sa.select(model.id, column).where(model.id.in_(ids_wanted))
        if hasattr(model, "municipality_id"):
            query = query.where(model.municipality_id == municipality.id)
        names.update({(key, object_id): name for object_id, name in db.session.execute(query)})
    return names
