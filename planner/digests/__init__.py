"""Digests: each member's daily summary at 07:00 and the reviewers' weekly summary of the plan's
gaps on Mondays at 08:00, mailed by the worker in each municipality's zone."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:  # noqa: ARG001  (the digests are the worker's alone)
    from planner.digests import mail, services
    from planner.jobs import queue

    queue.register_periodic(
        "digest.schedule", services.SCHEDULE_EVERY, services.schedule, label=_l("Digests due")
    )
    queue.register_handler(services.DAILY_JOB, mail.send_daily, label=_l("Daily digest"))
    queue.register_handler(services.WEEKLY_JOB, mail.send_weekly, label=_l("Weekly digest"))
