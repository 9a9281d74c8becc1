"""The rules of posts and publications: writing, linking, planning, moving and reading them.

Services take explicit arguments, flush and never commit; every change is audited, and every save
of a post leaves a revision with what changed. A rule refuses with a `DomainError`
(`planner.core.errors`): a `FieldError` for a value, `NotAllowed` for a state that forbids the
change (an archived post), `StaleVersion` for a save over someone else's newer one. Updates return
the object they changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import LazyString, format_date, format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from planner.audit.changes import record_change, snapshot
from planner.audit.models import AuditEvent
from planner.audit.services import record_event
from planner.auth.models import User
from planner.core.errors import FieldError, NotAllowed, check_version
from planner.core.extensions import db
from planner.core.localtime import day_start, same_time_on, to_utc, utcnow, zone_of
from planner.municipalities.models import Municipality
from planner.posts.deadlines import ReviewDeadline, review_deadlines
from planner.posts.mentions import mentionable, mentioned_in
from planner.posts.models import (
    CitedResult,
    Comment,
    CommentKind,
    Post,
    PostStatus,
    Publication,
    PublicationStatus,
    Revision,
    post_audience,
    post_goal,
)
from planner.posts.overdue import overdue_clause
from planner.posts.signals import comment_added
from planner.posts.story_templates import ALL_FIELDS, compose_body, template_of
from planner.results.models import Indicator, Measurement
from planner.results.services import IndicatorSummary, latest_measurements, summarise
from planner.strategy.models import Audience, Channel, Goal, Strategy, StrategyStatus
from planner.strategy.services import owner_choices

#: The fields a revision and the audit log compare.
POST_FIELDS = (
    "title",
    "kind",
    "summary",
    "language",
    "owner",
    "template",
    "body",
    "location",
    "event_starts_at",
    "event_ends_at",
    "goals",
    "audiences",
    "indicators",
)
PUBLICATION_FIELDS = ("channel", "publish_at", "all_day", "text", "status", "url")
PLANNED = PublicationStatus.PLANNED.value
PUBLISHED = PublicationStatus.PUBLISHED.value
CANCELLED = PublicationStatus.CANCELLED.value


# --- What refers to what: goals, audiences, channels and indicators used by posts are archived,
# not deleted (registered with audit.changes by the package's init_app) ---------------------------


def count_posts_of_goal(goal: Goal) -> sa.Select:
    return sa.select(sa.func.count()).select_from(post_goal).where(post_goal.c.goal_id == goal.id)


def count_posts_for_audience(audience: Audience) -> sa.Select:
    return (
        sa.select(sa.func.count())
        .select_from(post_audience)
        .where(post_audience.c.audience_id == audience.id)
    )


def count_publications_on_channel(channel: Channel) -> sa.Select:
    return sa.select(sa.func.count(Publication.id)).where(Publication.channel_id == channel.id)


def count_posts_citing_indicator(indicator: Indicator) -> sa.Select:
    return sa.select(sa.func.count()).where(CitedResult.indicator_id == indicator.id)


# --- Reading ------------------------------------------------------------------------------------


def get_post(municipality: Municipality, post_id: int) -> Post | None:
    return db.session.scalar(
        sa.select(Post)
        .where(Post.id == post_id, Post.municipality_id == municipality.id)
        .options(
            joinedload(Post.owner),
            selectinload(Post.goals),
            selectinload(Post.audiences),
            selectinload(Post.cited_results).joinedload(CitedResult.indicator),
            selectinload(Post.publications).joinedload(Publication.channel),
            selectinload(Post.comments).joinedload(Comment.author),
        )
    )


def get_publication(municipality: Municipality, publication_id: int) -> Publication | None:
    return db.session.scalar(
        sa.select(Publication)
        .where(Publication.id == publication_id, Publication.municipality_id == municipality.id)
        .options(joinedload(Publication.post), joinedload(Publication.channel))
    )


def revisions_of(post: Post) -> list[Revision]:
    return list(
        db.session.scalars(
            sa.select(Revision)
            .where(Revision.post_id == post.id)
            .options(joinedload(Revision.author))
            .order_by(Revision.created_at.desc(), Revision.id.desc())
        )
    )


def revision_of(post: Post, revision_id: int | None) -> Revision | None:
    """One revision of the post, or None (also for a revision of another post)."""
    if revision_id is None:
        return None
    return db.session.scalar(
        sa.select(Revision).where(Revision.id == revision_id, Revision.post_id == post.id)
    )


# --- The history of a post: its saves and its status changes, newest first ---------------------

#: The audit actions that change a post's status: the workflow's steps (`post.<transition>`) and
#: a save that sends an approved post back to draft (`post.reopen`).
STATUS_ACTIONS = (
    "post.start",
    "post.submit",
    "post.approve",
    "post.reject",
    "post.withdraw",
    "post.reopen",
    "post.archive",
    "post.restore",
)
#: A publication of the post marked as published (an audit event about the publication).
PUBLISHED_ACTION = "publication.published"
#: An earlier revision restored (`restore_revision`); its revision shows which one.
REVISION_RESTORED = "post.revision_restored"


@dataclass(frozen=True)
class StatusChange:
    """A status change of a post, from its audit event, as the post's history shows it."""

    id: int
    action: str
    at: datetime
    actor: User | None
    #: Status codes (PostStatus; PublicationStatus for a publication marked as published).
    before: str | None
    after: str | None
    #: A send-back's reason; the reviewer a submit asked.
    reason: str = ""
    reviewer: str = ""
    #: A publication marked as published: its channel and the address it went out at.
    channel: str = ""
    url: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a post's history: a save (`revision`) or a status change."""

    at: datetime
    revision: Revision | None = None
    status_change: StatusChange | None = None
    #: A save that restored an earlier revision: when that one was saved.
    restored_from: datetime | None = None


