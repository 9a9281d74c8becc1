from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from planner.core.crud import ConfirmForm, form_page, save_form
from planner.core.extensions import db
from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import tenant_blueprint
from planner.results.services import goal_results
from planner.strategy import services
from planner.strategy._lifecycle_compat import register_lifecycle_routes
from planner.strategy.forms import (
    AudienceForm,
    ChannelForm,
    GoalForm,
    KeyMessageForm,
    MoveForm,
    StrategyForm,
)
from planner.strategy.models import (
    CADENCE_LABELS,
    CHANNEL_KIND_LABELS,
    PRIORITY_LABELS,
    REACH_LABELS,
    STATUS_LABELS,
    THEME_LABELS,
    StrategyStatus,
)

bp = tenant_blueprint("strategy", __name__, url_prefix="/strategy")


@bp.record_once
def add_label_globals(state) -> None:
    """Labels of the strategy's choices, for every template and macro."""
    state.app.jinja_env.globals.update(
        STATUS_LABELS={key.value: label for key, label in STATUS_LABELS.items()},
        THEME_LABELS={key.value: label for key, label in THEME_LABELS.items()},
        REACH_LABELS={key.value: label for key, label in REACH_LABELS.items()},
        CHANNEL_KIND_LABELS={key.value: label for key, label in CHANNEL_KIND_LABELS.items()},
        CADENCE_LABELS={key.value: label for key, label in CADENCE_LABELS.items()},
        PRIORITY_LABELS={key.value: label for key, label in PRIORITY_LABELS.items()},
    )


def _or_404(obj):
    if obj is None:
        abort(404)
    return obj


def _open_for_changes(strategy):
    """An archived strategy is kept as it was: refuse changes until it is restored."""
    if strategy.archived:
        flash(_("This strategy is archived. Restore it to change it."), "warning")
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
    strategy = _or_404(services.strategy_with_goals(g.municipality, strategy_id))
    return render_template("strategy/show.html", strategy=strategy, action_form=ConfirmForm())


@bp.route("/<int:strategy_id>/overview")
@requires(Permission.VIEW)
def overview(strategy_id: int):
    strategy = _or_404(services.strategy_with_goals(g.municipality, strategy_id))
    return render_template(
        "strategy/overview.html",
        strategy=strategy,
        audiences=services.audiences_of(g.municipality, include_archived=False),
        channels=services.channels_of(g.municipality, include_archived=False),
        results=goal_results(strategy.goals),
    )


