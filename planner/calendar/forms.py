from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired

from planner.core.forms_common import LocalDateField


class MoveForm(FlaskForm):
    """Move a publication to another day (drag-and-drop, or a plain form POST)."""

    day = LocalDateField(_l("New date"), validators=[DataRequired(_l("Choose the date."))])
    #: The publication's version the calendar showed (a move from an older one is refused).
    version = HiddenField()
    #: Where a plain form POST goes back to.
    next = HiddenField()
    #: "1" when the move takes an earlier move back (Undo): said so, and no Undo of the Undo.
    undo = HiddenField()
