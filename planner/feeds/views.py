"""Feed addresses (by token and public) and the page where members manage their feed links."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import quote

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from planner.core import once
from planner.core.crud import ConfirmForm, show_error
from planner.core.errors import DomainError, NotAllowed
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.feeds import content, tokens
from planner.feeds.forms import FeedLinkForm
from planner.feeds.ical import build_calendar
from planner.feeds.models import FEED_SCOPE_LABELS, FeedToken
from planner.feeds.news import build_atom, build_rss
from planner.feeds.serving import feed_response
from planner.municipalities.models import Municipality
from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import can, tenant_blueprint
from planner.posts import services as post_services
from planner.posts.models import Post

bp = Blueprint("feeds", __name__)
links = tenant_blueprint("feed_links", __name__, url_prefix="/feeds")

#: Public feeds may be cached by proxies for this long; private ones by the client only.
PUBLIC_MAX_AGE = 15 * 60
PRIVATE_MAX_AGE = 5 * 60


def _window() -> content.Window:
    config = current_app.config
    return content.Window.around(
        utcnow(), days=config["FEED_WINDOW_DAYS"], cancelled_days=config["FEED_CANCELLED_DAYS"]
    )


#: The domain part of every event's UID: fixed, so a UID never changes with the address used.
UID_DOMAIN = "planner"


def _serve(
    fmt: str,
    *,
    key: str,
    stamp: content.Stamp,
    selection: Callable[[], content.Selection],
    title: str,
    private: bool,
    feed_id: str = "",
):
    """Serve one feed: `key` and `stamp` decide its version; `selection` is only called to build.

    `feed_id` is a stable id for Atom (a private one must not hold the token).
    """
    window = _window()
    news = fmt in ("rss", "atom")
    version = content.feed_version(key, stamp, window, news=news)
    config = current_app.config

    def build() -> bytes:
        # Only when the feed is not cached: a poll answered from the cache or with 304 does none
        # of this. Feeds speak the municipality's language, whoever asks, so one copy fits all.
        chosen = selection()
        g.municipality = chosen.municipality
        with force_locale(chosen.municipality.language):
            return _build(chosen)

    def _build(chosen: content.Selection) -> bytes:
        page_url, post_url = _addresses(chosen)
        if not news:
            return build_calendar(
                content.calendar_feed(
                    chosen,
                    window,
                    name=title,
                    description=_feed_description(chosen),
                    page_url=page_url,
                    post_url=post_url,
                    host=UID_DOMAIN,
                    refresh=timedelta(minutes=config["FEED_REFRESH_MINUTES"]),
                )
            )
        feed = content.news_feed(
            chosen,
            window,
            title=title,
            subtitle=_feed_description(chosen),
            page_url=page_url,
            self_url=request.base_url,
            feed_id=feed_id or request.base_url,
            post_url=post_url,
            limit=config["FEED_MAX_ENTRIES"],
            last_change=stamp.changed_at,
        )
        return build_rss(feed) if fmt == "rss" else build_atom(feed)

    # Items leave the window as days pass, so the feed may change at midnight without any edit.
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    return feed_response(
        feed_key=key,
        fmt=fmt,
        version=version,
        last_change=max(stamp.changed_at, today),
        build=build,
        private=private,
        max_age=PRIVATE_MAX_AGE if private else PUBLIC_MAX_AGE,
    )


def _addresses(selection: content.Selection):
    """The page a feed belongs to, and how to link a post: public pages, or the app's own."""
    slug = selection.municipality.slug
    if selection.public:
        page_url = url_for("feeds.public_index", slug=slug, _external=True)
        endpoint = "feeds.public_post"
    else:
        page_url = url_for("calendar.index", slug=slug, _external=True)
        endpoint = "posts.show"

    def post_url(post: Post) -> str:
        return url_for(endpoint, slug=slug, post_id=post.id, _external=True)

    return page_url, post_url


