from __future__ import annotations

import math

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    ColorField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from planner.core.crud import EntityForm
from planner.core.forms_common import LocalDateField, WholeNumberField, not_before, optional_int
from planner.strategy.colours import (
    HEX_COLOUR,
    MIN_NON_TEXT_CONTRAST,
    WHITE,
    contrast_ratio,
)
from planner.strategy.models import (
    CADENCE_LABELS,
    CHANNEL_KIND_LABELS,
    PRIORITY_LABELS,
    REACH_LABELS,
    THEME_LABELS,
    Reach,
)


def choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(str(key.value), label) for key, label in labels.items()]


def required(message):
    return DataRequired(message=message)


def at_most(length: int):
    return Length(max=length, message=_l("At most %(max)d characters."))


class StrategyForm(EntityForm):
    title = StringField(
        _l("Title"),
        validators=[required(_l("Give the strategy a title.")), at_most(200)],
        description=_l("For example “Kommunikasjonsstrategi 2026–2028”."),
    )
    vision = TextAreaField(
        _l("Vision"),
        validators=[at_most(2000)],
        description=_l(
            "The short picture of where the municipality is going, e.g. “Jordnær lykke”."
        ),
        render_kw={"rows": 2},
    )
    core_story = TextAreaField(
        _l("Core story"),
        validators=[at_most(5000)],
        description=_l("The common story everyone in the organisation can tell."),
        render_kw={"rows": 5},
    )
    period_start = LocalDateField(
        _l("Period from"), validators=[required(_l("Enter when the period starts."))]
    )
    period_end = LocalDateField(
        _l("Period to"),
        validators=[
            required(_l("Enter when the period ends.")),
            not_before("period_start", _l("The period cannot end before it starts.")),
        ],
    )


class GoalForm(EntityForm):
    title = StringField(_l("Goal"), validators=[required(_l("Write the goal.")), at_most(200)])
    description = TextAreaField(
        _l("Description"), validators=[at_most(5000)], render_kw={"rows": 3}
    )
    theme = SelectField(_l("Theme"), choices=lambda: choices(THEME_LABELS))
    priority = RadioField(
        _l("Priority"), choices=lambda: choices(PRIORITY_LABELS), coerce=int, default=2
    )
    owner_id = SelectField(
        _l("Owner"), coerce=optional_int, description=_l("The member who answers for the goal.")
    )
    target_date = LocalDateField(_l("Target date"), validators=[Optional()])

    def set_owner_choices(self, owners: list[tuple[int, str]], current=None) -> None:
        """Active members, and the current owner even if no longer active (so a save keeps them)."""
        if current is not None and current.id not in {user_id for user_id, _name in owners}:
            owners = [*owners, (current.id, current.name)]
        self.owner_id.choices = [SelectChoice("", _l("No owner"))] + [
            SelectChoice(str(user_id), name) for user_id, name in owners
        ]


class AudienceForm(EntityForm):
    name = StringField(
        _l("Name"),
        validators=[required(_l("Name the audience.")), at_most(120)],
        description=_l("For example “Ansatte”, “Innbyggere” or “Jobbsøkere”."),
    )
    reach = RadioField(
        _l("Internal or external"),
        choices=lambda: [
            SelectChoice(r.value, REACH_LABELS[r]) for r in (Reach.INTERNAL, Reach.EXTERNAL)
        ],
        default=Reach.EXTERNAL.value,
    )
    needs = TextAreaField(
        _l("Needs"),
        validators=[at_most(5000)],
        description=_l("What they need to know or feel."),
        render_kw={"rows": 3},
    )
    barriers = TextAreaField(
        _l("Barriers"),
        validators=[at_most(5000)],
        description=_l("What stands in the way of reaching them."),
        render_kw={"rows": 3},
    )
    perception = TextAreaField(
        _l("Current perception"),
        validators=[at_most(5000)],
        description=_l("How they see the municipality today."),
        render_kw={"rows": 3},
    )
    notes = TextAreaField(_l("Notes"), validators=[at_most(5000)], render_kw={"rows": 2})


def readable_colour(form, field) -> None:  # noqa: ARG001
    if not HEX_COLOUR.match(field.data or ""):
        raise ValidationError(_l("Choose a colour, written like #0062ba."))
    ratio = contrast_ratio(field.data, WHITE)
    if ratio < MIN_NON_TEXT_CONTRAST:
        raise ValidationError(
            _l(
                "This colour is too light to see against the page (contrast %(ratio)s:1, "
                "at least 3:1 is needed). Choose a darker colour.",
                # Rounded down, so a colour just under 3:1 never reads as "3,0:1"; "1,0" in
                # Norwegian, "1.0" in English.
                ratio=format_decimal(math.floor(ratio * 10) / 10, format="0.0"),
            )
        )


class ChannelForm(EntityForm):
    name = StringField(
        _l("Name"),
        validators=[required(_l("Name the channel.")), at_most(120)],
        description=_l("For example “Intranett”, “Facebook” or “Nettsiden”."),
    )
    kind = SelectField(_l("Kind"), choices=lambda: choices(CHANNEL_KIND_LABELS))
    reach = RadioField(
        _l("Reaches"), choices=lambda: choices(REACH_LABELS), default=Reach.BOTH.value
    )
    cadence_count = WholeNumberField(
        _l("Agreed cadence: publications"),
        validators=[
            InputRequired(_l("Enter how many publications you agree on.")),
            NumberRange(min=1, max=1000, message=_l("Enter a whole number of at least 1.")),
        ],
        default=1,
    )
    cadence_period = SelectField(_l("Per"), choices=lambda: choices(CADENCE_LABELS))
    colour = ColorField(
        _l("Colour"),
        # No "required" flag and no maxlength (both invalid on <input type=color>, which
        # ColorField renders); #rrggbb is 7 characters, checked here.
        validators=[
            Length(max=7, message=_l("Choose a colour, written like #0062ba.")),
            readable_colour,
        ],
        default="#0062ba",
        filters=[lambda value: value.strip().lower() if value else value],
        description=_l("Marks the channel in the calendar, always beside its name."),
    )
    character_limit = WholeNumberField(
        _l("Character limit"),
        validators=[
            Optional(),
            NumberRange(min=1, max=100000, message=_l("Enter a whole number of at least 1.")),
        ],
        description=_l("Leave empty if the channel has no limit."),
    )
    #: Offered beside the colour when it is close to another active channel's (see
    #: `services.ColourTooClose`); ticked, the colour is saved anyway.
    keep_colour = BooleanField(_l("Keep this colour anyway"))

    not_saved = ("keep_colour",)
    #: Set by the view when the save came back with the close-colour warning.
    colour_warned: bool = False

    @property
    def offers_keep_colour(self) -> bool:
        return self.colour_warned or bool(self.keep_colour.data)


class KeyMessageForm(EntityForm):
    text = TextAreaField(
        _l("Key message"),
        validators=[required(_l("Write the key message.")), at_most(2000)],
        render_kw={"rows": 3},
    )
    audience_id = SelectField(
        _l("Audience"),
        coerce=optional_int,
        description=_l("Leave as “All audiences” if the message is for everyone."),
    )

    def set_audience_choices(self, audiences) -> None:
        self.audience_id.choices = [SelectChoice("", _l("All audiences"))] + [
            SelectChoice(str(audience.id), audience.name) for audience in audiences
        ]


class MoveForm(FlaskForm):
    direction = SelectField(choices=[SelectChoice("up"), SelectChoice("down")])
