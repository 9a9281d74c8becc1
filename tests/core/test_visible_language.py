"""No English on a Norwegian page: every page of a bokmål and of a nynorsk demo municipality,
crawled as its administrator, shows none of the catalogue's English source strings that have a
translation of their own.

The demo is loaded (`flask demo`), the administrator signs in through the form, and the crawl
follows every link within the municipality and the account, from the front page (at most
PER_SHAPE pages of a kind), and a post form sent back with its errors is read too. What is
checked is what a reader meets: the text of the page (not scripts or styles), the page title,
and the texts assistive technology reads out (`aria-label`, `alt`, `placeholder`). A source
string is looked for by its literal parts between placeholders ("Review asked of" in "Review
asked of %(name)s."), only parts of two words or more, as whole words and case as written, so
that a Norwegian word spelt like an English one ("Status", "Post") is not taken for English.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po

from planner.demo.services import demo_password

#: Placeholders of both kinds the catalogue uses: %(name)s and %s.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")
#: Where a crawl may go: the municipality and the account, but nothing that downloads or acts.
SKIPPED = re.compile(r"\.(csv|ics|xml|json)$|/export|/download|/logout|/feeds/[^/]+\.")
MAX_PAGES = 250
#: Pages of one kind (see shape_of) the crawl reads.
PER_SHAPE = 3
READ_ATTRIBUTES = ("aria-label", "alt", "placeholder")


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skipping += 1
        if tag == "a" and (values.get("href") or "").startswith("/"):
            self.links.append(values["href"].split("#")[0])
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.parts.append(values[name])

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style", "template") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data) -> None:
        if not self._skipping:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def english_fragments(language: str) -> dict[str, str]:
    """The literal parts of the source strings whose translation differs, by part."""
    path = Path(f"planner/translations/{language}/LC_MESSAGES/messages.po")
    with path.open("rb") as handle:
        catalog = read_po(handle)
    fragments: dict[str, str] = {}
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        translations = message.string if isinstance(message.string, tuple) else (message.string,)
        for source in sources:
            if source in translations:
                continue
            for part in PLACEHOLDER.split(source):
                part = " ".join(part.split()).strip(" .,:;–-()«»“”")
                if len(part.split()) >= 2 and not any(part in t for t in translations):
                    fragments[part] = source
    return fragments


def form_fields(client, path: str) -> dict[str, str]:
    """The hidden fields of the page's post form (its one-time key), everything else empty."""
    html = client.get(path).text
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def shape_of(path: str) -> str:
    """A page's kind: its path with ids as <id>, and the names of its query arguments (so the
    calendar's endless weeks and months are a few pages, not the whole crawl)."""
    parts = urlsplit(path)
    names = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"/\d+(?=/|$)", "/<id>", parts.path) + "?" + "&".join(names)


def crawl(client, start: str, slug: str) -> dict[str, str]:
    """The visible text of every page reached from `start`, by path."""
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    texts: dict[str, str] = {}
    queue = deque([start, "/account"])
    while queue and len(texts) < MAX_PAGES:
        path = queue.popleft()
        if path in seen or SKIPPED.search(urlsplit(path).path):
            continue
        seen.add(path)
        shape = shape_of(path)
        if shapes.get(shape, 0) >= PER_SHAPE:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = VisibleText()
        parser.feed(response.text)
        texts[path] = parser.text
        for link in parser.links:
            if link.startswith((f"/m/{slug}/", "/account")) and link not in seen:
                queue.append(link)
    return texts


@pytest.mark.parametrize(
    ("slug", "email", "language"),
    [("afjord", "admin@afjord.demo", "nb"), ("austrheim", "admin@austrheim.demo", "nn")],
    ids=["nb", "nn"],
)
def test_no_english_source_string_on_a_norwegian_page(
    app, client, auth, runner, slug, email, language
):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    client.environ_base.pop("HTTP_ACCEPT_LANGUAGE", None)
    auth.login(email, password=demo_password())
    texts = crawl(client, f"/m/{slug}/", slug)
    # A form sent back with its errors (the error summary and the fields' messages).
    refused = client.post(f"/m/{slug}/posts/new", data=form_fields(client, f"/m/{slug}/posts/new"))
    assert "error-summary-heading" in refused.text, refused.status_code
    parser = VisibleText()
    parser.feed(refused.text)
    texts["POST /posts/new (a title missing)"] = parser.text
    assert len(texts) > 40, f"the crawl reached only {sorted(texts)}"
    assert f'lang="{language}"' in client.get(f"/m/{slug}/").text

    patterns = {
        part: re.compile(r"(?<![\w-])" + re.escape(part) + r"(?![\w-])")
        for part in english_fragments(language)
    }
    found: dict[str, set[str]] = {}
    for path, text in texts.items():
        for part, pattern in patterns.items():
            if pattern.search(text):
                found.setdefault(part, set()).add(path)
    report = [f"{part!r} on {sorted(paths)[:3]}" for part, paths in sorted(found.items())]
    assert report == [], f"English on {language} pages ({len(texts)} crawled):\n" + "\n".join(
        report
    )