def _history_events(post: Post) -> list[AuditEvent]:
    """The audit events the post's history shows, newest first, in one query."""
    publication_ids = [publication.id for publication in post.publications]
    about_the_post = sa.and_(
        AuditEvent.object_type == Post.__tablename__,
        AuditEvent.object_id == post.id,
        AuditEvent.action.in_((*STATUS_ACTIONS, REVISION_RESTORED)),
    )
    about_its_publications = sa.and_(
        AuditEvent.object_type == Publication.__tablename__,
        AuditEvent.object_id.in_(publication_ids),
        AuditEvent.action == PUBLISHED_ACTION,
    )
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(
                AuditEvent.municipality_id == post.municipality_id,
                sa.or_(about_the_post, about_its_publications)
                if publication_ids
                else about_the_post,
            )
            .options(joinedload(AuditEvent.actor))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        )
    )


def _status_change(event: AuditEvent, publications: dict[int, Publication]) -> StatusChange:
    before, after = event.before or {}, event.after or {}
    publication = publications.get(event.object_id or 0)
    is_publication = event.action == PUBLISHED_ACTION
    return StatusChange(
        id=event.id,
        action=event.action,
        at=event.created_at,
        actor=event.actor,
        before=before.get("status"),
        after=after.get("status"),
        reason=str(after.get("reason") or ""),
        reviewer=str(after.get("reviewer") or ""),
        channel=publication.channel.name if is_publication and publication else "",
        url=str(after.get("url") or "") if is_publication else "",
    )


def _status_changes(post: Post, events: Iterable[AuditEvent]) -> list[StatusChange]:
    publications = {publication.id: publication for publication in post.publications}
    return [
        _status_change(event, publications)
        for event in events
        if event.action in STATUS_ACTIONS or event.action == PUBLISHED_ACTION
    ]


def status_changes_of(post: Post) -> list[StatusChange]:
    """The post's status changes and publications marked as published, newest first (one query
    for the audit events, whatever their number)."""
    return _status_changes(post, _history_events(post))


