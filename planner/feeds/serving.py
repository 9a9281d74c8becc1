"""Serving feeds over HTTP: versions, a per-version cache, ETag and Last-Modified, 304, headers.

Feeds are cached per feed and content version. The version comes from the data (see
planner.feeds.content.feed_version), so every gunicorn worker and every database agree on it; a
worker that has not built a version yet builds it once.
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Callable
from datetime import datetime

from flask import Response, request
from werkzeug.http import http_date, is_resource_modified, quote_etag

from planner.core.cache import VersionedCache

CONTENT_TYPES = {
    "ics": "text/calendar",
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
}

#: How many built feeds a worker keeps; old versions fall out first.
CACHE_SIZE = 256


#: Built feeds by (feed, format, address, version).
cache: VersionedCache[bytes] = VersionedCache(CACHE_SIZE)


def feed_response(
    *,
    feed_key: str,
    fmt: str,
    version: str,
    last_change: datetime,
    build: Callable[[], bytes],
    private: bool,
    max_age: int,
) -> Response:
    """200 with the feed, or 304 when the client has this version; HEAD is handled by Flask.

    Clients that accept gzip (calendar apps and feed readers do) get the compressed copy, built
    once per version like the plain one; the two are different representations with their own
    ETags. A 304 carries only what a cache needs (validators, Cache-Control, Vary).
    """
    compressed = "HTTP_ACCEPT_ENCODING" in request.environ and request.accept_encodings["gzip"] > 0
    etag = f"{version}-gz" if compressed else version
    last_modified = last_change.replace(microsecond=0)
    validators = {
        "Cache-Control": f"{'private' if private else 'public'}, max-age={max_age}",
        "Vary": "Accept-Encoding",
        "ETag": quote_etag(etag),
        "Last-Modified": _http_date(last_modified),
    }
    if not is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        return Response(status=304, headers=validators)
    key = (feed_key, fmt, request.url, version)
    body = cache.get_or_build(key, build)
    headers = {**validators, "X-Robots-Tag": "noindex" if private else "all"}
    if private:
        headers["Referrer-Policy"] = "no-referrer"
    if compressed:
        body = cache.get_or_build((*key, "gzip"), lambda: _gzip(body))
        headers["Content-Encoding"] = "gzip"
    return Response(body, headers=headers, content_type=f"{CONTENT_TYPES[fmt]}; charset=utf-8")


@functools.lru_cache(maxsize=64)
def _http_date(moment: datetime) -> str:
    # A feed's last change is the same for many polls in a row: format it once.
    return http_date(moment)


def _gzip(body: bytes) -> bytes:
    # mtime=0: the same content always compresses to the same bytes.
    return gzip.compress(body, compresslevel=6, mtime=0)
