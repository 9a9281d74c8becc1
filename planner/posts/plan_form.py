"""The post form with its publications: one page to write a story and plan it on its channels.

Each row is a channel, a date, a time or all day, and the text of its own for that channel. Rows
are added with "Add a channel" (without JavaScript: the form comes back with everything kept and
one more empty row) and an existing one is cancelled with its checkbox. An empty new row is left
out; a row in the past is planned only when "Plan it anyway" is ticked.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, TextAreaField, TimeField
from wtforms.validators import Length, Optional

from planner.core.forms_common import LocalDateField
from planner.core.inputs import parse_id
from planner.posts.forms import PostForm, PublicationForm, channel_choices
from planner.posts.planning import PublicationRow

#: At most this many publication rows in one form (a story on more channels is planned in turns).
MAX_ROWS = 20

PAST_TIME_HINT = _l("The time has passed: the publication will be overdue at once.")


class PublicationRowForm(Form):
    """One publication of the post form; no CSRF token of its own (the post form has one)."""

    #: The planned publication the row changes; empty for a new one.
    publication = HiddenField()
    version = HiddenField()
    channel = PublicationForm.channel
    day = LocalDateField(_l("Date"), validators=[Optional()])
    at = TimeField(_l("Time"), validators=[Optional()])
    all_day = BooleanField(_l("All day (no particular time)"))
    text = TextAreaField(
        _l("Text for this channel"),
        validators=[Length(max=20000)],
        description=_l("Optional. Leave empty to use the post's summary and text."),
        render_kw={"rows": 3},
    )
    confirm_past = BooleanField(_l("Plan it anyway"), description=PAST_TIME_HINT)
    cancel = BooleanField(_l("Cancel this publication"))

    @property
    def publication_id(self) -> int | None:
        return parse_id(self.publication.data)

    def is_blank(self) -> bool:
        """A new row left empty: not a publication, and not an error."""
        return self.publication_id is None and not (
            self.channel.data or self.day.data or self.at.data or (self.text.data or "").strip()
        )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.is_blank() or self.cancel.data:
            return valid
        if self.channel.data is None and not self.channel.errors:
            self.channel.errors = [*self.channel.errors, _l("Choose a channel.")]
            valid = False
        if self.day.data is None and not self.day.errors:
            self.day.errors = [*self.day.errors, _l("Choose the date.")]
            valid = False
        if not self.all_day.data and self.at.data is None and not self.at.errors:
            self.at.errors = [*self.at.errors, _l("Enter a time like 09:00, or choose all day.")]
            valid = False
        return valid

    def values(self) -> dict:
        return {
            "channel": self.channel.data,
            "day": self.day.data,
            "at": self.at.data,
            "all_day": bool(self.all_day.data),
            "text": self.text.data or "",
        }


class PlannedPostForm(PostForm):
    """The post form and its publication rows."""

    publications = FieldList(FormField(PublicationRowForm), min_entries=1, max_entries=MAX_ROWS)

    def set_channel_choices(self, channels) -> None:
        """The channels every row may choose (a row's current inactive channel included)."""
        self._channels = list(channels)
        for entry in self.publications:
            self._set_row_choices(entry.form)

    def _set_row_choices(self, row: PublicationRowForm) -> None:
        row.channel.choices = channel_choices(self._channels)

    def add_row(self, *, channel_id: int | None = None) -> bool:
        """One more empty row (the "Add a channel" button); False when the form has the most."""
        if len(self.publications) >= MAX_ROWS:
            return False
        entry = self.publications.append_entry()
        self._set_row_choices(entry.form)
        entry.form.channel.data = channel_id
        return True

    def fill_rows(self, publications, zone) -> None:
        """Rows for the post's planned publications and one empty row (GET of the edit page)."""
        while len(self.publications):
            self.publications.pop_entry()
        for publication in publications:
            self.add_row()
            row = self.publications[-1].form
            local = publication.publish_at.astimezone(zone)
            row.publication.data = str(publication.id)
            row.version.data = str(publication.version)
            row.channel.data = publication.channel_id
            row.day.data = local.date()
            row.at.data = None if publication.all_day else local.time().replace(tzinfo=None)
            row.all_day.data = publication.all_day
            row.text.data = publication.text
        self.add_row()

    def rows(self) -> list[PublicationRow]:
        """The rows to save, blank new rows left out."""
        return [
            PublicationRow(
                index=index,
                publication_id=row.publication_id,
                version=(row.version.raw_data or [None])[0],
                confirm_past=bool(row.confirm_past.data),
                cancel=bool(row.cancel.data),
                **row.values(),
            )
            for index, entry in enumerate(self.publications)
            if not (row := entry.form).is_blank()
        ]

    def row_field(self, index: int, name: str):
        return self.publications[index].form[name]

    def row_errors(self) -> list[tuple[int, object]]:
        """(row number from 1, field) for every row field with an error, for the error summary."""
        return [
            (index + 1, field)
            for index, entry in enumerate(self.publications)
            for field in entry.form
            if field.errors and field.type != "HiddenField"
        ]


class NewPlannedPostForm(PlannedPostForm):
    """A new post: "Save as idea" leaves the rows out (an idea has no time yet) unless filled."""
