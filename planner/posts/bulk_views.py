"""Bulk actions on the posts selected in the list of posts or the calendar's idea backlog.

Both lists render the same form (`templates/posts/_macros.html`, `bulk_actions`), which the
template global `bulk_panel` prepares: the actions the member may take, the members to choose
from, and, after a POST, what came back. The form posts to `posts.bulk`, which works without
JavaScript and answers with a redirect (post/redirect/get) to the page it came from:

- with errors (nothing selected, no action, no member to make responsible), the page shows them
  next to their fields with the selection and the choices kept (they wait in the session for
  that one page);
- when done, the page shows the report, one line per selected post: done, or not done and why.
  The report waits in the session under the form's one-time key, which the address names, so
  the page can be reloaded and a second sending of the form leads to the same report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlalchemy as sa
from flask import abort, g, redirect, request, session, url_for
from flask_babel import LazyString
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from planner.core import once
from planner.core.errors import FieldError
from planner.core.extensions import db
from planner.core.security import is_safe_next_url
from planner.municipalities.roles import Permission, requires, role_allows
from planner.posts import bulk, services
from planner.posts.forms import BulkActionForm
from planner.posts.models import Post
from planner.posts.views import bp

#: The lists a bulk action is taken from, with the id prefix of their form and where they are.
SOURCES = {"posts": "bulk", "backlog": "backlog-bulk"}
DEFAULT_PAGES = {"posts": "posts.index", "backlog": "calendar.index"}

#: Session keys: the form that came back with errors, and the report of the last bulk action.
KEPT_FORM = "posts.bulk_form"
REPORT = "posts.bulk_report"
#: The query argument that names the report a page shows.
REPORT_ARG = "bulk_report"


@dataclass(frozen=True)
class ReportLine:
    post_id: int
    title: str
    #: The post's page, or None for an id that is not a post of the municipality.
    url: str | None
    done: bool
    message: str


@dataclass(frozen=True)
class BulkReport:
    action: str
    lines: list[ReportLine]

    @property
    def done(self) -> int:
        return sum(line.done for line in self.lines)


@dataclass
class BulkPanel:
    """What a list needs to offer bulk actions: the form, the selection, the last report."""

    source: str
    #: The prefix of the ids of the form's controls and report.
    prefix: str
    form: BulkActionForm
    actions: list[bulk.BulkAction]
    selected: set[int] = field(default_factory=set)
    report: BulkReport | None = None

    @property
    def offered(self) -> bool:
        return bool(self.actions)

    def checkbox_id(self, post_id: int) -> str:
        return f"{self.prefix}-post-{post_id}"

    @property
    def errors(self) -> list[tuple[str, str]]:
        """(target id, message) of each error, for the form's summary."""
        targets = {
            "posts": f"{self.prefix}-posts-error",
            "bulk_action": f"{self.prefix}-action",
            "owner": f"{self.prefix}-owner",
        }
        return [
            (target, str(message))
            for name, target in targets.items()
            for message in self.form[name].errors
        ]


def _source(value: str | None) -> str:
    return value if value in SOURCES else "posts"


def _prepared_form(list_name: str, **kwargs: Any) -> BulkActionForm:
    form = BulkActionForm(**kwargs)
    actions = bulk.actions_for(g.membership.role, backlog=list_name == "backlog")
    needs_members = any(action.name == bulk.SET_OWNER for action in actions)
    form.set_choices(
        actions=actions,
        owners=services.member_options(g.municipality) if needs_members else [],
        max_posts=bulk.MAX_POSTS,
    )
    return form


@bp.app_template_global("bulk_panel")
def bulk_panel(source: str, next_url: str) -> BulkPanel:
    """The bulk actions of a list ("posts" or "backlog") on the page at `next_url`."""
    source = _source(source)
    form = _prepared_form(source, formdata=None, next=next_url, source=source)
    actions = bulk.actions_for(g.membership.role, backlog=source == "backlog")
    panel = BulkPanel(source, SOURCES[source], form, actions)
    kept = session.get(KEPT_FORM)
    if isinstance(kept, dict) and kept.get("source") == source:
        session.pop(KEPT_FORM, None)
        _restore(form, kept)
        panel.selected = set(form.posts.data or [])
    panel.report = _shown_report(source)
    return panel


# --- The action ---------------------------------------------------------------------------------


