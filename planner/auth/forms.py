from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from planner.core.crud import EntityForm
from planner.core.i18n import language_choices


def minimum_password_length(form, field) -> None:  # noqa: ARG001
    minimum = current_app.config["MIN_PASSWORD_LENGTH"]
    if len(field.data or "") < minimum:
        raise ValidationError(
            _l("The password must be at least %(count)s characters long.", count=minimum)
        )


#: Longer than any passphrase a person types or a password manager makes; a bound, so that no
#: request makes the server hash megabytes.
MAX_PASSWORD_LENGTH = 1024


def password_length_limit() -> Length:
    return Length(
        max=MAX_PASSWORD_LENGTH, message=_l("The password can be at most %(max)d characters.")
    )


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("The e-mail address is too long.")),
        ],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), password_length_limit()],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class AccountForm(EntityForm):
    """Name and language; carries `account_version` as its version (set by the view)."""

    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(max=120, message=_l("The name can be at most %(max)d characters.")),
        ],
        render_kw={"autocomplete": "name"},
    )
    locale = SelectField(
        _l("Language"),
        choices=lambda: language_choices(follow_municipality=True),
        description=_l("The language of the interface, wherever you work."),
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), password_length_limit()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Enter a new password.")),
            minimum_password_length,
            password_length_limit(),
        ],
        description=_l("At least 12 characters. A sentence you remember is a good password."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            password_length_limit(),
            EqualTo("new_password", message=_l("The two new passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class LogoutForm(FlaskForm):
    """Only carries the CSRF token: signing out is a POST."""
