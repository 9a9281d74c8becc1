"""Configuration: defaults, then instance/config.py, then the environment.

`PLANNER_ENV` picks the profile: `development` (the default; keeps a generated secret key in the
instance folder), `production` (refuses to start without SECRET_KEY, secure cookies) or `testing`.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from planner.core.mail import MailURLError, parse_mail_url

log = logging.getLogger(__name__)

ENVIRONMENTS = ("development", "production", "testing")
SUPPORTED_DRIVERS = ("sqlite", "postgresql")


class ConfigError(SystemExit):
    """A configuration problem reported as one line on stderr, without a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(f"planner: {message}")


class DefaultConfig:
    PLANNER_ENV = "development"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "planner_session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    SUPPORTED_LOCALES = ("nb", "nn", "en")
    #: Argon2id cost: "standard" (RFC 9106 low-memory profile) or "fast" for tests only.
    PASSWORD_HASH_PROFILE = "standard"  # noqa: S105 (a profile name, not a password)
    #: How many reverse proxies in front of the app set X-Forwarded-For (0: none, trust no header).
    TRUSTED_PROXY_COUNT = 0
    #: Login throttling: failures before a lock, per account and per client address.
    LOGIN_ACCOUNT_FAILURE_LIMIT = 5
    LOGIN_ADDRESS_FAILURE_LIMIT = 20
    LOGIN_LOCK_BASE_SECONDS = 30
    LOGIN_LOCK_MAX_SECONDS = 15 * 60
    LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
    MIN_PASSWORD_LENGTH = 12
    AUDIT_PAGE_SIZE = 50
    #: Feeds hold the last FEED_WINDOW_DAYS days and everything ahead.
    FEED_WINDOW_DAYS = 90
    #: A cancelled item stays in calendar feeds this long, so clients remove it, then is dropped.
    FEED_CANCELLED_DAYS = 30
    #: How often calendar clients should poll (REFRESH-INTERVAL, X-PUBLISHED-TTL), in minutes.
    FEED_REFRESH_MINUTES = 60
    #: The most entries in an RSS or Atom feed.
    FEED_MAX_ENTRIES = 50
    #: The coverage report lists posts that have waited for review longer than this many days.
    COVERAGE_REVIEW_DAYS = 3
    #: Background work: a claimed job is another worker's to take after this many seconds.
    JOB_LEASE_SECONDS = 300
    #: Attempts before a job is kept as failed; the wait before the next attempt doubles from this.
    JOB_MAX_ATTEMPTS = 8
    JOB_RETRY_BASE_SECONDS = 30
    #: How long an idle worker sleeps between looks for due work.
    JOB_POLL_SECONDS = 5
    #: Finished jobs are forgotten after this many days.
    JOB_KEEP_DONE_DAYS = 14
    #: Administrators are warned when work waits and no worker has been seen for this long.
    WORKER_MISSING_MINUTES = 10
    #: Mail: smtp://user:password@host:587?starttls=1 (see planner.core.mail); None writes mails
    #: to instance/mail/ instead. MAIL_FROM is the sender; links in mails start with BASE_URL.
    MAIL_URL: str | None = None
    MAIL_FROM = "Planner <planner@localhost>"
    BASE_URL = "http://127.0.0.1:5000"
    #: Where mails go without MAIL_URL (None: instance/mail/).
    MAIL_FOLDER: str | None = None
    #: Largest request body (uploads such as CSV files of measurements); larger ones get 413.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024


