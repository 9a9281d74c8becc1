"""The audit log page: who did what and when, for the municipality's administrators."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, g, render_template, request
from flask_babel import lazy_gettext as _l

from planner.audit.labels import FIELD_LABELS, ID_FIELDS, action_label
from planner.core.extensions import db
from planner.municipalities.roles import ROLE_LABELS, Permission, Role, requires
from planner.municipalities.services import municipality_events_query
from planner.municipalities.tenancy import tenant_blueprint

bp = tenant_blueprint("audit", __name__, url_prefix="/audit")


@bp.route("/")
@requires(Permission.VIEW_AUDIT)
def events():
    """The audit log of the municipality, newest first, a page at a time."""
    page = db.paginate(
        municipality_events_query(g.municipality),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["AUDIT_PAGE_SIZE"],
        error_out=False,
    )
    names = names_in(page.items)
    return render_template(
        "audit/events.html",
        page=page,
        action_label=action_label,
        role_labels={role.value: label for role, label in ROLE_LABELS.items()},
        describe_change=lambda event: describe_change(event, names),
    )


def names_in(events) -> dict[tuple[str, int], str]:
    """Names for the ids the events mention, one query per kind of object."""
    fields = ID_FIELDS
    wanted: dict[str, set[int]] = {}
    for event in events:
        for values in (event.before or {}, event.after or {}):
            for key, value in values.items():
                if key in fields:
                    ids = value if isinstance(value, list) else [value]
                    wanted.setdefault(key, set()).update(i for i in ids if isinstance(i, int))
    names = {}
    for key, ids in wanted.items():
        model, column = fields[key]
        query = sa.select(model.id, column).where(model.id.in_(ids))
        if hasattr(model, "municipality_id"):
            query = query.where(model.municipality_id == g.municipality.id)
        names.update({(key, object_id): name for object_id, name in db.session.execute(query)})
    return names


def describe_change(event, names: dict | None = None) -> list[tuple[str, str, str]]:
    """Rows of (field, before, after) for the fields an event changed."""
    before = event.before or {}
    after = event.after or {}
    rows = []
    for key in sorted(set(before) | set(after)):
        label = str(FIELD_LABELS.get(key, key))
        rows.append(
            (label, _display(key, before.get(key), names), _display(key, after.get(key), names))
        )
    return rows


def _display(key: str, value, names: dict | None = None) -> str:
    if value is None:
        return "–"
    if names is not None and key in ID_FIELDS:
        ids = value if isinstance(value, list) else [value]
        shown = [names.get((key, i), f"#{i}") for i in ids]
        return ", ".join(shown) if shown else "–"
    if key == "role":
        try:
            return str(ROLE_LABELS[Role(value)])
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return str(_l("yes")) if value else str(_l("no"))
    return str(value)
