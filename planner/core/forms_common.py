"""Form fields and validators shared by the features."""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectMultipleField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from planner.core.inputs import EARLIEST_DATE, LATEST_DATE, date_in_range


def optional_int(value) -> int | None:
    """Coerce a select's value to an id, with the empty choice meaning none."""
    return int(value) if value not in (None, "", "None") else None


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (the form macro renders them as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        allowed = {self.coerce(choice.value) for choice in self.choices or []}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(_l("Choose only among the options shown."))


class LocalDateField(DateField):
    """A date input: the browser's date picker, or typed as YYYY-MM-DD or DD.MM.YYYY.

    Only dates the product accepts (`core.inputs`: 1900 to 2199) are read; any other is the
    field's error, so no path can store a date that fails later across a time zone or in a feed.
    """

    FORMATS = ("%Y-%m-%d", "%d.%m.%Y")

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        render_kw = {
            "min": EARLIEST_DATE.isoformat(),
            "max": LATEST_DATE.isoformat(),
            **(kwargs.pop("render_kw", None) or {}),
        }
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    #: A date was typed, but outside the range (the field's error, before any validator).
    out_of_range = False

    def pre_validate(self, form) -> None:
        if self.out_of_range:
            # Before the validators, which would otherwise say "choose a date" instead.
            raise StopValidation(
                _l(
                    "Enter a date in the years %(first)d to %(last)d.",
                    first=EARLIEST_DATE.year,
                    last=LATEST_DATE.year,
                )
            )

    def process_formdata(self, valuelist) -> None:
        self.out_of_range = False
        text = (valuelist[0] if valuelist else "").strip()
        self.raw_data = valuelist
        if not text:
            self.data = None
            return
        for fmt in self.FORMATS:
            try:
                day = datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            self.out_of_range = not date_in_range(day)
            self.data = None if self.out_of_range else day
            return
        self.data = None
        raise ValueError(_l("Enter a date like 2026-03-23."))


def not_before(start_field: str, message):
    """Validator: this date is on or after another field's date."""

    def check(form, field) -> None:
        start = form[start_field].data
        if field.data and start and field.data < start:
            raise ValidationError(message)

    return check


def strictly_after(start_field: str, message):
    """Validator: this date comes after another field's date."""

    def check(form, field) -> None:
        start = form[start_field].data
        if field.data and start and field.data <= start:
            raise ValidationError(message)

    return check


class WholeNumberField(IntegerField):
    """A whole number typed in digits (an optional sign, at most MAX_DIGITS of them).

    WTForms' IntegerField reads any length, and its NumberRange then fails on a number too large
    for a float; this one refuses such input as the field's error before any validator runs.
    Give it a NumberRange for the values the field accepts.
    """

    MAX_DIGITS = 9

    def process_formdata(self, valuelist) -> None:
        self.raw_data = valuelist
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            self.data = None
            return
        if not re.fullmatch(rf"[-+]?[0-9]{{1,{self.MAX_DIGITS}}}", text):
            self.data = None
            raise ValueError(_l("Enter a whole number, like 3."))
        self.data = int(text)
