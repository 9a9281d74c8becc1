"""The strategy overview for printing: a strategy with its goals, audiences and channels, and the
results (indicators) of each goal.

It is composed of two features, strategy and results, so it lives here at the top of the layers:
strategy stays below results and never imports it. The URL is under the strategy's,
/m/<slug>/strategy/<id>/overview.
"""

from __future__ import annotations

from flask import abort, g, render_template

from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import tenant_blueprint
from planner.results.services import goal_results
from planner.strategy.services import audiences_of, channels_of, strategy_with_goals

bp = tenant_blueprint("strategy_overview", __name__, url_prefix="/strategy")


@bp.get("/<int:strategy_id>/overview")
@requires(Permission.VIEW)
def show(strategy_id: int):
    strategy = strategy_with_goals(g.municipality, strategy_id) or abort(404)
    return render_template(
        "strategy/overview.html",
        strategy=strategy,
        audiences=audiences_of(g.municipality, include_archived=False),
        channels=channels_of(g.municipality, include_archived=False),
        results=goal_results(strategy.goals),
    )
