from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from planner.notifications.models import (
    DELIVERY_LABELS,
    DIGEST_CHOICES,
    DIGEST_DESCRIPTIONS,
    DIGEST_LABELS,
    KIND_LABELS,
    Delivery,
    DigestKind,
    NotificationKind,
)


def _delivery_field(kind: NotificationKind) -> RadioField:
    return RadioField(
        KIND_LABELS[kind],
        choices=[
            SelectChoice(delivery.value, label) for delivery, label in DELIVERY_LABELS.items()
        ],
        validators=[InputRequired()],
    )


def _digest_field(digest: DigestKind) -> RadioField:
    return RadioField(
        DIGEST_LABELS[digest],
        description=DIGEST_DESCRIPTIONS[digest],
        choices=[SelectChoice(delivery.value, label) for delivery, label in DIGEST_CHOICES.items()],
        validators=[InputRequired()],
    )


class NotificationSettingsForm(FlaskForm):
    """One choice per kind of notification (e-mail at once, in the daily digest, in the app
    only, or off), and whether to get each digest."""

    daily_digest = _digest_field(DigestKind.DAILY)
    weekly_digest = _digest_field(DigestKind.WEEKLY)

    review_requested = _delivery_field(NotificationKind.REVIEW_REQUESTED)
    sent_back = _delivery_field(NotificationKind.SENT_BACK)
    approved = _delivery_field(NotificationKind.APPROVED)
    commented = _delivery_field(NotificationKind.COMMENTED)
    mentioned = _delivery_field(NotificationKind.MENTIONED)
    due_soon = _delivery_field(NotificationKind.DUE_SOON)
    overdue = _delivery_field(NotificationKind.OVERDUE)
    deadline_passed = _delivery_field(NotificationKind.DEADLINE_PASSED)

    def fill(self, choices: dict[NotificationKind | DigestKind, Delivery]) -> None:
        for kind, delivery in choices.items():
            self[kind.value].data = delivery.value

    def choices(self) -> dict[NotificationKind | DigestKind, Delivery]:
        kinds: list[NotificationKind | DigestKind] = [*NotificationKind, *DigestKind]
        return {kind: Delivery(self[kind.value].data) for kind in kinds}

    def validate_daily_digest(self, field) -> None:
        if field.data == Delivery.OFF and any(
            self[kind.value].data == Delivery.DIGEST for kind in NotificationKind
        ):
            raise ValidationError(
                _l(
                    "You chose the daily digest for some notifications: get the daily digest by "
                    "e-mail, or choose another way for them."
                )
            )
