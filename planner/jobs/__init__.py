"""Background work: the jobs table (a transactional outbox), the worker, and its health.

Features above register the kinds of work they do (`queue.register_handler`) and enqueue it in
the transaction of the change that causes it (`queue.enqueue`); `flask worker` does it.
Administrators see the Background work page, and a banner when work waits with no worker.
"""

from __future__ import annotations

import click
from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from planner.audit.labels import register_action_labels
    from planner.core.status import register_health_part, register_page_alerts
    from planner.jobs import queue, status, upkeep, views

    app.register_blueprint(views.bp)
    queue.register_periodic("upkeep", upkeep.EVERY, upkeep.tidy, label=_l("Tidying up"))
    register_action_labels({"job.retried": _l("Background work retried")})
    register_health_part("worker", lambda: status.work_state().as_health())
    register_page_alerts(views.stopped_worker_alert)
    app.cli.add_command(worker_command)


@click.command("worker")
@click.option("--once", is_flag=True, help="Do what is due now, then exit (for cron and tests).")
def worker_command(once: bool) -> None:
    """Do background work until stopped (SIGTERM finishes the job at hand, then exits)."""
    from planner.jobs.worker import Worker

    worker = Worker(once=once)
    if not once:
        worker.install_signal_handlers()
    worker.run()
    click.echo(f"{worker.done} done, {worker.failed} failed")
