"""Who is told what: the rules of notifications, and a person's inbox and choices.

Receivers of posts' signals run inside the transaction of the change: the notifications and their
mail jobs commit with the approval (or the comment), or not at all. The person who acted is never
told; only active members of the municipality with an active account are.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import sqlalchemy as sa

from planner.auth.models import User
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.jobs import queue
from planner.municipalities.models import Membership, Municipality
from planner.municipalities.roles import ROLE_PERMISSIONS, Permission
from planner.notifications.models import (
    DEFAULT_DELIVERY,
    DIGEST_DEFAULTS,
    Delivery,
    DigestKind,
    MailState,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from planner.posts.models import Comment, Post, Publication

MAIL_JOB = "notification.mail"
#: How a notification waits to be mailed, by the recipient's choice.
MAIL_STATE_OF = {
    Delivery.EMAIL: MailState.WAITING,
    Delivery.DIGEST: MailState.DIGEST,
    Delivery.APP: MailState.NONE,
}
#: What a notification keeps of a comment or a reason (the page has all of it).
DETAIL_LENGTH = 500


# --- Who is told -------------------------------------------------------------------------------


def on_post_transitioned(post: Post, *, name: str, actor, municipality, reason: str) -> None:
    if name == "submit":
        # The reviewer the writer asked, or else every reviewer.
        asked = _ids(post.reviewer_id) or reviewers_of(municipality)
        notify(NotificationKind.REVIEW_REQUESTED, asked, post, actor=actor)
    elif name == "reject":
        notify(
            NotificationKind.SENT_BACK,
            _ids(post.owner_id, post.created_by_id),
            post,
            actor=actor,
            detail=reason,
        )
    elif name == "approve":
        notify(NotificationKind.APPROVED, _ids(post.owner_id), post, actor=actor)


def on_comment_added(
    comment: Comment,
    *,
    post: Post,
    actor,
    municipality,  # noqa: ARG001
    mentioned: set[int],
) -> None:
    """Those it mentions are told so; the post's other followers that there is a comment."""
    notify(NotificationKind.MENTIONED, mentioned, post, actor=actor, detail=comment.body)
    notify(
        NotificationKind.COMMENTED,
        followers_of(post) - mentioned,
        post,
        actor=actor,
        detail=comment.body,
    )


def reviewers_of(municipality: Municipality) -> set[int]:
    return members_allowed(municipality, Permission.APPROVE_POSTS)


def administrators_of(municipality: Municipality) -> set[int]:
    return members_allowed(municipality, Permission.MANAGE_MEMBERS)


def members_allowed(municipality: Municipality, permission: Permission) -> set[int]:
    """The active members whose role grants `permission`."""
    roles = [role.value for role, rights in ROLE_PERMISSIONS.items() if permission in rights]
    return set(
        db.session.scalars(
            sa.select(Membership.user_id).where(
                Membership.municipality_id == municipality.id,
                Membership.active.is_(True),
                Membership.role.in_(roles),
            )
        )
    )


def followers_of(post: Post) -> set[int]:
    """The post's responsible and author, and everyone who has commented on it."""
    commenters = db.session.scalars(
        sa.select(Comment.author_id).where(
            Comment.post_id == post.id, Comment.author_id.is_not(None)
        )
    )
    return _ids(post.owner_id, post.created_by_id, *commenters)


def _ids(*ids: int | None) -> set[int]:
    return {user_id for user_id in ids if user_id is not None}


def notify(
    kind: NotificationKind,
    user_ids: Iterable[int],
    post: Post,
    *,
    actor: User | None = None,
    detail: str = "",
    event_key: str | None = None,
    publication: Publication | None = None,
) -> list[Notification]:
    """Tell each of them (but the actor, and those who chose "off"); mail those who chose mail.

    An event that can be seen more than once (a reminder found by every scan) names itself with
    `event_key`: whoever was told of it already is not told again.
    """
    recipients = _reachable(set(user_ids) - {actor.id if actor else None}, post.municipality_id)
    if event_key is None:
        event_key = uuid.uuid4().hex
    else:
        recipients -= already_told(event_key)
    if not recipients:
        return []
    choices = deliveries(recipients, kind)
    made = []
    for user_id in sorted(recipients):
        delivery = choices[user_id]
        if delivery == Delivery.OFF:
            continue
        notification = Notification(
            municipality_id=post.municipality_id,
            user_id=user_id,
            kind=kind.value,
            post_id=post.id,
            publication_id=publication.id if publication else None,
            actor_id=actor.id if actor else None,
            event_key=event_key,
            title=post.title,
            detail=(detail or "")[:DETAIL_LENGTH],
            mail_state=MAIL_STATE_OF[delivery].value,
        )
        db.session.add(notification)
        made.append(notification)
    db.session.flush()
    for notification in made:
        if notification.mail_state == MailState.WAITING:
            queue.enqueue(
                MAIL_JOB,
                {"notification": notification.id},
                municipality_id=notification.municipality_id,
            )
    return made


