"""Archive, restore and delete pages shared by the features' objects (audited).

Each feature writes its own named view functions with their route and permission decorators and
calls these helpers for the shared behaviour, e.g.::

    @bp.post("/audiences/<int:audience_id>/archive")
    @requires(Permission.EDIT_STRATEGY)
    def audience_archive(audience_id: int):
        audience = audience_or_404(audience_id)
        return archive_and_redirect(audience, "audience", label=audience.name,
                                    back_url=url_for("strategy.audiences"))
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.audit.changes import InUse, delete_unreferenced, references_to, set_archived
from planner.core.crud import ConfirmForm
from planner.core.extensions import db


def archive_and_redirect(
    obj: Any, action_prefix: str, *, label: str, back_url: str, archived: bool = True
) -> Response:
    """Archive (or, with archived=False, restore) the object after a confirmed POST, audited."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    set_archived(
        obj, archived, action_prefix=action_prefix, actor=current_user, municipality=g.municipality
    )
    db.session.commit()
    if archived:
        flash(
            _("%(name)s is archived. It is kept for history and can be restored.", name=label),
            "success",
        )
    else:
        flash(_("%(name)s is restored.", name=label), "success")
    return redirect(back_url)


def restore_and_redirect(obj: Any, action_prefix: str, *, label: str, back_url: str) -> Response:
    """Restore an archived object after a confirmed POST, audited."""
    return archive_and_redirect(obj, action_prefix, label=label, back_url=back_url, archived=False)


def delete_page(
    obj: Any,
    action_prefix: str,
    *,
    label: str,
    back_url: str,
    audit_fields: tuple[str, ...],
    archive_endpoint: str | None,
    ids: dict[str, int],
) -> Response | tuple[str, int]:
    """The delete confirmation page; on a confirmed POST, delete the object if nothing refers
    to it (audited with `audit_fields`), else show what does (409)."""
    form = ConfirmForm()
    references = references_to(obj)
    if request.method == "POST" and form.validate_on_submit() and not references:
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
            flash(_("%(name)s is deleted.", name=label), "success")
            return redirect(back_url)
    return render_template(
        "_crud/confirm_delete.html",
        obj=obj,
        name=label,
        references=references,
        form=form,
        back_url=back_url,
        archive_endpoint=archive_endpoint,
        ids=ids,
    ), (409 if references and request.method == "POST" else 200)
