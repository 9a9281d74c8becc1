"""Addresses of many objects of one kind, built once per page instead of once per object.

`url_for` costs tens of microseconds; a calendar month with hundreds of items needs three links
each. `url_pattern` calls it once with a stand-in id and fills in each real id by string.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, url_for

#: A stand-in id no route produces otherwise (ids are positive integers far below it).
_STAND_IN = 987654321987654321


def url_pattern(endpoint: str, id_argument: str, **values) -> Callable[[int], str]:
    """A function giving url_for(endpoint, **{id_argument: id}, **values) for any id."""
    arguments: dict[str, Any] = {**values, id_argument: _STAND_IN}
    built = url_for(endpoint, **arguments)
    prefix, separator, suffix = built.partition(str(_STAND_IN))
    if not separator or str(_STAND_IN) in suffix:
        raise ValueError(f"cannot make a pattern of {endpoint}")
    return lambda object_id: f"{prefix}{int(object_id)}{suffix}"


def external_url(endpoint: str, **values: Any) -> str:
    """The full address of a page at BASE_URL, without a request (for mails the worker sends).

    Tenant pages need their `slug` given: the request's defaults are not there to fill it.
    """
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
