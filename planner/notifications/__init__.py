"""Notifications: who is told what when a post moves through the workflow or gets a comment, in the
app (the header's count and the notifications page) and by e-mail (a job for the worker)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from planner.jobs import queue
    from planner.notifications import mail, reminders, services, views
    from planner.posts.signals import comment_added, post_transitioned

    app.register_blueprint(views.bp)
    app.register_blueprint(views.settings_bp)
    app.jinja_env.globals["unread_notifications"] = views.unread_notifications
    queue.register_handler(services.MAIL_JOB, mail.deliver, label=_l("E-mail notification"))
    queue.register_periodic(
        "notifications.reminders",
        reminders.EVERY,
        reminders.scan,
        label=_l("Reminders of publications and approval deadlines"),
    )
    post_transitioned.connect(services.on_post_transitioned)
    comment_added.connect(services.on_comment_added)
