from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from planner.notifications.models import DELIVERY_LABELS, KIND_LABELS, Delivery, NotificationKind


def _delivery_field(kind: NotificationKind) -> RadioField:
    return RadioField(
        KIND_LABELS[kind],
        choices=[
            SelectChoice(delivery.value, label) for delivery, label in DELIVERY_LABELS.items()
        ],
        validators=[InputRequired()],
    )


class NotificationSettingsForm(FlaskForm):
    """One choice per kind of notification: e-mail at once, in the app only, or off."""

    review_requested = _delivery_field(NotificationKind.REVIEW_REQUESTED)
    sent_back = _delivery_field(NotificationKind.SENT_BACK)
    approved = _delivery_field(NotificationKind.APPROVED)
    commented = _delivery_field(NotificationKind.COMMENTED)
    due_soon = _delivery_field(NotificationKind.DUE_SOON)
    overdue = _delivery_field(NotificationKind.OVERDUE)
    deadline_passed = _delivery_field(NotificationKind.DEADLINE_PASSED)

    def fill(self, choices: dict[NotificationKind, Delivery]) -> None:
        for kind, delivery in choices.items():
            self[kind.value].data = delivery.value

    def choices(self) -> dict[NotificationKind, Delivery]:
        return {kind: Delivery(self[kind.value].data) for kind in NotificationKind}
