"""The notifications page of a municipality, and each person's choice of what they are told."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from planner.core.crud import ConfirmForm
from planner.core.extensions import db
from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import tenant_blueprint
from planner.notifications import services, texts
from planner.notifications.forms import NotificationSettingsForm
from planner.notifications.models import DigestKind

bp = tenant_blueprint("notifications", __name__, url_prefix="/notifications")
settings_bp = Blueprint("notification_settings", __name__, url_prefix="/account/notifications")


@bp.route("/")
@requires(Permission.VIEW)
def index():
    return render_template(
        "notifications/index.html",
        notifications=services.inbox(current_user, g.municipality),
        unread=services.unread_count(current_user, g.municipality),
        headline=texts.headline,
        detail_label=texts.detail_label,
    )


@bp.route("/<int:notification_id>/read", methods=["POST"])
@requires(Permission.VIEW)
def mark_read(notification_id: int):
    notification = services.find_notification(
        current_user, g.municipality, notification_id
    ) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.mark_read(notification)
    db.session.commit()
    return redirect(url_for("notifications.index"))


@bp.route("/read", methods=["POST"])
@requires(Permission.VIEW)
def mark_all_read():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = services.mark_all_read(current_user, g.municipality)
    db.session.commit()
    if count:
        flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@settings_bp.route("/", methods=["GET", "POST"])
@login_required
def settings():
    form = NotificationSettingsForm()
    if request.method == "GET":
        form.fill(services.preferences_of(current_user))
    elif form.validate_on_submit():
        services.set_preferences(current_user, form.choices())
        db.session.commit()
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notification_settings.settings"))
    return render_template(
        "notifications/settings.html", form=form, digest_fields=[kind.value for kind in DigestKind]
    )


def unread_notifications() -> int:
    """For the header: the signed-in person's unread notifications in the municipality shown."""
    municipality = g.get("municipality")
    if municipality is None or not current_user.is_authenticated:
        return 0
    return services.unread_count(current_user, municipality)
