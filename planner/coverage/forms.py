"""The report's period and status filter: a GET form, so every report is a link to share."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from planner.core.forms_common import LocalDateField
from planner.coverage import periods
from planner.coverage.services import BOTH, PLANNED, PUBLISHED

PERIOD_LABELS = {
    periods.NEXT_WEEKS: _l("Next 4 weeks"),
    periods.MONTH: _l("This month"),
    periods.QUARTER: _l("This quarter"),
    periods.STRATEGY: _l("The strategy's period"),
    periods.CUSTOM: _l("Dates of my choice"),
}
STATUS_LABELS = {
    BOTH: _l("Planned and published"),
    PLANNED: _l("Planned only"),
    PUBLISHED: _l("Published only"),
}


class CoverageForm(FlaskForm):
    class Meta:
        csrf = False

    period = RadioField(_l("Period"), default=periods.DEFAULT_KIND, validators=[Optional()])
    start = LocalDateField(
        _l("From"),
        validators=[Optional()],
        description=_l("For dates of your choice: the first day, e.g. 2026-03-01."),
    )
    end = LocalDateField(
        _l("To (inclusive)"),
        validators=[Optional()],
        description=_l("The last day, which counts in full."),
    )
    status = RadioField(
        _l("Publications counted"),
        choices=[SelectChoice(key, label) for key, label in STATUS_LABELS.items()],
        default=BOTH,
        validators=[Optional()],
    )

    def set_period_choices(self, *, has_strategy: bool) -> None:
        self.period.choices = [
            SelectChoice(key, label)
            for key, label in PERIOD_LABELS.items()
            if key != periods.STRATEGY or has_strategy
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.period.data != periods.CUSTOM or self.start.errors or self.end.errors:
            return valid
        first, last = self.start.data, self.end.data
        if first is None:
            self.start.errors = [_l("Enter the first day of the period.")]
            return False
        if last is None:
            self.end.errors = [_l("Enter the last day of the period.")]
            return False
        if last < first:
            self.end.errors = [_l("The last day must be on or after the first day.")]
            return False
        if (last - first).days + 1 > periods.MAX_DAYS:
            self.end.errors = [_l("Choose a period of at most five years.")]
            return False
        return valid
