"""Accounts: sign in and out, my account, passwords, the session."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Sessions, sign-in, the account pages, the reset-password command, audit labels."""
    from planner.audit.labels import register_action_labels, register_field_labels
    from planner.auth import commands, views
    from planner.auth.services import keep_chosen_language
    from planner.auth.sessions import PageSessionInterface
    from planner.core.extensions import login_manager
    from planner.core.signals import language_chosen

    app.session_interface = PageSessionInterface()
    language_chosen.connect(keep_chosen_language)
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    app.register_blueprint(views.bp)
    app.cli.add_command(commands.reset_password_command)
    register_action_labels(
        {
            "auth.login": _l("Signed in"),
            "auth.login_failed": _l("Failed sign-in"),
            "auth.login_throttled": _l("Sign-in refused: too many attempts"),
            "auth.logout": _l("Signed out"),
            "auth.password_changed": _l("Changed password"),
            "auth.password_reset": _l("Was given a new one-time password"),
            "auth.account_changed": _l("Changed account"),
        }
    )
    register_field_labels({"locale": _l("Language")})
