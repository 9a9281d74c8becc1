"""Forms for posts, publications, comments and the workflow."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from planner.core.crud import EntityForm
from planner.core.forms_common import LocalDateField, MultiCheckboxField, optional_int
from planner.core.i18n import language_choices
from planner.core.once import OneTimeForm
from planner.posts.models import POST_KIND_LABELS, PostKind
from planner.posts.story_templates import ALL_FIELDS, STORY_TEMPLATES

#: The form field that holds a template field's text.
SECTION_PREFIX = "section_"


def _local_moment(form, prefix: str) -> datetime | None:
    day, at = form[f"{prefix}_day"].data, form[f"{prefix}_time"].data
    return datetime.combine(day, at) if day and at else None


class _PostFields(EntityForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the post a title.")), Length(max=200)],
        description=_l("Short and concrete, as the reader will see it."),
    )
    kind = RadioField(
        _l("Kind"),
        choices=[SelectChoice(kind.value, POST_KIND_LABELS[kind]) for kind in PostKind],
        default=PostKind.STORY.value,
        validators=[DataRequired()],
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[Length(max=1000)],
        description=_l("One or two sentences: the point of the story. Shown in lists and feeds."),
        render_kw={"rows": 2},
    )
    language = SelectField(_l("Language of the post"), choices=language_choices())
    owner = SelectField(_l("Responsible"), coerce=optional_int, validate_choice=True)
    goals = MultiCheckboxField(
        _l("Goals"), coerce=int, description=_l("Which goals of the strategy the story serves.")
    )
    audiences = MultiCheckboxField(_l("Audiences"), coerce=int)
    indicators = MultiCheckboxField(
        _l("Results"),
        coerce=int,
        description=_l("Measured results the story tells about; they are shown live in the post."),
    )
    template = RadioField(
        _l("Story template"),
        choices=[SelectChoice(key, template.label) for key, template in STORY_TEMPLATES.items()],
        default="car",
        description=_l(
            "The template structures the writing. Switching keeps everything you have written."
        ),
    )
    location = StringField(_l("Location"), validators=[Length(max=200)])
    event_starts_day = LocalDateField(_l("Starts on"), validators=[Optional()])
    event_starts_time = TimeField(_l("Starts at"), validators=[Optional()])
    event_ends_day = LocalDateField(_l("Ends on"), validators=[Optional()])
    event_ends_time = TimeField(_l("Ends at"), validators=[Optional()])

    def set_choices(self, *, owners, goals, audiences, indicators) -> None:
        self.owner.choices = [SelectChoice(None, _l("Nobody yet"))] + [
            SelectChoice(user_id, name) for user_id, name in owners
        ]
        self.goals.choices = [SelectChoice(goal.id, goal.title) for goal in goals]
        self.audiences.choices = [
            SelectChoice(audience.id, audience.name) for audience in audiences
        ]
        self.indicators.choices = [
            SelectChoice(indicator.id, f"{indicator.name} ({indicator.unit})")
            for indicator in indicators
        ]

    def section_fields(self, template_key: str):
        """The form fields of one template, with the template's field description."""
        return [
            (self[SECTION_PREFIX + field.name], field)
            for field in STORY_TEMPLATES[template_key].fields
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return self._validate_event() and valid

    def _validate_event(self) -> bool:
        """An event needs a location, a start and an end (date and time), ending after it starts."""
        if self.kind.data != PostKind.EVENT.value:
            return True
        valid = True
        for prefix in ("event_starts", "event_ends"):
            day, at = self[f"{prefix}_day"], self[f"{prefix}_time"]
            if bool(day.data) != bool(at.data) and not day.errors and not at.errors:
                target = at if day.data else day
                target.errors = [*target.errors, _l("Enter both the date and the time.")]
                valid = False
        starts, ends = _local_moment(self, "event_starts"), _local_moment(self, "event_ends")
        if (
            starts is None
            and not self.event_starts_day.errors
            and not self.event_starts_time.errors
        ):
            self.event_starts_day.errors = [_l("An event needs a start date and time.")]
            valid = False
        if ends is None and not self.event_ends_day.errors and not self.event_ends_time.errors:
            self.event_ends_day.errors = [_l("An event needs an end date and time.")]
            valid = False
        if not (self.location.data or "").strip() and not self.location.errors:
            self.location.errors = [_l("Where does the event take place?")]
            valid = False
        if starts and ends and ends <= starts:
            self.event_ends_day.errors = [
                *self.event_ends_day.errors,
                _l("The event must end after it starts."),
            ]
            valid = False
        return valid

    def values(self) -> dict:
        return {
            "title": self.title.data or "",
            "kind": self.kind.data,
            "summary": self.summary.data or "",
            "language": self.language.data,
            "owner": self.owner.data,
            "template": self.template.data,
            "sections": {
                field.name: self[SECTION_PREFIX + field.name].data or "" for field in ALL_FIELDS
            },
            "goals": self.goals.data or [],
            "audiences": self.audiences.data or [],
            "indicators": self.indicators.data or [],
            "location": self.location.data or "",
            "event_starts_at": _local_moment(self, "event_starts"),
            "event_ends_at": _local_moment(self, "event_ends"),
        }

    def fill_from(self, post, zone) -> None:
        """Fill a fresh form from a saved post (GET of the edit page)."""
        self.title.data = post.title
        self.kind.data = post.kind
        self.summary.data = post.summary
        self.language.data = post.language
        self.owner.data = post.owner_id
        self.template.data = post.template
        for field in ALL_FIELDS:
            self[SECTION_PREFIX + field.name].data = (post.sections or {}).get(field.name, "")
        self.goals.data = [goal.id for goal in post.goals]
        self.audiences.data = [audience.id for audience in post.audiences]
        self.indicators.data = [cited.indicator_id for cited in post.cited_results]
        self.location.data = post.location
        for prefix, moment in (
            ("event_starts", post.event_starts_at),
            ("event_ends", post.event_ends_at),
        ):
            if moment is not None:
                local = moment.astimezone(zone)
                self[f"{prefix}_day"].data = local.date()
                self[f"{prefix}_time"].data = local.time().replace(tzinfo=None)
        self.version.data = str(post.version)


class PostForm(_PostFields):
    """The post form: the fields above, and one text area per template field (added below)."""


# One text area per template field, named after it; all are posted, so nothing is lost. WTForms
# takes fields set on the class after it is made (its metaclass forgets the fields it had read).
for _section in ALL_FIELDS:
    setattr(
        PostForm,
        SECTION_PREFIX + _section.name,
        TextAreaField(
            _section.label,
            validators=[Length(max=20000)],
            description=_section.hint,
            render_kw={"rows": 8 if _section.name == "body" else 4},
        ),
    )


def channel_choices(channels) -> list[SelectChoice]:
    """A channel select's choices: none chosen first, then each channel with its text limit."""
    return [SelectChoice(None, _l("Choose a channel"))] + [
        SelectChoice(
            channel.id,
            _l(
                "%(channel)s (at most %(limit)s characters)",
                channel=channel.name,
                limit=format_decimal(channel.character_limit),
            )
            if channel.character_limit
            else channel.name,
        )
        for channel in channels
    ]


class PublicationForm(EntityForm):
    channel = SelectField(_l("Channel"), coerce=optional_int, validate_choice=True)
    day = LocalDateField(_l("Date"), validators=[DataRequired(_l("Choose the date."))])
    at = TimeField(
        _l("Time"),
        validators=[Optional()],
        description=_l("In the municipality's time zone, e.g. 09:00."),
    )
    all_day = BooleanField(_l("All day (no particular time)"))
    text = TextAreaField(
        _l("Text for this channel"),
        validators=[Length(max=20000)],
        description=_l("Optional. Leave empty to use the post's summary and text."),
        render_kw={"rows": 4},
    )

    confirm_past = BooleanField(
        _l("Plan it anyway"),
        description=_l("The time has passed: the publication will be overdue at once."),
    )

    def set_channel_choices(self, channels) -> None:
        self.channel.choices = channel_choices(channels)

    def validate_channel(self, field) -> None:
        if field.data is None:
            raise ValidationError(_l("Choose a channel."))

    def validate_at(self, field) -> None:
        if not self.all_day.data and field.data is None and not field.errors:
            raise ValidationError(_l("Enter a time like 09:00, or choose all day."))

    def values(self) -> dict:
        return {
            "channel": self.channel.data,
            "day": self.day.data,
            "at": self.at.data,
            "all_day": bool(self.all_day.data),
            "text": self.text.data or "",
            "confirm_past": bool(self.confirm_past.data),
        }


class CopyPostForm(OneTimeForm):
    """ "Use as a starting point": only its CSRF token and one-time key (a second click leads to
    the copy the first made)."""


class RestoreRevisionForm(OneTimeForm):
    """ "Restore this version" on a post's history: which revision, and the version of the post
    the history was shown at (a restore over a newer save is refused). One on the page per earlier
    revision, each with its own one-time key; the page renders its hidden fields without ids."""

    revision = HiddenField()
    version = HiddenField()

    def expected_version(self) -> str | None:
        """The version the form was sent with (None: not sent), as `EntityForm` reads it."""
        sent = self.version.raw_data
        return sent[0] if sent else None


class CommentForm(OneTimeForm):
    body = TextAreaField(
        _l("Comment"),
        validators=[DataRequired(_l("Write a comment.")), Length(max=5000)],
        description=_l("Type @ and a member's name to mention them: they are told."),
        render_kw={"rows": 3},
    )


class CommentEditForm(EntityForm):
    """Changing one's own comment (with the version it was opened with)."""

    body = TextAreaField(
        _l("Comment"),
        validators=[DataRequired(_l("Write a comment.")), Length(max=5000)],
        render_kw={"rows": 5},
    )


class CommentDeleteForm(FlaskForm):
    """Deleting one's own comment: the CSRF token and the version it was seen in."""

    version = HiddenField()


class ReasonForm(FlaskForm):
    """What a workflow step may carry: a send-back's reason, the reviewer a submit asks."""

    reason = TextAreaField(
        _l("Reason"),
        validators=[Length(max=5000)],
        description=_l("Required when sending back: what should the writer change?"),
        render_kw={"rows": 3},
    )
    reviewer = SelectField(
        _l("Reviewer"),
        coerce=optional_int,
        validate_choice=True,
        description=_l("Only the reviewer you choose is told. Any reviewer tells them all."),
    )

    def set_reviewers(self, reviewers: list[tuple[int, str]]) -> None:
        self.reviewer.choices = [SelectChoice(None, _l("Any reviewer"))] + [
            SelectChoice(user_id, name) for user_id, name in reviewers
        ]


class PublishedForm(FlaskForm):
    url = StringField(
        _l("Address where it was published"),
        validators=[
            Optional(),
            URL(message=_l("Enter a full address, like https://…")),
            Length(max=500),
        ],
        description=_l("Optional, e.g. the link to the Facebook post."),
    )
    #: Asked only when the publication's planned time is still ahead (services.mark_published).
    confirm_early = BooleanField(_l("Yes, it went out now"))


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Length(max=200)])


