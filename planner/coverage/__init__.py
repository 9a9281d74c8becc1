"""Strategy coverage: how well the plan covers the goals, audiences and channels, and its gaps."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The coverage report, and the filter naming a gap's subject (the report, and the summary on
    the municipality's home page)."""
    from planner.coverage import views
    from planner.coverage.gaps import subject_name

    app.register_blueprint(views.bp)
    app.jinja_env.filters["coverage_gap_subject"] = subject_name
