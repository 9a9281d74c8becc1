"""RSS 2.0 and Atom 1.0 writers for published posts, built with feedgen.

Both writers take a :class:`~planner.feeds.items.NewsFeed` and return UTF-8 bytes with an XML
declaration. The output depends only on the input: no "now" (feedgen defaults the feed's and every
entry's time to the current time; every one is set here), entries in the order given (newest first),
so identical input gives identical bytes and the HTTP layer can derive ETags from the data.

Escaping, so that nothing a user typed becomes markup in a reader:

* Titles, categories, the author and the Atom summary are plain text; lxml escapes them as XML
  text or attribute values (``<`` becomes ``&lt;``, ``"`` in attributes ``&quot;``).
* RSS 2.0 ``<description>`` is, by the specification, entity-encoded HTML, and readers render it
  as HTML. The summary is plain text, so it is HTML-escaped first and then XML-escaped: a summary
  ``<img src=x onerror=...>`` shows as that text instead of becoming an image tag in the reader.
* The full post (``content_html``, already sanitised by :func:`planner.posts.rendering.
  render_markdown`) is written as escaped text (Atom ``<content type="html">``, RSS
  ``<content:encoded>``), not as CDATA or inline XHTML, so the document itself never holds a
  literal ``<`` of the post's markup and a ``]]>`` in a post cannot end a CDATA section.
* Characters that XML 1.0 does not allow (control characters pasted from word processors, lone
  surrogates) are dropped; lxml would refuse the whole feed otherwise.

feedgen 1.0 quirks handled here:

* ``add_entry()`` prepends by default, which would reverse the order: entries are appended.
* The RSS channel ``<link>`` is the href of the *last* feed link added, so the self link is added
  before the alternate (HTML page) link.
* ``FeedEntry.atom_entry()`` drops the ``rel`` and ``type`` of entry links (a variable shadowing
  bug), so a tiny entry extension puts ``rel="alternate"`` and ``type="text/html"`` back.
* RSS has no per-item "updated"; only Atom carries it.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator

from planner.feeds.items import NewsEntry, NewsFeed

__all__ = ["ATOM_CONTENT_TYPE", "RSS_CONTENT_TYPE", "build_atom", "build_rss"]

RSS_CONTENT_TYPE = "application/rss+xml"
ATOM_CONTENT_TYPE = "application/atom+xml"
GENERATOR = "Planner"

# Anything outside the XML 1.0 Char production: C0 controls other than tab, newline and carriage
# return, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def build_rss(feed: NewsFeed) -> bytes:
    """The feed as RSS 2.0 (with atom:link rel="self" and content:encoded), UTF-8 bytes."""
    generator = _feed_generator(feed, self_type=RSS_CONTENT_TYPE)
    # RSS requires a channel description; the Atom subtitle is optional.
    generator.description(_text(feed.subtitle) or _text(feed.title) or _text(feed.link))
    for entry in feed.entries:
        item = _add_entry(generator, entry)
        summary = _text(entry.summary)
        if summary:
            # <description> is HTML in RSS; the summary is plain text.
            item.summary(html.escape(summary, quote=False))
    return generator.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def build_atom(feed: NewsFeed) -> bytes:
    """The feed as Atom 1.0, UTF-8 bytes."""
    generator = _feed_generator(feed, self_type=ATOM_CONTENT_TYPE)
    generator.id(_text(feed.feed_id) or _text(feed.self_url))
    subtitle = _text(feed.subtitle)
    if subtitle:
        generator.subtitle(subtitle)
    # Entry links lose their rel in feedgen 1.0; the extension restores it (see the module doc).
    generator.register_extension(
        "planner_links", _NoFeedExtension, _AlternateEntryLinks, atom=True, rss=False
    )
    for entry in feed.entries:
        item = _add_entry(generator, entry)
        # Atom requires an author on every entry (or on the feed).
        item.author(name=_text(entry.author) or _text(feed.title))
        summary = _text(entry.summary)
        if summary:
            item.summary(summary)  # type="text" (the default): plain text, shown as typed
    return generator.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def _feed_generator(feed: NewsFeed, *, self_type: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.title(_text(feed.title) or _text(feed.link))
    # Self first: feedgen uses the href of the last link added as the RSS channel <link>.
    generator.link(href=_text(feed.self_url), rel="self", type=self_type)
    generator.link(href=_text(feed.link), rel="alternate", type="text/html")
    if feed.language:
        generator.language(_text(feed.language))
    generator.generator(GENERATOR)  # no version or uri: feedgen's default names itself
    # Sets both atom:updated and RSS lastBuildDate; feedgen's default is the current time.
    generator.updated(_utc(feed.updated))
    return generator


def _add_entry(generator: FeedGenerator, entry: NewsEntry) -> FeedEntry:
    """The parts RSS items and Atom entries share; the caller adds the format-specific ones."""
    permalink = _text(entry.permalink)
    item = generator.add_entry(order="append")  # the default, "prepend", reverses the order
    # RSS guid isPermaLink="true" and Atom id.
    item.guid(permalink, permalink=True)
    item.link(href=permalink, rel="alternate")
    # feedgen refuses an entry without a title (Atom requires one).
    item.title(_text(entry.title).strip() or permalink)
    content = _text(entry.content_html)
    if content:
        # type="html": written as escaped text (Atom <content type="html">, RSS content:encoded).
        item.content(content, type="html")
    # RSS pubDate and Atom published; Atom updated (RSS has no such element). Setting updated
    # also replaces feedgen's default for it, the current time.
    item.published(_utc(entry.published))
    item.updated(_utc(entry.updated))
    categories = [_text(category).strip() for category in entry.categories]
    for category in dict.fromkeys(c for c in categories if c):
        item.category(term=category)
    return item


def _text(value: str | None) -> str:
    """The string without characters that XML 1.0 cannot hold."""
    return _NOT_XML_CHAR.sub("", value or "")


def _utc(moment: datetime) -> datetime:
    """The time in UTC, whole seconds (RSS dates have no fractions; Atom then says the same)."""
    if moment.tzinfo is None:
        raise ValueError("feed times must be aware datetimes")
    return moment.astimezone(UTC).replace(microsecond=0)


class _NoFeedExtension(BaseExtension):
    """feedgen's register_extension wants a feed-level class; this one adds nothing."""


class _AlternateEntryLinks(BaseEntryExtension):
    """Puts back the rel (and type) that feedgen 1.0 drops from Atom entry links."""

    def extend_atom(self, entry):
        for link in entry.findall("link"):
            if link.get("rel") is None:
                link.set("rel", "alternate")
                link.set("type", "text/html")
        return entry
