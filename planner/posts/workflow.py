"""The approval workflow: which status a post may move to, by whom, and with what.

idea → draft → in review → approved; back to draft when a reviewer sends it back (with a reason,
kept as a comment); archived from anywhere and restored as a draft. Editors create and submit,
reviewers approve or send back, admins do all. Every transition is an audit event.

A transition the member's role does not allow raises `TransitionForbidden` (403); one the post's
status does not allow `NotAllowed` (409); a send-back without its reason a `FieldError("reason")`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from planner.audit.services import record_event
from planner.auth.models import User
from planner.core.errors import DomainError, FieldError, NotAllowed
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.municipalities.models import Membership
from planner.municipalities.roles import Permission, Role, role_allows
from planner.posts.models import POST_STATUS_LABELS, Comment, CommentKind, Post, PostStatus
from planner.posts.services import bump_sequences
from planner.posts.signals import post_transitioned
from planner.results.models import Indicator
from planner.results.services import latest_measurements

IDEA, DRAFT, IN_REVIEW, APPROVED, ARCHIVED = (
    PostStatus.IDEA.value,
    PostStatus.DRAFT.value,
    PostStatus.IN_REVIEW.value,
    PostStatus.APPROVED.value,
    PostStatus.ARCHIVED.value,
)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    permission: Permission
    label: LazyString
    done: LazyString
    needs_reason: bool = False
    #: Button style: the step forward is primary, the rest secondary.
    primary: bool = False


TRANSITIONS: dict[str, Transition] = {
    transition.name: transition
    for transition in (
        Transition(
            "start",
            frozenset({IDEA}),
            DRAFT,
            Permission.EDIT_POSTS,
            _l("Start writing"),
            _l("The idea is now a draft."),
            primary=True,
        ),
        Transition(
            "submit",
            frozenset({IDEA, DRAFT}),
            IN_REVIEW,
            Permission.EDIT_POSTS,
            _l("Submit for review"),
            _l("The post is submitted for review."),
            primary=True,
        ),
        Transition(
            "approve",
            frozenset({IN_REVIEW}),
            APPROVED,
            Permission.APPROVE_POSTS,
            _l("Approve"),
            _l("The post is approved."),
            primary=True,
        ),
        Transition(
            "reject",
            frozenset({IN_REVIEW}),
            DRAFT,
            Permission.APPROVE_POSTS,
            _l("Send back to draft"),
            _l("The post is sent back to draft with your reason."),
            needs_reason=True,
        ),
        Transition(
            "withdraw",
            frozenset({IN_REVIEW}),
            DRAFT,
            Permission.EDIT_POSTS,
            _l("Withdraw from review"),
            _l("The post is back in draft."),
        ),
        Transition(
            "reopen",
            frozenset({APPROVED}),
            DRAFT,
            Permission.EDIT_POSTS,
            _l("Reopen for changes"),
            _l("The post is back in draft and needs a new approval."),
        ),
        Transition(
            "archive",
            frozenset({IDEA, DRAFT, IN_REVIEW, APPROVED}),
            ARCHIVED,
            Permission.EDIT_POSTS,
            _l("Archive"),
            _l("The post is archived. It is kept for history and can be restored."),
        ),
        Transition(
            "restore",
            frozenset({ARCHIVED}),
            DRAFT,
            Permission.EDIT_POSTS,
            _l("Restore as draft"),
            _l("The post is restored as a draft."),
        ),
    )
}


class TransitionForbidden(DomainError):
    """The member's role does not allow this transition (or there is no such transition)."""

    status_code = 403


def available_transitions(post: Post, role: str) -> list[Transition]:
    """The transitions the member may take on the post now, in workflow order."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if post.status in transition.sources and role_allows(role, transition.permission)
    ]


def apply_transition(
    post: Post,
    name: str,
    *,
    role: str,
    actor,
    municipality,
    reason: str = "",
    reviewer_id: int | None = None,
) -> Transition:
    """Move the post to the transition's status; check role, source status and reason.

    A submit may ask one reviewer (`reviewer_id`, one of `reviewer_choices`): only they are told.
    """
    transition = TRANSITIONS.get(name)
    if transition is None or not role_allows(role, transition.permission):
        raise TransitionForbidden(name)
    if post.status not in transition.sources:
        raise NotAllowed(
            _l(
                "This can no longer be done: the post is now “%(status)s”. "
                "Someone may have handled it already.",
                status=_status_label(post.status),
            )
        )
    # Only a send-back keeps a reason; anything sent with another step is ignored.
    reason = (reason or "").strip() if transition.needs_reason else ""
    if transition.needs_reason and not reason:
        raise FieldError("reason", _l("Write the reason, so the writer knows what to change."))
    if name == "submit" and not post.body.strip():
        raise NotAllowed(_l("Write the text of the post before submitting it."))
    if name != "submit":
        reviewer_id = None
    elif reviewer_id is not None and reviewer_id not in dict(
        reviewer_choices(municipality, actor=actor)
    ):
        raise FieldError(
            "reviewer", _l("Choose one of the municipality's reviewers, or any reviewer.")
        )
    before = post.status
    now = utcnow()
    post.status = transition.target
    if transition.target == IN_REVIEW:
        post.submitted_at = now
    post.reviewer_id = reviewer_id if transition.target == IN_REVIEW else None
    if transition.target == APPROVED:
        post.approved_at = now
        post.approved_by_id = actor.id
        _cite_latest_results(post)
    elif before == APPROVED:
        post.approved_at = None
        post.approved_by_id = None
    # The calendar status of its publications follows the post's (tentative until approved).
    bump_sequences(post.publications)
    if reason:
        db.session.add(
            Comment(post=post, author_id=actor.id, kind=CommentKind.REJECTION.value, body=reason)
        )
    db.session.flush()
    record_event(
        f"post.{name}",
        actor=actor,
        municipality=municipality,
        obj=post,
        before={"status": before},
        after={
            "status": post.status,
            **({"reason": reason} if reason else {}),
            **({"reviewer": post.reviewer.name} if post.reviewer else {}),
        },
    )
    post_transitioned.send(post, name=name, actor=actor, municipality=municipality, reason=reason)
    return transition


def reviewer_choices(municipality, *, actor) -> list[tuple[int, str]]:
    """Whom a writer may ask to review: active members allowed to approve, but the writer."""
    roles = [role.value for role in Role if role_allows(role.value, Permission.APPROVE_POSTS)]
    return [
        (user_id, name)
        for user_id, name in db.session.execute(
            sa.select(User.id, User.name)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.municipality_id == municipality.id,
                Membership.active.is_(True),
                Membership.role.in_(roles),
                User.active.is_(True),
                User.id != actor.id,
            )
            .order_by(sa.func.lower(User.name))
        ).all()
    ]


def _cite_latest_results(post: Post) -> None:
    """Remember the result each linked indicator showed when the post was approved."""
    ids = [cited.indicator_id for cited in post.cited_results]
    latest = latest_measurements(Indicator.id.in_(ids)) if ids else {}
    for cited in post.cited_results:
        measurement = latest.get(cited.indicator_id)
        cited.cited_on = measurement.measured_on if measurement else None
        cited.cited_value = measurement.value if measurement else None


def _status_label(status: str) -> str:
    try:
        return str(POST_STATUS_LABELS[PostStatus(status)])
    except ValueError:
        return status
