from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    StopValidation,
    ValidationError,
)

from planner.core.crud import EntityForm
from planner.core.forms_common import WholeNumberField
from planner.core.i18n import language_choices
from planner.core.once import OneTimeForm
from planner.municipalities.roles import ROLE_LABELS, Role
from planner.municipalities.services import (
    MAX_REVIEW_WORKING_DAYS,
    is_valid_timezone,
    timezone_choices,
)


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(role.value, ROLE_LABELS[role]) for role in Role]


class AddMemberForm(OneTimeForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter the e-mail address.")),
            Email(message=_l("Enter an e-mail address like name@kommune.no.")),
            Length(max=254, message=_l("The e-mail address is too long.")),
        ],
        description=_l("If the person already has an account, they are added with it."),
    )
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter the name.")),
            Length(max=120, message=_l("The name can be at most %(max)d characters.")),
        ],
    )
    role = SelectField(_l("Role"), choices=role_choices, default=Role.EDITOR.value)


class ChangeRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices)


class MembershipActionForm(FlaskForm):
    """Only carries the CSRF token for deactivate and reactivate."""


def valid_timezone(form, field) -> None:  # noqa: ARG001
    """An IANA zone name that both zoneinfo and Babel's pytz know (not e.g. "localtime").

    The one check of the field: it is a list that always has a choice, so it is not marked
    `required` (a required select must begin with an empty option, which this one has not).
    """
    if not field.data:
        raise StopValidation(_l("Choose a time zone."))
    if not is_valid_timezone(field.data):
        raise ValidationError(_l("Enter a time zone like Europe/Oslo."))


class SettingsForm(EntityForm):
    """The municipality's settings; carries the version they were opened with."""

    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter the name of the municipality.")),
            Length(max=120, message=_l("The name can be at most %(max)d characters.")),
        ],
    )
    language = SelectField(
        _l("Language"),
        choices=language_choices,
        description=_l("The language members see unless they have chosen their own."),
    )
    timezone = SelectField(
        _l("Time zone"),
        choices=timezone_choices,
        validate_choice=False,
        validators=[valid_timezone],
        description=_l("Dates and times are shown in this zone (IANA name, e.g. Europe/Oslo)."),
    )

    def offer_timezones(self, current: str | None) -> None:
        """Offer every zone, and the municipality's own even if it is an older alias."""
        self.timezone.choices = timezone_choices(current)

    public_feeds = BooleanField(
        _l("Publish public feeds"),
        description=_l("Lets anyone read published posts on external channels as feeds."),
    )
    review_working_days = WholeNumberField(
        _l("Approval deadline, in working days"),
        validators=[
            InputRequired(_l("Enter how many working days before publication a post is approved.")),
            NumberRange(
                min=0,
                max=MAX_REVIEW_WORKING_DAYS,
                message=_l(
                    "Enter a whole number of working days from 0 to %(max)d.",
                    max=MAX_REVIEW_WORKING_DAYS,
                ),
            ),
        ],
        default=2,
        description=_l(
            "A post must be approved this many working days before its first publication. "
            "Weekends and public holidays are not working days."
        ),
    )
