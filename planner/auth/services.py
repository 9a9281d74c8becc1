"""Accounts: creating users, signing in with throttling, my account, changing passwords."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from planner.audit.changes import snapshot
from planner.audit.services import record_event
from planner.auth.models import LoginThrottle, User
from planner.core.errors import DomainError, FieldError, check_seen_version
from planner.core.extensions import db
from planner.core.i18n import LANGUAGE_CHOICES
from planner.core.localtime import utcnow
from planner.core.security import (
    burn_password_check,
    hash_password,
    password_hasher,
    verify_password,
)

GENERATED_PASSWORD_BYTES = 12  # 16 URL-safe characters


#: What a person edits on "My account".
ACCOUNT_FIELDS = ("name", "locale")
NAME_MAX_LENGTH = 120


class AccountError(DomainError):
    """A rule about accounts was broken; the message is shown to the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def generate_password() -> str:
    return secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)


def create_user(email: str, name: str, password: str | None = None) -> tuple[User, str | None]:
    """Create an account; without a password one is generated, returned once and must be changed."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError(_l("An account with this e-mail address already exists."), field="email")
    generated = None
    if password is None:
        generated = password = generate_password()
    check_password_length(password)
    user = User(
        email=email,
        name=name.strip(),
        password_hash=hash_password(password),
        must_change_password=generated is not None,
    )
    db.session.add(user)
    db.session.flush()
    return user, generated


def check_password_length(password: str) -> None:
    minimum = current_app.config["MIN_PASSWORD_LENGTH"]
    if len(password) < minimum:
        raise AccountError(
            _l("The password must be at least %(count)s characters long.", count=minimum),
            field="password",
        )


def set_password(user: User, new_password: str) -> None:
    """Store a new password and end the user's other sessions."""
    check_password_length(new_password)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    user.end_all_sessions()


def update_account(
    user: User,
    values: Mapping[str, Any],
    *,
    expected_version: int | str | None,
    actor: User | None,
) -> User:
    """Save what the person edits on "My account" (name, language); audit what changed.

    `values` holds some of ACCOUNT_FIELDS (an empty language follows the municipality). The
    version checked is `account_version`, which only this raises: signing in or out elsewhere
    updates the row too, but neither conflicts with this nor makes an open account form stale.
    The row is locked while it is checked (PostgreSQL), so of two saves of the same version the
    later is refused with StaleVersion instead of overwriting the first.
    """
    new = _account_values(values)
    current = db.session.scalar(
        sa.select(User.account_version).where(User.id == user.id).with_for_update()
    )
    if current is None:
        raise LookupError(f"no account {user.id}")
    check_seen_version(current, expected_version)
    before = snapshot(user, new)
    for field, value in new.items():
        setattr(user, field, value)
    changed = [field for field in new if before[field] != new[field]]
    if changed:
        user.account_version = current + 1
        record_event(
            "auth.account_changed",
            actor=actor,
            subject_user=user,
            before={field: before[field] for field in changed},
            after={field: new[field] for field in changed},
        )
    db.session.flush()
    return user


def _account_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The account fields among `values`, cleaned, or FieldError for one that cannot be saved."""
    new: dict[str, Any] = {}
    if "name" in values:
        name = (values["name"] or "").strip()
        if not name:
            raise FieldError("name", _l("Enter your name."))
        if len(name) > NAME_MAX_LENGTH:
            raise FieldError(
                "name",
                _l("The name can be at most %(max)d characters.", max=NAME_MAX_LENGTH),
            )
        new["name"] = name
    if "locale" in values:
        locale = values["locale"] or None
        if locale is not None and locale not in {code for code, _name in LANGUAGE_CHOICES}:
            raise FieldError("locale", _l("The language must be nb, nn or en."))
        new["locale"] = locale
    return new


def issue_one_time_password(user: User, *, actor, municipality=None, address=None) -> str:
    """Give the account a new generated password it must change at the next sign-in."""
    password = generate_password()
    set_password(user, password)
    user.must_change_password = True
    record_event(
        "auth.password_reset",
        actor=actor,
        municipality=municipality,
        subject_user=user,
        address=address,
    )
    return password


def change_password(user: User, current_password: str, new_password: str, *, address: str) -> bool:
    """Change the password if the current one is right; tell whether it was."""
    if not verify_password(user.password_hash, current_password):
        return False
    set_password(user, new_password)
    record_event("auth.password_changed", actor=user, subject_user=user, address=address)
    return True


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    #: Seconds the caller must wait before trying again; 0 when not throttled.
    retry_after: int = 0

    @property
    def succeeded(self) -> bool:
        return self.user is not None


def sign_in(email: str, password: str, *, address: str) -> SignInResult:
    """Check credentials under per-account and per-address throttling, and audit the attempt."""
    now = utcnow()
    email = normalise_email(email)
    keys = _throttle_keys(email, address)
    user = find_user_by_email(email)

    wait = _seconds_locked(keys.values(), now)
    if wait:
        record_event("auth.login_throttled", subject_user=user, address=address)
        return SignInResult(None, retry_after=wait)

    if user is None:
        burn_password_check(password)
        valid = False
    else:
        valid = verify_password(user.password_hash, password) and user.active

    if not valid or user is None:
        config = current_app.config
        _register_failure(keys["account"], config["LOGIN_ACCOUNT_FAILURE_LIMIT"], now)
        _register_failure(keys["address"], config["LOGIN_ADDRESS_FAILURE_LIMIT"], now)
        record_event("auth.login_failed", subject_user=user, address=address)
        return SignInResult(None)

    if password_hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == keys["account"]))
    user.last_login_at = now
    record_event("auth.login", actor=user, subject_user=user, address=address)
    return SignInResult(user)


def _throttle_keys(email: str, address: str) -> dict[str, str]:
    digest = hashlib.sha256(email.encode("utf-8")).hexdigest()
    return {"account": f"account:{digest}", "address": f"address:{address}"}


def _seconds_locked(keys, now: datetime) -> int:
    locked_until = db.session.scalar(
        sa.select(sa.func.max(LoginThrottle.locked_until)).where(
            LoginThrottle.key.in_(list(keys)), LoginThrottle.locked_until > now
        )
    )
    if locked_until is None:
        return 0
    if locked_until.tzinfo is None:  # SQLite's max() bypasses the column type
        locked_until = datetime.fromisoformat(str(locked_until)).replace(tzinfo=now.tzinfo)
    return max(1, int((locked_until - now).total_seconds() + 0.999))


def _register_failure(key: str, limit: int, now: datetime) -> None:
    config = current_app.config
    throttle = db.session.get(LoginThrottle, key)
    if throttle is None:
        try:
            with db.session.begin_nested():
                throttle = LoginThrottle(key=key, failures=0, last_failure_at=now)
                db.session.add(throttle)
        except IntegrityError:  # another worker counted the first failure at the same moment
            throttle = db.session.get_one(LoginThrottle, key, populate_existing=True)
    window = timedelta(seconds=config["LOGIN_FAILURE_WINDOW_SECONDS"])
    if now - throttle.last_failure_at > window:
        throttle.failures = 0
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= limit:
        seconds = config["LOGIN_LOCK_BASE_SECONDS"] * 2 ** (throttle.failures - limit)
        throttle.locked_until = now + timedelta(
            seconds=min(seconds, config["LOGIN_LOCK_MAX_SECONDS"])
        )


def keep_chosen_language(sender: object, *, user: User, locale: str) -> None:  # noqa: ARG001
    """Keep the language chosen with the switch on the account, as "My account" would."""
    update_account(user, {"locale": locale}, expected_version=user.account_version, actor=user)
