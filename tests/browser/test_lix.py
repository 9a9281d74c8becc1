"""LIX: the editor's script (static/js/posts.js) and the server (planner/posts/lix.py) give the
same score for the same post, and the post page gives the one the editor opened with.

On every demo post in draft that the editor of Åfjord can edit, in a real browser: the score the
server put on the edit page; then the script's, after a long word is added to the title (which
changes it: the script has run) and taken away again. The two must match, and the post page must
show the same."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

EDITOR = "redaktor@afjord.demo"
SLUG = "afjord"
#: A word long enough to move any post's score when added to its title.
LONG_WORD = "Kommunikasjonsavdelingsmedarbeiderne"


def normalised(text: str) -> str:
    return " ".join(text.split())


def test_the_editor_script_and_the_server_agree(page: Page, live_server: str, sign_in) -> None:
    sign_in(EDITOR)
    page.goto(f"{live_server}/m/{SLUG}/posts/?status=draft")
    ids = sorted(set(re.findall(rf'href="/m/{SLUG}/posts/(\d+)"', page.content())))
    assert len(ids) >= 2, "the demo has drafts in Åfjord"
    for post_id in ids[:4]:
        page.goto(f"{live_server}/m/{SLUG}/posts/{post_id}")
        on_post_page = normalised(page.locator(".lix-panel").first.inner_text())
        page.goto(f"{live_server}/m/{SLUG}/posts/{post_id}/edit")
        score = page.locator("#lix-score")
        from_server = normalised(score.inner_text())
        assert re.match(r"^\d+ – ", from_server), from_server
        assert from_server.split(" – ")[0] in on_post_page, (post_id, from_server, on_post_page)

        title = page.locator("[name=title]")
        original = title.input_value()
        title.fill(f"{original} {LONG_WORD}")
        expect(score).not_to_have_text(score.inner_text(), timeout=5000)
        title.fill(original)
        expect(score).to_have_text(re.compile(rf"^\s*{re.escape(from_server)}\s*$"), timeout=5000)
