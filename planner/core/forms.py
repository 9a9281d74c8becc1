from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField

from planner.core.i18n import LANGUAGE_CHOICES


class LanguageForm(FlaskForm):
    locale = SelectField(choices=LANGUAGE_CHOICES)
    next = HiddenField()
