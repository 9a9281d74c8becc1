"""The Background work page (administrators): whether a worker runs, what waits, what failed."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from planner.audit.services import record_event
from planner.core.crud import ConfirmForm
from planner.core.errors import NotAllowed
from planner.core.extensions import db
from planner.jobs import queue, status
from planner.jobs.models import JOB_STATUS_LABELS, JobStatus
from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import can, tenant_blueprint

bp = tenant_blueprint("jobs", __name__, url_prefix="/background-work")


@bp.route("/")
@requires(Permission.MANAGE_SETTINGS)
def index():
    municipality_id = g.municipality.id
    return render_template(
        "jobs/index.html",
        state=status.work_state(municipality_id),
        workers=status.workers(),
        failed=status.jobs_of(municipality_id, JobStatus.FAILED),
        running=status.jobs_of(municipality_id, JobStatus.RUNNING, limit=20),
        waiting=status.jobs_of(municipality_id, JobStatus.WAITING, limit=20),
        done=status.jobs_of(municipality_id, JobStatus.DONE, limit=20),
        kind_label=queue.kind_label,
        status_labels={s.value: label for s, label in JOB_STATUS_LABELS.items()},
    )


@bp.route("/<int:job_id>/retry", methods=["POST"])
@requires(Permission.MANAGE_SETTINGS)
def retry(job_id: int):
    job = status.find_job(g.municipality.id, job_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        queue.retry(job)
    except NotAllowed as error:
        db.session.rollback()
        flash(str(error), "warning")
        return redirect(url_for("jobs.index"))
    record_event(
        "job.retried",
        actor=current_user,
        municipality=g.municipality,
        after={"job": job.id, "kind": job.kind},
    )
    db.session.commit()
    flash(_("The work is tried again as soon as a worker is free."), "success")
    return redirect(url_for("jobs.index"))


def stopped_worker_alert() -> list[dict]:
    """For administrators of the municipality shown: background work has stopped."""
    municipality = g.get("municipality")
    if municipality is None or not can(Permission.MANAGE_SETTINGS):
        return []
    state = status.work_state(municipality.id)
    if not state.stopped:
        return []
    return [
        {
            "colour": "danger",
            "text": ngettext(
                "Background work has stopped: %(num)d job is waiting and no worker has been "
                "seen for over %(minutes)s minutes.",
                "Background work has stopped: %(num)d jobs are waiting and no worker has been "
                "seen for over %(minutes)s minutes.",
                state.waiting,
                minutes=current_app.config["WORKER_MISSING_MINUTES"],
            ),
            "link": url_for("jobs.index"),
            "link_text": _("See Background work"),
        }
    ]
