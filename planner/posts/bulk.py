"""Acting on several posts at once: submit for review, approve, set responsible, archive.

Each selected post goes through the very service a single action uses (the workflow's
`apply_transition`, or `update_post` for the responsible member), so every rule holds as on the
post's own page: who may do what, from which status, archived posts stay as they are, an empty
text is not submitted, an approved post whose responsible member changes needs a new approval;
and every post gets the same audit events and notifications as when done alone.

One transaction, one savepoint per post: a post that is refused (or that someone else changed at
the same moment) rolls back alone, the others stay done, and the caller commits them together.
Only the municipality's posts are touched: an id of another municipality's post is reported as
not found, like an id that was never there.

Versions: the list a bulk action is chosen from shows no version to carry, and the member chose
the posts by what they are now, so a bulk action acts on each post's current version (it is
read inside this transaction). A concurrent save that lands between that read and the flush is
still caught (the version counter refuses the stale update) and reported for that post.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from planner.core.errors import DomainError, FieldError, NotAllowed
from planner.core.extensions import db
from planner.core.localtime import zone_of
from planner.municipalities.models import Municipality
from planner.municipalities.roles import Permission, role_allows
from planner.municipalities.services import active_membership
from planner.posts import services, workflow
from planner.posts.models import POST_STATUS_LABELS, CitedResult, Post, PostStatus

#: The most posts one bulk action takes (a page of the list, or the whole idea backlog).
MAX_POSTS = 100

SUBMIT, APPROVE, SET_OWNER, ARCHIVE = "submit", "approve", "set_owner", "archive"


@dataclass(frozen=True)
class BulkAction:
    name: str
    label: LazyString
    permission: Permission
    #: Offered on the calendar's idea backlog too (approving belongs to the list of posts).
    in_backlog: bool = True


#: The bulk actions in the order the form offers them.
BULK_ACTIONS: dict[str, BulkAction] = {
    action.name: action
    for action in (
        BulkAction(SUBMIT, workflow.TRANSITIONS["submit"].label, Permission.EDIT_POSTS),
        BulkAction(APPROVE, workflow.TRANSITIONS["approve"].label, Permission.APPROVE_POSTS, False),
        BulkAction(SET_OWNER, _l("Set responsible"), Permission.EDIT_POSTS),
        BulkAction(ARCHIVE, workflow.TRANSITIONS["archive"].label, Permission.EDIT_POSTS),
    )
}

NOT_FOUND = _l("There is no such post here.")
ROLE_REFUSED = _l("Your role does not allow this.")
ALREADY_ARCHIVED = _l("The post is already archived.")
ALREADY_RESPONSIBLE = _l("They are responsible for it already.")
CHANGED_MEANWHILE = _l("Someone else changed the post just now. Check it and try again.")


def actions_for(role: str, *, backlog: bool = False) -> list[BulkAction]:
    """The bulk actions a member with this role may take at all (on the backlog: its own set)."""
    return [
        action
        for action in BULK_ACTIONS.values()
        if role_allows(role, action.permission) and (action.in_backlog or not backlog)
    ]


@dataclass(frozen=True)
class BulkResult:
    """What a bulk action did to one selected post."""

    post_id: int
    #: The post, or None when there is no such post in the municipality.
    post: Post | None
    done: bool
    #: Why it was not done; or, for a done post, what else happened (back in draft), or "".
    message: str | LazyString = ""

    @property
    def title(self) -> str:
        return self.post.title if self.post is not None else str(_l("Post %(id)s", id=self.post_id))


def apply_bulk(
    action: str,
    posts_ids: Iterable[int],
    *,
    actor,
    municipality: Municipality,
    owner_id: int | None = None,
) -> list[BulkResult]:
    """Take `action` on each of the posts, one savepoint each; a result per post, in order.

    `owner_id` is the member to be responsible (`set_owner` only); one who is not an active member
    of the municipality is refused for all (`FieldError("owner")`) before any post is touched.
    The caller commits.
    """
    bulk = BULK_ACTIONS.get(action)
    if bulk is None:  # the form offers only these: a bug in the caller, not a rule for the user
        raise ValueError(f"no bulk action {action!r}")
    membership = active_membership(actor, municipality)
    role = membership.role if membership is not None else ""
    if action == SET_OWNER and owner_id not in dict(services.member_options(municipality)):
        raise FieldError("owner", _l("Choose a member of the municipality."))
    ids = list(dict.fromkeys(posts_ids))
    found = _posts(municipality, ids)
    results = []
    for post_id in ids:
        post = found.get(post_id)
        if post is None:
            results.append(BulkResult(post_id, None, False, NOT_FOUND))
        elif not role_allows(role, bulk.permission):
            results.append(BulkResult(post_id, post, False, ROLE_REFUSED))
        else:
            results.append(
                _apply_one(
                    post, bulk, role=role, actor=actor, municipality=municipality, owner_id=owner_id
                )
            )
    return results


def _posts(municipality: Municipality, ids: list[int]) -> dict[int, Post]:
    """The municipality's posts among the ids, with what the services read of them."""
    if not ids:
        return {}
    return {
        post.id: post
        for post in db.session.scalars(
            sa.select(Post)
            .where(Post.municipality_id == municipality.id, Post.id.in_(ids))
            .options(
                selectinload(Post.owner),
                selectinload(Post.goals),
                selectinload(Post.audiences),
                selectinload(Post.cited_results).selectinload(CitedResult.indicator),
                selectinload(Post.publications),
            )
        )
    }


