"""Posts: the stories, their publications on channels, the approval workflow, comments."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The posts pages and their template helpers; posts and publications as plan content; what
    posts refer to (so it is archived, not deleted); audit labels."""
    import sqlalchemy as sa
    from flask import url_for
    from flask_babel import format_datetime

    from planner.audit.changes import register_references
    from planner.audit.labels import (
        describe_rows,
        register_action_labels,
        register_id_field,
        register_object_labels,
        register_object_link,
        register_value_labels,
    )
    from planner.municipalities.content_version import register_plan_content
    from planner.posts import bulk_views, services, views
    from planner.posts.filters import STATUS_FILTER_LABELS
    from planner.posts.models import (
        POST_KIND_LABELS,
        POST_STATUS_LABELS,
        PUBLICATION_STATUS_LABELS,
        Post,
        Publication,
    )
    from planner.posts.overdue import is_overdue
    from planner.posts.rendering import render_markdown
    from planner.posts.story_templates import STORY_TEMPLATES
    from planner.results.models import Indicator
    from planner.strategy.models import Audience, Channel, Goal

    # The bulk actions add their route and template helper to the same blueprint.
    assert bulk_views.bp is views.bp
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(
        POST_KIND_LABELS={key.value: label for key, label in POST_KIND_LABELS.items()},
        POST_STATUS_LABELS={key.value: label for key, label in POST_STATUS_LABELS.items()},
        PUBLICATION_STATUS_LABELS={
            key.value: label for key, label in PUBLICATION_STATUS_LABELS.items()
        },
        STATUS_FILTER_LABELS=STATUS_FILTER_LABELS,
        is_overdue=is_overdue,
        can_change_comment=services.can_change_comment,
    )
    app.jinja_env.filters["markdown"] = render_markdown

    register_references(Goal, _l("Posts"), services.count_posts_of_goal)
    register_references(Audience, _l("Posts"), services.count_posts_for_audience)
    register_references(Channel, _l("Publications"), services.count_publications_on_channel)
    register_references(Indicator, _l("Posts"), services.count_posts_citing_indicator)

    register_plan_content(Post, Publication)
    register_action_labels(
        {
            "post.start": _l("Post: writing started"),
            "post.submit": _l("Post submitted for review"),
            "post.approve": _l("Post approved"),
            "post.reject": _l("Post sent back to draft"),
            "post.withdraw": _l("Post withdrawn from review"),
            "post.reopen": _l("Post reopened for changes"),
            "post.archive": _l("Post archived"),
            "post.restore": _l("Post restored as draft"),
            "post.commented": _l("Comment on a post"),
            "post.comment_edited": _l("Comment edited"),
            "post.comment_deleted": _l("Comment deleted"),
            "post.revision_restored": _l("Earlier version of a post restored"),
        }
    )
    register_object_labels({"post": _l("Post"), "publication": _l("Publication")})
    register_id_field("post", Post, Post.title)
    # The audit log: codes by their labels, posts by their titles and publications by their
    # channel and local time, each with a link to the post.
    register_value_labels("status", POST_STATUS_LABELS, object_type="post")
    register_value_labels("status", PUBLICATION_STATUS_LABELS, object_type="publication")
    register_value_labels("kind", POST_KIND_LABELS, object_type="post")
    register_value_labels("template", {key: t.label for key, t in STORY_TEMPLATES.items()})
    register_object_link(
        "post",
        describe_rows(
            sa.select(Post.id, Post.title),
            tenant_column=Post.municipality_id,
            name=lambda row: row.title,
            url=lambda row: url_for("posts.show", post_id=row.id),
        ),
    )
    register_object_link(
        "publication",
        describe_rows(
            sa.select(
                Publication.id, Publication.post_id, Publication.publish_at, Channel.name
            ).join(Channel, Publication.channel_id == Channel.id),
            tenant_column=Publication.municipality_id,
            name=lambda row: f"{row.name}, {format_datetime(row.publish_at, 'medium')}",
            url=lambda row: url_for(
                "posts.show", post_id=row.post_id, _anchor=f"publication-{row.id}"
            ),
        ),
    )
