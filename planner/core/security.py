"""Password hashing, response headers and small request-safety helpers."""

from __future__ import annotations

from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

_HASHERS = {
    # RFC 9106's second recommended option (64 MiB, 3 passes), argon2-cffi's default.
    "standard": PasswordHasher(),
    # Cheap parameters so the test suite stays quick; never for real passwords.
    "fast": PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
}


def password_hasher() -> PasswordHasher:
    return _HASHERS[current_app.config["PASSWORD_HASH_PROFILE"]]


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return password_hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def burn_password_check(password: str) -> None:
    """Spend the time of one verification, so unknown accounts answer as slowly as known ones."""
    verify_password(_dummy_hash(), password)


_dummy_hashes: dict[str, str] = {}


def _dummy_hash() -> str:
    profile = current_app.config["PASSWORD_HASH_PROFILE"]
    if profile not in _dummy_hashes:
        _dummy_hashes[profile] = password_hasher().hash("not a real password, only for timing")
    return _dummy_hashes[profile]


def is_safe_next_url(target: str | None) -> bool:
    """Accept only local absolute paths such as /m/afjord/, never another host or scheme."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def client_address() -> str:
    return request.remote_addr or "unknown"


def add_security_headers(response: Response) -> Response:
    """Add each security header the view has not set itself (one pass over the headers)."""
    present = {name.lower() for name in response.headers.keys()}  # noqa: SIM118  (Headers)
    for header, value in SECURITY_HEADERS.items():
        if header.lower() not in present:
            response.headers.add(header, value)
    if current_app.config["SESSION_COOKIE_SECURE"] and "strict-transport-security" not in present:
        response.headers.add("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
    # The dummy hash is made at start, so the first unknown address of a process is not the one
    # sign-in that takes a hash and a verification, twice the time of any other.
    with app.app_context():
        _dummy_hash()
    proxies = app.config["TRUSTED_PROXY_COUNT"]
    if proxies:
        # Flask's documented way to add WSGI middleware; its types declare wsgi_app a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