class _PostIdsField(MultiCheckboxField):
    """The ids of the selected posts: any ids (the bulk service reports those not found)."""

    def pre_validate(self, form) -> None:
        pass


class BulkActionForm(OneTimeForm):
    """One action on the posts selected in the list or the idea backlog (`posts.bulk`).

    Its choices are the actions the member may take (`set_choices`); the member to be responsible
    is needed, and must be one of the municipality's, only for "Set responsible". Its hidden
    fields are rendered without ids (a page may have other forms with fields of these names).
    """

    posts = _PostIdsField(_l("Posts"), coerce=int)
    bulk_action = SelectField(_l("What to do with the selected posts"), validate_choice=False)
    owner = SelectField(
        _l("Responsible"),
        coerce=optional_int,
        validate_choice=False,
        description=_l("For “Set responsible”: the member who is to be responsible."),
    )
    #: The page the form was on (the list with its filters, or the calendar), to go back to.
    next = HiddenField()
    #: Which list it was: "posts" (the list of posts) or "backlog" (the calendar's idea backlog).
    source = HiddenField()

    #: The action that needs the member.
    NEEDS_OWNER = "set_owner"

    def set_choices(self, *, actions, owners, max_posts: int) -> None:
        self.bulk_action.choices = [SelectChoice("", _l("Choose an action"))] + [
            SelectChoice(action.name, action.label) for action in actions
        ]
        self.owner.choices = [SelectChoice(None, _l("Choose a member"))] + [
            SelectChoice(user_id, name) for user_id, name in owners
        ]
        self.max_posts = max_posts

    #: How many posts one action takes at most (set with the choices).
    max_posts = 0

    def validate_posts(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Select at least one post."))
        if len(set(field.data)) > self.max_posts:
            raise ValidationError(
                _l("Select at most %(count)s posts at a time.", count=self.max_posts)
            )

    def validate_bulk_action(self, field) -> None:
        offered = {choice.value for choice in self.bulk_action.choices or [] if choice.value}
        if not field.data:
            raise ValidationError(_l("Choose what to do with the selected posts."))
        if field.data not in offered:
            raise ValidationError(_l("Choose one of the actions shown."))

    def validate_owner(self, field) -> None:
        if self.bulk_action.data != self.NEEDS_OWNER:
            return
        if field.data is None:
            raise ValidationError(_l("Choose who is to be responsible."))
        if field.data not in {choice.value for choice in self.owner.choices or []}:
            raise ValidationError(_l("Choose a member of the municipality."))
