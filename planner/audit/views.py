from __future__ import annotations

from flask import current_app, g, render_template, request
from flask_babel import lazy_gettext as _l

from planner.audit.services import municipality_events_query
from planner.extensions import db
from planner.municipalities.roles import ROLE_LABELS, Permission, Role, requires
from planner.municipalities.tenancy import tenant_blueprint

bp = tenant_blueprint("audit", __name__, url_prefix="/audit")

ACTION_LABELS = {
    "auth.login": _l("Signed in"),
    "auth.login_failed": _l("Failed sign-in"),
    "auth.login_throttled": _l("Sign-in refused: too many attempts"),
    "auth.logout": _l("Signed out"),
    "auth.password_changed": _l("Changed password"),
    "membership.added": _l("Member added"),
    "membership.role_changed": _l("Role changed"),
    "membership.deactivated": _l("Member deactivated"),
    "membership.reactivated": _l("Member reactivated"),
    "municipality.settings_changed": _l("Settings changed"),
    "municipality.created": _l("Municipality created"),
}


FIELD_LABELS = {
    "role": _l("Role"),
    "active": _l("Access"),
    "name": _l("Name"),
    "language": _l("Language"),
    "timezone": _l("Time zone"),
    "public_feeds": _l("Public feeds"),
    "new_account": _l("New account"),
}


@bp.route("/")
@requires(Permission.VIEW_AUDIT)
def events():
    page = db.paginate(
        municipality_events_query(g.municipality),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["AUDIT_PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "audit/events.html",
        page=page,
        action_labels=ACTION_LABELS,
        role_labels={role.value: label for role, label in ROLE_LABELS.items()},
        describe_change=describe_change,
    )


def describe_change(event) -> list[tuple[str, str, str]]:
    """Rows of (field, before, after) for the fields an event changed."""
    before = event.before or {}
    after = event.after or {}
    rows = []
    for key in sorted(set(before) | set(after)):
        label = str(FIELD_LABELS.get(key, key))
        rows.append((label, _display(key, before.get(key)), _display(key, after.get(key))))
    return rows


def _display(key: str, value) -> str:
    if value is None:
        return "–"
    if key == "role":
        try:
            return str(ROLE_LABELS[Role(value)])
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return str(_l("yes")) if value else str(_l("no"))
    return str(value)
