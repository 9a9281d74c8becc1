"""View helpers shared by the features' edit pages: form pages, archive, restore and delete."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, g, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField

from planner.core.changes import (
    FieldError,
    InUse,
    NotUnique,
    delete_unreferenced,
    references_to,
    set_archived,
)
from planner.core.numbers import LocalDecimalField
from planner.extensions import db
from planner.municipalities.roles import Permission, requires


class EntityForm(FlaskForm):
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

    def is_stale(self, obj) -> bool:
        """Tell whether the object was saved by someone else after this form was opened."""
        seen = str(self.version.data or "").strip()
        return bool(seen) and seen != str(getattr(obj, "version", seen))

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
    save: Callable[[dict], object],
    *,
    message: str,
    redirect_to: Callable[[object], str],
    not_unique_message: str | None = None,
    editing=None,
):
    """Validate, save, commit once and redirect; on errors return None so the page re-renders.

    With `editing`, the object being changed, a save over a newer version is refused.
    """
    if not form.validate_on_submit():
        return None
    if editing is not None and form.is_stale(editing):
        form.version.data = str(editing.version)
        form.refuse_as_conflict()
        return None
    try:
        obj = save(form.values())
        db.session.commit()
    except NotUnique as error:
        db.session.rollback()
        form[error.field].errors.append(not_unique_message or _("This name is taken."))
        return None
    except FieldError as error:
        db.session.rollback()
        show_error(form, error)
        return None
    except StaleDataError:  # saved by someone else between our read and our write
        db.session.rollback()
        form.refuse_as_conflict()
        return None
    except IntegrityError:  # someone saved the same name, or activated, at the same moment
        db.session.rollback()
        form.form_errors.append(
            _(
                "Someone else saved something that conflicts with this just now. "
                "Check and save again."
            )
        )
        return None
    except ValueError as error:  # a rule of the service, with its message for the user
        db.session.rollback()
        form.form_errors.append(str(error))
        return None
    flash(message, "success")
    return redirect(redirect_to(obj))


def show_error(form, error: FieldError) -> None:
    """Put a service's error next to its field, or above the form if the form has no such field."""
    if error.field in form:
        form[error.field].errors = [*form[error.field].errors, str(error)]
    else:
        form.form_errors.append(str(error))


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


def register_lifecycle_routes(
    blueprint: Blueprint,
    *,
    name: str,
    rule: str,
    load: Callable[[int], object],
    label: Callable[[object], str],
    back_url: Callable[[object], str],
    action_prefix: str,
    audit_fields: tuple[str, ...],
    permission: Permission = Permission.EDIT_STRATEGY,
    archivable: bool = True,
) -> None:
    """Add archive, restore and delete (with a confirmation page) for one kind of object.

    `rule` is the object's URL, e.g. "/audiences/<int:audience_id>"; the routes are added below it
    as "<name>_archive", "<name>_restore" and "<name>_delete" (only the last when not archivable).
    """

    def load_or_404(**ids):
        obj = load(*ids.values())
        if obj is None:
            abort(404)
        return obj

    @requires(permission)
    def archive(**ids):
        obj = load_or_404(**ids)
        if not ConfirmForm().validate_on_submit():
            abort(400)
        set_archived(
            obj, True, action_prefix=action_prefix, actor=current_user, municipality=g.municipality
        )
        db.session.commit()
        flash(
            _("%(name)s is archived. It is kept for history and can be restored.", name=label(obj)),
            "success",
        )
        return redirect(back_url(obj))

    @requires(permission)
    def restore(**ids):
        obj = load_or_404(**ids)
        if not ConfirmForm().validate_on_submit():
            abort(400)
        set_archived(
            obj, False, action_prefix=action_prefix, actor=current_user, municipality=g.municipality
        )
        db.session.commit()
        flash(_("%(name)s is restored.", name=label(obj)), "success")
        return redirect(back_url(obj))

    @requires(permission)
    def delete(**ids):
        obj = load_or_404(**ids)
        form = ConfirmForm()
        references = references_to(obj)
        if request.method == "POST" and form.validate_on_submit() and not references:
            name_of_deleted, back = label(obj), back_url(obj)
            try:
                delete_unreferenced(
                    obj,
                    action=f"{action_prefix}.deleted",
                    fields=audit_fields,
                    actor=current_user,
                    municipality=g.municipality,
                )
            except InUse as error:
                references = error.references
            else:
                db.session.commit()
                flash(_("%(name)s is deleted.", name=name_of_deleted), "success")
                return redirect(back)
        return render_template(
            "_crud/confirm_delete.html",
            obj=obj,
            name=label(obj),
            references=references,
            form=form,
            back_url=back_url(obj),
            archive_endpoint=f"{blueprint.name}.{name}_archive" if archivable else None,
            ids=ids,
        ), (409 if references and request.method == "POST" else 200)

    if archivable:
        blueprint.add_url_rule(f"{rule}/archive", f"{name}_archive", archive, methods=["POST"])
        blueprint.add_url_rule(f"{rule}/restore", f"{name}_restore", restore, methods=["POST"])
    blueprint.add_url_rule(f"{rule}/delete", f"{name}_delete", delete, methods=["GET", "POST"])
