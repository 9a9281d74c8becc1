"""The one mechanism that scopes every tenant page to its municipality and checks the role.

Tenant blueprints are made with `tenant_blueprint()`: their URLs start with /m/<slug>/, and before
any view runs the municipality is loaded from the URL, the signed-in user's active membership is
required (anything else is a 404, so another municipality's data is never confirmed to exist) and
the permission the view declared with `requires()` is checked against the membership's role.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import MethodNotAllowed

from planner.municipalities.roles import Permission, role_allows
from planner.municipalities.services import active_membership, find_municipality

TENANT_PREFIX = "/m/<slug>"
_tenant_blueprints: set[str] = set()


def tenant_blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    blueprint = Blueprint(name, import_name, url_prefix=TENANT_PREFIX + url_prefix)
    blueprint.url_value_preprocessor(load_tenant)
    _tenant_blueprints.add(name)
    return blueprint


def load_tenant(endpoint: str | None, values: dict | None) -> None:
    municipality, membership = _require_membership((values or {}).pop("slug", None))
    g.municipality = municipality
    g.membership = membership
    view = current_app.view_functions.get(endpoint) if endpoint else None
    permission = getattr(view, "required_permission", None)
    if permission is None or not role_allows(membership.role, permission):
        abort(403)


def _require_membership(slug: str | None):
    """Send the anonymous to sign in; give anyone who is not an active member a 404."""
    if not current_user.is_authenticated:
        abort(redirect(url_for("auth.login", next=request.full_path.rstrip("?"))))
    municipality = find_municipality(slug) if slug else None
    membership = active_membership(current_user, municipality) if municipality else None
    if membership is None:
        abort(404)
    return municipality, membership


def guard_unroutable_tenant_requests() -> None:
    """A wrong method on another municipality's URL is a 404 too, not a 405 that confirms it."""
    if isinstance(request.routing_exception, MethodNotAllowed) and request.path.startswith("/m/"):
        _require_membership(request.path.split("/")[2])


def add_current_slug(endpoint: str, values: dict) -> None:
    """Fill in the current municipality's slug when a tenant URL is built without one."""
    if endpoint.split(".", 1)[0] not in _tenant_blueprints or "slug" in values:
        return
    if getattr(g, "municipality", None) is not None:
        values["slug"] = g.municipality.slug


def can(permission: Permission | str) -> bool:
    """Tell whether the current member may do something in the current municipality."""
    membership = getattr(g, "membership", None)
    return membership is not None and role_allows(membership.role, Permission(permission))


def init_app(app: Flask) -> None:
    app.url_defaults(add_current_slug)
    app.before_request(guard_unroutable_tenant_requests)
    app.jinja_env.globals["can"] = can


def check_tenant_views_declare_permissions(app: Flask) -> None:
    """Refuse to start if a tenant view forgot to declare its permission (fail closed)."""
    missing = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint.split(".", 1)[0] in _tenant_blueprints
        and not isinstance(getattr(view, "required_permission", None), Permission)
    ]
    if missing:
        raise RuntimeError(f"tenant views without a declared permission: {', '.join(missing)}")


def tenant_endpoints(app: Flask) -> list[str]:
    return [e for e in app.view_functions if e.split(".", 1)[0] in _tenant_blueprints]
