"""What a notification says, in the language in force (the reader's page, or the mail's)."""

from __future__ import annotations

from flask_babel import gettext as _

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
