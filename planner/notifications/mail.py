"""Mailing one notification: the worker's job `notification.mail`.

In the recipient's language, plain text and HTML, with one link to the post and a
`List-Unsubscribe` link to the notification settings. The mail is sent first and recorded after,
in the job's transaction: a crash in between sends it at most once more, never loses it; a job run
again after it was recorded sends nothing.
"""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from planner.auth.models import User
from planner.core import mail
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.core.urls import external_url
from planner.jobs.models import Job
from planner.municipalities.models import Municipality
from planner.municipalities.services import active_membership
from planner.notifications import texts
from planner.notifications.models import MailState, Notification

log = logging.getLogger(__name__)


def deliver(job: Job) -> None:
    notification = db.session.get(Notification, job.payload["notification"])
    if notification is None or notification.mail_state != MailState.WAITING:
        return  # deleted with its post, or mailed already
    user = notification.user
    municipality = db.session.get(Municipality, notification.municipality_id)
    if municipality is None or not can_be_mailed(user, municipality):
        notification.mail_state = MailState.SKIPPED.value
        log.info("Notification %s not mailed: the recipient is no longer active", notification.id)
        return
    language = language_of(user, municipality)
    with force_locale(language):
        message = compose(notification, municipality, language)
    mail.send(message)
    notification.mail_state = MailState.SENT.value
    notification.mailed_at = utcnow()


def can_be_mailed(user: User, municipality: Municipality) -> bool:
    """An active account with an address, and an active membership of the municipality."""
    return bool(user.active and user.email and active_membership(user, municipality) is not None)


def language_of(user: User, municipality: Municipality) -> str:
    """The recipient's own language, else the municipality's (if the app speaks it)."""
    language = user.locale or municipality.language
    if language not in current_app.config["SUPPORTED_LOCALES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    return language


def signature(municipality: Municipality) -> dict[str, str]:
    """The foot of every mail: why it came, and where to choose what comes."""
    return {
        "footer": _(
            "You get this from Planner as a member of %(municipality)s.",
            municipality=municipality.name,
        ),
        "choose": _("Choose what you are told, and how"),
        "settings": external_url("notification_settings.settings"),
    }


def compose(notification: Notification, municipality: Municipality, language: str):
    link = external_url("posts.show", slug=municipality.slug, post_id=notification.post_id)
    footer, choose, settings = signature(municipality).values()
    headline = texts.headline(notification)
    detail_label = texts.detail_label(notification)
    text_lines = [headline, ""]
    if detail_label:
        text_lines += [detail_label, notification.detail, ""]
    text_lines += [
        f"{texts.link_text(notification)}: {link}",
        "",
        "-- ",
        footer,
        f"{choose}: {settings}",
    ]
    html = current_app.jinja_env.get_template("notifications/mail.html").render(
        language=language,
        subject=texts.subject(notification),
        headline=headline,
        detail_label=detail_label,
        detail=notification.detail,
        link=link,
        link_text=texts.link_text(notification),
        footer=footer,
        choose=choose,
        settings=settings,
    )
    return mail.new_message(
        to=notification.user.email,
        subject=texts.subject(notification),
        text="\n".join(text_lines) + "\n",
        html=html,
        headers={"List-Unsubscribe": f"<{settings}>", "Content-Language": language},
    )
