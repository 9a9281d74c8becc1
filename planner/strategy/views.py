"""Pages of the strategy: strategies, goals, key messages, audiences and channels."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.audit.lifecycle import archive_and_redirect, delete_page, restore_and_redirect
from planner.core.crud import ConfirmForm, form_page, save_form
from planner.core.errors import NotAllowed
from planner.core.extensions import db
from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import tenant_blueprint
from planner.strategy import services
from planner.strategy.forms import (
    AudienceForm,
    ChannelForm,
    GoalForm,
    KeyMessageForm,
    MoveForm,
    StrategyForm,
)
from planner.strategy.models import Audience, Channel, Goal, KeyMessage, Strategy, StrategyStatus

bp = tenant_blueprint("strategy", __name__, url_prefix="/strategy")


def strategy_or_404(strategy_id: int) -> Strategy:
    return services.get_strategy(g.municipality, strategy_id) or abort(404)


def goal_or_404(goal_id: int) -> Goal:
    return services.get_goal(g.municipality, goal_id) or abort(404)


def key_message_or_404(message_id: int) -> KeyMessage:
    return services.get_key_message(g.municipality, message_id) or abort(404)


def audience_or_404(audience_id: int) -> Audience:
    return services.get_audience(g.municipality, audience_id) or abort(404)


def channel_or_404(channel_id: int) -> Channel:
    return services.get_channel(g.municipality, channel_id) or abort(404)


def _open_for_changes(strategy: Strategy) -> Strategy:
    """Send the person back to an archived strategy's page (the service refuses the change)."""
    try:
        services.check_open_for_changes(strategy)
    except NotAllowed as error:
        flash(str(error), "warning")
        abort(redirect(url_for("strategy.show", strategy_id=strategy.id)))
    return strategy


def _editing() -> dict:
    return {"actor": current_user, "municipality": g.municipality}


# Strategies ------------------------------------------------------------------------------------


