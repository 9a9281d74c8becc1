"""Every text a form takes has a maximum length, and the form's maximum fits the column it is
saved in: a too-long value is the field's own error, never a database error (or, on SQLite, a
value longer than its column that PostgreSQL would refuse later, at an import or a restore)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SearchField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import Length

import planner
from planner.auth.forms import AccountForm
from planner.auth.models import User
from planner.feeds.forms import FeedLinkForm
from planner.feeds.models import FeedToken
from planner.municipalities.forms import AddMemberForm, SettingsForm
from planner.municipalities.models import Municipality
from planner.posts.forms import CommentForm, PostForm, PublicationForm
from planner.posts.models import Comment, Post, Publication
from planner.results.forms import IndicatorForm, MeasurementForm, ProjectForm
from planner.results.models import Indicator, Measurement, Project
from planner.strategy.forms import AudienceForm, ChannelForm, GoalForm, KeyMessageForm, StrategyForm
from planner.strategy.models import Audience, Channel, Goal, KeyMessage, Strategy

TEXT_FIELDS = (StringField, TextAreaField, EmailField, PasswordField, SearchField, URLField)

#: Each form that saves into a table, with the model it saves into.
SAVED_INTO = [
    (AccountForm, User),
    (AddMemberForm, User),
    (SettingsForm, Municipality),
    (PostForm, Post),
    (PublicationForm, Publication),
    (CommentForm, Comment),
    (FeedLinkForm, FeedToken),
    (ProjectForm, Project),
    (IndicatorForm, Indicator),
    (MeasurementForm, Measurement),
    (StrategyForm, Strategy),
    (GoalForm, Goal),
    (AudienceForm, Audience),
    (ChannelForm, Channel),
    (KeyMessageForm, KeyMessage),
]


def all_forms() -> list[type[FlaskForm]]:
    for module in pkgutil.walk_packages(planner.__path__, "planner."):
        importlib.import_module(module.name)
    found, todo = [], [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return sorted(set(found), key=lambda form: (form.__module__, form.__qualname__))


def text_fields(form: type[FlaskForm]) -> dict[str, UnboundField]:
    """The fields a person types into (hidden fields are each read by a strict rule of their
    own: the version as a whole number, the one-time key by its pattern, `next` as a local
    address)."""
    fields = {}
    for name in dir(form):
        value = getattr(form, name, None)
        if (
            isinstance(value, UnboundField)
            and issubclass(value.field_class, TEXT_FIELDS)
            and not issubclass(value.field_class, HiddenField)
        ):
            fields[name] = value
    return fields


def maximum(field: UnboundField) -> int | None:
    """The field's Length(max=...), or the maximum its class keeps itself (a number field)."""
    own = getattr(field.field_class, "max_length", None)
    if own is not None:
        return own
    validators = field.kwargs.get("validators") or (field.args[1] if len(field.args) > 1 else ())
    limits = [v.max for v in validators if isinstance(v, Length) and v.max >= 0]
    return min(limits) if limits else None


FORMS = all_forms()


def test_the_forms_are_found():
    names = {form.__name__ for form in FORMS}
    assert {"PostForm", "SettingsForm", "CommentForm", "LoginForm", "SearchForm"} <= names
    assert len(FORMS) >= 30


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__qualname__)
def test_every_text_field_has_a_maximum_length(form):
    unlimited = [name for name, field in text_fields(form).items() if maximum(field) is None]
    assert unlimited == [], f"{form.__qualname__}: no Length(max=...) on {unlimited}"


@pytest.mark.parametrize("form,model", SAVED_INTO, ids=lambda x: x.__name__)
def test_the_maximum_fits_the_column(form, model):
    columns = sa.inspect(model).columns
    checked = []
    for name, field in text_fields(form).items():
        if name not in columns:
            continue
        length = getattr(columns[name].type, "length", None)
        if length is not None:
            assert maximum(field) <= length, (
                f"{form.__name__}.{name} takes {maximum(field)} characters; "
                f"{model.__tablename__}.{name} holds {length}"
            )
        checked.append(name)
    assert checked, f"{form.__name__}: no text field matched a column of {model.__name__}"
