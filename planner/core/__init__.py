"""The base every feature builds on: the database, extensions, time, numbers, caching, forms,
languages, security headers, and the pages outside any municipality (language switch, health,
errors). It imports no feature."""

from __future__ import annotations

from pathlib import Path

from flask import Flask


def init_app(app: Flask, *, migrations_directory: str) -> None:
    """Bind the extensions, the database setup, languages and security headers; the core pages."""
    from planner.core import i18n, inputs, security, status, views
    from planner.core.db import connections, transactions
    from planner.core.extensions import babel, csrf, db, migrate
    from planner.core.logging_redaction import install_log_redaction

    inputs.init_app(app)
    db.init_app(app)
    connections.configure_every_connection()
    connections.dispose_engines_after_fork(app)
    # Registered after Flask-SQLAlchemy's teardown, so it runs before the session is removed.
    transactions.end_reads_with_commit(app)
    migrate.init_app(app, db, directory=migrations_directory)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        timezone_selector=i18n.select_timezone,
        default_translation_directories=str(Path(__file__).parent.parent / "translations"),
    )
    i18n.init_app(app)
    security.init_app(app)
    status.init_app(app)
    install_log_redaction()
    app.register_blueprint(views.bp)
