"""Interface language and time zone for each request, and date filters for templates."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_time, get_locale, to_user_timezone
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from planner.core.numbers import format_number

LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
LANGUAGE_CHOICES = [("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English")]
LANGUAGE_FOLLOW_MUNICIPALITY = ("", _l("Follow the municipality"))


def language_choices(*, follow_municipality: bool = False) -> list[SelectChoice]:
    """Choices for a language select field, optionally led by "follow the municipality"."""
    pairs = [LANGUAGE_FOLLOW_MUNICIPALITY] if follow_municipality else []
    return [SelectChoice(value, label) for value, label in [*pairs, *LANGUAGE_CHOICES]]


#: The command line speaks English, like the rest of its output.
COMMAND_LINE_LOCALE = "en"
#: Browsers that say plain "no" mean bokmål.
BROWSER_ALIASES = {"no": "nb", "nb-no": "nb", "nn-no": "nn"}


def select_locale() -> str:
    """The user's own choice, else the municipality's language, else the browser's, else bokmål."""
    if not has_request_context():
        return COMMAND_LINE_LOCALE
    supported = current_app.config["SUPPORTED_LOCALES"]
    if current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    chosen = session.get("locale")
    if isinstance(chosen, str) and chosen in supported:
        return chosen
    municipality = g.get("municipality")
    if municipality is not None and municipality.language in supported:
        return municipality.language
    for language, _quality in request.accept_languages:
        language = BROWSER_ALIASES.get(language.lower(), language.lower())
        if language in supported:
            return language
        if language.split("-")[0] in supported:
            return language.split("-")[0]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    municipality = g.get("municipality")
    if municipality is not None:
        return municipality.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def iso_week(value: date | datetime) -> int:
    """The ISO week number; an aware time counts in the municipality's time zone."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = to_user_timezone(value)
    return value.isocalendar().week


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt)
    app.jinja_env.filters["date"] = lambda value, fmt="long": format_date(value, fmt)
    app.jinja_env.filters["time"] = lambda value, fmt="short": format_time(value, fmt)
    app.jinja_env.filters["isoweek"] = iso_week
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["machine_datetime"] = lambda value: value.isoformat(timespec="seconds")
    app.jinja_env.globals["LANGUAGE_CHOICES"] = LANGUAGE_CHOICES
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.context_processor(
        lambda: {
            "current_locale": str(get_locale()),
            "now_local": datetime.now(ZoneInfo(select_timezone())),
        }
    )