def already_told(event_key: str) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Notification.user_id).where(Notification.event_key == event_key)
        )
    )


def _reachable(user_ids: set[int], municipality_id: int) -> set[int]:
    """Those of them with an active account and an active membership of the municipality."""
    if not user_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(User.id)
            .join(Membership, Membership.user_id == User.id)
            .where(
                User.id.in_(user_ids),
                User.active.is_(True),
                Membership.municipality_id == municipality_id,
                Membership.active.is_(True),
            )
        )
    )


# --- Choices ------------------------------------------------------------------------------------


def deliveries(user_ids: Iterable[int], kind: NotificationKind) -> dict[int, Delivery]:
    user_ids = list(user_ids)
    chosen = dict(
        db.session.execute(
            sa.select(NotificationPreference.user_id, NotificationPreference.delivery).where(
                NotificationPreference.user_id.in_(user_ids),
                NotificationPreference.kind == kind.value,
            )
        ).all()
    )
    return {user_id: Delivery(chosen.get(user_id, DEFAULT_DELIVERY[kind])) for user_id in user_ids}


def preferences_of(user: User) -> dict[NotificationKind | DigestKind, Delivery]:
    """The person's choice for each kind of notification and each digest."""
    chosen = dict(
        db.session.execute(
            sa.select(NotificationPreference.kind, NotificationPreference.delivery).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    choices: dict[NotificationKind | DigestKind, Delivery] = {
        kind: Delivery(chosen.get(kind.value, default))
        for kind, default in DEFAULT_DELIVERY.items()
    }
    for digest, default in DIGEST_DEFAULTS.items():
        choices[digest] = Delivery(chosen.get(digest.value, default))
    return choices


def digest_takers(user_ids: Iterable[int], digest: DigestKind) -> set[int]:
    """Those of them who get the digest by e-mail (by their choice or the default)."""
    user_ids = set(user_ids)
    chosen = dict(
        db.session.execute(
            sa.select(NotificationPreference.user_id, NotificationPreference.delivery).where(
                NotificationPreference.user_id.in_(user_ids),
                NotificationPreference.kind == digest.value,
            )
        ).all()
    )
    default = DIGEST_DEFAULTS[digest]
    return {user_id for user_id in user_ids if chosen.get(user_id, default.value) == Delivery.EMAIL}


def set_preferences(user: User, choices: dict[NotificationKind | DigestKind, Delivery]) -> None:
    existing = {
        preference.kind: preference
        for preference in db.session.scalars(
            sa.select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    for kind, delivery in choices.items():
        preference = existing.get(kind.value)
        if preference is None:
            db.session.add(
                NotificationPreference(user_id=user.id, kind=kind.value, delivery=delivery.value)
            )
        else:
            preference.delivery = delivery.value
    db.session.flush()


def waiting_for_digest(user: User, municipality: Municipality) -> list[Notification]:
    """The person's notifications in the municipality that wait for their daily digest."""
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(_inbox(user, municipality), Notification.mail_state == MailState.DIGEST.value)
            .order_by(Notification.created_at, Notification.id)
        )
    )


def mark_mailed(notifications: Iterable[Notification]) -> None:
    now = utcnow()
    for notification in notifications:
        notification.mail_state = MailState.SENT.value
        notification.mailed_at = now


# --- The inbox ----------------------------------------------------------------------------------


def _inbox(user: User, municipality: Municipality):
    return sa.and_(Notification.user_id == user.id, Notification.municipality_id == municipality.id)


def unread_count(user: User, municipality: Municipality) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Notification)
            .where(_inbox(user, municipality), Notification.read_at.is_(None))
        )
        or 0
    )


def inbox(user: User, municipality: Municipality, *, limit: int = 100) -> list[Notification]:
    """The newest first."""
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(_inbox(user, municipality))
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def find_notification(user: User, municipality: Municipality, notification_id: int):
    """One of the person's own notifications in this municipality; anyone else's is None."""
    return db.session.scalar(
        sa.select(Notification).where(
            _inbox(user, municipality), Notification.id == notification_id
        )
    )


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User, municipality: Municipality) -> int:
    result = db.session.execute(
        sa.update(Notification)
        .where(_inbox(user, municipality), Notification.read_at.is_(None))
        .values(read_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


def unmail_history(municipality_ids: Iterable[int]) -> None:
    """Keep what was told so far in the app only: no mail waits for it any longer (for the demo,
    whose history is played through the services; nobody is mailed about the past)."""
    ids = list(municipality_ids)
    db.session.execute(
        sa.update(Notification)
        .where(
            Notification.municipality_id.in_(ids),
            Notification.mail_state == MailState.WAITING.value,
        )
        .values(mail_state=MailState.NONE.value),
        execution_options={"synchronize_session": False},
    )
    queue.forget_waiting(MAIL_JOB, ids)
