"""The start page (your municipalities) and a municipality's front page (my tasks, coverage)."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from planner.core.localtime import local_today, utcnow, zone_of
from planner.coverage.services import gap_summary
from planner.municipalities.roles import ROLE_DESCRIPTIONS, ROLE_LABELS, Permission, Role, requires
from planner.municipalities.services import municipalities_of
from planner.municipalities.tenancy import can, tenant_blueprint
from planner.posts.services import my_tasks

start_bp = Blueprint("home", __name__)
municipality_bp = tenant_blueprint("front_page", __name__)


@start_bp.route("/")
@login_required
def index():
    """The start page: straight to the municipality of someone who works for one only."""
    municipalities = municipalities_of(current_user)
    if len(municipalities) == 1:
        return redirect(url_for("front_page.show", slug=municipalities[0].slug))
    return render_template("home/index.html", municipalities=municipalities)


@municipality_bp.route("/")
@requires(Permission.VIEW)
def show():
    """A municipality's front page: my tasks and the most important coverage gaps."""
    now = utcnow()
    return render_template(
        "home/municipality.html",
        tasks=my_tasks(
            g.municipality, current_user, can_review=can(Permission.APPROVE_POSTS), now=now
        ),
        coverage=gap_summary(
            g.municipality,
            today=local_today(zone_of(g.municipality)),
            now=now,
            review_days=current_app.config["COVERAGE_REVIEW_DAYS"],
        ),
        now=now,
        role_label=ROLE_LABELS[Role(g.membership.role)],
        role_description=ROLE_DESCRIPTIONS[Role(g.membership.role)],
    )
