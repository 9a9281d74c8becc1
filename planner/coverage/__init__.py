"""Strategy coverage: how well the plan covers the goals, audiences and channels, and its gaps."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The coverage report."""
    from planner.coverage import views

    app.register_blueprint(views.bp)
