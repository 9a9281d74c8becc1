"""What a notification says, in the language in force (the reader's page, or the mail's)."""

from __future__ import annotations

from babel.dates import format_date, format_datetime
from flask_babel import get_locale
from flask_babel import gettext as _

from planner.core.extensions import db
from planner.core.localtime import to_local, zone_of
from planner.municipalities.models import Municipality
from planner.notifications.models import Notification, NotificationKind


def headline(notification: Notification) -> str:
    """One sentence: who did what to which post."""
    actor = notification.actor.name if notification.actor else _("Someone")
    title = notification.title
    match NotificationKind(notification.kind):
        case NotificationKind.REVIEW_REQUESTED:
            return _("%(actor)s submitted “%(title)s” for review.", actor=actor, title=title)
        case NotificationKind.SENT_BACK:
            return _("%(actor)s sent “%(title)s” back to draft.", actor=actor, title=title)
        case NotificationKind.APPROVED:
            return _("%(actor)s approved “%(title)s”.", actor=actor, title=title)
        case NotificationKind.COMMENTED:
            return _("%(actor)s commented on “%(title)s”.", actor=actor, title=title)
        case NotificationKind.MENTIONED:
            return _(
                "%(actor)s mentioned you in a comment on “%(title)s”.", actor=actor, title=title
            )
        case NotificationKind.DUE_SOON:
            return _(
                "“%(title)s” goes out on %(channel)s %(when)s and is not approved yet.",
                title=title,
                **_publication(notification),
            )
        case NotificationKind.OVERDUE:
            return _(
                "“%(title)s” was to go out on %(channel)s %(when)s and is still not approved.",
                title=title,
                **_publication(notification),
            )
        case NotificationKind.DEADLINE_PASSED:
            return _(
                "The approval deadline of “%(title)s” has passed: it goes out on %(channel)s "
                "%(when)s and is not approved.",
                title=title,
                **_publication(notification),
            )


def subject(notification: Notification) -> str:
    title = notification.title
    match NotificationKind(notification.kind):
        case NotificationKind.REVIEW_REQUESTED:
            return _("For your review: “%(title)s”", title=title)
        case NotificationKind.SENT_BACK:
            return _("Sent back to draft: “%(title)s”", title=title)
        case NotificationKind.APPROVED:
            return _("Approved: “%(title)s”", title=title)
        case NotificationKind.COMMENTED:
            return _("New comment on “%(title)s”", title=title)
        case NotificationKind.MENTIONED:
            return _("You are mentioned on “%(title)s”", title=title)
        case NotificationKind.DUE_SOON:
            return _("Goes out within 24 hours, not approved: “%(title)s”", title=title)
        case NotificationKind.OVERDUE:
            return _("Overdue, not approved: “%(title)s”", title=title)
        case NotificationKind.DEADLINE_PASSED:
            return _("Approval deadline passed: “%(title)s”", title=title)


def detail_label(notification: Notification) -> str | None:
    """What the detail is, when there is one."""
    if not notification.detail:
        return None
    if notification.kind == NotificationKind.SENT_BACK:
        return _("The reason:")
    return _("The comment:")


def link_text(notification: Notification) -> str:
    if notification.kind == NotificationKind.REVIEW_REQUESTED:
        return _("Review the post")
    return _("Open the post")


def _publication(notification: Notification) -> dict[str, str]:
    """The channel and the time of the publication a reminder is about, in the municipality's
    zone and the language in force ("on 8 December 2026" for an all-day item)."""
    publication = notification.publication
    if publication is None:  # not kept by a reminder (a publication is deleted with its reminders)
        return {"channel": "", "when": ""}
    municipality = db.session.get(Municipality, notification.municipality_id)
    zone = zone_of(municipality)
    locale = str(get_locale())
    if publication.all_day:
        day = format_date(to_local(publication.publish_at, zone).date(), "long", locale=locale)
        when = _("on %(day)s", day=day)
    else:
        moment = format_datetime(publication.publish_at, "medium", tzinfo=zone, locale=locale)
        when = _("at %(moment)s", moment=moment)
    return {"channel": publication.channel.name, "when": when}