def _apply_one(
    post: Post, bulk: BulkAction, *, role: str, actor, municipality, owner_id: int | None
) -> BulkResult:
    status_before = post.status
    try:
        with db.session.begin_nested():
            if bulk.name == SET_OWNER:
                note = _set_owner(post, owner_id, actor=actor, municipality=municipality)
            else:
                note = _transition(
                    post, bulk.name, role=role, actor=actor, municipality=municipality
                )
    except workflow.TransitionForbidden:
        return BulkResult(post.id, post, False, ROLE_REFUSED)
    except StaleDataError:
        return BulkResult(post.id, post, False, CHANGED_MEANWHILE)
    except NotAllowed as refused:
        return BulkResult(post.id, post, False, _refusal(bulk, status_before, refused))
    except DomainError as refused:
        return BulkResult(post.id, post, False, refused.message)
    return BulkResult(post.id, post, True, note)


def _transition(post: Post, name: str, *, role: str, actor, municipality) -> str | LazyString:
    # Submitting asks any reviewer: the list offers no choice of one.
    workflow.apply_transition(post, name, role=role, actor=actor, municipality=municipality)
    return ""


def _set_owner(post: Post, owner_id: int | None, *, actor, municipality) -> str | LazyString:
    """The responsible member changed as the editor's save changes it (`update_post`)."""
    if post.owner_id == owner_id and not post.archived:
        return ALREADY_RESPONSIBLE
    was_approved = post.status == PostStatus.APPROVED.value
    services.update_post(
        post,
        {**_current_values(post, municipality), "owner": owner_id},
        actor=actor,
        municipality=municipality,
        # The current version: the member chose the post as it is now (see the module).
        expected_version=post.version,
    )
    if was_approved and post.status != PostStatus.APPROVED.value:
        return workflow.TRANSITIONS["reopen"].done
    return ""


def _current_values(post: Post, municipality: Municipality) -> dict[str, Any]:
    """The post's values as its edit form would send them unchanged (local times, ids)."""
    zone = zone_of(municipality)

    def local(moment):
        return moment.astimezone(zone).replace(tzinfo=None) if moment else None

    return {
        "title": post.title,
        "kind": post.kind,
        "summary": post.summary or "",
        "language": post.language,
        "owner": post.owner_id,
        "template": post.template,
        # The fields that compose the saved text (as a restore finds them), so it stays as it is.
        "sections": services._restored_sections(post, post.template, post.body or ""),
        "location": post.location or "",
        "event_starts_at": local(post.event_starts_at),
        "event_ends_at": local(post.event_ends_at),
        "goals": [goal.id for goal in post.goals],
        "audiences": [audience.id for audience in post.audiences],
        "indicators": [cited.indicator_id for cited in post.cited_results],
    }


def _refusal(bulk: BulkAction, status: str, refused: NotAllowed) -> str | LazyString:
    """The reason in words for a post the rules refused: its status, when that is why (the
    workflow's own words suppose the page was left open while someone else acted)."""
    if status == PostStatus.ARCHIVED.value:
        return ALREADY_ARCHIVED if bulk.name == ARCHIVE else services.ARCHIVED_TO_CHANGE
    transition = workflow.TRANSITIONS.get(bulk.name)
    if transition is not None and status not in transition.sources:
        return _l(
            "Not possible while the post is “%(status)s”.",
            status=POST_STATUS_LABELS[PostStatus(status)],
        )
    return refused.message
