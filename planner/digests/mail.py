"""Mailing one person's digest: the worker's jobs `digest.daily` and `digest.weekly`.

In the recipient's language, dates and times in the municipality's zone, plain text and HTML,
each item linking to its page, and a `List-Unsubscribe` link to the notification settings. The
notifications a daily digest carries are marked as mailed in the job's transaction, after the
mail is sent: a crash in between mails them at most once more, never loses them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, g
from flask_babel import force_locale, format_date, format_datetime, ngettext, refresh
from flask_babel import gettext as _

from planner.auth.models import User
from planner.core import mail
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.core.urls import external_url
from planner.coverage.gaps import describe, subject_name
from planner.digests import services
from planner.jobs.models import Job
from planner.municipalities.models import Municipality
from planner.notifications import texts
from planner.notifications.mail import can_be_mailed, language_of, signature
from planner.notifications.models import DigestKind
from planner.notifications.services import digest_takers, mark_mailed
from planner.posts.models import Publication

log = logging.getLogger(__name__)


@dataclass
class Item:
    text: str
    link: str


@dataclass
class Section:
    heading: str
    items: list[Item] = field(default_factory=list)
    #: "And 4 more", linking to the page with all of them.
    more: str = ""
    more_link: str = ""


def send_daily(job: Job) -> None:
    user, municipality, day = _recipient(job)
    if user is None or municipality is None:
        return
    takes_daily = user.id in digest_takers([user.id], DigestKind.DAILY)
    digest = services.daily_digest(user, municipality, day, takes_daily=takes_daily, now=utcnow())
    if digest.empty:
        return
    with _speaking(user, municipality) as language:
        subject = _(
            "Planner for %(day)s: %(municipality)s",
            day=format_date(day, "full"),
            municipality=municipality.name,
        )
        sections = _daily_sections(digest, municipality)
        message = _compose(user, municipality, language, subject, sections)
    mail.send(message)
    mark_mailed(digest.notifications)


def send_weekly(job: Job) -> None:
    user, municipality, day = _recipient(job)
    if user is None or municipality is None:
        return
    summary = services.weekly_digest(municipality, day, now=utcnow())
    if not summary.groups:
        return
    with _speaking(user, municipality) as language:
        subject = _(
            "The plan's gaps, week %(week)d: %(municipality)s",
            week=day.isocalendar().week,
            municipality=municipality.name,
        )
        period = summary.period
        report = external_url(
            "coverage.index",
            slug=municipality.slug,
            period=period.kind,
            start=period.first.isoformat(),
            end=period.last.isoformat(),
        )
        sections = [
            Section(
                heading=f"{group.title} ({group.total})",
                items=[
                    Item(f"{subject_name(gap)}: {describe(gap, summary.period.kind)}", report)
                    for gap in group.gaps[: services.LISTED]
                ],
                more=_more(group.total - min(len(group.gaps), services.LISTED)),
                more_link=report,
            )
            for group in summary.groups
        ]
        message = _compose(user, municipality, language, subject, sections)
    mail.send(message)


def _recipient(job: Job) -> tuple[User | None, Municipality | None, date]:
    day = date.fromisoformat(job.payload["day"])
    user = db.session.get(User, job.payload["user"])
    municipality = db.session.get(Municipality, job.payload["municipality"])
    if user is None or municipality is None or not can_be_mailed(user, municipality):
        log.info("Digest of %s not mailed: the recipient is no longer active", day.isoformat())
        return None, None, day
    return user, municipality, day


class _speaking:
    """The recipient's language and the municipality's zone, for everything formatted inside."""

    def __init__(self, user: User, municipality: Municipality) -> None:
        self.language = language_of(user, municipality)
        self.municipality = municipality
        self._locale = force_locale(self.language)

    def __enter__(self) -> str:
        g.municipality = self.municipality
        refresh()
        self._locale.__enter__()
        return self.language

    def __exit__(self, *exc) -> None:
        self._locale.__exit__(*exc)
        g.pop("municipality", None)
        refresh()


def _daily_sections(digest: services.DailyDigest, municipality: Municipality) -> list[Section]:
    slug = municipality.slug
    calendar = external_url("calendar.index", slug=slug, view="agenda", date=digest.day.isoformat())
    sections = []
    if digest.notifications:
        sections.append(
            Section(
                _("Notifications"),
                [
                    Item(
                        texts.headline(notification),
                        external_url("posts.show", slug=slug, post_id=notification.post_id)
                        if notification.post_id
                        else external_url("notifications.index", slug=slug),
                    )
                    for notification in digest.notifications
                ],
            )
        )
    if digest.today.total:
        sections.append(
            _publication_section(_("Going out today"), digest.today, slug, calendar, time_only=True)
        )
    if digest.to_review.total:
        sections.append(
            Section(
                _("Waiting for your review"),
                [
                    Item(post.title, external_url("posts.show", slug=slug, post_id=post.id))
                    for post in digest.to_review.items
                ],
                _more(digest.to_review.more),
                external_url("front_page.show", slug=slug),
            )
        )
    if digest.overdue.total:
        overdue = external_url("calendar.index", slug=slug, view="agenda", status="overdue")
        sections.append(
            _publication_section(_("Your overdue publications"), digest.overdue, slug, overdue)
        )
    return sections


def _publication_section(
    heading: str, listed: services.Listed, slug: str, more_link: str, *, time_only: bool = False
) -> Section:
    return Section(
        heading,
        [
            Item(
                _publication_line(publication, time_only=time_only),
                external_url("posts.show", slug=slug, post_id=publication.post_id),
            )
            for publication in listed.items
        ],
        _more(listed.more),
        more_link,
    )


def _publication_line(publication: Publication, *, time_only: bool) -> str:
    if publication.all_day:
        when = _("all day") if time_only else format_date(publication.publish_at, "medium")
    else:
        when = format_datetime(publication.publish_at, "HH:mm" if time_only else "medium")
    return f"{when} · {publication.channel.name} · {publication.post.title}"


def _more(count: int) -> str:
    return ngettext("and %(num)d more", "and %(num)d more", count) if count > 0 else ""


def _compose(
    user: User, municipality: Municipality, language: str, subject: str, sections: list[Section]
):
    context = {"language": language, "subject": subject, "sections": sections}
    context.update(signature(municipality))
    settings = context["settings"]
    templates = current_app.jinja_env
    return mail.new_message(
        to=user.email,
        subject=subject,
        text=templates.get_template("digests/mail.txt").render(context),
        html=templates.get_template("digests/mail.html").render(context),
        headers={"List-Unsubscribe": f"<{settings}>", "Content-Language": language},
    )
