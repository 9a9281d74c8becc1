"""What the product accepts from a request, in one place: ids, dates, numbers, paging, filters.

Every value a person (or a script) can put in a URL, a query string or a form is read through
these rules, so nothing out of range reaches the database, a time-zone conversion or a feed:

- an id in a URL is a whole number from 1 to `MAX_ID` (the databases' 32-bit integer keys);
  anything else matches no route, a 404 (`IdConverter`, installed as the `int` converter);
- a page number is a whole number from 1 to `MAX_PAGE`; anything else is the first page;
- ids in a filter (`?channel=3&channel=5`) are kept only when they are whole numbers in range;
  unknown ones then match nothing, they never fail;
- dates are within `EARLIEST_DATE` … `LATEST_DATE` (1900-01-01 to 2199-12-31) for every date a
  person enters: publications, events, measurements, strategy and project periods;
- no text holds a NUL character (PostgreSQL cannot store one): a request carrying one, in its
  path, query string or form, is refused with 400 before any view or database lookup.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import Flask, abort, request
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter

#: The largest id: PostgreSQL's `integer` (and so every primary key here) stops at 2**31 - 1.
MAX_ID = 2**31 - 1
#: The largest page number a list accepts; far beyond any list, far below any integer limit.
MAX_PAGE = 100_000
#: The dates a person may enter anywhere in the product.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
#: The longest text a search box keeps.
MAX_SEARCH_LENGTH = 200


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: an id from 1 to MAX_ID, or no match (404)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002  (werkzeug's signature)
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_id(value: object) -> int | None:
    """An id written in a query string or a form, or None when it is not one in range."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def id_list(args: MultiDict, name: str) -> list[int]:
    """The distinct ids given for one query parameter, in order; junk and ids out of range left
    out."""
    return sorted({number for number in map(parse_id, args.getlist(name)) if number is not None})


def page_number(args: MultiDict, name: str = "page") -> int:
    """The page asked for: 1 unless a whole number from 1 to MAX_PAGE is given."""
    text = (args.get(name) or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_PAGE)):
        return 1
    return min(max(int(text), 1), MAX_PAGE)


def choice_list(args: MultiDict, name: str, allowed: Iterable[str]) -> list[str]:
    """The distinct values of one query parameter that are among the allowed ones, sorted."""
    known = set(allowed)
    return sorted({value for value in args.getlist(name) if value in known})


def search_text(args: MultiDict, name: str = "q") -> str:
    return (args.get(name) or "").strip()[:MAX_SEARCH_LENGTH]


def date_in_range(day: date | None) -> bool:
    return day is None or EARLIEST_DATE <= day <= LATEST_DATE


def refuse_nul_characters(endpoint: str | None = None, values: dict | None = None) -> None:
    """400 for a NUL character anywhere a value comes from: path, query string, form.

    Installed as the first URL-value preprocessor, so it runs before the municipality of a
    tenant URL is looked up.
    """
    if "\x00" in request.path or "\x00" in request.query_string.decode("latin-1"):
        abort(400)
    if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and any(
        "\x00" in key or "\x00" in value for key, value in request.form.items(multi=True)
    ):
        abort(400)


def init_app(app: Flask) -> None:
    """Install the id converter and the NUL check before any feature registers a route."""
    app.url_map.converters["int"] = IdConverter
    app.url_value_preprocessor(refuse_nul_characters)
