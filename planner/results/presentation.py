"""How results read on a page: percentages, signed changes, units, labels, and the text
alternative of an indicator's chart. `init_app` makes the helpers template globals."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_percent as babel_format_percent
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from planner.core.numbers import format_number
from planner.results.charts import svg_number
from planner.results.models import DIRECTION_LABELS, Direction, Indicator
from planner.results.services import IndicatorSummary
from planner.strategy.models import THEME_LABELS, Theme


def format_percent(value: Decimal | None) -> str:
    """A percentage in the current locale: "-72%" in English, "-72 %" in Norwegian."""
    if value is None:
        return "–"
    return babel_format_percent(
        Decimal(value).normalize() / 100, locale=get_locale(), decimal_quantization=False
    )


def signed_number(value: Decimal | None) -> str:
    """A change with its sign: +4, −36, 0."""
    if value is None:
        return "–"
    text = format_number(value)
    return f"+{text}" if value > 0 else text


def signed_percent(value: Decimal | None) -> str:
    """A relative change with its sign: +36.4%, −72%."""
    if value is None:
        return "–"
    text = format_percent(value)
    return f"+{text}" if value > 0 else text


def with_unit(number_text: str, unit: str) -> str:
    return f"{number_text}\u00a0{unit}" if unit else number_text


def change_unit(indicator: Indicator) -> str:
    """The unit of a change: a change in % is in percentage points."""
    return _("percentage points") if indicator.unit.strip() == "%" else indicator.unit


def theme_label(value: str) -> str:
    try:
        return str(THEME_LABELS[Theme(value)])
    except ValueError:
        return value


def direction_label(value: str) -> str:
    try:
        return str(DIRECTION_LABELS[Direction(value)])
    except ValueError:
        return value


def describe_series(indicator: Indicator, summary: IndicatorSummary) -> str:
    """The text alternative of an indicator's sparkline: the whole story in one or two sentences."""
    measurements = sorted(indicator.measurements, key=lambda m: m.measured_on)
    first, last = measurements[0], measurements[-1]
    unit = indicator.unit

    def when(measurement) -> str:
        return format_date(measurement.measured_on, "medium")

    if first.measured_on.year != last.measured_on.year:
        start, end = str(first.measured_on.year), str(last.measured_on.year)
    else:
        start, end = when(first), when(last)
    values = {
        "name": indicator.name,
        "first": format_number(first.value),
        "last": with_unit(format_number(last.value), unit),
        "start": start,
        "end": end,
    }
    if len(measurements) == 1:
        text = _(
            "%(name)s was %(value)s on %(date)s.",
            name=indicator.name,
            value=with_unit(format_number(first.value), unit),
            date=when(first),
        )
    elif last.value < first.value:
        text = _(
            "%(name)s fell from %(first)s to %(last)s between %(start)s and %(end)s.", **values
        )
    elif last.value > first.value:
        text = _(
            "%(name)s rose from %(first)s to %(last)s between %(start)s and %(end)s.", **values
        )
    else:
        text = _(
            "%(name)s was %(last)s both in %(start)s and in %(end)s.",
            name=indicator.name,
            last=values["last"],
            start=start,
            end=end,
        )
    parts = [text, _("%(count)s measurements.", count=len(measurements))]
    parts.append(
        _(
            "Baseline %(value)s (%(date)s).",
            value=with_unit(format_number(indicator.baseline_value), unit),
            date=format_date(indicator.baseline_date, "medium"),
        )
    )
    if indicator.target_value is not None:
        if indicator.target_date is not None:
            parts.append(
                _(
                    "Target %(value)s by %(date)s.",
                    value=with_unit(format_number(indicator.target_value), unit),
                    date=format_date(indicator.target_date, "medium"),
                )
            )
        else:
            parts.append(
                _("Target %(value)s.", value=with_unit(format_number(indicator.target_value), unit))
            )
    if summary.progress_percent is not None:
        parts.append(
            _(
                "Progress towards the target: %(percent)s.",
                percent=format_percent(summary.progress_percent),
            )
        )
    return " ".join(parts)


#: The helpers every template (and macros imported without context) may call.
TEMPLATE_GLOBALS = {
    "format_number": format_number,
    "format_percent": format_percent,
    "signed_number": signed_number,
    "signed_percent": signed_percent,
    "svg_number": svg_number,
    "with_unit": with_unit,
    "change_unit": change_unit,
    "theme_label": theme_label,
    "direction_label": direction_label,
}
