from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from planner.audit.services import record_event
from planner.auth.forms import AccountForm, ChangePasswordForm, LoginForm, LogoutForm
from planner.auth.models import User
from planner.auth.services import change_password, sign_in, update_account
from planner.core.crud import save_form
from planner.core.extensions import db, login_manager
from planner.core.security import client_address, is_safe_next_url

bp = Blueprint("auth", __name__)

#: Kept across the session renewal at sign-in.
SESSION_KEYS_KEPT_AT_LOGIN = ("locale",)


@login_manager.user_loader
def load_user(session_user_id: str) -> User | None:
    """Load the user only while the nonce in the session still matches the account's."""
    user_id, _, nonce = session_user_id.partition(":")
    if not user_id.isdigit() or not nonce:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_nonce != nonce or not user.active:
        return None
    return user


@login_manager.unauthorized_handler
def redirect_to_login():
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


@bp.before_app_request
def require_new_password():
    """Someone signed in with a password an administrator made must choose their own first."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint
        not in ("auth.change_password", "auth.logout", "static", "core.language")
    ):
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_next_url(form.next.data))
    status = 200
    if form.validate_on_submit():
        result = sign_in(form.email.data, form.password.data, address=client_address())
        db.session.commit()
        if result.succeeded:
            kept = {key: session[key] for key in SESSION_KEYS_KEPT_AT_LOGIN if key in session}
            session.clear()
            session.update(kept)
            session.permanent = True
            login_user(result.user)
            return redirect(_next_url(form.next.data))
        form.password.data = ""
        form.form_errors.append(
            _(
                "Sign-in failed. Check the e-mail address and the password, "
                "or wait a little if you have tried many times."
            )
        )
        if result.retry_after:
            status = 429
    response = current_app.make_response((render_template("auth/login.html", form=form), status))
    if status == 429:
        response.headers["Retry-After"] = str(result.retry_after)
    return response


@bp.route("/logout", methods=["POST"])
def logout():
    form = LogoutForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        user = db.session.get_one(User, current_user.id)
        user.end_all_sessions()
        record_event("auth.logout", actor=user, subject_user=user, address=client_address())
        db.session.commit()
    logout_user()
    kept = {key: session[key] for key in SESSION_KEYS_KEPT_AT_LOGIN if key in session}
    session.clear()
    session.update(kept)
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    user = current_user._get_current_object()
    form = AccountForm(obj=user)
    if request.method == "GET":
        form.locale.data = user.locale or ""
        form.version.data = str(user.account_version)
    done = save_form(
        form,
        lambda values: update_account(
            user, values, expected_version=form.expected_version(), actor=user
        ),
        message=_("Your account is saved."),
        redirect_to=lambda _user: url_for("auth.account"),
    )
    return done or (
        render_template("auth/account.html", form=form),
        409 if form.conflict else 200,
    )


@bp.route("/account/password", endpoint="change_password", methods=["GET", "POST"])
@login_required
def change_password_view():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if change_password(
            user,
            form.current_password.data,
            form.new_password.data,
            address=client_address(),
        ):
            db.session.commit()
            # The nonce changed: renew this session so only this browser stays signed in.
            login_user(user)
            flash(_("Your password is changed. Other sessions have been signed out."), "success")
            return redirect(url_for("auth.account"))
        form.current_password.errors.append(_("The current password is not right."))
    return render_template("auth/change_password.html", form=form)


def _next_url(target: str | None) -> str:
    if target and is_safe_next_url(target):
        return target
    return url_for("home.index")
