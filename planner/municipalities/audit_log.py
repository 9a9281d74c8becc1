"""The audit log page: who did what and when, for the municipality's administrators."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, render_template, request
from flask_babel import lazy_gettext as _l

from planner.audit.labels import FIELD_LABELS, ID_FIELDS, action_label
from planner.audit.models import AuditEvent
from planner.core.inputs import page_number
from planner.municipalities.roles import ROLE_LABELS, Permission, Role, requires
from planner.municipalities.services import audit_log_page, names_in_events
from planner.municipalities.tenancy import tenant_blueprint

bp = tenant_blueprint("audit", __name__, url_prefix="/audit")


@bp.route("/")
@requires(Permission.VIEW_AUDIT)
def events():
    """The audit log of the municipality, newest first, a page at a time."""
    page = audit_log_page(
        g.municipality,
        page=page_number(request.args),
        per_page=current_app.config["AUDIT_PAGE_SIZE"],
    )
    names = names_in_events(page.items, g.municipality)
    return render_template(
        "audit/events.html",
        page=page,
        action_label=action_label,
        role_labels={role.value: label for role, label in ROLE_LABELS.items()},
        describe_change=lambda event: describe_change(event, names),
    )


def describe_change(
    event: AuditEvent, names: dict[tuple[str, int], str] | None = None
) -> list[tuple[str, str, str]]:
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


def _display(key: str, value: Any, names: dict[tuple[str, int], str] | None = None) -> str:
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