@bp.route("/bulk", methods=["POST"], endpoint="bulk")
@requires(Permission.VIEW)
def apply_to_selected():
    """Take one action on the selected posts; back to the list with the report, or the errors."""
    source = _source(request.form.get("source"))
    form = _prepared_form(source)
    back = form.next.data if is_safe_next_url(form.next.data) else url_for(DEFAULT_PAGES[source])
    if earlier := form.earlier_result():
        return once.already_saved(earlier)
    # An action the role never offers is a forged request, as a workflow step would be: 403.
    chosen = bulk.BULK_ACTIONS.get(
        form.bulk_action.raw_data[0] if form.bulk_action.raw_data else ""
    )
    if chosen is not None and not role_allows(g.membership.role, chosen.permission):
        abort(403)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _back_with_errors(form, source, back)
    key = form.sent_key() or once.new_key()
    target = _report_url(back, key, SOURCES[source])
    try:
        # The key first: a copy of this form sent at the same moment stops here, before any post
        # is touched (and on SQLite the per-post savepoints then nest in a begun transaction).
        form.remember_result(target)
    except IntegrityError:
        db.session.rollback()
        if earlier := form.earlier_result():
            return once.already_saved(earlier)
        raise
    try:
        results = bulk.apply_bulk(
            form.bulk_action.data,
            form.posts.data or [],
            actor=current_user,
            municipality=g.municipality,
            owner_id=form.owner.data if form.bulk_action.data == bulk.SET_OWNER else None,
        )
    except FieldError as refused:  # the member left the municipality since the page was shown
        db.session.rollback()
        form[refused.field or "owner"].errors = [str(refused)]
        return _back_with_errors(form, source, back)
    _keep_report(key, source, form.bulk_action.data, results)
    db.session.commit()
    return redirect(target)


def _back_with_errors(form: BulkActionForm, source: str, back: str):
    session[KEPT_FORM] = {
        "source": source,
        "posts": list(dict.fromkeys(form.posts.data or []))[: bulk.MAX_POSTS],
        "action": form.bulk_action.data or "",
        "owner": form.owner.data,
        "errors": {
            name: [str(message) for message in form[name].errors]
            for name in ("posts", "bulk_action", "owner")
            if form[name].errors
        },
    }
    return redirect(_with_fragment(back, f"{SOURCES[source]}-controls"))


def _restore(form: BulkActionForm, kept: dict) -> None:
    form.posts.data = [value for value in kept.get("posts") or [] if isinstance(value, int)]
    form.bulk_action.data = str(kept.get("action") or "")
    owner = kept.get("owner")
    form.owner.data = owner if isinstance(owner, int) else None
    errors = kept.get("errors") or {}
    for name in ("posts", "bulk_action", "owner"):
        form[name].errors = [str(message) for message in errors.get(name) or []]


def _with_fragment(url: str, fragment: str) -> str:
    return urlunsplit(urlsplit(url)._replace(fragment=fragment))


def _report_url(back: str, key: str, prefix: str) -> str:
    """The page the form was on, naming the report (its other arguments kept)."""
    parts = urlsplit(back)
    query = [(name, value) for name, value in parse_qsl(parts.query) if name != REPORT_ARG]
    query.append((REPORT_ARG, key))
    return urlunsplit(parts._replace(query=urlencode(query), fragment=f"{prefix}-report"))


# --- The report ---------------------------------------------------------------------------------


def _keep_report(key: str, source: str, action: str, results: list[bulk.BulkResult]) -> None:
    """The report for the page to show, compact (the session is a cookie): each post's id, done,
    and its message by number in the list of the distinct messages (already translated)."""
    messages: list[str] = [""]
    rows = []
    for result in results:
        text = str(result.message)
        if text not in messages:
            messages.append(text)
        rows.append([result.post_id, int(result.done), messages.index(text)])
    session[REPORT] = {
        "key": key,
        "municipality": g.municipality.id,
        "source": source,
        "action": action,
        "rows": rows,
        "messages": messages,
    }


def _shown_report(source: str) -> BulkReport | None:
    """The report the address names, if it is this member's last one in this municipality."""
    kept = session.get(REPORT)
    if (
        not isinstance(kept, dict)
        or not request.args.get(REPORT_ARG)
        or kept.get("key") != request.args.get(REPORT_ARG)
        or kept.get("municipality") != g.municipality.id
        or kept.get("source") != source
    ):
        return None
    action = bulk.BULK_ACTIONS.get(kept.get("action") or "")
    rows = [row for row in kept.get("rows") or [] if isinstance(row, list) and len(row) == 3]
    messages = kept.get("messages") or [""]
    ids = [row[0] for row in rows]
    titles: dict[int, str] = {}
    if ids:
        titles = {
            post_id: title
            for post_id, title in db.session.execute(
                sa.select(Post.id, Post.title).where(
                    Post.municipality_id == g.municipality.id, Post.id.in_(ids)
                )
            )
        }
    lines = []
    for post_id, done, message in rows:
        title = titles.get(post_id)
        lines.append(
            ReportLine(
                post_id=post_id,
                title=title if title is not None else bulk.BulkResult(post_id, None, False).title,
                url=url_for("posts.show", post_id=post_id) if title is not None else None,
                done=bool(done),
                message=messages[message] if 0 <= message < len(messages) else "",
            )
        )
    label: str | LazyString = action.label if action else ""
    return BulkReport(action=str(label), lines=lines)
