"""The errors a service raises when a rule refuses a change: one family, with what each concerns.

Views translate them, never re-check the rule: a `DomainError` with a `field` is shown beside that
field of the form (or above the form when it has no such field), one without a field above the
form; a `Conflict` answers 409 Conflict. The message is what the person reads, already translated
(or a lazy string translated when shown).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    """A change refused by a rule of the domain, with the message for the person."""

    #: HTTP status a view answers with when it cannot show the error on a form.
    status_code = 400

    def __init__(self, message: Any, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class FieldError(DomainError):
    """A rule broken by one field's value; the form shows the message beside the field."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(message, field=field)


class NotUnique(FieldError):
    """Another object of the municipality already has this value (a name, a slug, a date)."""

    def __init__(self, field: str, message: Any = "") -> None:
        super().__init__(field, message)


class NotAllowed(DomainError):
    """The change is not possible in the object's present state (an archived post, say)."""

    status_code = 409


class Conflict(DomainError):
    """Someone else changed the object after this change was prepared: 409 Conflict."""

    status_code = 409


class StaleVersion(Conflict):
    """The object was saved by someone else after the form was opened."""

    def __init__(self, current_version: int | None = None) -> None:
        super().__init__("stale version")
        #: The version now saved, for the form to carry on the next try.
        self.current_version = current_version


class VersionMissing(DomainError):
    """The change came without the version it was prepared from (or with one that is not a
    version), so a save over someone else's could not be noticed: refused, never taken as "no
    conflict". Shown above the form; 400 elsewhere."""

    def __init__(self) -> None:
        super().__init__(
            _l(
                "This form came without the version of what it changes, so we cannot tell "
                "whether someone else saved in between. Nothing is saved: reload the page and "
                "make your change again."
            )
        )


def check_version(obj: Any, expected_version: int | str | None) -> None:
    """Refuse a change made from another version of `obj` than the saved one."""
    check_seen_version(getattr(obj, "version", None), expected_version)


def check_seen_version(current: int | None, expected_version: int | str | None) -> None:
    """Refuse a change prepared from `expected_version` when `current` is saved now.

    `expected_version` is the version the change was prepared from (a form's hidden field, or
    the object's own version for a change made by the application itself). It must be given
    and be a whole number: a missing, empty or malformed one is refused with VersionMissing,
    an older (or any other) one with StaleVersion.
    """
    seen = "" if expected_version is None else str(expected_version).strip()
    if not (seen.isascii() and seen.isdigit()) or len(seen) > 18:
        raise VersionMissing()
    if int(seen) != current:
        raise StaleVersion(current)
