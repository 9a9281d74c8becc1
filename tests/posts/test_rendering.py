"""Safety: what people write is shown as text on every page, never run; Markdown and LIX."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from markupsafe import Markup

from planner.core.extensions import db
from planner.posts.lix import readability, sentences_of
from planner.posts.models import Post, Publication
from planner.posts.rendering import render_markdown
from planner.posts.story_templates import ALL_FIELDS, STORY_TEMPLATES
from tests.conftest import reload
from tests.posts.conftest import post_form, publication_form
from tests.posts.helpers import Page, as_form, assert_inert, form_fields

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "{{7*7}}",
    "![x](javascript:alert(1))",
    "'><iframe src=javascript:alert(1)></iframe>",
    "<JaVaScRiPt:alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "</textarea><script>alert(1)</script>",
    "{% raw %}x{% endraw %}<style>*{}</style>",
]
#: A prefix per text field, so each field's text can be found on the page.
MARK = {
    "title": "Tittel",
    "summary": "Ingress",
    "location": "Sted",
    "comment": "Kommentar",
    "reason": "Begrunnelse",
    "text": "Kanaltekst",
}


def marked(field: str, payload: str) -> str:
    return f"{MARK.get(field, field)} {payload}"


def shows(page: Page, text: str) -> bool:
    """The text is on the page as text: a reader sees it (and no browser runs it)."""
    return text in page.text


def check(client, url: str, *texts: str) -> Page:
    response = client.get(url)
    assert response.status_code == 200, url
    page = assert_inert(response.text, url)
    for text in texts:
        assert shows(page, text), (url, text)
    return page


@pytest.fixture
def written(plan, client_as):
    """A post with the payload in every text field, planned twice, commented and sent back."""

    def write(payload: str):
        editor, reviewer = client_as("editor"), client_as("reviewer")
        sections = {f"section_{field.name}": marked(field.name, payload) for field in ALL_FIELDS}
        response = editor.post(
            "/m/alfa/posts/new",
            data=post_form(
                plan,
                title=marked("title", payload),
                summary=marked("summary", payload),
                kind="event",
                location=marked("location", payload),
                event_starts_day="2026-06-12",
                event_starts_time="18:00",
                event_ends_day="2026-06-12",
                event_ends_time="21:00",
                template="car",
                **sections,
            ),
        )
        assert response.status_code == 302, response.text
        post = db.session.get(Post, int(response.headers["Location"].rsplit("/", 1)[1]))
        days = [date.today() - timedelta(days=1), date.today() + timedelta(days=2)]
        for day in days:
            response = editor.post(
                f"/m/alfa/posts/{post.id}/publications/new",
                data=publication_form(
                    plan.a.channel, day.isoformat(), text=marked("text", payload)
                ),
            )
            assert response.status_code == 302, response.text
        response = editor.post(
            f"/m/alfa/posts/{post.id}/comments", data={"body": marked("comment", payload)}
        )
        assert response.status_code == 302
        assert editor.post(f"/m/alfa/posts/{post.id}/status/submit").status_code == 302
        response = reviewer.post(
            f"/m/alfa/posts/{post.id}/status/reject", data={"reason": marked("reason", payload)}
        )
        assert response.status_code == 302
        assert reload(post).status == "draft"
        return post, days

    return write


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_are_inert_on_every_page(payload, plan, written, client_as):
    post, days = written(payload)
    editor, reviewer, admin = client_as("editor"), client_as("reviewer"), client_as("admin")
    title, summary = marked("title", payload), marked("summary", payload)
    body = [marked(field.name, payload) for field in STORY_TEMPLATES["car"].fields]
    other_fields = [
        marked(field.name, payload)
        for field in ALL_FIELDS
        if field not in STORY_TEMPLATES["car"].fields
    ]
    texts = [marked(name, payload) for name in ("location", "comment", "reason", "text")]

    check(editor, f"/m/alfa/posts/{post.id}", title, summary, *body, *texts)
    check(client_as("viewer"), f"/m/alfa/posts/{post.id}", title, *body)
    edit = check(editor, f"/m/alfa/posts/{post.id}/edit", title, summary, *body, *other_fields)
    assert edit.find("input", name="title")[0].attrs["value"] == title
    assert edit.find("input", name="location")[0].attrs["value"] == marked("location", payload)
    check(editor, f"/m/alfa/posts/{post.id}/history", title)
    check(editor, "/m/alfa/posts/", title, summary)
    search = check(editor, "/m/alfa/posts/?" + urlencode({"q": payload}), title)
    assert search.find("input", name="q")[0].attrs["value"] == payload
    # My tasks: overdue, next, and sent back with the reason.
    home = check(editor, "/m/alfa/", title, marked("reason", payload))
    assert home.text.count(title) >= 3
    publication = post.publications[0]
    check(editor, f"/m/alfa/posts/publications/{publication.id}/edit", title, texts[-1])
    check(admin, "/m/alfa/audit/")

    # A second version, a conflict over it, a new review and publication with an address.
    url = f"/m/alfa/posts/{post.id}/edit"
    stale = form_fields(admin.get(url).text, form_id="post-form")
    fields = form_fields(editor.get(url).text, form_id="post-form")
    changed = f"Endret {payload}"
    assert editor.post(url, data=as_form(fields, section_car_result=changed)).status_code == 302
    response = admin.post(url, data=as_form(stale, section_car_action=changed))
    assert response.status_code == 409
    page = assert_inert(response.text, "conflict")
    assert shows(page, changed) and shows(page, title)
    check(editor, f"/m/alfa/posts/{post.id}/history", changed)

    assert editor.post(f"/m/alfa/posts/{post.id}/status/submit").status_code == 302
    check(reviewer, "/m/alfa/", title)  # waiting for review
    assert reviewer.post(f"/m/alfa/posts/{post.id}/status/approve").status_code == 302
    address = "https://example.com/" + payload
    published = post.publications[-1]
    response = editor.post(
        f"/m/alfa/posts/publications/{published.id}/published",
        data={"url": address, "confirm_early": "y"},
    )
    assert response.status_code == 302
    assert reload(published).url == address
    page = check(editor, f"/m/alfa/posts/{post.id}", title, changed)
    assert address in [tag.attrs.get("href") for tag in page.find("a")]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_inert_in_the_calendar(payload, plan, written, client_as):
    post, days = written(payload)
    title = marked("title", payload)
    editor = client_as("editor")
    for day in days:
        for view in ("month", "week", "agenda"):
            check(editor, f"/m/alfa/calendar/?view={view}&date={day.isoformat()}", title)
    # Searching the calendar with the payload, and the message after moving one.
    check(editor, "/m/alfa/calendar/?" + urlencode({"view": "agenda", "q": payload}))
    moved = db.session.get(Publication, post.publications[-1].id)
    target = days[1] + timedelta(days=1)
    response = editor.post(
        f"/m/alfa/calendar/publications/{moved.id}/move",
        data={
            "version": moved.version,
            "day": target.isoformat(),
            "next": f"/m/alfa/calendar/?view=week&date={target}",
        },
    )
    assert response.status_code == 302
    check(editor, response.headers["Location"], title)


def test_an_address_that_is_not_http_is_never_a_link(plan, make_post, make_publication, client_as):
    post = make_post("approved")
    publication = make_publication(post, date.today() + timedelta(days=1))
    editor = client_as("editor")
    url = f"/m/alfa/posts/publications/{publication.id}/published"
    for address in (
        "javascript:alert(1)",
        "javascript://example.com/%0aalert(1)",
        "JAVASCRIPT://example.com/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        " javascript://example.com/%0aalert(1)",
    ):
        editor.post(url, data={"url": address})
        assert reload(publication).status == "planned", address
    assert_inert(editor.get(f"/m/alfa/posts/{post.id}").text)


# --- Markdown -------------------------------------------------------------------------------------


def test_markdown_keeps_the_allowed_tags():
    html = render_markdown(
        "## Resultat\n\n**Fet** og *kursiv* og `kode`.\n\n- en\n- to\n\n3. tre\n4. fire\n\n"
        "> sitat\n\n---"
    )
    assert isinstance(html, Markup)
    for fragment in (
        "<h2>Resultat</h2>",
        "<strong>Fet</strong>",
        "<em>kursiv</em>",
        "<code>kode</code>",
        "<ul>\n<li>en</li>\n<li>to</li>\n</ul>",
        '<ol start="3">',
        "<li>fire</li>",
        "<blockquote>",
        "<hr>",
    ):
        assert fragment in html, fragment


def test_markdown_links_get_rel_and_only_safe_schemes():
    html = render_markdown('[Les mer](https://innherred.no/sak "Saken") og <https://rissa.no>')
    page = Page.of(html)
    links = page.find("a")
    assert [link.attrs["href"] for link in links] == [
        "https://innherred.no/sak",
        "https://rissa.no",
    ]
    for link in links:
        assert set(link.attrs["rel"].split()) == {"noopener", "noreferrer", "nofollow"}
    assert links[0].attrs["title"] == "Saken"
    assert Page.of(render_markdown("[Skriv](mailto:post@rissa.kommune.no)")).find("a")
    for text in (
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html,hei)",
        "<javascript:alert(1)>",
        '[x](https://example.com "a\\" onmouseover=\\"alert(1)")',
    ):
        assert_inert(render_markdown(text), text)


def test_markdown_escapes_raw_html_and_drops_images():
    html = render_markdown(
        '<script>alert(1)</script>\n\n<b onclick="x()">fet</b>\n\n![bilde](https://example.com/a.png)'
        "\n\n# Overskrift"
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b onclick=" in html
    assert "<script" not in html and "<b " not in html and "<img" not in html
    assert "<h1" not in html and "Overskrift" in html
    assert_inert(html)


# --- LIX ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "score", "band"),
    [
        # 6 words, 2 sentences, 1 long word: 6/2 + 100·1/6 = 19.7
        ("Kommunen er god. Vi jobber sammen.", 20, "Very easy"),
        # The same with Markdown around it.
        ("**Kommunen** er god.\n\n- Vi jobber *sammen*.", 20, "Very easy"),
        # 11 words, 1 sentence, 2 long: 11 + 18.2 = 29.2
        ("Vi har laget en ny turnus for alle ansatte i hjemmetjenesten.", 29, "Easy"),
        # 4 long words in one sentence: 4 + 100
        (
            "Kommunikasjonsavdelingen utarbeider informasjonsmateriell kontinuerlig.",
            104,
            "Very hard",
        ),
        # Numbers are not words: 3 words (1 long) in 1 sentence: 3 + 33.3
        ("Vi hadde 50 ansatte.", 36, "Medium"),
        # The band limits: 25, 35, 45 and 55 words in one sentence of short words.
        (" ".join(["ja"] * 24) + ".", 24, "Very easy"),
        (" ".join(["ja"] * 25) + ".", 25, "Easy"),
        (" ".join(["ja"] * 35) + ".", 35, "Medium"),
        (" ".join(["ja"] * 45) + ".", 45, "Hard"),
        (" ".join(["ja"] * 55) + ".", 55, "Very hard"),
    ],
)
def test_lix_score_and_band(app, text, score, band):
    result = readability(text)
    assert result.score == score
    assert str(result.band) == band


def test_lix_counts_and_longest_sentences(app):
    text = (
        "Kort setning her. Dette er den aller lengste setningen i hele teksten vår! "
        "Er det middels lang?\n\nAvsnitt uten punktum"
    )
    result = readability(text)
    assert result.sentences == 4
    assert result.words == 3 + 10 + 4 + 3
    # setning, lengste, setningen, teksten, middels, Avsnitt, punktum
    assert result.long_words == 7
    assert result.longest == (
        ("Dette er den aller lengste setningen i hele teksten vår!", 10),
        ("Er det middels lang?", 4),
        ("Kort setning her.", 3),
    )
    assert readability(text, longest=1).longest == result.longest[:1]
    assert sentences_of("Heltids-stilling er bra. 2014: 14.") == ["Heltids-stilling er bra."]
    assert readability("") is None
    assert readability("2012 – 2014: 50 → 14.") is None


def test_the_post_page_shows_lix_to_writers(plan, make_post, client_as):
    post = make_post("draft", sections={"body": "Kommunen er god. Vi jobber sammen."})
    page = Page.of(client_as("editor").get(f"/m/alfa/posts/{post.id}").text)
    # The title and the text, as in the editor: "Fra vikar til fast" (4 words) and two sentences
    # of 3 words, one word long: 10 / 3 + 100 · 1 / 10 = 13.
    assert "13 – Very easy" in page.text
    assert "Readability (LIX)" not in client_as("viewer").get(f"/m/alfa/posts/{post.id}").text
    edit = client_as("editor").get(f"/m/alfa/posts/{post.id}/edit").text
    score = Page.of(edit[edit.index('id="lix-score"') :].split("</p>")[0]).text
    assert "13 – Very easy" in score, "the editor scores the same text the same"
    longest = Page.of(edit[edit.index('id="lix-longest"') :].split("</ol>")[0]).text
    assert "Kommunen er god. (3 words)" in " ".join(longest.split())


@pytest.mark.parametrize(
    "html",
    [
        "<p><script>alert(1)</script></p>",
        '<script src="https://evil.example/x.js"></script>',
        "<p><img src=x onerror=alert(1)></p>",
        '<p>"><svg onload=alert(1)></p>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVa&#x09;Script:alert(1)">x</a>',
        '<form action="javascript:alert(1)"><button>x</button></form>',
        "<iframe src=x></iframe>",
        "<p><style>*{}</style></p>",
        '<div onclick="x()">x</div>',
    ],
)
def test_the_inertness_check_catches_live_markup(html):
    """The check above must fail on what a browser would run."""
    with pytest.raises(AssertionError):
        assert_inert(html)


def test_the_inertness_check_accepts_the_apps_own_markup():
    page = assert_inert(
        '<link rel="stylesheet" href="/static/a.css"><script src="/static/js/a.js" defer></script>'
        '<svg class="swatch"><rect/></svg><a href="/m/alfa/posts/1">&lt;script&gt;</a>'
    )
    assert shows(page, "<script>")


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "//evil.example/", "https://evil.example/", "/\\evil.example"]
)
def test_the_back_link_of_the_publication_form_stays_on_the_site(
    target, plan, make_post, client_as
):
    post = make_post("draft")
    response = client_as("editor").get(
        f"/m/alfa/posts/{post.id}/publications/new?" + urlencode({"next": target})
    )
    page = assert_inert(response.text)
    hrefs = [tag.attrs.get("href", "") for tag in page.find("a")]
    assert f"/m/alfa/posts/{post.id}#publications" in hrefs
    assert not any("evil.example" in href for href in hrefs)
    fields = dict(form_fields(response.text, action=f"/posts/{post.id}/publications/new"))
    assert fields["next"] == f"/m/alfa/posts/{post.id}#publications"