def _feed_description(selection: content.Selection) -> str:
    if selection.public:
        return _(
            "What %(name)s has published on its public channels.", name=selection.municipality.name
        )
    return _("The communication plan of %(name)s.", name=selection.municipality.name)


# --- Private feeds by token ----------------------------------------------------------------------


@bp.route("/feeds/<token>.<any(ics, rss, atom):fmt>")
def by_token(token: str, fmt: str):
    access = tokens.find_usable(token)
    if access is None:
        abort(404)
    response = _serve(
        fmt,
        key=content.link_key(access),
        stamp=content.Stamp(access.content_version, access.content_changed_at),
        selection=lambda: content.link_selection(access),
        title=f"{access.municipality_name}: {access.name}",
        private=True,
        feed_id=f"tag:{UID_DOMAIN},2026:{access.municipality_slug}/feeds/{access.feed_id}",
    )
    tokens.note_use(access)
    return response


# --- Public feeds --------------------------------------------------------------------------------


def _public_municipality(slug: str) -> Municipality:
    municipality = content.public_municipality(slug)
    if municipality is None:
        abort(404)
    g.municipality = municipality
    return municipality


@bp.route("/public/<slug>/calendar.ics")
def public_calendar(slug: str):
    municipality = _public_municipality(slug)
    return _serve_public(municipality, "ics")


@bp.route("/public/<slug>/posts.<any(rss, atom):fmt>")
def public_news(slug: str, fmt: str):
    municipality = _public_municipality(slug)
    return _serve_public(municipality, fmt)


def _serve_public(municipality: Municipality, fmt: str):
    selection = content.Selection(municipality, public=True)
    return _serve(
        fmt,
        key=selection.key,
        stamp=content.Stamp.of(municipality),
        selection=lambda: selection,
        title=municipality.name,
        private=False,
    )


@bp.route("/public/<slug>/")
def public_index(slug: str):
    municipality = _public_municipality(slug)
    return render_template("feeds/public_index.html", municipality=municipality)


@bp.route("/public/<slug>/posts/<int:post_id>")
def public_post(slug: str, post_id: int):
    """A published post, readable by anyone: only what went out on an external channel."""
    municipality = _public_municipality(slug)
    public = content.public_post(municipality, post_id)
    if public is None:
        abort(404)
    return render_template(
        "feeds/public_post.html",
        municipality=municipality,
        post=public.post,
        published=public.published,
    )


# --- Managing feed links -------------------------------------------------------------------------


def _subscribe_links(url: str) -> dict[str, str]:
    webcal = "webcal://" + url.split("://", 1)[1]
    return {
        "https": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
    }


def _scope_choices() -> dict:
    return {
        "channel": post_services.channel_options(g.municipality),
        "audience": post_services.audience_options(g.municipality),
        "goal": post_services.goal_options(g.municipality),
    }


def _links_page(form: FeedLinkForm, status: int = 200):
    manage_all = can(Permission.MANAGE_MEMBERS)
    feeds = tokens.tokens_of(g.municipality, current_user, manage_all=manage_all)
    public = None
    if g.municipality.public_feeds:
        slug = g.municipality.slug
        public = {
            "calendar": _subscribe_links(
                url_for("feeds.public_calendar", slug=slug, _external=True)
            ),
            "rss": url_for("feeds.public_news", slug=slug, fmt="rss", _external=True),
            "atom": url_for("feeds.public_news", slug=slug, fmt="atom", _external=True),
            "page": url_for("feeds.public_index", slug=slug, _external=True),
        }
    page = render_template(
        "feeds/index.html",
        form=form,
        feeds=feeds,
        manage_all=manage_all,
        public=public,
        scope_labels={scope.value: label for scope, label in FEED_SCOPE_LABELS.items()},
        scope_names=_scope_names(feeds),
        action_form=ConfirmForm(),
    )
    return page, status


