"""RSS 2.0 and Atom 1.0 writers, read back with feedparser (independent of feedgen, which writes
them) and with the standard library's XML parser for the structure feedparser smooths over.

feedparser note: on an RSS item without <updated>, reading ``entry.updated_parsed`` falls back to
``published_parsed`` with a DeprecationWarning (feedparser issue 310), which ``filterwarnings =
error`` turns into a failure. RSS has no per-item updated, so these tests only ever ask whether it
is there (``"updated_parsed" in entry`` does not warn) and never read it on RSS.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest

from planner.feeds.items import NewsEntry, NewsFeed
from planner.feeds.news import build_atom, build_rss
from planner.posts.rendering import render_markdown

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

FEED_UPDATED = datetime(2024, 7, 2, 10, 30, tzinfo=UTC)
NORWEGIAN_TITLE = 'Årets «beste» tiltak: “sitat”, "quotes" & Blåbær/Øl – ÆØÅ'
NORWEGIAN_SUMMARY = 'Kort om vårens plan for Åfjord & Innherred – "alle" ble med. 5 < 7 > 3'
NORWEGIAN_BODY = (
    '**Fra vikar til fast** – æøå ÆØÅ, "sitat" & «anførsel».\n\n'
    "- første punkt\n- andre punkt\n\n"
    "[Les mer](https://afjord.kommune.no/nyheter?a=1&b=2)"
)


def make_entry(number: int = 1, **changes) -> NewsEntry:
    entry = NewsEntry(
        permalink=f"https://planner.example/public/afjord/posts/{number}",
        title=f"Innlegg {number}",
        summary=f"Sammendrag {number}",
        content_html=str(render_markdown(f"Tekst **{number}**")),
        published=datetime(2024, 7, number, 7, 0, tzinfo=UTC),
        updated=datetime(2024, 7, number, 9, 15, tzinfo=UTC),
        categories=("Facebook", "Innbyggere"),
        author="Kari Nordmann",
    )
    return replace(entry, **changes)


def make_feed(*entries: NewsEntry, **changes) -> NewsFeed:
    feed = NewsFeed(
        title="Åfjord kommune",
        subtitle="Publiserte innlegg fra Åfjord",
        link="https://planner.example/public/afjord",
        self_url="https://planner.example/public/afjord/posts.rss",
        language="nb",
        updated=FEED_UPDATED,
        feed_id="https://planner.example/public/afjord/posts.atom",
        entries=entries,
    )
    return replace(feed, **changes)


def norwegian_entry() -> NewsEntry:
    return make_entry(
        3,
        title=NORWEGIAN_TITLE,
        summary=NORWEGIAN_SUMMARY,
        content_html=str(render_markdown(NORWEGIAN_BODY)),
        categories=("Nettside & intranett", "Unge voksne (18–25)", "Rekruttering"),
    )


def parse(data: bytes, version: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == version
    return parsed


def utc(struct) -> datetime:
    return datetime(*struct[:6], tzinfo=UTC)


def self_links(links) -> list:
    return [link for link in links if link.get("rel") == "self"]


# --- RSS 2.0 -----------------------------------------------------------------------------------


def test_rss_channel_metadata():
    feed = make_feed(make_entry(2), make_entry(1))
    parsed = parse(build_rss(feed), "rss20")

    assert parsed.feed.title == "Åfjord kommune"
    assert parsed.feed.link == feed.link
    assert parsed.feed.subtitle == "Publiserte innlegg fra Åfjord"
    assert parsed.feed.language == "nb"
    assert parsed.feed.generator == "Planner"
    # lastBuildDate is the feed's own time, not the time of the build.
    assert utc(parsed.feed.updated_parsed) == FEED_UPDATED
    [self_link] = self_links(parsed.feed.links)
    assert self_link.href == feed.self_url
    assert self_link.type == "application/rss+xml"


def test_rss_items_carry_the_whole_post():
    entry = norwegian_entry()
    parsed = parse(build_rss(make_feed(entry)), "rss20")
    [item] = parsed.entries

    assert item.title == NORWEGIAN_TITLE
    assert item.link == entry.permalink
    assert item.id == entry.permalink
    # <description> is HTML in RSS; the plain-text summary comes back once HTML is decoded.
    assert html.unescape(item.summary) == NORWEGIAN_SUMMARY
    assert item.content[0].type == "text/html"
    assert item.content[0].value == entry.content_html.strip()
    assert "æøå ÆØÅ" in item.content[0].value
    assert '<a href="https://afjord.kommune.no/nyheter?a=1&amp;b=2"' in item.content[0].value
    assert utc(item.published_parsed) == entry.published
    assert [tag.term for tag in item.tags] == list(entry.categories)
    assert "updated_parsed" not in item  # RSS has no per-item updated


def test_rss_structure_follows_the_basic_rules():
    feed = make_feed(make_entry(3), make_entry(2), make_entry(1))
    channel = ET.fromstring(build_rss(feed)).find("channel")

    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    self_elements = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(self_elements) == 1
    assert self_elements[0].get("href") == feed.self_url
    assert self_elements[0].get("type") == "application/rss+xml"
    assert channel.findtext("lastBuildDate") == "Tue, 02 Jul 2024 10:30:00 +0000"
    items = channel.findall("item")
    assert len(items) == 3
    for item, entry in zip(items, feed.entries, strict=True):
        [guid] = item.findall("guid")
        assert guid.get("isPermaLink") == "true"
        assert guid.text == entry.permalink
        assert item.findtext("link") == entry.permalink
        assert item.findtext("title")
        assert item.find(f"{CONTENT}encoded") is not None


# --- Atom 1.0 ----------------------------------------------------------------------------------


def test_atom_feed_metadata():
    feed = make_feed(
        make_entry(2),
        make_entry(1),
        self_url="https://planner.example/public/afjord/posts.atom",
    )
    parsed = parse(build_atom(feed), "atom10")

    assert parsed.feed.id == feed.feed_id
    assert parsed.feed.title == "Åfjord kommune"
    assert parsed.feed.subtitle == "Publiserte innlegg fra Åfjord"
    assert parsed.feed.language == "nb"
    assert parsed.feed.generator == "Planner"
    assert utc(parsed.feed.updated_parsed) == FEED_UPDATED
    [self_link] = self_links(parsed.feed.links)
    assert self_link.href == feed.self_url
    assert self_link.type == "application/atom+xml"
    [alternate] = [link for link in parsed.feed.links if link.rel == "alternate"]
    assert alternate.href == feed.link


def test_atom_entries_carry_the_whole_post():
    entry = norwegian_entry()
    parsed = parse(build_atom(make_feed(entry)), "atom10")
    [item] = parsed.entries

    assert item.id == entry.permalink
    assert item.title == NORWEGIAN_TITLE
    [link] = item.links
    assert (link.rel, link.href, link.type) == ("alternate", entry.permalink, "text/html")
    # Atom's summary is plain text: exactly as typed.
    assert item.summary == NORWEGIAN_SUMMARY
    assert item.summary_detail.type == "text/plain"
    assert item.content[0].type == "text/html"
    assert item.content[0].value == entry.content_html.strip()
    assert "æøå ÆØÅ" in item.content[0].value
    assert utc(item.published_parsed) == entry.published
    assert utc(item.updated_parsed) == entry.updated
    assert [tag.term for tag in item.tags] == list(entry.categories)
    assert item.author == "Kari Nordmann"


def test_atom_entry_without_author_names_the_feed():
    parsed = parse(build_atom(make_feed(make_entry(1, author=""))), "atom10")

    assert parsed.entries[0].author == "Åfjord kommune"


def test_atom_xml_structure():
    feed = make_feed(make_entry(2), make_entry(1))
    root = ET.fromstring(build_atom(feed))

    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "nb"
    assert root.findtext(f"{ATOM}updated") == "2024-07-02T10:30:00+00:00"
    entries = root.findall(f"{ATOM}entry")
    for element, entry in zip(entries, feed.entries, strict=True):
        assert element.findtext(f"{ATOM}id") == entry.permalink
        [link] = element.findall(f"{ATOM}link")
        assert link.get("rel") == "alternate"
        assert element.find(f"{ATOM}content").get("type") == "html"
        assert element.findtext(f"{ATOM}author/{ATOM}name")


# --- Both formats ------------------------------------------------------------------------------


@pytest.mark.parametrize(("build", "version"), [(build_rss, "rss20"), (build_atom, "atom10")])
def test_entries_keep_the_given_order(build, version):
    entries = (make_entry(3), make_entry(1), make_entry(2))
    parsed = parse(build(make_feed(*entries)), version)

    assert [item.title for item in parsed.entries] == ["Innlegg 3", "Innlegg 1", "Innlegg 2"]


@pytest.mark.parametrize("build", [build_rss, build_atom])
def test_output_is_stable(build):
    first = build(make_feed(norwegian_entry(), make_entry(2), make_entry(1)))
    again = build(make_feed(norwegian_entry(), make_entry(2), make_entry(1)))

    assert first == again


def test_no_time_but_the_given_ones():
    """feedgen stamps feeds and entries with "now" unless told otherwise: nothing of that leaks."""
    feed = make_feed(make_entry(2), make_entry(1))
    given = {FEED_UPDATED} | {e.published for e in feed.entries} | {e.updated for e in feed.entries}

    rss = build_rss(feed).decode()
    rss_times = re.findall(r"<(?:lastBuildDate|pubDate)>([^<]+)<", rss)
    assert len(rss_times) == 3
    assert {datetime.strptime(t, "%a, %d %b %Y %H:%M:%S %z") for t in rss_times} <= given

    atom = build_atom(feed).decode()
    atom_times = re.findall(r"<(?:updated|published)>([^<]+)<", atom)
    assert len(atom_times) == 5
    assert {datetime.fromisoformat(t) for t in atom_times} <= given


@pytest.mark.parametrize(("build", "version"), [(build_rss, "rss20"), (build_atom, "atom10")])
def test_times_in_another_zone_are_written_in_utc(build, version):
    oslo = ZoneInfo("Europe/Oslo")
    entry = make_entry(
        1,
        published=datetime(2024, 7, 1, 9, 0, tzinfo=oslo),
        updated=datetime(2025, 1, 15, 9, 0, 0, 123456, tzinfo=oslo),
    )
    data = build(make_feed(entry, updated=datetime(2025, 1, 15, 9, 0, tzinfo=oslo)))
    parsed = parse(data, version)

    assert utc(parsed.entries[0].published_parsed) == datetime(2024, 7, 1, 7, 0, tzinfo=UTC)
    assert utc(parsed.feed.updated_parsed) == datetime(2025, 1, 15, 8, 0, tzinfo=UTC)
    assert b"+01:00" not in data and b"+02:00" not in data and b"+0100" not in data
    if version == "atom10":
        assert utc(parsed.entries[0].updated_parsed) == datetime(2025, 1, 15, 8, 0, tzinfo=UTC)
        assert b"<updated>2025-01-15T08:00:00+00:00</updated>" in data


@pytest.mark.parametrize(
    ("build", "declaration"),
    [
        (build_rss, b"<?xml version='1.0' encoding='UTF-8'?>\n<rss"),
        (build_atom, b"<?xml version='1.0' encoding='UTF-8'?>\n<feed"),
    ],
)
def test_utf8_with_declaration(build, declaration):
    data = build(make_feed(norwegian_entry()))

    assert data.startswith(declaration)
    assert "Blåbær/Øl – ÆØÅ".encode() in data  # UTF-8 bytes, not character references
    assert b"&#" not in data


@pytest.mark.parametrize(("build", "version"), [(build_rss, "rss20"), (build_atom, "atom10")])
def test_empty_feed_is_valid(build, version):
    feed = make_feed()
    data = build(feed)
    parsed = parse(data, version)

    assert parsed.entries == []
    assert parsed.feed.title == "Åfjord kommune"
    assert utc(parsed.feed.updated_parsed) == FEED_UPDATED
    [self_link] = self_links(parsed.feed.links)
    assert self_link.href == feed.self_url
    assert build(make_feed()) == data


def test_feed_without_subtitle():
    feed = make_feed(make_entry(1), subtitle="")

    rss = parse(build_rss(feed), "rss20")
    assert rss.feed.subtitle == "Åfjord kommune"  # RSS requires a description
    atom = parse(build_atom(feed), "atom10")
    assert "subtitle" not in atom.feed


@pytest.mark.parametrize(("build", "version"), [(build_rss, "rss20"), (build_atom, "atom10")])
def test_sparse_entry_is_still_valid(build, version):
    entry = make_entry(1, title="  ", summary="", content_html="", categories=("", " "))
    parsed = parse(build(make_feed(entry)), version)
    [item] = parsed.entries

    assert item.title == entry.permalink  # a title is required; the permalink stands in
    assert item.link == entry.permalink
    assert "tags" not in item


@pytest.mark.parametrize(("build", "version"), [(build_rss, "rss20"), (build_atom, "atom10")])
def test_characters_xml_cannot_hold_are_dropped(build, version):
    entry = make_entry(
        1,
        title="Linje\x0bskift\x00 og\x1f mer\ufffe",
        summary="Tab\tog\x08 backspace",
        categories=("Kate\x01gori",),
    )
    parsed = parse(build(make_feed(entry)), version)
    [item] = parsed.entries

    assert item.title == "Linjeskift og mer"
    assert [tag.term for tag in item.tags] == ["Kategori"]


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        build_rss(make_feed(make_entry(1, published=datetime(2024, 7, 1, 9, 0))))


# --- XSS ---------------------------------------------------------------------------------------


def hostile_entry() -> NewsEntry:
    return make_entry(
        1,
        title=f"{SCRIPT}{IMG} & co",
        summary=f"Se {IMG} og {SCRIPT}",
        content_html=str(render_markdown(f"Hei {SCRIPT}\n\n{IMG}\n\n<b onclick=x>fet</b>")),
        categories=(SCRIPT, IMG),
        author=f"{IMG}",
    )


def hostile_feed() -> NewsFeed:
    return make_feed(hostile_entry(), title=f"Åfjord {SCRIPT}", subtitle=IMG)


@pytest.mark.parametrize("build", [build_rss, build_atom])
def test_payloads_are_escaped_in_the_xml(build):
    data = build(hostile_feed()).decode()

    assert not re.search(r"<\s*script", data, re.IGNORECASE)
    assert not re.search(r"<\s*img", data, re.IGNORECASE)
    assert not re.search(r"<\s*b[\s>]", data, re.IGNORECASE)
    assert "<![CDATA[" not in data


def test_payloads_come_back_as_text_from_rss():
    entry = hostile_entry()
    data = build_rss(hostile_feed())
    parsed = parse(data, "rss20")
    [item] = parsed.entries

    assert parsed.feed.title == f"Åfjord {SCRIPT}"
    assert item.title == entry.title
    assert [tag.term for tag in item.tags] == [SCRIPT, IMG]
    # The description is HTML whose text is the summary: no tag in it, only escaped text.
    assert "<script" not in item.summary and "<img" not in item.summary
    assert html.unescape(item.summary) == entry.summary
    # The post's HTML arrives whole, and the payloads in it are text, not elements.
    assert item.content[0].value == entry.content_html.strip()
    assert "<script" not in item.content[0].value and "<img" not in item.content[0].value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in item.content[0].value

    # In the XML the markup is character data: the elements have text and no children.
    element = ET.fromstring(data).find("channel/item")
    for name in ("title", "description", f"{CONTENT}encoded", "category"):
        assert len(element.find(name)) == 0
    assert element.findtext(f"{CONTENT}encoded") == entry.content_html


def test_payloads_come_back_as_text_from_atom():
    entry = hostile_entry()
    data = build_atom(hostile_feed())
    parsed = parse(data, "atom10")
    [item] = parsed.entries

    assert parsed.feed.title == f"Åfjord {SCRIPT}"
    assert parsed.feed.subtitle == IMG
    assert item.title == entry.title
    assert item.title_detail.type == "text/plain"
    assert item.summary == entry.summary
    assert item.author == IMG
    assert [tag.term for tag in item.tags] == [SCRIPT, IMG]
    assert item.content[0].value == entry.content_html.strip()
    assert "<script" not in item.content[0].value and "<img" not in item.content[0].value

    element = ET.fromstring(data).find(f"{ATOM}entry")
    for name in ("title", "summary", "content"):
        assert len(element.find(f"{ATOM}{name}")) == 0
    assert element.find(f"{ATOM}content").get("type") == "html"
    assert element.findtext(f"{ATOM}content") == entry.content_html
    assert [c.get("term") for c in element.findall(f"{ATOM}category")] == [SCRIPT, IMG]
