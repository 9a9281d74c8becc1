"""planner: a communication-strategy planner and content scheduler for Norwegian municipalities."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("PLANNER_INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    register_config(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    return app


def register_config(app: Flask, test_config: dict | None) -> None:
    from planner.config import load_config

    load_config(app, test_config)


def register_extensions(app: Flask) -> None:
    from planner import models, security  # noqa: F401  (models: every table known to the metadata)
    from planner.auth.sessions import PageSessionInterface
    from planner.core import i18n
    from planner.database import dispose_engines_after_fork, end_reads_with_commit
    from planner.extensions import babel, csrf, db, login_manager, migrate
    from planner.logging_redaction import redact_development_server_log
    from planner.municipalities import tenancy

    app.session_interface = PageSessionInterface()
    db.init_app(app)
    # Registered after Flask-SQLAlchemy's, so it runs before the session is removed.
    end_reads_with_commit(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        timezone_selector=i18n.select_timezone,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    i18n.init_app(app)
    security.init_app(app)
    tenancy.init_app(app)
    dispose_engines_after_fork(app)
    redact_development_server_log()


def register_blueprints(app: Flask) -> None:
    from planner.audit.views import bp as audit_bp
    from planner.auth.views import bp as auth_bp
    from planner.calendar.views import bp as calendar_bp
    from planner.core.views import bp as core_bp
    from planner.coverage.views import bp as coverage_bp
    from planner.feeds.views import bp as feeds_bp
    from planner.feeds.views import links as feed_links_bp
    from planner.municipalities.tenancy import check_tenant_views_declare_permissions
    from planner.municipalities.views import bp as municipalities_bp
    from planner.posts.views import bp as posts_bp
    from planner.results.views import bp as results_bp
    from planner.strategy.views import bp as strategy_bp

    for blueprint in (
        core_bp,
        auth_bp,
        municipalities_bp,
        strategy_bp,
        results_bp,
        posts_bp,
        calendar_bp,
        coverage_bp,
        feed_links_bp,
        feeds_bp,
        audit_bp,
    ):
        app.register_blueprint(blueprint)
    check_tenant_views_declare_permissions(app)


def register_commands(app: Flask) -> None:
    from planner.cli import register

    register(app)
