"""Programme results: projects (tiltak), indicators and their measurements."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The results pages and their template helpers, the import-measurements command, what
    refers to projects, indicators and goals, audit labels."""
    import sqlalchemy as sa
    from flask import url_for
    from flask_babel import format_date

    from planner.audit.changes import register_references
    from planner.audit.labels import (
        describe_rows,
        register_id_field,
        register_object_labels,
        register_object_link,
        register_value_labels,
    )
    from planner.results import commands, services, views
    from planner.results.models import DIRECTION_LABELS, Indicator, Measurement, Project
    from planner.results.presentation import TEMPLATE_GLOBALS
    from planner.strategy.models import Goal

    app.register_blueprint(views.bp)
    # Number and label helpers for every template, also macros imported without context.
    app.jinja_env.globals.update(TEMPLATE_GLOBALS)
    app.cli.add_command(commands.import_measurements_command)
    register_references(Project, _l("Indicators"), services.count_indicators_of_project)
    register_references(Indicator, _l("Measurements"), services.count_measurements_of_indicator)
    register_references(Goal, _l("Projects"), services.count_projects_of_goal)
    register_references(Goal, _l("Indicators"), services.count_indicators_of_goal)
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
    # The audit log: codes by their labels, objects by their names with a link to their page.
    register_value_labels("direction", DIRECTION_LABELS)
    register_object_link(
        "project",
        describe_rows(
            sa.select(Project.id, Project.name),
            tenant_column=Project.municipality_id,
            name=lambda row: row.name,
            url=lambda row: url_for("results.project", project_id=row.id),
        ),
    )
    register_object_link(
        "indicator",
        describe_rows(
            sa.select(Indicator.id, Indicator.name),
            tenant_column=Indicator.municipality_id,
            name=lambda row: row.name,
            url=lambda row: url_for("results.indicator", indicator_id=row.id),
        ),
    )
    register_object_link(
        "measurement",
        describe_rows(
            sa.select(Measurement.id, Measurement.measured_on, Indicator.id.label("indicator_id"))
            .add_columns(Indicator.name)
            .join(Indicator, Measurement.indicator_id == Indicator.id),
            tenant_column=Indicator.municipality_id,
            name=lambda row: f"{row.name}, {format_date(row.measured_on, 'long')}",
            url=lambda row: url_for("results.indicator", indicator_id=row.indicator_id),
        ),
    )
