"""Form fields and validators shared by the features."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


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
    """A date input: the browser's date picker, or typed as YYYY-MM-DD or DD.MM.YYYY."""

    FORMATS = ("%Y-%m-%d", "%d.%m.%Y")

    def process_formdata(self, valuelist) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.raw_data = valuelist
        if not text:
            self.data = None
            return
        for fmt in self.FORMATS:
            try:
                self.data = datetime.strptime(text, fmt).date()
                return
            except ValueError:
                continue
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
