"""planner: a communication-strategy planner and content scheduler for Norwegian municipalities.

`create_app` builds the application from its features in layer order, bottom to top (see
"Architecture" in README.md): each feature's `init_app` registers its own blueprints, template
helpers, commands, hooks and registry entries.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from planner import (
    audit,
    auth,
    calendar,
    core,
    coverage,
    demo,
    digests,
    feeds,
    home,
    jobs,
    municipalities,
    notifications,
    posts,
    results,
    strategy,
)
from planner.core.config import load_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("PLANNER_INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    load_config(app, test_config)
    core.init_app(app, migrations_directory=str(PROJECT_ROOT / "migrations"))
    audit.init_app(app)
    auth.init_app(app)
    municipalities.init_app(app)
    jobs.init_app(app)
    strategy.init_app(app)
    results.init_app(app)
    posts.init_app(app)
    calendar.init_app(app)
    feeds.init_app(app)
    coverage.init_app(app)
    notifications.init_app(app)
    home.init_app(app)
    digests.init_app(app)
    demo.init_app(app)
    municipalities.check_tenant_views_declare_permissions(app)
    return app