def _scope_names(feeds) -> dict[tuple[str, int], str]:
    names = {}
    for scope, objects in _scope_choices().items():
        for obj in objects:
            names[(scope, obj.id)] = getattr(obj, "name", None) or obj.title
    return {
        (feed.scope, feed.scope_id): names.get((feed.scope, feed.scope_id), "–")
        for feed in feeds
        if feed.scope_id is not None
    }


@links.route("/")
@requires(Permission.VIEW)
def index():
    form = FeedLinkForm(formdata=None)
    form.set_scope_choices(**_scope_choices())
    return _links_page(form)


def _issued_page(issued: tokens.IssuedToken):
    """The new link, shown once: it is not stored and cannot be shown again."""
    feed = issued.feed
    slug = g.municipality.slug
    urls = {
        fmt: url_for("feeds.by_token", token=issued.token, fmt=fmt, _external=True)
        for fmt in ("ics", "rss", "atom")
    }
    response = make_response(
        render_template(
            "feeds/issued.html",
            feed=feed,
            calendar=_subscribe_links(urls["ics"]),
            rss=urls["rss"],
            atom=urls["atom"],
            scope_labels={scope.value: label for scope, label in FEED_SCOPE_LABELS.items()},
            back=url_for("feed_links.index", slug=slug),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@links.route("/new", methods=["POST"])
@requires(Permission.VIEW)
def create():
    form = FeedLinkForm()
    if earlier := form.earlier_result():
        return once.already_saved(earlier, _link_made_already())
    form.set_scope_choices(**_scope_choices())
    if not form.validate_on_submit():
        return _links_page(form, 422)
    try:
        issued = tokens.create_token(
            g.municipality,
            name=form.name.data,
            scope=form.scope.data,
            scope_id=form.chosen_scope_id(),
            actor=current_user,
        )
        earlier = once.commit_once(form, url_for("feed_links.index"))
    except DomainError as error:
        db.session.rollback()
        show_error(form, error)
        return _links_page(form, 422)
    if earlier:
        return once.already_saved(earlier, _link_made_already())
    return _issued_page(issued)


def _link_made_already() -> str:
    return _(
        "This form was sent again after the link was made, so no second link is made. Its "
        "address is shown only once, after the first sending: if you did not copy it, choose "
        "“New address” below to get a new one."
    )


def _confirmed(feed: FeedToken | None) -> FeedToken:
    """The link a button acts on: 404 if the member may not act on it, 400 without the token."""
    if feed is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return feed


def _confirmation_page(feed: FeedToken | None, action: str):
    """GET of revoke or rotate: what the step does, with its button (it acts only on POST)."""
    if feed is None:
        abort(404)
    return render_template("feeds/confirm.html", feed=feed, action=action, form=ConfirmForm())


@links.route("/<int:feed_id>/revoke", methods=["GET", "POST"])
@requires(Permission.VIEW)
def revoke(feed_id: int):
    found = tokens.token_to_revoke(
        g.municipality,
        feed_id,
        current_user,
        manages_members=can(Permission.MANAGE_MEMBERS),
    )
    if request.method == "GET":
        return _confirmation_page(found, "revoke")
    feed = _confirmed(found)
    tokens.revoke_token(feed, actor=current_user, municipality=g.municipality)
    db.session.commit()
    flash(_("The link “%(name)s” is revoked: it no longer works.", name=feed.name), "success")
    return redirect(url_for("feed_links.index"))


@links.route("/<int:feed_id>/rotate", methods=["GET", "POST"])
@requires(Permission.VIEW)
def rotate(feed_id: int):
    found = tokens.token_to_rotate(g.municipality, feed_id, current_user)
    if request.method == "GET":
        return _confirmation_page(found, "rotate")
    feed = _confirmed(found)
    try:
        issued = tokens.rotate_token(feed, actor=current_user, municipality=g.municipality)
    except NotAllowed as error:
        db.session.rollback()
        flash(str(error), "warning")
        return redirect(url_for("feed_links.index"))
    db.session.commit()
    return _issued_page(issued)
