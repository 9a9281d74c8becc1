"""Programme results: projects (tiltak), indicators and their measurements."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The results pages, the import-measurements command, audit labels."""
    from planner.audit.labels import register_id_field, register_object_labels
    from planner.results import commands, views
    from planner.results.models import Indicator, Project

    app.register_blueprint(views.bp)
    app.cli.add_command(commands.import_measurements_command)
    register_object_labels(
        {
            "project": _l("Project"),
            "indicator": _l("Indicator"),
            "measurement": _l("Measurement"),
            "measurements": _l("Measurements"),
        }
    )
    register_id_field("project", Project, Project.name)
    register_id_field("indicator", Indicator, Indicator.name)
