"""Posts: the stories, their publications on channels, the approval workflow, comments."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The posts pages; posts and publications as plan content; audit labels."""
    from planner.audit.labels import (
        register_action_labels,
        register_id_field,
        register_object_labels,
    )
    from planner.municipalities.content_version import register_plan_content
    from planner.posts import views
    from planner.posts.models import Post, Publication

    app.register_blueprint(views.bp)
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
        }
    )
    register_object_labels({"post": _l("Post"), "publication": _l("Publication")})
    register_id_field("post", Post, Post.title)
