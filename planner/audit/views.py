from __future__ import annotations

import sqlalchemy as sa
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
    "auth.password_reset": _l("Was given a new one-time password"),
    "membership.added": _l("Member added"),
    "membership.role_changed": _l("Role changed"),
    "membership.deactivated": _l("Member deactivated"),
    "membership.reactivated": _l("Member reactivated"),
    "municipality.settings_changed": _l("Settings changed"),
    "municipality.created": _l("Municipality created"),
    "post.start": _l("Post: writing started"),
    "post.submit": _l("Post submitted for review"),
    "post.approve": _l("Post approved"),
    "post.reject": _l("Post sent back to draft"),
    "post.withdraw": _l("Post withdrawn from review"),
    "post.reopen": _l("Post reopened for changes"),
    "post.archive": _l("Post archived"),
    "post.restore": _l("Post restored as draft"),
    "post.commented": _l("Comment on a post"),
    "feed.created": _l("Feed link made"),
    "feed.revoked": _l("Feed link revoked"),
}


#: For "<object>.<verb>" actions of the features: "Goal created", "Indicator archived", …
OBJECT_LABELS = {
    "strategy": _l("Strategy"),
    "goal": _l("Goal"),
    "audience": _l("Audience"),
    "channel": _l("Channel"),
    "key_message": _l("Key message"),
    "project": _l("Project"),
    "indicator": _l("Indicator"),
    "measurement": _l("Measurement"),
    "measurements": _l("Measurements"),
    "post": _l("Post"),
    "publication": _l("Publication"),
}
VERB_LABELS = {
    "created": _l("created"),
    "updated": _l("changed"),
    "archived": _l("archived"),
    "restored": _l("restored"),
    "deleted": _l("deleted"),
    "moved": _l("moved"),
    "status_changed": _l("status changed"),
    "added": _l("added"),
    "imported": _l("imported"),
    "cancelled": _l("cancelled"),
    "published": _l("marked as published"),
}

FIELD_LABELS = {
    "role": _l("Role"),
    "active": _l("Access"),
    "name": _l("Name"),
    "language": _l("Language"),
    "timezone": _l("Time zone"),
    "public_feeds": _l("Public feeds"),
    "new_account": _l("New account"),
    "title": _l("Title"),
    "vision": _l("Vision"),
    "core_story": _l("Core story"),
    "status": _l("Status"),
    "archived": _l("Archived"),
    "position": _l("Order"),
    "description": _l("Description"),
    "theme": _l("Theme"),
    "priority": _l("Priority"),
    "owner_id": _l("Owner"),
    "reach": _l("Reach"),
    "needs": _l("Needs"),
    "barriers": _l("Barriers"),
    "perception": _l("Current perception"),
    "notes": _l("Notes"),
    "kind": _l("Kind"),
    "cadence_count": _l("Cadence"),
    "cadence_period": _l("Per"),
    "colour": _l("Colour"),
    "character_limit": _l("Character limit"),
    "text": _l("Text"),
    "audience_id": _l("Audience"),
    "period_start": _l("Period from"),
    "period_end": _l("Period to"),
    "goals": _l("Goals"),
    "project": _l("Project"),
    "unit": _l("Unit"),
    "direction": _l("Direction"),
    "baseline_value": _l("Baseline value"),
    "baseline_date": _l("Baseline date"),
    "target_value": _l("Target value"),
    "target_date": _l("Target date"),
    "source": _l("Source"),
    "measured_on": _l("Date"),
    "value": _l("Value"),
    "note": _l("Note"),
    "indicator": _l("Indicator"),
    "added": _l("Added"),
    "updated": _l("Updated"),
    "unchanged": _l("Unchanged"),
    "file": _l("File"),
    "summary": _l("Summary"),
    "body": _l("Text"),
    "template": _l("Story template"),
    "owner": _l("Responsible"),
    "location": _l("Location"),
    "event_starts_at": _l("Starts"),
    "event_ends_at": _l("Ends"),
    "audiences": _l("Audiences"),
    "indicators": _l("Results"),
    "channel": _l("Channel"),
    "publish_at": _l("Time"),
    "all_day": _l("All day"),
    "url": _l("Link"),
    "post": _l("Post"),
    "reason": _l("Reason"),
    "comment": _l("Comment"),
    "scope": _l("Shows"),
    "scope_id": _l("Of"),
}


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    subject, _, verb = action.partition(".")
    if subject in OBJECT_LABELS and verb in VERB_LABELS:
        return f"{OBJECT_LABELS[subject]} {VERB_LABELS[verb]}"
    return action


@bp.route("/")
@requires(Permission.VIEW_AUDIT)
def events():
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


_ID_FIELD_NAMES = ("owner_id", "audience_id", "project", "goals", "indicator", "channel", "post")


def _id_fields() -> dict:
    """Audit fields that hold ids, with the model and the column to show instead."""
    from planner.auth.models import User
    from planner.posts.models import Post
    from planner.results.models import Indicator, Project
    from planner.strategy.models import Audience, Channel, Goal

    return {
        "owner_id": (User, User.name),
        "audience_id": (Audience, Audience.name),
        "project": (Project, Project.name),
        "goals": (Goal, Goal.title),
        "indicator": (Indicator, Indicator.name),
        "channel": (Channel, Channel.name),
        "post": (Post, Post.title),
    }


def names_in(events) -> dict[tuple[str, int], str]:
    """Names for the ids the events mention, one query per kind of object."""
    fields = _id_fields()
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
    if names is not None and key in _ID_FIELD_NAMES:
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
