"""The planning calendar: month, week and agenda views, the idea backlog and rescheduling."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The calendar pages."""
    from planner.calendar import views

    app.register_blueprint(views.bp)
