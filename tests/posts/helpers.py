"""Reading pages in the posts tests: forms as a browser would submit them, errors, texts, markup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

#: Tags a page of the planner never has: any of them in a page came from user input.
FOREIGN_TAGS = {"img", "iframe", "object", "embed", "math", "base", "frame", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


@dataclass
class Tag:
    name: str
    attrs: dict[str, str]
    text: str = ""


class Page(HTMLParser):
    """Every start tag with its attributes, and the text as a reader sees it (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.texts: list[str] = []
        self._open: list[Tag] = []

    @classmethod
    def of(cls, html: str) -> Page:
        page = cls()
        page.feed(html)
        page.close()
        return page

    def handle_starttag(self, tag, attrs) -> None:
        item = Tag(tag, {name: value or "" for name, value in attrs})
        self.tags.append(item)
        if tag in ("script", "textarea", "option", "title", "style"):
            self._open.append(item)

    def handle_endtag(self, tag) -> None:
        if self._open and self._open[-1].name == tag:
            self._open.pop()

    def handle_data(self, data) -> None:
        self.texts.append(data)
        if self._open:
            self._open[-1].text += data

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def find(self, tag_name: str, /, **attrs) -> list[Tag]:
        """The tags of that name with these attributes (class_ for class, data_x for data-x)."""
        return [
            tag
            for tag in self.tags
            if tag.name == tag_name
            and all(
                tag.attrs.get(key.rstrip("_").replace("_", "-")) == v for key, v in attrs.items()
            )
        ]


def assert_inert(html: str, where: str = "") -> Page:
    """No markup that runs code: only the app's own scripts, no handlers, no script URLs."""
    page = Page.of(html)
    for tag in page.tags:
        if tag.name == "script":
            assert tag.attrs.get("src", "").startswith("/static/"), (where, tag)
            assert not tag.text.strip(), (where, tag)
        assert tag.name not in FOREIGN_TAGS, (where, tag)
        if tag.name == "link":
            assert tag.attrs.get("href", "").startswith("/static/"), (where, tag)
        if tag.name == "svg":
            assert tag.attrs.get("class") == "swatch", (where, tag)
        for name, value in tag.attrs.items():
            assert not name.startswith("on"), (where, tag)
            if name in URL_ATTRIBUTES:
                squashed = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not squashed.startswith(DANGEROUS_SCHEMES), (where, tag)
    return page


def validation_message(html: str, field_id: str) -> str:
    """The error shown next to a form field (the form macro puts it in #<field>-error)."""
    match = re.search(rf'<div[^>]*id="{re.escape(field_id)}-error"[^>]*>(.*?)</div>', html, re.S)
    assert match, f"no error next to {field_id}"
    return Page.of(match.group(1)).text


def has_validation_message(html: str, field_id: str) -> bool:
    return f'id="{field_id}-error"' in html


def flashes(html: str) -> str:
    """The text of the flash messages of a page."""
    found = re.findall(r'<div class="ds-alert flash"[^>]*>(.*?)</div>', html, re.S)
    return " ".join(Page.of(part).text.strip() for part in found)


def form_fields(html: str, form_id: str | None = None, action: str | None = None) -> list:
    """The (name, value) pairs a browser would submit from one form of the page, without buttons.

    The form is chosen by its id or by (the end of) its action.
    """
    pattern = r"<form\b[^>]*>.*?</form>"
    for match in re.finditer(pattern, html, re.S):
        opening = Page.of(match.group(0)).tags[0]
        if (form_id and opening.attrs.get("id") == form_id) or (
            action and opening.attrs.get("action", "").split("#")[0].endswith(action)
        ):
            return _submitted(Page.of(match.group(0)))
    raise AssertionError(f"form {form_id or action} not found")


def _submitted(page: Page) -> list:
    pairs = []
    select_name = None
    for tag in page.tags:
        name = tag.attrs.get("name")
        if tag.name == "input" and name:
            kind = tag.attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                continue
            if kind in ("checkbox", "radio") and "checked" not in tag.attrs:
                continue
            pairs.append((name, tag.attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag.name == "textarea" and name:
            pairs.append((name, _textarea_text(tag)))
        elif tag.name == "select":
            select_name = name
        elif tag.name == "option" and select_name and "selected" in tag.attrs:
            pairs.append((select_name, tag.attrs.get("value", tag.text)))
    return pairs


def _textarea_text(tag: Tag) -> str:
    """A browser drops the one line break right after <textarea>."""
    for newline in ("\r\n", "\n"):
        if tag.text.startswith(newline):
            return tag.text[len(newline) :]
    return tag.text


def as_form(pairs: list, **changes) -> dict:
    """Form pairs as a dict of lists (for the test client), with some fields replaced."""
    data: dict[str, list] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def textarea(html: str, name: str) -> str:
    """The text in a form's text area, as the browser shows it."""
    for tag in Page.of(html).find("textarea"):
        if tag.attrs.get("name") == name:
            return _textarea_text(tag)
    raise AssertionError(f"no textarea {name}")


def input_value(html: str, name: str) -> str:
    for tag in Page.of(html).find("input"):
        if tag.attrs.get("name") == name:
            return tag.attrs.get("value", "")
    raise AssertionError(f"no input {name}")


def section(html: str, start_marker: str, end_marker: str | None = None) -> str:
    """The part of a page from a marker (e.g. an id) up to the next marker or the end."""
    start = html.index(start_marker)
    end = html.index(end_marker, start) if end_marker else len(html)
    return html[start:end]
