"""Forms for projects, indicators, measurements and CSV import."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from planner.core.crud import EntityForm
from planner.core.forms_common import (
    LocalDateField,
    MultiCheckboxField,
    not_before,
    optional_int,
    strictly_after,
)
from planner.core.numbers import LocalDecimalField
from planner.results.csv_io import MAX_ABSOLUTE_VALUE
from planner.results.models import DIRECTION_LABELS, Direction, Project
from planner.strategy.models import THEME_LABELS, Goal, Theme

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def target_in_the_better_direction(form, field) -> None:
    """A target lies on the better side of the baseline: below it when lower is better."""
    target, baseline = field.number, form.baseline_value.number
    if target is None or baseline is None or target == baseline:
        return
    if form.direction.data == Direction.LOWER.value and target > baseline:
        raise ValidationError(
            _l("Lower is better, so the target must be below the baseline. Check the direction.")
        )
    if form.direction.data == Direction.HIGHER.value and target < baseline:
        raise ValidationError(
            _l("Higher is better, so the target must be above the baseline. Check the direction.")
        )


def fits_the_value_column(form, field) -> None:
    """At most four decimals and twelve digits before the point, as the database keeps."""
    number = field.number
    if number is None:
        return
    if abs(number) >= MAX_ABSOLUTE_VALUE:
        raise ValidationError(_l("The number is too large."))
    if number != number.quantize(Decimal("0.0001")):
        raise ValidationError(_l("Use at most four decimals."))


def theme_choices() -> list[SelectChoice]:
    return [SelectChoice(theme.value, THEME_LABELS[theme]) for theme in Theme]


def goal_choices(goals: Sequence[Goal]) -> list[SelectChoice]:
    return [
        SelectChoice(goal.id, f"{goal.title} ({_l('archived')})" if goal.archived else goal.title)
        for goal in goals
    ]


class ProjectForm(EntityForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter a name.")), Length(max=200)],
        description=_l("For example “Fra vikar til fast”. Each project needs its own name."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=5000)],
        description=_l("What the project does, for whom, and why."),
    )
    theme = SelectField(_l("Theme"), choices=theme_choices, default=Theme.OTHER.value)
    period_start = LocalDateField(
        _l("Start date"),
        validators=[InputRequired(_l("Enter the date the project starts."))],
        description=_l("Like 2012-01-01 or 01.01.2012."),
    )
    period_end = LocalDateField(
        _l("End date (optional)"),
        validators=[
            Optional(),
            not_before("period_start", _l("The end date cannot be before the start date.")),
        ],
        description=_l("Leave empty while the project runs on."),
    )
    goals = MultiCheckboxField(_l("Goals the project serves"), coerce=int, choices=[])

    def offer_goals(self, goals: Sequence[Goal]) -> None:
        self.goals.choices = goal_choices(goals)


class IndicatorForm(EntityForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter a name.")), Length(max=200)],
        description=_l("What is measured, for example “Ufrivillig deltid”."),
    )
    unit = StringField(
        _l("Unit"),
        validators=[DataRequired(_l("Enter a unit.")), Length(max=40)],
        description=_l("For example %, employees, NOK or residents."),
    )
    direction = RadioField(
        _l("Which way is better?"),
        choices=[SelectChoice(d.value, DIRECTION_LABELS[d]) for d in Direction],
        default=Direction.HIGHER.value,
        validators=[InputRequired(_l("Choose which way is better."))],
    )
    baseline_value = LocalDecimalField(
        _l("Baseline value"),
        validators=[fits_the_value_column],
        description=_l("The value when the work started, like 50 or 7,5."),
    )
    baseline_date = LocalDateField(
        _l("Baseline date"), validators=[InputRequired(_l("Enter the date of the baseline."))]
    )
    target_value = LocalDecimalField(
        _l("Target value (optional)"),
        required=False,
        validators=[fits_the_value_column, target_in_the_better_direction],
    )
    target_date = LocalDateField(
        _l("Target date (optional)"),
        validators=[
            Optional(),
            strictly_after(
                "baseline_date", _l("The target date must come after the baseline date.")
            ),
        ],
    )
    source = StringField(
        _l("Source (optional)"),
        validators=[Optional(), Length(max=200)],
        description=_l(
            "Where the numbers come from, e.g. HR system, 10-FAKTOR or a citizen survey."
        ),
    )
    project_id = SelectField(_l("Project"), coerce=optional_int, choices=[])
    goals = MultiCheckboxField(_l("Goals the indicator measures"), coerce=int, choices=[])

    def offer_projects(self, projects: Sequence[Project]) -> None:
        self.project_id.choices = [SelectChoice("", _l("No project"))] + [
            SelectChoice(
                project.id,
                f"{project.name} ({_l('archived')})" if project.archived else project.name,
            )
            for project in projects
        ]

    def offer_goals(self, goals: Sequence[Goal]) -> None:
        self.goals.choices = goal_choices(goals)


class MeasurementForm(EntityForm):
    measured_on = LocalDateField(
        _l("Date"),
        validators=[InputRequired(_l("Enter the date of the measurement."))],
        description=_l("Like 2014-12-31 or 31.12.2014."),
    )
    value = LocalDecimalField(
        _l("Value"),
        validators=[fits_the_value_column],
        description=_l("A decimal comma or point, like 7,5 or 7.5."),
    )
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Keep the note within 500 characters.")),
        ],
    )


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV file"),
        validators=[
            FileRequired(_l("Choose a CSV file.")),
            FileAllowed(["csv", "txt"], _l("Choose a file that ends in .csv.")),
            FileSize(MAX_IMPORT_BYTES, message=_l("The file is larger than 2 MB.")),
        ],
    )
