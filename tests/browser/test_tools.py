"""The checkers themselves: known faults must make axe-core and vnu speak up, so that a checker
gone quiet (not loaded, wrong rule tags, output not parsed) cannot let the crawl pass."""

from __future__ import annotations

from playwright.sync_api import Page

#: No lang, no title, an image without alt text, and a <div> inside a <p>.
FAULTY_HTML = (
    "<!doctype html><html><head></head><body><img src='x.png'><p><div></div></p></body></html>"
)
GOOD_HTML = (
    "<!doctype html><html lang='nb'><head><meta charset='utf-8'><title>God side</title></head>"
    "<body><main><h1>God side</h1><p>Alt er i orden.</p></main></body></html>"
)


def test_axe_finds_known_faults(page: Page, axe) -> None:
    page.set_content(FAULTY_HTML)
    rules = {violation["id"] for violation in axe(page)}
    assert {"html-has-lang", "document-title", "image-alt"} <= rules, rules
    page.set_content(GOOD_HTML)
    assert axe(page) == []


def test_vnu_finds_known_faults(vnu) -> None:
    errors = vnu({"faulty": FAULTY_HTML, "good": GOOD_HTML})
    messages = " | ".join(error["message"] for error in errors["faulty"])
    assert "“alt”" in messages and "“title”" in messages, messages
    assert errors["good"] == []


def test_page_records_console_and_page_errors(page: Page) -> None:
    page.set_content("<script>console.error('logged'); throw new Error('thrown');</script>")
    page.evaluate("0")  # a round trip, so that the events have arrived
    recorded = [(entry.kind, entry.text) for entry in page.console_errors]
    assert ("console", "logged") in recorded, recorded
    assert any(kind == "pageerror" and "thrown" in text for kind, text in recorded), recorded
    page.console_errors.clear()  # expected here; anything left would fail the test