def _saved_moment(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _newest_first(entry: TimelineEntry) -> tuple:
    """By time; a save and a status change of one request (save and submit): the status change
    came after."""
    if entry.status_change is not None:
        return (entry.at, 1, entry.status_change.id)
    return (entry.at, 0, entry.revision.id if entry.revision else 0)


def post_timeline(post: Post) -> list[TimelineEntry]:
    """The post's revisions and status changes in one list, newest first.

    Two queries whatever the length of the history: the revisions, and the audit events.
    """
    events = _history_events(post)
    restored = {
        (event.after or {}).get("version"): _saved_moment(
            (event.after or {}).get("restored_saved_at")
        )
        for event in events
        if event.action == REVISION_RESTORED
    }
    entries = [
        TimelineEntry(
            revision.created_at, revision=revision, restored_from=restored.get(revision.version)
        )
        for revision in revisions_of(post)
    ]
    entries += [
        TimelineEntry(change.at, status_change=change) for change in _status_changes(post, events)
    ]
    entries.sort(key=_newest_first, reverse=True)
    return entries


# --- Choices for the forms ----------------------------------------------------------------------


def _active_or_linked(model, municipality: Municipality, linked: Iterable, active_clause, order):
    linked_ids = [item.id for item in linked]
    return list(
        db.session.scalars(
            sa.select(model)
            .where(
                model.municipality_id == municipality.id,
                sa.or_(active_clause, model.id.in_(linked_ids)),
            )
            .order_by(*order)
        )
    )


def goal_options(municipality: Municipality, linked: Iterable[Goal] = ()) -> list[Goal]:
    linked_ids = [goal.id for goal in linked]
    return list(
        db.session.scalars(
            sa.select(Goal)
            .join(Strategy)
            .where(
                Goal.municipality_id == municipality.id,
                sa.or_(
                    sa.and_(
                        Goal.archived.is_(False),
                        Strategy.status != StrategyStatus.ARCHIVED.value,
                    ),
                    Goal.id.in_(linked_ids),
                ),
            )
            .order_by(Strategy.status, Strategy.period_start.desc(), Goal.position)
        )
    )


def audience_options(municipality: Municipality, linked: Iterable[Audience] = ()):
    return _active_or_linked(
        Audience,
        municipality,
        linked,
        Audience.archived.is_(False),
        (Audience.reach, Audience.name),
    )


def indicator_options(municipality: Municipality, linked: Iterable[Indicator] = ()):
    return _active_or_linked(
        Indicator, municipality, linked, Indicator.archived.is_(False), (Indicator.name,)
    )


def channel_options(
    municipality: Municipality, current: Channel | None = None, *, linked: Iterable[Channel] = ()
) -> list[Channel]:
    """Active channels, and the ones already chosen (`current`, `linked`) even if inactive."""
    return _active_or_linked(
        Channel,
        municipality,
        [*([current] if current else []), *linked],
        Channel.active.is_(True),
        (Channel.name,),
    )


def member_options(municipality: Municipality) -> list[tuple[int, str]]:
    """Active members, by name: who may be responsible for a post."""
    return owner_choices(municipality)


def _by_ids(model, municipality: Municipality, ids: Iterable[int] | None, field: str) -> list:
    ids = list(ids or [])
    if not ids:
        return []
    found = list(
        db.session.scalars(
            sa.select(model).where(model.municipality_id == municipality.id, model.id.in_(ids))
        )
    )
    if len(found) != len(set(ids)):
        raise FieldError(field, _l("Choose only among the options shown."))
    return found


def _owner(municipality: Municipality, owner_id: int | None) -> User | None:
    if owner_id is None:
        return None
    allowed = dict(member_options(municipality))
    if owner_id not in allowed:
        raise FieldError("owner", _l("Choose a member of the municipality."))
    return db.session.get(User, owner_id)


# --- What the state of a post allows -------------------------------------------------------------

#: The archived-post rule's two ways of saying it: for the post's text, and for its planning.
ARCHIVED_TO_CHANGE = _l("The post is archived. Restore it to change it.")
ARCHIVED_TO_PLAN = _l("The post is archived. Restore it to plan it.")


def _ensure_not_archived(post: Post, message: LazyString) -> None:
    """The rule: an archived post, and every publication of it, stays as it is until restored.

    Its text is not edited, and its publications are not planned, rescheduled, edited, cancelled,
    planned again or marked as published. Every service that changes them calls this first.
    """
    if post.archived:
        raise NotAllowed(message)


def ensure_post_editable(post: Post) -> None:
    """Refuse (NotAllowed) to change an archived post; the edit page asks before its form."""
    _ensure_not_archived(post, ARCHIVED_TO_CHANGE)


def _ensure_publication_changeable(
    publication: Publication, *, archived: LazyString, status: str, refused: LazyString
) -> None:
    """A change of a publication: never while its post is archived, and only from `status`."""
    _ensure_not_archived(publication.post, archived)
    if publication.status != status:
        raise NotAllowed(refused)


def _ensure_movable(publication: Publication) -> None:
    _ensure_publication_changeable(
        publication,
        archived=ARCHIVED_TO_PLAN,
        status=PLANNED,
        refused=_l("Only a planned publication can be moved."),
    )


def can_move(publication: Publication) -> bool:
    """Whether move_publication takes the publication (the calendar offers to drag only these)."""
    try:
        _ensure_movable(publication)
    except NotAllowed:
        return False
    return True


# --- Writing posts ------------------------------------------------------------------------------


def _post_values(municipality: Municipality, values: dict) -> dict:
    """Turn a form's plain values into the post's attributes (ids to objects, local to UTC)."""
    zone = zone_of(municipality)
    sections = {
        field.name: (values.get("sections") or {}).get(field.name, "").strip()
        for field in ALL_FIELDS
    }
    sections = {name: text for name, text in sections.items() if text}
    template = template_of(values.get("template") or "free").key
    is_event = values.get("kind") == "event"
    starts = values.get("event_starts_at") if is_event else None
    ends = values.get("event_ends_at") if is_event else None
    return {
        "title": values["title"].strip(),
        "kind": values["kind"],
        "summary": (values.get("summary") or "").strip(),
        "language": values.get("language") or municipality.language,
        "owner": _owner(municipality, values.get("owner")),
        "template": template,
        "sections": sections,
        "body": compose_body(template, sections),
        "location": (values.get("location") or "").strip() if is_event else "",
        "event_starts_at": to_utc(starts.date(), starts.time(), zone) if starts else None,
        "event_ends_at": to_utc(ends.date(), ends.time(), zone) if ends else None,
        "goals": _by_ids(Goal, municipality, values.get("goals"), "goals"),
        "audiences": _by_ids(Audience, municipality, values.get("audiences"), "audiences"),
        "indicators": _by_ids(Indicator, municipality, values.get("indicators"), "indicators"),
    }


def _apply(post: Post, attributes: dict) -> None:
    indicators = attributes.pop("indicators")
    for name, value in attributes.items():
        setattr(post, name, value)
    wanted = {indicator.id: indicator for indicator in indicators}
    post.cited_results = [c for c in post.cited_results if c.indicator_id in wanted]
    kept = {c.indicator_id for c in post.cited_results}
    post.cited_results.extend(
        CitedResult(indicator=indicator) for key, indicator in wanted.items() if key not in kept
    )


def _revision_snapshot(post: Post) -> dict:
    data = snapshot(post, [f for f in POST_FIELDS if f not in ("goals", "audiences", "indicators")])
    data["goals"] = sorted(goal.title for goal in post.goals)
    data["audiences"] = sorted(audience.name for audience in post.audiences)
    data["indicators"] = sorted(cited.indicator.name for cited in post.cited_results)
    data["owner"] = post.owner.name if post.owner else None
    return data


def create_post(municipality: Municipality, values: dict, *, actor, status: str) -> Post:
    if status not in (PostStatus.IDEA.value, PostStatus.DRAFT.value):
        raise ValueError(status)
    post = Post(municipality_id=municipality.id, status=status, created_by_id=actor.id)
    _apply(post, _post_values(municipality, values))
    db.session.add(post)
    db.session.flush()
    after = _revision_snapshot(post)
    db.session.add(Revision(post_id=post.id, author_id=actor.id, version=post.version, after=after))
    record_event("post.created", actor=actor, municipality=municipality, obj=post, after=after)
    return post


def copy_post(post: Post, *, title: str, actor, municipality: Municipality) -> Post:
    """A new draft to start from, made from `post` ("Use as a starting point"): its text,
    template, kind, language, goals, audiences and cited results, responsible `actor`; not its
    publications, comments, history or event times (a new event needs its own). It links back
    to `post` while that exists."""
    values = {
        "title": title[: Post.title.type.length],
        "kind": post.kind,
        "summary": post.summary,
        "language": post.language,
        "owner": actor.id if actor.id in dict(member_options(municipality)) else None,
        "template": post.template,
        "sections": dict(post.sections or {}),
        "location": post.location,
        "goals": [goal.id for goal in post.goals],
        "audiences": [audience.id for audience in post.audiences],
        "indicators": [cited.indicator_id for cited in post.cited_results],
    }
    copy = create_post(municipality, values, actor=actor, status=PostStatus.DRAFT.value)
    copy.copied_from_id = post.id
    return copy


def update_post(
    post: Post,
    values: dict,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> Post:
    """Save a post; an approved post goes back to draft, as its text needs a new approval.

    Nothing changed, nothing is recorded (no revision, no audit event, the approval stays).
    """
    check_version(post, expected_version)
    ensure_post_editable(post)
    before = _revision_snapshot(post)
    _apply(post, _post_values(municipality, values))
    after = _revision_snapshot(post)
    changed = [key for key in after if before.get(key) != after.get(key)]
    if not changed:
        return post
    if before["title"] != after["title"]:
        bump_sequences(post.publications)
    if post.status == PostStatus.APPROVED.value:
        post.status = PostStatus.DRAFT.value
        post.approved_at = None
        post.approved_by_id = None
        bump_sequences(post.publications)
        record_event(
            "post.reopen",
            actor=actor,
            municipality=municipality,
            obj=post,
            before={"status": PostStatus.APPROVED.value},
            after={"status": PostStatus.DRAFT.value},
        )
    post.updated_at = utcnow()
    db.session.flush()
    db.session.add(
        Revision(
            post_id=post.id,
            author_id=actor.id,
            version=post.version,
            before={key: before.get(key) for key in changed},
            after={key: after[key] for key in changed},
        )
    )
    record_change("post.updated", post, before, after, actor=actor, municipality=municipality)
    return post


# --- Restoring an earlier revision ---------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """What `restore_revision` did."""

    #: The revision whose values the post has again.
    revision: Revision
    #: False when the post already had them (nothing saved, nothing recorded).
    changed: bool
    #: Goals, audiences, results and the responsible member the revision names that are no longer
    #: there (deleted, renamed, or no longer a member): the post keeps its own for these.
    not_found: tuple[str, ...] = ()


def _state_at(post: Post, revision: Revision) -> dict:
    """Every revisioned field as it was after `revision`: its first revision holds them all, each
    later one what it changed."""
    state: dict = {}
    for earlier in reversed(revisions_of(post)):
        state.update(earlier.after or {})
        if earlier.id == revision.id:
            break
    return state


def _ids_by_name(
    model, name_column, municipality: Municipality, names, linked
) -> tuple[list[int], list[str]]:
    """Ids of the municipality's objects with these names (a revision keeps names, not ids):
    of two with one name, the one linked now, else an active one, else the newest."""
    names = [name for name in names or [] if isinstance(name, str)]
    if not names:
        return [], []
    linked_ids = {item.id for item in linked}
    found: dict[str, Any] = {}
    for item in db.session.scalars(
        sa.select(model).where(model.municipality_id == municipality.id, name_column.in_(names))
    ):
        name = getattr(item, name_column.key)
        best = found.get(name)
        rank = (item.id in linked_ids, not item.archived, item.id)
        if best is None or rank > (best.id in linked_ids, not best.archived, best.id):
            found[name] = item
    return (
        [found[name].id for name in names if name in found],
        [name for name in names if name not in found],
    )


def _restored_sections(post: Post, template_key: str, body: str) -> dict[str, str]:
    """Template fields that compose exactly the restored body.

    A revision keeps the composed body, not the fields: the post's own fields are kept when they
    compose it still (only the template changed back, say); else its paragraphs go one to a field
    when there are as many as the template has fields, else the whole text into the first field.
    Fields of other templates are kept as they are.
    """
    sections = dict(post.sections or {})
    if compose_body(template_key, sections) == body:
        return sections
    fields = template_of(template_key).fields
    paragraphs = body.split("\n\n")
    if len(paragraphs) == len(fields):
        candidate = sections | {
            field.name: text for field, text in zip(fields, paragraphs, strict=True)
        }
        if compose_body(template_key, candidate) == body:
            return candidate
    return sections | {field.name: body if n == 0 else "" for n, field in enumerate(fields)}


def _local(value: object, zone) -> datetime | None:
    """A revision's UTC moment (as it keeps it, or as the post has it) as local wall time."""
    moment = value if isinstance(value, datetime) else _saved_moment(value)
    return moment.astimezone(zone).replace(tzinfo=None) if moment else None


def restore_revision(
    post: Post,
    revision: Revision,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> Restored:
    """Give the post again the values it had after an earlier revision, as a new save.

    The save is an edit like any other (`update_post`: the same rules, a new revision by `actor`,
    an approved post back to draft), audited besides as `post.revision_restored` with the
    revision it restored. Goals, audiences, results and the responsible member are found again by
    the names the revision keeps; those no longer there are left as they are and told.
    """
    if revision.post_id != post.id:  # a bug in the caller, not a rule for the user
        raise ValueError("the revision belongs to another post")
    check_version(post, expected_version)
    ensure_post_editable(post)
    state = _state_at(post, revision)
    zone = zone_of(municipality)
    template = template_of(state.get("template", post.template)).key
    not_found: list[str] = []

    owner_id = post.owner_id if post.owner_id in dict(member_options(municipality)) else None
    if "owner" in state:
        owner_name = state["owner"]
        matches = [uid for uid, name in member_options(municipality) if name == owner_name]
        if owner_name is None:
            owner_id = None
        elif len(matches) == 1:
            owner_id = matches[0]
        else:
            not_found.append(str(owner_name))

    def linked(field, model, name_column, current) -> list[int]:
        if field not in state:
            return [item.id for item in current]
        ids, missing = _ids_by_name(model, name_column, municipality, state[field], current)
        not_found.extend(missing)
        return ids

    values = {
        "title": state.get("title", post.title),
        "kind": state.get("kind", post.kind),
        "summary": state.get("summary", post.summary) or "",
        "language": state.get("language", post.language),
        "owner": owner_id,
        "template": template,
        "sections": _restored_sections(post, template, state.get("body", post.body) or ""),
        "location": state.get("location", post.location) or "",
        "event_starts_at": _local(state.get("event_starts_at", post.event_starts_at), zone),
        "event_ends_at": _local(state.get("event_ends_at", post.event_ends_at), zone),
        "goals": linked("goals", Goal, Goal.title, post.goals),
        "audiences": linked("audiences", Audience, Audience.name, post.audiences),
        "indicators": linked("indicators", Indicator, Indicator.name, post.indicators),
    }
    version = post.version
    update_post(
        post, values, actor=actor, municipality=municipality, expected_version=expected_version
    )
    if post.version == version:
        return Restored(revision, changed=False, not_found=tuple(not_found))
    record_event(
        REVISION_RESTORED,
        actor=actor,
        municipality=municipality,
        obj=post,
        before={"version": version},
        after={
            "version": post.version,
            "revision": revision.id,
            "restored_version": revision.version,
            "restored_saved_at": revision.created_at.isoformat(),
            **({"not_found": sorted(not_found)} if not_found else {}),
        },
    )
    return Restored(revision, changed=True, not_found=tuple(not_found))


def add_comment(post: Post, body: str, *, actor, municipality: Municipality) -> Comment:
    body = (body or "").strip()
    if not body:
        raise FieldError("body", _l("Write a comment."))
    comment = Comment(post=post, author_id=actor.id, kind=CommentKind.COMMENT.value, body=body)
    db.session.add(comment)
    db.session.flush()
    record_event(
        "post.commented", actor=actor, municipality=municipality, obj=post, after={"comment": body}
    )
    mentioned = mentioned_in(body, mentionable(municipality))
    comment_added.send(
        comment, post=post, actor=actor, municipality=municipality, mentioned=mentioned
    )
    return comment


def get_comment(post: Post, comment_id: int) -> Comment | None:
    """A comment of the post, or None (also for a comment of another post)."""
    return db.session.scalar(
        sa.select(Comment).where(Comment.id == comment_id, Comment.post_id == post.id)
    )


def can_change_comment(comment: Comment, user) -> bool:
    """Only its author changes or deletes a comment, and not a send-back reason (part of the
    workflow's record), nor one deleted already."""
    return (
        comment.author_id == user.id
        and comment.kind == CommentKind.COMMENT.value
        and comment.deleted_at is None
    )


def _ensure_changeable(comment: Comment, actor) -> None:
    if not can_change_comment(comment, actor):
        raise NotAllowed(_l("Only its author can change a comment, and not a deleted one."))


def edit_comment(
    comment: Comment,
    body: str,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> Comment:
    """Change one's own comment; the page says it was edited, the audit log keeps both texts."""
    check_version(comment, expected_version)
    _ensure_changeable(comment, actor)
    body = (body or "").strip()
    if not body:
        raise FieldError("body", _l("Write a comment."))
    if body == comment.body:
        return comment
    before = comment.body
    comment.body = body
    comment.edited_at = utcnow()
    record_event(
        "post.comment_edited",
        actor=actor,
        municipality=municipality,
        obj=comment.post,
        before={"comment": before},
        after={"comment": body},
    )
    return comment


def delete_comment(
    comment: Comment, *, actor, municipality: Municipality, expected_version: int | str | None
) -> None:
    """Delete one's own comment: its place in the thread says so, its text is kept only in the
    audit log."""
    check_version(comment, expected_version)
    _ensure_changeable(comment, actor)
    before = comment.body
    comment.body = ""
    comment.deleted_at = utcnow()
    record_event(
        "post.comment_deleted",
        actor=actor,
        municipality=municipality,
        obj=comment.post,
        before={"comment": before},
    )


# --- Result chips -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultChip:
    indicator: Indicator
    summary: IndicatorSummary
    #: The cited measurement is older than the latest: the story may tell an old number.
    updated_since: bool
    cited_on: date | None
    cited_value: object


def result_chips(posts: Iterable[Post]) -> dict[int, list[ResultChip]]:
    """Each post's linked results with their latest value, in one query for all the posts."""
    posts = list(posts)
    ids = {cited.indicator_id for post in posts for cited in post.cited_results}
    latest = latest_measurements(Indicator.id.in_(ids)) if ids else {}
    chips: dict[int, list[ResultChip]] = {}
    for post in posts:
        chips[post.id] = []
        for cited in post.cited_results:
            measurement: Measurement | None = latest.get(cited.indicator_id)
            approved = post.status == PostStatus.APPROVED.value or post.approved_at is not None
            updated = bool(
                approved
                and measurement is not None
                and (cited.cited_on is None or measurement.measured_on > cited.cited_on)
            )
            chips[post.id].append(
                ResultChip(
                    cited.indicator,
                    summarise(cited.indicator, measurement),
                    updated,
                    cited.cited_on,
                    cited.cited_value,
                )
            )
    return chips


# --- Publications -------------------------------------------------------------------------------


def _check_text_fits(channel: Channel, text: str) -> None:
    if channel.character_limit and len(text) > channel.character_limit:
        raise FieldError(
            "text",
            _l(
                "%(channel)s allows at most %(limit)s characters; this text has %(count)s.",
                channel=channel.name,
                limit=channel.character_limit,
                count=len(text),
            ),
        )


def _channel(municipality: Municipality, channel_id: int, current: Channel | None = None):
    channel = db.session.scalar(
        sa.select(Channel).where(
            Channel.id == channel_id, Channel.municipality_id == municipality.id
        )
    )
    if channel is None or (not channel.active and channel != current):
        raise FieldError("channel", _l("Choose one of the channels shown."))
    return channel


def planned_publications(post: Post) -> list[Publication]:
    """The post's planned publications, soonest first: the rows of its edit form."""
    return sorted(
        (publication for publication in post.publications if publication.status == PLANNED),
        key=lambda publication: publication.publish_at,
    )


def _moment(municipality: Municipality, day: date, at: time | None, all_day: bool) -> datetime:
    if not all_day and at is None:
        raise FieldError("at", _l("Enter a time like 09:00, or choose all day."))
    return to_utc(day, None if all_day else at, zone_of(municipality))


def add_publication(post: Post, values: dict, *, actor, municipality: Municipality) -> Publication:
    if post.municipality_id != municipality.id:  # a bug in the caller, not a rule for the user
        raise ValueError("the post belongs to another municipality")
    _ensure_not_archived(post, ARCHIVED_TO_PLAN)
    channel = _channel(municipality, values["channel"])
    text = (values.get("text") or "").strip()
    _check_text_fits(channel, text)
    publication = Publication(
        municipality_id=municipality.id,
        post=post,
        channel=channel,
        publish_at=_moment(municipality, values["day"], values.get("at"), values["all_day"]),
        all_day=bool(values["all_day"]),
        text=text,
    )
    db.session.add(publication)
    db.session.flush()
    record_event(
        "publication.created",
        actor=actor,
        municipality=municipality,
        obj=publication,
        after=snapshot(publication, PUBLICATION_FIELDS) | {"post": post.id},
    )
    return publication


def bump_sequences(publications: Iterable[Publication]) -> None:
    """Tell calendar clients that these publications changed (iCalendar SEQUENCE)."""
    now = utcnow()
    for publication in publications:
        publication.sequence += 1
        publication.updated_at = now


def _change_publication(
    publication: Publication, action: str, change: Callable[[], None], *, actor, municipality
) -> Publication:
    before = snapshot(publication, PUBLICATION_FIELDS)
    change()
    bump_sequences([publication])
    db.session.flush()
    record_change(
        action,
        publication,
        before,
        snapshot(publication, PUBLICATION_FIELDS),
        actor=actor,
        municipality=municipality,
    )
    return publication


def update_publication(
    publication: Publication,
    values: dict,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> Publication:
    """Change channel, time and text of a planned publication of a post that is not archived."""
    check_version(publication, expected_version)
    _ensure_publication_changeable(
        publication,
        archived=ARCHIVED_TO_PLAN,
        status=PLANNED,
        refused=_l("Only a planned publication can be changed."),
    )
    channel = _channel(municipality, values["channel"], current=publication.channel)
    text = (values.get("text") or "").strip()
    _check_text_fits(channel, text)
    moment = _moment(municipality, values["day"], values.get("at"), values["all_day"])

    def change() -> None:
        publication.channel = channel
        publication.text = text
        publication.publish_at = moment
        publication.all_day = bool(values["all_day"])

    return _change_publication(
        publication, "publication.updated", change, actor=actor, municipality=municipality
    )


def move_publication(
    publication: Publication,
    day: date,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> Publication:
    """Move a planned publication to another local day, keeping its local time of day.

    `expected_version` is the publication's version the calendar showed when it was dragged.
    """
    check_version(publication, expected_version)
    _ensure_movable(publication)
    moment = same_time_on(publication.publish_at, day, zone_of(municipality))

    def change() -> None:
        publication.publish_at = moment

    return _change_publication(
        publication, "publication.moved", change, actor=actor, municipality=municipality
    )


def cancel_publication(publication: Publication, *, actor, municipality) -> Publication:
    _ensure_publication_changeable(
        publication,
        archived=ARCHIVED_TO_CHANGE,
        status=PLANNED,
        refused=_l("Only a planned publication can be cancelled."),
    )
    return _set_publication_status(publication, CANCELLED, actor=actor, municipality=municipality)


def restore_publication(publication: Publication, *, actor, municipality) -> Publication:
    """Plan a cancelled publication again."""
    _ensure_publication_changeable(
        publication,
        archived=ARCHIVED_TO_PLAN,
        status=CANCELLED,
        refused=_l("Only a cancelled publication can be restored."),
    )
    return _set_publication_status(publication, PLANNED, actor=actor, municipality=municipality)


def planned_moment(publication: Publication, municipality: Municipality) -> datetime:
    """When the publication is planned to go out: its time, for an all-day one the start of its
    local day (in the municipality's zone)."""
    if not publication.all_day:
        return publication.publish_at
    zone = zone_of(municipality)
    return day_start(publication.publish_at.astimezone(zone).date(), zone)


def _early_question(publication: Publication, municipality: Municipality) -> LazyString:
    local = publication.publish_at.astimezone(zone_of(municipality))
    if publication.all_day:
        when = format_date(local.date(), "EEE d. MMM y")
    else:
        when = format_datetime(local, "EEE d. MMM y HH:mm", rebase=False)
    return _l("It is planned for %(when)s. Mark it published now, before its time?", when=when)


def mark_published(
    publication: Publication,
    url: str,
    *,
    actor,
    municipality,
    confirm_early: bool = True,
    now: datetime | None = None,
) -> Publication:
    """Record that a publication went out (published_at: `now`); only an approved post may be
    published. Before its planned time it is marked only when it is confirmed that it went out
    early (`confirm_early`), else FieldError("confirm_early") asks: the post page passes the
    user's answer. Callers that record what already happened (the demo) keep the default."""
    _ensure_not_archived(publication.post, ARCHIVED_TO_CHANGE)
    if publication.post.status != PostStatus.APPROVED.value:
        raise NotAllowed(_l("Only an approved post can be marked as published."))
    if publication.status != PLANNED:
        raise NotAllowed(_l("Only a planned publication can be marked as published."))
    url = (url or "").strip()
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise FieldError("url", _l("Enter a full address, like https://…"))
    now = now or utcnow()
    if not confirm_early and planned_moment(publication, municipality) > now:
        raise FieldError("confirm_early", _early_question(publication, municipality))

    def change() -> None:
        publication.status = PUBLISHED
        publication.url = url
        publication.published_at = now

    return _change_publication(
        publication, "publication.published", change, actor=actor, municipality=municipality
    )


def _set_publication_status(
    publication: Publication, status: str, *, actor, municipality
) -> Publication:
    def change() -> None:
        publication.status = status

    action = "publication.cancelled" if status == CANCELLED else "publication.restored"
    return _change_publication(publication, action, change, actor=actor, municipality=municipality)


# --- My tasks -----------------------------------------------------------------------------------


@dataclass
class Returned:
    post: Post
    reason: Comment | None


def _not_submitted_since():
    """A send-back (the Comment) still open: its post has not been submitted again since."""
    return sa.or_(Post.submitted_at.is_(None), Comment.created_at >= Post.submitted_at)


def open_send_back(post: Post) -> Comment | None:
    """The reason a draft was last sent back with, until it is submitted again (it stands at the
    top of the post's edit page)."""
    if post.status != PostStatus.DRAFT.value:
        return None
    return db.session.scalar(
        sa.select(Comment)
        .join(Comment.post)
        .where(
            Comment.post_id == post.id,
            Comment.kind == CommentKind.REJECTION.value,
            _not_submitted_since(),
        )
        .options(joinedload(Comment.author))
        .order_by(Comment.id.desc())
        .limit(1)
    )


@dataclass
class MyTasks:
    to_review: list[Post]
    next_publications: list[Publication]
    overdue: list[Publication]
    returned: list[Returned]
    #: The approval deadline of each post waiting for review or sent back, by post id.
    deadlines: dict[int, ReviewDeadline]


def my_tasks(
    municipality: Municipality, user, *, can_review: bool, limit: int = 10, now=None
) -> MyTasks:
    """What needs the member now: reviews (oldest first), next and overdue publications, returns.

    A fixed number of queries whatever the size of the plan.
    """
    now = now or utcnow()
    in_municipality = Post.municipality_id == municipality.id
    to_review = (
        list(
            db.session.scalars(
                sa.select(Post)
                .where(in_municipality, Post.status == PostStatus.IN_REVIEW.value)
                .options(joinedload(Post.owner))
                .order_by(Post.submitted_at, Post.id)
                .limit(limit)
            )
        )
        if can_review
        else []
    )
    mine = sa.and_(
        Publication.municipality_id == municipality.id,
        Post.owner_id == user.id,
        Post.status != PostStatus.ARCHIVED.value,
    )
    publication_query = (
        sa.select(Publication)
        .join(Post)
        .options(joinedload(Publication.post), joinedload(Publication.channel))
    )
    next_publications = list(
        db.session.scalars(
            publication_query.where(
                mine, Publication.status == PLANNED, Publication.publish_at >= now
            )
            .order_by(Publication.publish_at, Publication.id)
            .limit(limit)
        )
    )
    overdue = list(
        db.session.scalars(
            publication_query.where(mine, overdue_clause(now))
            .order_by(Publication.publish_at, Publication.id)
            .limit(limit)
        )
    )
    latest_rejection = (
        sa.select(Comment.post_id, sa.func.max(Comment.id).label("comment_id"))
        .where(Comment.kind == CommentKind.REJECTION.value)
        .group_by(Comment.post_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Post, Comment)
        .join(latest_rejection, latest_rejection.c.post_id == Post.id)
        .join(Comment, Comment.id == latest_rejection.c.comment_id)
        .where(
            in_municipality,
            Post.owner_id == user.id,
            Post.status == PostStatus.DRAFT.value,
            _not_submitted_since(),
        )
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at.desc())
        .limit(limit)
    ).all()
    returned = [Returned(post, comment) for post, comment in rows]
    deadlines = review_deadlines([*to_review, *(item.post for item in returned)], municipality)
    return MyTasks(to_review, next_publications, overdue, returned, deadlines)
