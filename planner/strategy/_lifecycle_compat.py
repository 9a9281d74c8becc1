"""TEMPORARY: the old closure-made archive/restore/delete routes, until strategy and results
have named view functions (issue #12). Delete this module when nothing imports it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, g, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from planner.audit.changes import InUse, delete_unreferenced, references_to, set_archived
from planner.core.crud import ConfirmForm
from planner.core.extensions import db
from planner.municipalities.roles import Permission, requires


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
