"""Pages of posts: the list and search, writing, the post page, publications, workflow, history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from planner.audit.labels import action_label
from planner.core import once
from planner.core.crud import ConfirmForm, EntityForm, save_form
from planner.core.errors import DomainError, FieldError, NotAllowed, StaleVersion
from planner.core.extensions import db
from planner.core.inputs import id_list, page_number, parse_id
from planner.core.localtime import utcnow, zone_of
from planner.core.security import is_safe_next_url
from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import can, tenant_blueprint
from planner.posts import planning, services, workflow
from planner.posts.deadlines import review_deadlines
from planner.posts.diffs import revision_changes
from planner.posts.filters import STATUS_FILTER_LABELS, PlanFilters
from planner.posts.forms import (
    CommentDeleteForm,
    CommentEditForm,
    CommentForm,
    CopyPostForm,
    PublicationForm,
    PublishedForm,
    ReasonForm,
    RestoreRevisionForm,
)
from planner.posts.lix import BANDS, post_readability
from planner.posts.mentions import mentionable
from planner.posts.models import PostStatus
from planner.posts.plan_form import MAX_ROWS, PlannedPostForm
from planner.posts.queries import DEFAULT_SORT, SORT_LABELS, parse_sort, search_posts
from planner.posts.story_templates import (
    STORY_TEMPLATES,
    compose_body,
    template_of,
    texts_kept_from_other_templates,
)

bp = tenant_blueprint("posts", __name__, url_prefix="/posts")

PAGE_SIZE = 50


def _or_404(obj):
    if obj is None:
        abort(404)
    return obj


def _editing() -> dict:
    return {"actor": current_user, "municipality": g.municipality}


def _post_url(post, anchor: str = "") -> str:
    return url_for("posts.show", post_id=post.id) + (f"#{anchor}" if anchor else "")


def _back_to(default: str) -> str:
    target = request.values.get("next", "")
    return target if is_safe_next_url(target) else default


def _save(form: EntityForm, save: Callable[[dict], Any], **options: Any) -> tuple[Any, int]:
    """save_form, and the status of the form page if it comes back with the form.

    409 Conflict when someone else saved first or when the state of the post refuses the change
    (the service's NotAllowed, shown above the form), else 200.
    """
    refused: list[NotAllowed] = []

    def saving(values: dict) -> Any:
        try:
            return save(values)
        except NotAllowed as error:
            refused.append(error)
            raise

    done = save_form(form, saving, **options)
    return done, 409 if form.conflict or refused else 200


# --- List and search ----------------------------------------------------------------------------


@bp.route("/")
@requires(Permission.VIEW)
def index():
    filters = PlanFilters.from_args(request.args)
    page = page_number(request.args)
    sort = parse_sort(request.args.get("sort"))
    kept_sort = {} if sort == DEFAULT_SORT else {"sort": sort}
    found = search_posts(
        g.municipality, filters, page=page, per_page=PAGE_SIZE, now=utcnow(), sort=sort
    )
    return render_template(
        "posts/index.html",
        filters=filters,
        found=found,
        page=page,
        sort=sort,
        sort_labels=SORT_LABELS,
        kept_sort=kept_sort,
        list_args={**kept_sort, **filters.query_args()},
        filter_options=_filter_options(),
    )


def _filter_options() -> dict:
    return {
        "channels": services.channel_options(g.municipality),
        "audiences": services.audience_options(g.municipality),
        "goals": services.goal_options(g.municipality),
        "owners": services.member_options(g.municipality),
        "statuses": STATUS_FILTER_LABELS,
    }


# --- Writing ------------------------------------------------------------------------------------


def _prepare_post_form(form: PlannedPostForm, post=None) -> PlannedPostForm:
    form.set_choices(
        owners=services.member_options(g.municipality),
        goals=services.goal_options(g.municipality, post.goals if post else ()),
        audiences=services.audience_options(g.municipality, post.audiences if post else ()),
        indicators=services.indicator_options(g.municipality, post.indicators if post else ()),
    )
    planned = services.planned_publications(post) if post else []
    form.set_channel_choices(
        services.channel_options(
            g.municipality, linked=[publication.channel for publication in planned]
        )
    )
    return form


def _adding_row(form: PlannedPostForm) -> bool:
    """The no-JavaScript "Add a channel" button: one more row, everything kept, nothing saved."""
    if request.method != "POST" or "add_publication" not in request.form:
        return False
    if not form.add_row():
        flash(
            _("A post is planned on at most %(count)s channels at a time.", count=MAX_ROWS), "info"
        )
    return True


def _save_with_rows(
    form: PlannedPostForm, save_post: Callable[[dict], Any]
) -> Callable[[dict], Any]:
    """The save of the post form: the post, then its publication rows, in one transaction.

    A refused row comes back as the error of its own field (the whole save rolls back).
    """

    def save(values: dict) -> Any:
        rows = form.rows()
        try:
            planning.check_rows_current(g.municipality, rows)
            post = save_post(values)
            planning.save_publication_rows(post, rows, now=utcnow(), **_editing())
        except planning.RowRefused as refused:
            if refused.current_version is not None:
                # The next save, after the user has looked again, may replace it.
                form.row_field(refused.index, "version").data = str(refused.current_version)
            raise FieldError(
                form.row_field(refused.index, refused.row_field).name, str(refused)
            ) from refused
        return _then_submit(post)

    return save


#: The value of the `then` button that saves the post and submits it for review at once.
THEN_SUBMIT = "submit"


def _submitting() -> bool:
    return request.form.get("then") == THEN_SUBMIT


def _can_submit_after_saving(post) -> bool:
    """Whether the editor offers "Save and submit for review": for a new post, an idea or a
    draft (an approved post goes back to draft only when something changes)."""
    return post is None or any(
        step.name == "submit" for step in workflow.available_transitions(post, g.membership.role)
    )


def _then_submit(post):
    """With "Save and submit for review", the submit step in the save's own transaction: both
    are done, or (the step refused, say for an empty text) neither, the input kept."""
    if _submitting():
        workflow.apply_transition(post, "submit", role=g.membership.role, **_editing())
    return post


def _saved_message(*, was_approved: bool = False) -> str:
    if _submitting():
        return _("The post is saved and submitted for review.")
    if was_approved:
        return _("The post is saved and back in draft: the changes need a new approval.")
    return _("The post is saved.")


def _editor_page(form: PlannedPostForm, *, post=None, conflict=None, status=200):
    template_key = template_of(form.template.data or "free").key
    sections = form.values()["sections"]
    body = compose_body(template_key, sections)
    channels = services.channel_options(g.municipality)
    page = render_template(
        "posts/edit.html",
        form=form,
        post=post,
        max_rows=MAX_ROWS,
        other_publications=[
            publication
            for publication in (post.publications if post else [])
            if publication.status != services.PLANNED
        ],
        channel_limits={
            str(channel.id): channel.character_limit
            for channel in channels
            if channel.character_limit
        },
        sent_back=services.open_send_back(post) if post else None,
        offer_submit=_can_submit_after_saving(post),
        templates=STORY_TEMPLATES,
        current_template=template_key,
        kept=texts_kept_from_other_templates(template_key, sections),
        readability=post_readability(form.title.data or "", body),
        lix_bands=BANDS,
        conflict=conflict,
    )
    return page, status


def _switching_template() -> bool:
    """The no-JavaScript "show the fields of this template" button: re-render, save nothing."""
    return request.method == "POST" and "switch_template" in request.form


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.EDIT_POSTS)
def new():
    form = _prepare_post_form(PlannedPostForm())
    if request.method == "GET":
        form.owner.data = current_user.id
        form.language.data = g.municipality.language
        form.goals.data = id_list(request.args, "goal")
        form.audiences.data = id_list(request.args, "audience")
        form.indicators.data = id_list(request.args, "indicator")
        # From a coverage gap (`?channel=`): the first row has the channel chosen.
        form.publications[0].form.channel.data = parse_id(request.args.get("channel"))
    if _switching_template() or _adding_row(form):
        return _editor_page(form)
    status = (
        PostStatus.DRAFT.value
        if request.form.get("save_as") == PostStatus.DRAFT.value or _submitting()
        else PostStatus.IDEA.value
    )
    done = save_form(
        form,
        _save_with_rows(
            form,
            lambda values: services.create_post(
                g.municipality, values, actor=current_user, status=status
            ),
        ),
        message=_saved_message(),
        redirect_to=_post_url,
    )
    return done or _editor_page(form)


@bp.route("/<int:post_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_POSTS)
def edit(post_id: int):
    post = _or_404(services.get_post(g.municipality, post_id))
    try:
        services.ensure_post_editable(post)
    except NotAllowed as refused:
        flash(str(refused), "warning")
        return redirect(_post_url(post))
    form = _prepare_post_form(PlannedPostForm(), post)
    if request.method == "GET":
        form.fill_from(post, zone_of(g.municipality))
        form.fill_rows(services.planned_publications(post), zone_of(g.municipality))
    if _switching_template() or _adding_row(form):
        return _editor_page(form, post=post)
    was_approved = post.status == PostStatus.APPROVED.value
    done, status = _save(
        form,
        _save_with_rows(
            form,
            lambda values: services.update_post(
                post, values, expected_version=form.expected_version(), **_editing()
            ),
        ),
        message=_saved_message(was_approved=was_approved),
        redirect_to=_post_url,
    )
    if done:
        return done
    if form.conflict:
        db.session.expire_all()
        post = _or_404(services.get_post(g.municipality, post_id))
        form.version.data = str(post.version)
        theirs = {"title": post.title, "summary": post.summary, "body": post.body}
        mine = form.values()
        mine = {
            "title": mine["title"],
            "summary": mine["summary"],
            "body": compose_body(mine["template"], mine["sections"]),
        }
        return _editor_page(form, post=post, conflict={"mine": mine, "theirs": theirs}, status=409)
    return _editor_page(form, post=post, status=status)


# --- The post page ------------------------------------------------------------------------------


def _post_page(post, *, reason_form=None, comment_form=None, published=None, status=200):
    """The post page; with a form that came back with errors, that form keeps its input
    (`published`: the publication id and its mark-as-published form, asking to confirm)."""
    transitions = workflow.available_transitions(post, g.membership.role)
    if reason_form is None:
        reason_form = _reason_form(post, formdata=None)
    page = render_template(
        "posts/show.html",
        post=post,
        chips=services.result_chips([post])[post.id],
        transitions=transitions,
        reason_form=reason_form,
        comment_form=comment_form or CommentForm(formdata=None),
        copy_form=CopyPostForm(formdata=None) if can(Permission.EDIT_POSTS) else None,
        published_form=published[1] if published else PublishedForm(formdata=None),
        published_for=published[0] if published else None,
        action_form=ConfirmForm(),
        readability=post_readability(post.title, post.body) if can(Permission.EDIT_POSTS) else None,
        deadline=review_deadlines([post], g.municipality).get(post.id),
        mentionable=mentionable(g.municipality) if can(Permission.COMMENT_ON_POSTS) else [],
        now=utcnow(),
    )
    return page, status


def _reason_form(post, **kwargs) -> ReasonForm:
    """The workflow steps' form; its reviewers are looked up only when the post can be submitted."""
    form = ReasonForm(**kwargs)
    submittable = any(
        step.name == "submit" for step in workflow.available_transitions(post, g.membership.role)
    )
    form.set_reviewers(
        workflow.reviewer_choices(g.municipality, actor=current_user) if submittable else []
    )
    return form


@bp.route("/<int:post_id>")
@requires(Permission.VIEW)
def show(post_id: int):
    return _post_page(_or_404(services.get_post(g.municipality, post_id)))


@bp.route("/<int:post_id>/status/<name>", methods=["POST"])
@requires(Permission.VIEW)
def transition(post_id: int, name: str):
    post = _or_404(services.get_post(g.municipality, post_id))
    form = _reason_form(post)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors or not (form.reason.errors or form.reviewer.errors):
            abort(400)
        return _post_page(post, reason_form=form, status=422)
    try:
        done = workflow.apply_transition(
            post,
            name,
            role=g.membership.role,
            reason=form.reason.data or "",
            reviewer_id=form.reviewer.data,
            **_editing(),
        )
        db.session.commit()
    except workflow.TransitionForbidden:
        db.session.rollback()
        abort(403)
    except StaleDataError:
        db.session.rollback()
        flash(_("Someone else changed the post just now. Check it and try again."), "danger")
        return redirect(_post_url(post))
    except DomainError as refused:
        db.session.rollback()
        if refused.field not in ("reason", "reviewer"):
            flash(str(refused), "danger")
            return redirect(_post_url(post))
        form[refused.field].errors = [str(refused)]
        post = _or_404(services.get_post(g.municipality, post_id))
        return _post_page(post, reason_form=form, status=422)
    flash(str(done.done), "success")
    return redirect(_post_url(post))


@bp.route("/<int:post_id>/copy", methods=["POST"])
@requires(Permission.EDIT_POSTS)
def copy(post_id: int):
    """Use as a starting point: a new draft from this post, opened in the editor."""
    post = _or_404(services.get_post(g.municipality, post_id))
    form = CopyPostForm()
    if earlier := form.earlier_result():
        return once.already_saved(earlier)
    if not form.validate_on_submit():
        abort(400)
    made = services.copy_post(post, title=_("Copy of %(title)s", title=post.title), **_editing())
    db.session.flush()
    target = url_for("posts.edit", post_id=made.id)
    if earlier := once.commit_once(form, target):
        return once.already_saved(earlier)
    flash(
        _(
            "This is a new draft made from “%(title)s”. Change what you need, then save.",
            title=post.title,
        ),
        "success",
    )
    return redirect(target)


@bp.route("/<int:post_id>/comments", methods=["POST"])
@requires(Permission.COMMENT_ON_POSTS)
def comment(post_id: int):
    post = _or_404(services.get_post(g.municipality, post_id))
    form = CommentForm()
    if earlier := form.earlier_result():
        return once.already_saved(earlier)
    if form.validate_on_submit():
        target = _post_url(post, "comments")
        try:
            services.add_comment(post, form.body.data, **_editing())
            earlier = once.commit_once(form, target)
        except DomainError as error:
            db.session.rollback()
            form.body.errors = [str(error)]
        else:
            if earlier:
                return once.already_saved(earlier)
            flash(_("Your comment is added."), "success")
            return redirect(target)
    return _post_page(post, comment_form=form, status=422)


def _own_comment(post_id: int, comment_id: int):
    """The post and one of its comments the member may change: 404 when either is not there,
    403 when it is not theirs to change."""
    post = _or_404(services.get_post(g.municipality, post_id))
    comment = _or_404(services.get_comment(post, comment_id))
    if not services.can_change_comment(comment, current_user):
        abort(403)
    return post, comment


@bp.route("/<int:post_id>/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@requires(Permission.COMMENT_ON_POSTS)
def edit_comment(post_id: int, comment_id: int):
    post, comment = _own_comment(post_id, comment_id)
    form = CommentEditForm()
    if request.method == "GET":
        form.body.data = comment.body
        form.version.data = str(comment.version)
    done, status = _save(
        form,
        lambda values: services.edit_comment(
            comment, values["body"], expected_version=form.expected_version(), **_editing()
        ),
        message=_("Your comment is changed."),
        redirect_to=lambda saved: _post_url(post, f"comment-{saved.id}"),
    )
    if done:
        return done
    return (
        render_template(
            "posts/comment_edit.html",
            post=post,
            comment=comment,
            form=form,
            delete_form=CommentDeleteForm(formdata=None, version=str(comment.version)),
        ),
        status,
    )


@bp.route("/<int:post_id>/comments/<int:comment_id>/delete", methods=["POST"])
@requires(Permission.COMMENT_ON_POSTS)
def delete_comment(post_id: int, comment_id: int):
    post, comment = _own_comment(post_id, comment_id)
    form = CommentDeleteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.delete_comment(comment, expected_version=form.version.data, **_editing())
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "warning")
        return redirect(url_for("posts.edit_comment", post_id=post.id, comment_id=comment.id))
    except StaleDataError:
        db.session.rollback()
        flash(_("The comment was changed after you opened it. Look at it again first."), "warning")
        return redirect(url_for("posts.edit_comment", post_id=post.id, comment_id=comment.id))
    flash(_("Your comment is deleted."), "success")
    return redirect(_post_url(post, "comments"))


def _history_page(post, *, status=200):
    """The post's saves and status changes, newest first; a restore button on each earlier save
    for those who may edit the post (not while it is archived)."""
    timeline = services.post_timeline(post)
    restorable = can(Permission.EDIT_POSTS) and not post.archived
    saves = [entry.revision for entry in timeline if entry.revision is not None]
    restore_forms = (
        {
            revision.id: RestoreRevisionForm(
                formdata=None, revision=str(revision.id), version=str(post.version)
            )
            for revision in saves[1:]
        }
        if restorable
        else {}
    )
    page = render_template(
        "posts/history.html",
        post=post,
        timeline=[
            (entry, revision_changes(entry.revision) if entry.revision else [])
            for entry in timeline
        ],
        restore_forms=restore_forms,
        archived_note=services.ARCHIVED_TO_CHANGE
        if post.archived and can(Permission.EDIT_POSTS)
        else None,
        action_label=action_label,
    )
    return page, status


@bp.route("/<int:post_id>/history")
@requires(Permission.VIEW)
def history(post_id: int):
    return _history_page(_or_404(services.get_post(g.municipality, post_id)))


@bp.route("/<int:post_id>/history/restore", methods=["POST"])
@requires(Permission.EDIT_POSTS)
def restore_revision(post_id: int):
    """Restore this version: the post gets an earlier revision's values again, as a new save."""
    post = _or_404(services.get_post(g.municipality, post_id))
    form = RestoreRevisionForm()
    if earlier := form.earlier_result():
        return once.already_saved(earlier)
    if not form.validate_on_submit():
        abort(400)
    revision = _or_404(services.revision_of(post, parse_id(form.revision.data)))
    saved_at = format_datetime(revision.created_at, "EEE d. MMM y HH:mm")
    try:
        done = services.restore_revision(
            post, revision, expected_version=form.expected_version(), **_editing()
        )
        db.session.flush()
        target = _post_url(post) if done.changed else url_for("posts.history", post_id=post.id)
        earlier = once.commit_once(form, target)
    except (StaleVersion, StaleDataError):
        db.session.rollback()
        db.session.expire_all()
        flash(
            _(
                "Someone else changed the post after this page was shown, so nothing is "
                "restored. Here is its history as it is now: look at it again, then choose "
                "the version to restore."
            ),
            "danger",
        )
        return _history_page(_or_404(services.get_post(g.municipality, post_id)), status=409)
    except DomainError as refused:
        db.session.rollback()
        db.session.expire_all()
        flash(str(refused), "danger")
        post = _or_404(services.get_post(g.municipality, post_id))
        return _history_page(post, status=refused.status_code)
    if earlier:
        return once.already_saved(earlier)
    if not done.changed:
        flash(
            _(
                "The post already reads as the version of %(when)s, so nothing is changed.",
                when=saved_at,
            ),
            "info",
        )
        return redirect(target)
    flash(_("The version of %(when)s is restored, as a new version.", when=saved_at), "success")
    if done.not_found:
        flash(
            _(
                "Not restored, as they are no longer there: %(names)s. "
                "The post keeps what it had for these.",
                names=", ".join(done.not_found),
            ),
            "warning",
        )
    return redirect(target)


# --- Publications -------------------------------------------------------------------------------


def _publication_page(form, *, post, publication=None, status=200):
    channels = services.channel_options(
        g.municipality, publication.channel if publication else None
    )
    return render_template(
        "posts/publication_form.html",
        form=form,
        channel_limits={
            str(channel.id): channel.character_limit
            for channel in channels
            if channel.character_limit
        },
        post=post,
        publication=publication,
        next_url=_back_to(_post_url(post, "publications")),
    ), status


def _in_time_or_confirmed(publication, values: dict, before=None):
    """The publication, once a time that has passed is confirmed ("Plan it anyway")."""
    planning.ensure_past_time_confirmed(
        publication,
        values.get("confirm_past", False),
        municipality=g.municipality,
        now=utcnow(),
        before=before,
    )
    return publication


@bp.route("/<int:post_id>/publications/new", methods=["GET", "POST"])
@requires(Permission.EDIT_POSTS)
def new_publication(post_id: int):
    post = _or_404(services.get_post(g.municipality, post_id))
    form = PublicationForm()
    form.set_channel_choices(services.channel_options(g.municipality))
    if request.method == "GET":
        form.channel.data = parse_id(request.args.get("channel")) or form.channel.data
    done, status = _save(
        form,
        lambda values: _in_time_or_confirmed(
            services.add_publication(post, values, **_editing()), values
        ),
        message=_("The publication is planned."),
        redirect_to=lambda publication: _back_to(_post_url(post, "publications")),
    )
    return done or _publication_page(form, post=post, status=status)


@bp.route("/publications/<int:publication_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_POSTS)
def edit_publication(publication_id: int):
    publication = _or_404(services.get_publication(g.municipality, publication_id))
    post = publication.post
    form = PublicationForm()
    form.set_channel_choices(services.channel_options(g.municipality, publication.channel))
    if request.method == "GET":
        local = publication.publish_at.astimezone(zone_of(g.municipality))
        form.channel.data = publication.channel_id
        form.day.data = local.date()
        form.at.data = None if publication.all_day else local.time().replace(tzinfo=None)
        form.all_day.data = publication.all_day
        form.text.data = publication.text
        form.version.data = str(publication.version)
    planned_before = (publication.publish_at, publication.all_day)
    done, status = _save(
        form,
        lambda values: _in_time_or_confirmed(
            services.update_publication(
                publication, values, expected_version=form.expected_version(), **_editing()
            ),
            values,
            before=planned_before,
        ),
        message=_("The publication is changed."),
        redirect_to=lambda p: _back_to(_post_url(post, "publications")),
    )
    return done or _publication_page(form, post=post, publication=publication, status=status)


def _publication_action(publication_id: int, change, message: str, form_class=ConfirmForm):
    publication = _or_404(services.get_publication(g.municipality, publication_id))
    form = form_class()
    if not form.validate_on_submit():
        if form.errors and "url" in form.errors:
            for error in form.errors["url"]:
                flash(error, "danger")
            return redirect(_back_to(_post_url(publication.post, "publications")))
        abort(400)
    try:
        change(publication, form)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash(_("Someone else changed the publication just now. Check it and try again."), "danger")
    except DomainError as refused:
        db.session.rollback()
        flash(str(refused), "danger")
    else:
        flash(message, "success")
    return redirect(_back_to(_post_url(publication.post, "publications")))


@bp.route("/publications/<int:publication_id>/cancel", methods=["POST"])
@requires(Permission.EDIT_POSTS)
def cancel_publication(publication_id: int):
    return _publication_action(
        publication_id,
        lambda publication, form: services.cancel_publication(publication, **_editing()),
        _("The publication is cancelled."),
    )


@bp.route("/publications/<int:publication_id>/restore", methods=["POST"])
@requires(Permission.EDIT_POSTS)
def restore_publication(publication_id: int):
    return _publication_action(
        publication_id,
        lambda publication, form: services.restore_publication(publication, **_editing()),
        _("The publication is planned again."),
    )


@bp.route("/publications/<int:publication_id>/published", methods=["POST"])
@requires(Permission.EDIT_POSTS)
def mark_published(publication_id: int):
    """Mark a publication published; before its planned time the post page comes back asking to
    confirm it went out early (the form keeps its address)."""
    publication = _or_404(services.get_publication(g.municipality, publication_id))
    form = PublishedForm()
    if not form.validate_on_submit():
        if "url" not in form.errors:
            abort(400)
        for error in form.errors["url"]:
            flash(error, "danger")
        return redirect(_back_to(_post_url(publication.post, "publications")))
    try:
        services.mark_published(
            publication,
            form.url.data,
            confirm_early=bool(form.confirm_early.data),
            now=utcnow(),
            **_editing(),
        )
        db.session.commit()
    except FieldError as refused:
        db.session.rollback()
        if refused.field != "confirm_early":
            flash(str(refused), "danger")
            return redirect(_back_to(_post_url(publication.post, "publications")))
        form.confirm_early.errors = [str(refused)]
        # A question for the user ("it went out early?"), like a form's error: 200, as they are.
        return _post_page(publication.post, published=(publication.id, form))
    except StaleDataError:
        db.session.rollback()
        flash(_("Someone else changed the publication just now. Check it and try again."), "danger")
    except DomainError as refused:
        db.session.rollback()
        flash(str(refused), "danger")
    else:
        flash(_("The publication is marked as published."), "success")
    return redirect(_back_to(_post_url(publication.post, "publications")))
