from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.core import once
from planner.core.crud import save_form, show_error
from planner.core.errors import DomainError
from planner.core.extensions import db
from planner.municipalities.forms import (
    AddMemberForm,
    ChangeRoleForm,
    MembershipActionForm,
    SettingsForm,
)
from planner.municipalities.roles import ROLE_DESCRIPTIONS, ROLE_LABELS, Permission, Role, requires
from planner.municipalities.services import (
    add_member,
    change_role,
    deactivate_membership,
    get_membership,
    members_of,
    reactivate_membership,
    reset_members_password,
    update_settings,
)
from planner.municipalities.tenancy import tenant_blueprint

bp = tenant_blueprint("municipalities", __name__)


@bp.route("/members")
@requires(Permission.MANAGE_MEMBERS)
def members():
    return render_template(
        "municipalities/members.html",
        memberships=members_of(g.municipality),
        role_labels={role.value: label for role, label in ROLE_LABELS.items()},
    )


@bp.route("/members/new", endpoint="add_member", methods=["GET", "POST"])
@requires(Permission.MANAGE_MEMBERS)
def add_member_view():
    form = AddMemberForm()
    if earlier := form.earlier_result():
        return once.already_saved(earlier, _added_already())
    if form.validate_on_submit():
        try:
            membership, generated_password = add_member(
                g.municipality,
                form.email.data,
                form.name.data,
                Role(form.role.data),
                actor=current_user,
            )
            earlier = once.commit_once(
                form, url_for("municipalities.edit_member", membership_id=membership.id)
            )
        except DomainError as error:  # already a member, or the account cannot be made
            db.session.rollback()
            show_error(form, error)
        else:
            if earlier:
                return once.already_saved(earlier, _added_already())
            if generated_password is None:
                flash(_("%(email)s is now a member.", email=membership.user.email), "success")
                return redirect(url_for("municipalities.members"))
            # Shown once on this page (never in a URL, a flash cookie or a log), and not cached.
            return _one_time_password_page(membership, generated_password, new_member=True)
    return render_template("municipalities/add_member.html", form=form)


@bp.route("/members/<int:membership_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_MEMBERS)
def edit_member(membership_id: int):
    membership = get_membership(g.municipality, membership_id) or abort(404)
    form = ChangeRoleForm(obj=membership)
    if form.validate_on_submit():
        try:
            change_role(membership, Role(form.role.data), actor=current_user)
        except DomainError as error:  # the last administrator
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The role of %(name)s is saved.", name=membership.user.name), "success")
            return redirect(url_for("municipalities.members"))
    return render_template(
        "municipalities/edit_member.html",
        membership=membership,
        form=form,
        action_form=MembershipActionForm(),
        role_descriptions=ROLE_DESCRIPTIONS,
    )


@bp.route("/members/<int:membership_id>/deactivate", methods=["POST"])
@requires(Permission.MANAGE_MEMBERS)
def deactivate_member(membership_id: int):
    membership = get_membership(g.municipality, membership_id) or abort(404)
    if not MembershipActionForm().validate_on_submit():
        abort(400)
    try:
        deactivate_membership(membership, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("municipalities.edit_member", membership_id=membership.id))
    db.session.commit()
    flash(_("%(name)s no longer has access.", name=membership.user.name), "success")
    return redirect(url_for("municipalities.members"))


@bp.route("/members/<int:membership_id>/password", methods=["POST"])
@requires(Permission.MANAGE_MEMBERS)
def reset_password(membership_id: int):
    membership = get_membership(g.municipality, membership_id) or abort(404)
    if not MembershipActionForm().validate_on_submit():
        abort(400)
    try:
        password = reset_members_password(membership, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("municipalities.edit_member", membership_id=membership.id))
    db.session.commit()
    return _one_time_password_page(membership, password, new_member=False)


def _added_already() -> str:
    return _(
        "This form was sent again after the member was added, so nothing is added twice. A new "
        "account's password is shown only once, after the first sending: if you did not note it, "
        "choose “Give a new password” on this page."
    )


def _one_time_password_page(membership, password: str, *, new_member: bool):
    """Show a generated password once: never in a URL, a flash cookie or a log, and not cached."""
    page = render_template(
        "municipalities/member_created.html",
        membership=membership,
        generated_password=password,
        new_member=new_member,
    )
    return page, 200, {"Cache-Control": "no-store"}


@bp.route("/members/<int:membership_id>/reactivate", methods=["POST"])
@requires(Permission.MANAGE_MEMBERS)
def reactivate_member(membership_id: int):
    membership = get_membership(g.municipality, membership_id) or abort(404)
    if not MembershipActionForm().validate_on_submit():
        abort(400)
    reactivate_membership(membership, actor=current_user)
    db.session.commit()
    flash(_("%(name)s has access again.", name=membership.user.name), "success")
    return redirect(url_for("municipalities.members"))


@bp.route("/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_SETTINGS)
def settings():
    municipality = g.municipality
    form = SettingsForm(obj=municipality)
    form.offer_timezones(municipality.timezone)
    done = save_form(
        form,
        lambda values: update_settings(
            municipality, values, expected_version=form.expected_version(), actor=current_user
        ),
        message=_("The settings are saved."),
        redirect_to=lambda _municipality: url_for("municipalities.settings"),
    )
    return done or (
        render_template("municipalities/settings.html", form=form),
        409 if form.conflict else 200,
    )
