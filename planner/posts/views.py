from __future__ import annotations

from flask import render_template

from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import tenant_blueprint

bp = tenant_blueprint("posts", __name__, url_prefix="/posts")


@bp.route("/")
@requires(Permission.VIEW)
def index():
    return render_template("calendar/index.html")
