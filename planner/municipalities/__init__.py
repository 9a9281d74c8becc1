"""Municipalities (tenants): the tenancy guard, roles, members, settings and the audit log page."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Tenancy, the content version, members and settings pages, the audit log, commands."""
    import sqlalchemy as sa
    from flask import url_for
    from flask_login import current_user

    from planner.audit.labels import (
        describe_rows,
        register_action_labels,
        register_object_link,
        register_value_labels,
    )
    from planner.auth.models import User
    from planner.municipalities import audit_log, commands, content_version, tenancy, views
    from planner.municipalities.models import Membership, Municipality
    from planner.municipalities.roles import ROLE_LABELS
    from planner.municipalities.services import municipalities_of

    tenancy.init_app(app)
    content_version.raise_content_versions_on_flush()
    app.register_blueprint(views.bp)
    app.register_blueprint(audit_log.bp)
    app.cli.add_command(commands.create_municipality_command)
    app.cli.add_command(commands.create_user_command)

    @app.context_processor
    def inject_my_municipalities() -> dict:
        """The municipalities of the signed-in person, for the layout's switcher."""
        if current_user.is_authenticated:
            return {"my_municipalities": municipalities_of(current_user)}
        return {}

    register_action_labels(
        {
            "membership.added": _l("Member added"),
            "membership.role_changed": _l("Role changed"),
            "membership.deactivated": _l("Member deactivated"),
            "membership.reactivated": _l("Member reactivated"),
            "municipality.settings_changed": _l("Settings changed"),
            "municipality.created": _l("Municipality created"),
        }
    )
    # The audit log: roles by their labels; members and the settings by name, with a link.
    register_value_labels("role", ROLE_LABELS)
    register_object_link(
        "membership",
        describe_rows(
            sa.select(Membership.id, User.name).join(User, Membership.user_id == User.id),
            tenant_column=Membership.municipality_id,
            name=lambda row: row.name,
            url=lambda row: url_for("municipalities.edit_member", membership_id=row.id),
        ),
        label=_l("Member"),
    )
    register_object_link(
        "municipality",
        describe_rows(
            sa.select(Municipality.id, Municipality.name),
            tenant_column=Municipality.id,
            name=lambda row: row.name,
            url=lambda row: url_for("municipalities.settings"),
        ),
        label=_l("Settings"),
    )


def check_tenant_views_declare_permissions(app: Flask) -> None:
    """Refuse to start if a view of a municipality forgot to declare its permission (after every
    feature has registered its pages)."""
    from planner.municipalities import tenancy

    tenancy.check_tenant_views_declare_permissions(app)