@bp.route("/")
@requires(Permission.VIEW)
def index():
    strategies = services.strategies_of(g.municipality)
    return render_template(
        "strategy/index.html",
        strategies=strategies,
        active=next((s for s in strategies if s.status == StrategyStatus.ACTIVE.value), None),
        audience_count=len(services.audiences_of(g.municipality, include_archived=False)),
        channel_count=len(services.channels_of(g.municipality, include_archived=False)),
        action_form=ConfirmForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def new_strategy():
    form = StrategyForm()
    done = save_form(
        form,
        lambda values: services.create_strategy(g.municipality, values, actor=current_user),
        message=_("The strategy is created as a draft. Add goals, then activate it."),
        redirect_to=lambda strategy: url_for("strategy.show", strategy_id=strategy.id),
    )
    return done or form_page(
        form,
        title=_("New strategy"),
        action=url_for("strategy.new_strategy"),
        submit_label=_("Create strategy"),
        cancel_url=url_for("strategy.index"),
    )


@bp.route("/<int:strategy_id>")
@requires(Permission.VIEW)
def show(strategy_id: int):
    strategy = services.strategy_with_goals(g.municipality, strategy_id) or abort(404)
    return render_template("strategy/show.html", strategy=strategy, action_form=ConfirmForm())


@bp.route("/<int:strategy_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def edit_strategy(strategy_id: int):
    strategy = _open_for_changes(strategy_or_404(strategy_id))
    form = StrategyForm(obj=strategy)
    done = save_form(
        form,
        lambda values: services.update_strategy(
            strategy, values, **_editing(), expected_version=form.expected_version()
        ),
        message=_("The strategy is saved."),
        redirect_to=lambda saved: url_for("strategy.show", strategy_id=saved.id),
    )
    return done or form_page(
        form,
        title=_("Edit strategy"),
        action=url_for("strategy.edit_strategy", strategy_id=strategy.id),
        submit_label=_("Save"),
        cancel_url=url_for("strategy.show", strategy_id=strategy.id),
    )


@bp.route("/<int:strategy_id>/activate", methods=["POST"])
@requires(Permission.EDIT_STRATEGY)
def activate(strategy_id: int):
    strategy = strategy_or_404(strategy_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.activate_strategy(strategy, **_editing())
    db.session.commit()
    flash(_("“%(title)s” is now the active strategy.", title=strategy.title), "success")
    return redirect(url_for("strategy.show", strategy_id=strategy.id))


@bp.post("/<int:strategy_id>/archive")
@requires(Permission.EDIT_STRATEGY)
def strategy_archive(strategy_id: int):
    strategy = strategy_or_404(strategy_id)
    return archive_and_redirect(
        strategy, "strategy", label=strategy.title, back_url=url_for("strategy.index")
    )


@bp.post("/<int:strategy_id>/restore")
@requires(Permission.EDIT_STRATEGY)
def strategy_restore(strategy_id: int):
    strategy = strategy_or_404(strategy_id)
    return restore_and_redirect(
        strategy, "strategy", label=strategy.title, back_url=url_for("strategy.index")
    )


@bp.route("/<int:strategy_id>/delete", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def strategy_delete(strategy_id: int):
    strategy = strategy_or_404(strategy_id)
    return delete_page(
        strategy,
        "strategy",
        label=strategy.title,
        back_url=url_for("strategy.index"),
        audit_fields=services.STRATEGY_FIELDS,
        archive_endpoint="strategy.strategy_archive",
        ids={"strategy_id": strategy_id},
    )


# Goals -----------------------------------------------------------------------------------------


def _goal_url(goal: Goal) -> str:
    return url_for("strategy.show", strategy_id=goal.strategy_id) + f"#goal-{goal.id}"


@bp.route("/<int:strategy_id>/goals/new", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def new_goal(strategy_id: int):
    strategy = _open_for_changes(strategy_or_404(strategy_id))
    form = GoalForm()
    form.set_owner_choices(services.owner_choices(g.municipality))
    done = save_form(
        form,
        lambda values: services.create_goal(strategy, values, **_editing()),
        message=_("The goal is added."),
        redirect_to=_goal_url,
        not_unique_message=_("The strategy already has a goal with this title."),
    )
    return done or form_page(
        form,
        title=_("New goal in “%(title)s”", title=strategy.title),
        action=url_for("strategy.new_goal", strategy_id=strategy.id),
        submit_label=_("Add goal"),
        cancel_url=url_for("strategy.show", strategy_id=strategy.id),
    )


@bp.route("/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def edit_goal(goal_id: int):
    goal = goal_or_404(goal_id)
    _open_for_changes(goal.strategy)
    form = GoalForm(obj=goal)
    form.set_owner_choices(services.owner_choices(g.municipality), current=goal.owner)
    done = save_form(
        form,
        lambda values: services.update_goal(
            goal, values, **_editing(), expected_version=form.expected_version()
        ),
        message=_("The goal is saved."),
        redirect_to=_goal_url,
        not_unique_message=_("The strategy already has a goal with this title."),
    )
    return done or form_page(
        form,
        title=_("Edit goal"),
        action=url_for("strategy.edit_goal", goal_id=goal.id),
        submit_label=_("Save"),
        cancel_url=_goal_url(goal),
    )


@bp.route("/goals/<int:goal_id>/move", methods=["POST"])
@requires(Permission.EDIT_STRATEGY)
def move_goal(goal_id: int):
    goal = goal_or_404(goal_id)
    _open_for_changes(goal.strategy)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    up = form.direction.data == "up"
    if services.move_goal(goal, up=up, **_editing()):
        db.session.commit()
        flash(
            _("“%(title)s” moved up.", title=goal.title)
            if up
            else _("“%(title)s” moved down.", title=goal.title),
            "success",
        )
    return redirect(_goal_url(goal))


def _goal_back_url(goal: Goal) -> str:
    return url_for("strategy.show", strategy_id=goal.strategy_id)


@bp.post("/goals/<int:goal_id>/archive")
@requires(Permission.EDIT_STRATEGY)
def goal_archive(goal_id: int):
    goal = goal_or_404(goal_id)
    return archive_and_redirect(goal, "goal", label=goal.title, back_url=_goal_back_url(goal))


@bp.post("/goals/<int:goal_id>/restore")
@requires(Permission.EDIT_STRATEGY)
def goal_restore(goal_id: int):
    goal = goal_or_404(goal_id)
    return restore_and_redirect(goal, "goal", label=goal.title, back_url=_goal_back_url(goal))


@bp.route("/goals/<int:goal_id>/delete", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def goal_delete(goal_id: int):
    goal = goal_or_404(goal_id)
    return delete_page(
        goal,
        "goal",
        label=goal.title,
        back_url=_goal_back_url(goal),
        audit_fields=services.GOAL_FIELDS,
        archive_endpoint="strategy.goal_archive",
        ids={"goal_id": goal_id},
    )


# Key messages ----------------------------------------------------------------------------------


@bp.route("/goals/<int:goal_id>/messages/new", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def new_key_message(goal_id: int):
    goal = goal_or_404(goal_id)
    _open_for_changes(goal.strategy)
    form = KeyMessageForm()
    form.set_audience_choices(services.audiences_of(g.municipality, include_archived=False))
    back = _goal_url(goal)
    done = save_form(
        form,
        lambda values: services.create_key_message(goal, values, **_editing()),
        message=_("The key message is added."),
        redirect_to=lambda _message: back,
    )
    return done or form_page(
        form,
        title=_("New key message for “%(title)s”", title=goal.title),
        action=url_for("strategy.new_key_message", goal_id=goal.id),
        submit_label=_("Add key message"),
        cancel_url=back,
    )


@bp.route("/messages/<int:message_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def edit_key_message(message_id: int):
    message = key_message_or_404(message_id)
    _open_for_changes(message.goal.strategy)
    form = KeyMessageForm(obj=message)
    audiences = services.audiences_of(g.municipality, include_archived=False)
    if message.audience is not None and message.audience not in audiences:
        audiences.append(message.audience)  # keep an archived audience selectable here
    form.set_audience_choices(audiences)
    back = _goal_url(message.goal)
    done = save_form(
        form,
        lambda values: services.update_key_message(
            message, values, **_editing(), expected_version=form.expected_version()
        ),
        message=_("The key message is saved."),
        redirect_to=lambda _message: back,
    )
    return done or form_page(
        form,
        title=_("Edit key message"),
        action=url_for("strategy.edit_key_message", message_id=message.id),
        submit_label=_("Save"),
        cancel_url=back,
    )


@bp.route("/messages/<int:message_id>/delete", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def key_message_delete(message_id: int):
    message = key_message_or_404(message_id)
    return delete_page(
        message,
        "key_message",
        label=_("the key message"),
        back_url=url_for("strategy.show", strategy_id=message.goal.strategy_id),
        audit_fields=services.KEY_MESSAGE_FIELDS,
        archive_endpoint=None,
        ids={"message_id": message_id},
    )


# Audiences -------------------------------------------------------------------------------------


def _audiences_url(audience: Audience | None = None) -> str:
    return url_for("strategy.audiences") + (
        f"#audience-{audience.id}" if audience is not None else ""
    )


@bp.route("/audiences/")
@requires(Permission.VIEW)
def audiences():
    return render_template(
        "strategy/audiences.html",
        audiences=services.audiences_of(g.municipality),
        action_form=ConfirmForm(),
    )


@bp.route("/audiences/new", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def new_audience():
    form = AudienceForm()
    done = save_form(
        form,
        lambda values: services.create_audience(g.municipality, values, actor=current_user),
        message=_("The audience is added."),
        redirect_to=_audiences_url,
        not_unique_message=_("There is already an audience with this name."),
    )
    return done or form_page(
        form,
        title=_("New audience"),
        action=url_for("strategy.new_audience"),
        submit_label=_("Add audience"),
        cancel_url=_audiences_url(),
    )


@bp.route("/audiences/<int:audience_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def edit_audience(audience_id: int):
    audience = audience_or_404(audience_id)
    form = AudienceForm(obj=audience)
    done = save_form(
        form,
        lambda values: services.update_audience(
            audience, values, **_editing(), expected_version=form.expected_version()
        ),
        message=_("The audience is saved."),
        redirect_to=_audiences_url,
        not_unique_message=_("There is already an audience with this name."),
    )
    return done or form_page(
        form,
        title=_("Edit audience"),
        action=url_for("strategy.edit_audience", audience_id=audience_id),
        submit_label=_("Save"),
        cancel_url=_audiences_url(),
    )


@bp.post("/audiences/<int:audience_id>/archive")
@requires(Permission.EDIT_STRATEGY)
def audience_archive(audience_id: int):
    audience = audience_or_404(audience_id)
    return archive_and_redirect(
        audience, "audience", label=audience.name, back_url=url_for("strategy.audiences")
    )


@bp.post("/audiences/<int:audience_id>/restore")
@requires(Permission.EDIT_STRATEGY)
def audience_restore(audience_id: int):
    audience = audience_or_404(audience_id)
    return restore_and_redirect(
        audience, "audience", label=audience.name, back_url=url_for("strategy.audiences")
    )


@bp.route("/audiences/<int:audience_id>/delete", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def audience_delete(audience_id: int):
    audience = audience_or_404(audience_id)
    return delete_page(
        audience,
        "audience",
        label=audience.name,
        back_url=url_for("strategy.audiences"),
        audit_fields=services.AUDIENCE_FIELDS,
        archive_endpoint="strategy.audience_archive",
        ids={"audience_id": audience_id},
    )


# Channels --------------------------------------------------------------------------------------


def _channels_url(channel: Channel | None = None) -> str:
    anchor = f"channel-{channel.id}" if channel is not None else None
    return url_for("strategy.channels", _anchor=anchor)


@bp.route("/channels/")
@requires(Permission.VIEW)
def channels():
    return render_template(
        "strategy/channels.html",
        channels=services.channels_of(g.municipality),
        action_form=ConfirmForm(),
    )


def _save_channel(form: ChannelForm, save):
    """Call `save(values, keep_close_colour=…)`; a close-colour warning offers the checkbox."""

    def run(values: dict) -> Channel:
        try:
            return save(values, keep_close_colour=bool(form.keep_colour.data))
        except services.ColourTooClose:
            form.colour_warned = True
            raise

    return run


def _channel_form_page(form: ChannelForm, *, title: str, action: str, submit_label: str):
    """The channel's form: the shared form page's layout, with "Keep this colour anyway"."""
    page = render_template(
        "strategy/channel_form.html",
        form=form,
        title=title,
        action=action,
        submit_label=submit_label,
        cancel_url=_channels_url(),
    )
    return page, (409 if form.conflict else 200)


@bp.route("/channels/new", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def new_channel():
    form = ChannelForm()
    done = save_form(
        form,
        _save_channel(
            form,
            lambda values, **keep: services.create_channel(
                g.municipality, values, actor=current_user, **keep
            ),
        ),
        message=_("The channel is added."),
        redirect_to=_channels_url,
        not_unique_message=_("There is already a channel with this name."),
    )
    return done or _channel_form_page(
        form,
        title=_("New channel"),
        action=url_for("strategy.new_channel"),
        submit_label=_("Add channel"),
    )


@bp.route("/channels/<int:channel_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def edit_channel(channel_id: int):
    channel = channel_or_404(channel_id)
    form = ChannelForm(obj=channel)
    done = save_form(
        form,
        _save_channel(
            form,
            lambda values, **keep: services.update_channel(
                channel, values, **_editing(), expected_version=form.expected_version(), **keep
            ),
        ),
        message=_("The channel is saved."),
        redirect_to=_channels_url,
        not_unique_message=_("There is already a channel with this name."),
    )
    return done or _channel_form_page(
        form,
        title=_("Edit channel"),
        action=url_for("strategy.edit_channel", channel_id=channel_id),
        submit_label=_("Save"),
    )


@bp.post("/channels/<int:channel_id>/archive")
@requires(Permission.EDIT_STRATEGY)
def channel_archive(channel_id: int):
    channel = channel_or_404(channel_id)
    return archive_and_redirect(
        channel, "channel", label=channel.name, back_url=url_for("strategy.channels")
    )


@bp.post("/channels/<int:channel_id>/restore")
@requires(Permission.EDIT_STRATEGY)
def channel_restore(channel_id: int):
    channel = channel_or_404(channel_id)
    return restore_and_redirect(
        channel, "channel", label=channel.name, back_url=url_for("strategy.channels")
    )


@bp.route("/channels/<int:channel_id>/delete", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def channel_delete(channel_id: int):
    channel = channel_or_404(channel_id)
    return delete_page(
        channel,
        "channel",
        label=channel.name,
        back_url=url_for("strategy.channels"),
        audit_fields=services.CHANNEL_FIELDS,
        archive_endpoint="strategy.channel_archive",
        ids={"channel_id": channel_id},
    )
