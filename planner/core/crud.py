"""View helpers shared by the features' edit pages: the edit form, saving it, the form page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField

from planner.core import once
from planner.core.errors import Conflict, DomainError, NotUnique, StaleVersion
from planner.core.extensions import db
from planner.core.numbers import LocalDecimalField


class EntityForm(once.OneTimeForm):
    """A form whose visible fields map one to one onto a model's columns.

    It carries the version of the object it was opened with, so a save over someone else's newer
    save is refused instead of silently overwriting it.
    """

    version = HiddenField()

    #: Fields that are shown but not written to the model.
    not_saved: tuple[str, ...] = ()
    #: Set when the save was refused because someone else saved first.
    conflict: bool = False

    def values(self) -> dict:
        values = {}
        for field in self:
            if field.type in ("CSRFTokenField", "HiddenField") or field.name in self.not_saved:
                continue
            value = field.number if isinstance(field, LocalDecimalField) else field.data
            values[field.name] = value.strip() if isinstance(value, str) else value
        return values

    def expected_version(self) -> str | None:
        """The version the form was sent with, for the service to check (None: not sent).

        Only what the request carries counts: a form built with `obj=` would otherwise fill a
        missing field from the object itself and make "no version" look like "the current one".
        """
        sent = self.version.raw_data
        return sent[0] if sent else None

    def refuse_as_conflict(self) -> None:
        self.conflict = True
        self.form_errors.append(
            _(
                "Someone else saved this after you opened it, so your changes are not saved yet. "
                "Your text is kept below. Open the item in another tab to see what they saved, "
                "then save again to replace it with yours."
            )
        )


class ConfirmForm(FlaskForm):
    """Only carries the CSRF token, for archive, restore, delete and move buttons."""


def save_form(
    form: EntityForm,
    save: Callable[[dict], Any],
    *,
    message: str,
    redirect_to: Callable[[Any], str],
    not_unique_message: str | None = None,
):
    """Validate, save, commit once and redirect; on errors return None so the page re-renders.

    `save` calls the service with the form's values (and, for an edit, `form.expected_version()`);
    the service's `DomainError`s are shown on the form: beside their field, or above the form,
    and a save over a newer version comes back as a conflict (409) with the input kept.
    """
    if earlier := form.earlier_result():
        return once.already_saved(earlier)
    if not form.validate_on_submit():
        return None
    try:
        obj = save(form.values())
        db.session.flush()
        target = redirect_to(obj)
        form.remember_result(target)
        db.session.commit()
    except StaleVersion as error:
        db.session.rollback()
        if error.current_version is not None:
            form.version.data = str(error.current_version)
        form.refuse_as_conflict()
        return None
    except StaleDataError:  # saved by someone else between our read and our write
        db.session.rollback()
        form.refuse_as_conflict()
        return None
    except NotUnique as error:
        db.session.rollback()
        form[error.field].errors.append(
            str(error) or not_unique_message or _("This name is taken.")
        )
        return None
    except Conflict as error:
        db.session.rollback()
        form.conflict = True
        form.form_errors.append(str(error))
        return None
    except DomainError as error:  # a rule of the service, with its message for the user
        db.session.rollback()
        show_error(form, error)
        return None
    except IntegrityError:  # someone saved the same name, or activated, at the same moment
        db.session.rollback()
        if earlier := form.earlier_result():  # this form, sent twice at the same moment
            return once.already_saved(earlier)
        form.form_errors.append(
            _(
                "Someone else saved something that conflicts with this just now. "
                "Check and save again."
            )
        )
        return None
    flash(message, "success")
    return redirect(target)


def show_error(form: FlaskForm, error: DomainError) -> None:
    """Put a service's error next to its field, or above the form if it has no such field."""
    field = _field_named(form, error.field) if error.field is not None else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def _field_named(form, name: str):
    """The form's field of that name, also inside a list of sub-forms ("publications-0-text")."""
    if name in form:
        return form[name]
    for field in form:
        for entry in field if field.type == "FieldList" else ():
            for inner in getattr(entry, "form", ()):
                if inner.name == name:
                    return inner
    return None


def form_page(form, *, title: str, action: str, submit_label: str, cancel_url: str, intro=None):
    """The page of a form; 409 Conflict when it comes back because someone else saved first."""
    page = render_template(
        "_crud/form_page.html",
        form=form,
        title=title,
        action=action,
        submit_label=submit_label,
        cancel_url=cancel_url,
        intro=intro,
    )
    return page, (409 if getattr(form, "conflict", False) else 200)
