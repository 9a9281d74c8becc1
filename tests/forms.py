"""Reading a form back from a page the way a browser would send it."""

from __future__ import annotations

import re


def version_in(html: str) -> str:
    """The version the form on the page carries (its hidden field)."""
    field = re.search(r'<input[^>]*name="version"[^>]*>', html).group(0)
    return re.search(r'value="([^"]*)"', field).group(1)


def opened(client, url: str) -> dict[str, str]:
    """The version field of the edit form at `url`, as the page shows it now."""
    return {"version": version_in(client.get(url).text)}