@bp.route("/<int:strategy_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def edit_strategy(strategy_id: int):
    strategy = _open_for_changes(_or_404(services.get_strategy(g.municipality, strategy_id)))
    form = StrategyForm(obj=strategy)
    done = save_form(
        form,
        lambda values: services.update_strategy(strategy, values, **_editing()) or strategy,
        message=_("The strategy is saved."),
        redirect_to=lambda s: url_for("strategy.show", strategy_id=s.id),
        editing=strategy,
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
    strategy = _or_404(services.get_strategy(g.municipality, strategy_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.activate_strategy(strategy, **_editing())
    db.session.commit()
    flash(_("“%(title)s” is now the active strategy.", title=strategy.title), "success")
    return redirect(url_for("strategy.show", strategy_id=strategy.id))


register_lifecycle_routes(
    bp,
    name="strategy",
    rule="/<int:strategy_id>",
    load=lambda strategy_id: services.get_strategy(g.municipality, strategy_id),
    label=lambda strategy: strategy.title,
    back_url=lambda strategy: url_for("strategy.index"),
    action_prefix="strategy",
    audit_fields=services.STRATEGY_FIELDS,
)


# Goals -----------------------------------------------------------------------------------------


@bp.route("/<int:strategy_id>/goals/new", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def new_goal(strategy_id: int):
    strategy = _open_for_changes(_or_404(services.get_strategy(g.municipality, strategy_id)))
    form = GoalForm()
    form.set_owner_choices(services.owner_choices(g.municipality))
    done = save_form(
        form,
        lambda values: services.create_goal(strategy, values, **_editing()),
        message=_("The goal is added."),
        redirect_to=lambda goal: (
            url_for("strategy.show", strategy_id=strategy.id) + f"#goal-{goal.id}"
        ),
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
    goal = _or_404(services.get_goal(g.municipality, goal_id))
    _open_for_changes(goal.strategy)
    form = GoalForm(obj=goal)
    form.set_owner_choices(services.owner_choices(g.municipality), current=goal.owner)
    back = url_for("strategy.show", strategy_id=goal.strategy_id) + f"#goal-{goal.id}"
    done = save_form(
        form,
        lambda values: services.update_goal(goal, values, **_editing()) or goal,
        message=_("The goal is saved."),
        redirect_to=lambda _goal: back,
        editing=goal,
        not_unique_message=_("The strategy already has a goal with this title."),
    )
    return done or form_page(
        form,
        title=_("Edit goal"),
        action=url_for("strategy.edit_goal", goal_id=goal.id),
        submit_label=_("Save"),
        cancel_url=back,
    )


@bp.route("/goals/<int:goal_id>/move", methods=["POST"])
@requires(Permission.EDIT_STRATEGY)
def move_goal(goal_id: int):
    goal = _or_404(services.get_goal(g.municipality, goal_id))
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
    return redirect(url_for("strategy.show", strategy_id=goal.strategy_id) + f"#goal-{goal.id}")


register_lifecycle_routes(
    bp,
    name="goal",
    rule="/goals/<int:goal_id>",
    load=lambda goal_id: services.get_goal(g.municipality, goal_id),
    label=lambda goal: goal.title,
    back_url=lambda goal: url_for("strategy.show", strategy_id=goal.strategy_id),
    action_prefix="goal",
    audit_fields=services.GOAL_FIELDS,
)


# Key messages ----------------------------------------------------------------------------------


@bp.route("/goals/<int:goal_id>/messages/new", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def new_key_message(goal_id: int):
    goal = _or_404(services.get_goal(g.municipality, goal_id))
    _open_for_changes(goal.strategy)
    form = KeyMessageForm()
    form.set_audience_choices(services.audiences_of(g.municipality, include_archived=False))
    back = url_for("strategy.show", strategy_id=goal.strategy_id) + f"#goal-{goal.id}"
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
    message = _or_404(services.get_key_message(g.municipality, message_id))
    _open_for_changes(message.goal.strategy)
    form = KeyMessageForm(obj=message)
    audiences = services.audiences_of(g.municipality, include_archived=False)
    if message.audience is not None and message.audience not in audiences:
        audiences.append(message.audience)  # keep an archived audience selectable here
    form.set_audience_choices(audiences)
    back = (
        url_for("strategy.show", strategy_id=message.goal.strategy_id) + f"#goal-{message.goal_id}"
    )
    done = save_form(
        form,
        lambda values: services.update_key_message(message, values, **_editing()) or message,
        message=_("The key message is saved."),
        redirect_to=lambda _message: back,
        editing=message,
    )
    return done or form_page(
        form,
        title=_("Edit key message"),
        action=url_for("strategy.edit_key_message", message_id=message.id),
        submit_label=_("Save"),
        cancel_url=back,
    )


register_lifecycle_routes(
    bp,
    name="key_message",
    rule="/messages/<int:message_id>",
    load=lambda message_id: services.get_key_message(g.municipality, message_id),
    label=lambda message: _("the key message"),
    back_url=lambda message: url_for("strategy.show", strategy_id=message.goal.strategy_id),
    action_prefix="key_message",
    audit_fields=services.KEY_MESSAGE_FIELDS,
    archivable=False,
)


# Audiences and channels: a list page, a new page and an edit page each -----------------------


@dataclass(frozen=True)
class NamedListPages:
    """The pages of a kind of named object the municipality keeps a list of."""

    kind: str
    plural: str
    form: type
    list_all: Callable
    load: Callable
    create: Callable
    update: Callable
    audit_fields: tuple[str, ...]
    new_title: LazyString
    edit_title: LazyString
    add_label: LazyString
    added: LazyString
    saved: LazyString
    name_taken: LazyString


def register_named_list_pages(pages: NamedListPages) -> None:
    list_endpoint = f"strategy.{pages.plural}"

    def back(obj=None) -> str:
        return url_for(list_endpoint) + (f"#{pages.kind}-{obj.id}" if obj is not None else "")

    def listing():
        return render_template(
            f"strategy/{pages.plural}.html",
            **{pages.plural: pages.list_all(g.municipality)},
            action_form=ConfirmForm(),
        )

    def new():
        form = pages.form()
        done = save_form(
            form,
            lambda values: pages.create(g.municipality, values, actor=current_user),
            message=str(pages.added),
            redirect_to=back,
            not_unique_message=str(pages.name_taken),
        )
        return done or form_page(
            form,
            title=str(pages.new_title),
            action=url_for(f"strategy.new_{pages.kind}"),
            submit_label=str(pages.add_label),
            cancel_url=back(),
        )

    def edit(**ids):
        obj = _or_404(pages.load(g.municipality, *ids.values()))
        form = pages.form(obj=obj)
        done = save_form(
            form,
            lambda values: pages.update(obj, values, **_editing()) or obj,
            message=str(pages.saved),
            redirect_to=back,
            editing=obj,
            not_unique_message=str(pages.name_taken),
        )
        return done or form_page(
            form,
            title=str(pages.edit_title),
            action=url_for(f"strategy.edit_{pages.kind}", **ids),
            submit_label=_("Save"),
            cancel_url=back(),
        )

    rule = f"/{pages.plural}/<int:{pages.kind}_id>"
    bp.add_url_rule(f"/{pages.plural}/", pages.plural, requires(Permission.VIEW)(listing))
    bp.add_url_rule(
        f"/{pages.plural}/new",
        f"new_{pages.kind}",
        requires(Permission.EDIT_STRATEGY)(new),
        methods=["GET", "POST"],
    )
    bp.add_url_rule(
        f"{rule}/edit",
        f"edit_{pages.kind}",
        requires(Permission.EDIT_STRATEGY)(edit),
        methods=["GET", "POST"],
    )
    register_lifecycle_routes(
        bp,
        name=pages.kind,
        rule=rule,
        load=lambda object_id: pages.load(g.municipality, object_id),
        label=lambda obj: obj.name,
        back_url=lambda obj: url_for(list_endpoint),
        action_prefix=pages.kind,
        audit_fields=pages.audit_fields,
    )


register_named_list_pages(
    NamedListPages(
        kind="audience",
        plural="audiences",
        form=AudienceForm,
        list_all=services.audiences_of,
        load=services.get_audience,
        create=services.create_audience,
        update=services.update_audience,
        audit_fields=services.AUDIENCE_FIELDS,
        new_title=_l("New audience"),
        edit_title=_l("Edit audience"),
        add_label=_l("Add audience"),
        added=_l("The audience is added."),
        saved=_l("The audience is saved."),
        name_taken=_l("There is already an audience with this name."),
    )
)

register_named_list_pages(
    NamedListPages(
        kind="channel",
        plural="channels",
        form=ChannelForm,
        list_all=services.channels_of,
        load=services.get_channel,
        create=services.create_channel,
        update=services.update_channel,
        audit_fields=services.CHANNEL_FIELDS,
        new_title=_l("New channel"),
        edit_title=_l("Edit channel"),
        add_label=_l("Add channel"),
        added=_l("The channel is added."),
        saved=_l("The channel is saved."),
        name_taken=_l("There is already a channel with this name."),
    )
)
