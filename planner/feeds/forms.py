"""The form that makes a feed link."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from planner.core.forms_common import optional_int
from planner.core.once import OneTimeForm
from planner.feeds.models import FEED_SCOPE_LABELS, SCOPES_WITH_OBJECT, FeedScope


class FeedLinkForm(OneTimeForm):
    name = StringField(
        _l("Name of the link"),
        validators=[DataRequired(_l("Give the link a name.")), Length(max=120)],
        description=_l("So you know it again, e.g. “Outlook at work” or “The intranet”."),
    )
    scope = RadioField(
        _l("What the feed shows"),
        choices=[SelectChoice(scope.value, FEED_SCOPE_LABELS[scope]) for scope in FeedScope],
        default=FeedScope.ALL.value,
        validators=[DataRequired()],
    )
    channel = SelectField(_l("Channel"), coerce=optional_int, validate_choice=True)
    audience = SelectField(_l("Audience"), coerce=optional_int, validate_choice=True)
    goal = SelectField(_l("Goal"), coerce=optional_int, validate_choice=True)

    def set_scope_choices(self, *, channel, audience, goal) -> None:
        for field, objects in (
            (self.channel, channel),
            (self.audience, audience),
            (self.goal, goal),
        ):
            field.choices = [SelectChoice(None, _l("Choose"))] + [
                SelectChoice(obj.id, getattr(obj, "name", None) or obj.title) for obj in objects
            ]

    def chosen_scope_id(self) -> int | None:
        scope = FeedScope(self.scope.data)
        return self[scope.value].data if scope in SCOPES_WITH_OBJECT else None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and FeedScope(self.scope.data) in SCOPES_WITH_OBJECT:
            field = self[self.scope.data]
            if field.data is None:
                field.errors = [_l("Choose what the feed is about.")]
                return False
        return valid