def load_config(app, test_config: dict | None = None) -> None:
    """Fill app.config from defaults, instance/config.py, the environment and test overrides."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    env = os.environ
    if env.get("PLANNER_ENV"):
        app.config["PLANNER_ENV"] = env["PLANNER_ENV"]
    if env.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = env["SECRET_KEY"]
    if env.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = env["DATABASE_URL"]
    for name in ("MAIL_URL", "MAIL_FROM", "BASE_URL"):
        if env.get(name):
            app.config[name] = env[name]
    if env.get("TRUSTED_PROXY_COUNT"):
        app.config["TRUSTED_PROXY_COUNT"] = _parse_int(
            "TRUSTED_PROXY_COUNT", env["TRUSTED_PROXY_COUNT"]
        )
    if test_config:
        app.config.update(test_config)

    environment = app.config["PLANNER_ENV"]
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"PLANNER_ENV must be one of {', '.join(ENVIRONMENTS)}, not {environment!r}"
        )
    if environment != "production":
        app.config["SESSION_COOKIE_SECURE"] = app.config.get(
            "SESSION_COOKIE_SECURE_OVERRIDE", False
        )

    if not app.config["SECRET_KEY"]:
        if environment == "production":
            raise ConfigError(
                "SECRET_KEY must be set in production (environment or instance/config.py). "
                + MAKE_A_KEY
            )
        app.config["SECRET_KEY"] = _development_secret_key(Path(app.instance_path))
    elif environment == "production":
        refuse_weak_secret_key(app.config["SECRET_KEY"])

    if app.config.get("MAIL_URL"):
        try:
            parse_mail_url(app.config["MAIL_URL"])
        except MailURLError as error:
            raise ConfigError(str(error)) from None
    base_url = urlsplit(app.config["BASE_URL"])
    if base_url.scheme not in ("http", "https") or not base_url.netloc:
        raise ConfigError(
            "BASE_URL must be the address users reach the app at, e.g. https://plan.kommune.no"
        )
    if environment == "production" and not app.config.get("MAIL_URL"):
        log.warning("MAIL_URL is not set: mails are written to %s/mail", app.instance_path)

    uri = app.config["SQLALCHEMY_DATABASE_URI"] or _default_sqlite_uri(Path(app.instance_path))
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)


#: At least this many bytes of key in production (32: what secrets.token_hex(32) gives as hex is
#: 64 characters; anything shorter than 32 is guessable or a placeholder).
MIN_SECRET_KEY_BYTES = 32
#: Placeholders seen in examples and tutorials, refused whatever their length.
PLACEHOLDER_SECRET_KEYS = frozenset(
    {
        "secret", "secret-key", "secret_key", "secretkey", "mysecret", "my-secret-key",
        "changeme", "change-me", "change_me", "changethis", "change-this", "replace-me",
        "dev", "development", "devkey", "dev-key", "test", "testing", "password",
        "12345678", "123456789", "1234567890", "your-secret-key", "your_secret_key",
        "yoursecretkey", "please-change-me", "not-so-secret", "default", "flask-secret",
        "super-secret", "supersecret", "supersecretkey", "insecure", "xxx", "a",
    }
)  # fmt: skip
MAKE_A_KEY = 'Make a good one with: python -c "import secrets; print(secrets.token_hex(32))"'


def refuse_weak_secret_key(key: str | bytes) -> None:
    """Stop a production start with a key that is short, blank or a well-known placeholder."""
    text = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
    normal = text.strip().lower()
    if not normal:
        raise ConfigError("SECRET_KEY is only spaces. " + MAKE_A_KEY)
    if normal in PLACEHOLDER_SECRET_KEYS or len(set(normal)) < 4:
        raise ConfigError("SECRET_KEY is a well-known placeholder. " + MAKE_A_KEY)
    if len(text.strip().encode("utf-8")) < MIN_SECRET_KEY_BYTES:
        raise ConfigError(f"SECRET_KEY is shorter than {MIN_SECRET_KEY_BYTES} bytes. " + MAKE_A_KEY)


def normalise_database_url(url: str) -> str:
    """Check a database URL and point plain PostgreSQL URLs at the psycopg 3 driver."""
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018  (a port that is not a number fails here)
    except (ArgumentError, ValueError):
        raise ConfigError(
            "DATABASE_URL is not a valid database URL "
            "(expected e.g. postgresql+psycopg://user@host/db or sqlite:///path)"
        ) from None
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in SUPPORTED_DRIVERS:
        raise ConfigError(
            f"DATABASE_URL uses {backend!r}; planner supports {' and '.join(SUPPORTED_DRIVERS)}"
        )
    if parsed.get_backend_name() == "postgresql" and not parsed.database:
        raise ConfigError("DATABASE_URL names no database")
    return parsed.render_as_string(hide_password=False)


def _parse_int(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None


def _default_sqlite_uri(instance_path: Path) -> str:
    instance_path.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{instance_path / 'planner.sqlite3'}"


def _development_secret_key(instance_path: Path) -> str:
    """Return the development secret key kept in the instance folder, creating it once."""
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    key = secrets.token_hex(32)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key
