"""Real-browser tests: a gunicorn server with the demo data, Debian's chromium via Playwright,
axe-core for accessibility and the Nu Html Checker (vnu) for the HTML.

Playwright never downloads a browser here: it drives the chromium found on PATH. When chromium,
Java, axe-core or vnu.jar is missing the tests fail (never skip) and say what is missing.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from planner.demo.data import DEMO_PASSWORD
from tests.browser.layout import layout_problems

BROWSER_DIR = Path(__file__).resolve().parent
REPO_ROOT = BROWSER_DIR.parents[1]
VENV_BIN = Path(sys.executable).parent
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SUMMARY_FILE = REPO_ROOT / "test-artifacts" / "crawl-summary.txt"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERVER_START_TIMEOUT = 30.0
MAX_PAGES_PER_CRAWL = 300
MAX_QUERIES_PER_PATH = 3
#: The size of the test's browser window; layout checks try others and come back to it.
PAGE_VIEWPORT = {"width": 1280, "height": 900}


# --------------------------------------------------------------------------------------------
# Collection


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Everything in this folder is a browser test."""
    for item in items:
        if BROWSER_DIR in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------------------------
# Tools: chromium, axe-core, vnu


def _require_file(path: Path, what: str) -> Path:
    if not path.is_file():
        pytest.fail(f"{what} is missing at {path}; run `npm ci` (or `make setup`) first.")
    return path


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Debian's chromium is not on PATH; the browser tests never download one. "
            "Install it with `sudo apt-get install chromium` "
            "(or run scripts/require-system-packages.sh)."
        )
    return executable


@functools.cache
def axe_source() -> str:
    return _require_file(AXE_PATH, "axe-core").read_text(encoding="utf-8")


@functools.cache
def vnu_command() -> tuple[str, ...]:
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is not on PATH; the Nu Html Checker needs it. "
            "Install it with `sudo apt-get install default-jre-headless`."
        )
    jar = _require_file(VNU_JAR, "The Nu Html Checker (vnu.jar)")
    return (java, "-jar", str(jar), "--errors-only", "--format", "json", "--exit-zero-always")


@pytest.fixture(scope="session", autouse=True)
def browser_tools(chromium_executable: str) -> None:
    """Fail every browser test up front when chromium, axe-core, Java or vnu.jar is missing."""
    axe_source()
    vnu_command()


# --------------------------------------------------------------------------------------------
# The server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _is_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # localhost only
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn serving a fresh SQLite database with the demo loaded; yields the base URL."""
    tmp = tmp_path_factory.mktemp("live-server")
    env = os.environ.copy()
    env.update(
        PLANNER_INSTANCE_PATH=str(tmp / "instance"),
        DATABASE_URL=f"sqlite:///{tmp / 'planner.sqlite3'}",
        PLANNER_ENV="development",
        SECRET_KEY=secrets.token_hex(32),
    )
    flask = [str(VENV_BIN / "flask"), "--app", "planner"]
    for command in (["db", "upgrade"], ["demo"]):
        result = subprocess.run(
            [*flask, *command], cwd=REPO_ROOT, env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            pytest.fail(
                f"`flask {' '.join(command)}` failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = tmp / "gunicorn.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                # Threads: Chromium opens spare connections ahead of navigation and may leave
                # them idle; each would hold a sync worker until it timed out, so a sign-in could
                # wait on a page that never came (seen once in a full run).
                "--threads",
                "4",
                "planner:create_app()",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _is_healthy(f"{base_url}/healthz"):
            if server.poll() is not None or time.monotonic() > deadline:
                state = "exited" if server.poll() is not None else "did not answer in time"
                pytest.fail(
                    f"gunicorn {state} ({base_url}/healthz never answered 200):\n"
                    + log_path.read_text(encoding="utf-8", errors="replace")
                )
            time.sleep(0.1)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --------------------------------------------------------------------------------------------
# The browser


@dataclass(frozen=True)
class ConsoleEntry:
    """A console error or an uncaught exception in the page."""

    kind: str
    text: str
    #: The document shown when it happened, without its fragment.
    page_url: str
    #: Where the console says it came from, if anywhere.
    source_url: str = ""

    def __str__(self) -> str:
        where = f" (source {self.source_url})" if self.source_url else ""
        return f"{self.kind}: {self.text}{where}"


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context; console errors and page errors collect in page.console_errors.

    A test that expects some may take them out of the list; any left at the end fail the test.
    """
    context = browser.new_context(locale="nb-NO", viewport=PAGE_VIEWPORT)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[ConsoleEntry] = []

    def record(kind: str, text: str, source_url: str = "") -> None:
        errors.append(ConsoleEntry(kind, text, urldefrag(page.url)[0], source_url))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            record("console", message.text, message.location.get("url", ""))

    page.on("console", on_console)
    page.on("pageerror", lambda error: record("pageerror", str(error)))
    page.console_errors = errors  # type: ignore[attr-defined]
    try:
        yield page
        # A last round trip, so that events still on their way are in the list.
        with contextlib.suppress(PlaywrightError):
            page.evaluate("0")
    finally:
        context.close()
    if errors:
        pytest.fail(
            "console errors or page errors no check accounted for:\n"
            + "\n".join(f"  {entry.page_url}: {entry}" for entry in errors)
        )


def console_errors(page: Page) -> list[ConsoleEntry]:
    """The page's console errors and page errors so far (see the `page` fixture)."""
    return page.console_errors  # type: ignore[attr-defined]


def forget_the_session(page: Page) -> None:
    """Sign the browser out by clearing its cookies, after leaving the page: a response still
    on its way to the old page could otherwise set the session cookie again."""
    page.goto("about:blank")
    page.context.clear_cookies()


def login(page: Page, base_url: str, email: str, password: str) -> Response | None:
    """Sign in through the login form; returns the response of the page it lands on."""
    page.goto(f"{base_url}/login")
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='email']").fill(email)
    form.locator("input[name='password']").fill(password)
    with page.expect_navigation() as navigation:
        form.locator("button[type='submit']").click()
    return navigation.value


@pytest.fixture
def sign_in(page: Page, live_server: str) -> Callable[..., Response | None]:
    """login() bound to the test's page and the live server; the password defaults to the demo's."""

    def sign_in_as(email: str, password: str = DEMO_PASSWORD) -> Response | None:
        return login(page, live_server, email, password)

    return sign_in_as


# --------------------------------------------------------------------------------------------
# axe-core


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page; returns the violations.

    The script goes in through page.evaluate, which the site's Content Security Policy does not
    restrict (an inline <script> would be blocked, as it should be).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations;
        }""",
        AXE_TAGS,
    )


def format_axe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"  [{violation['id']}] ({violation.get('impact')}) {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    - {node['target']}: {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            if summary:
                lines.append(f"        {summary}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The Nu Html Checker


def run_vnu(documents: dict[str, str], workdir: Path) -> dict[str, list[dict[str, Any]]]:
    """Validate HTML documents (key -> source) in one vnu run; returns the errors per key."""
    workdir.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    for number, (key, html) in enumerate(documents.items(), start=1):
        path = workdir / f"page-{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = key
    errors: dict[str, list[dict[str, Any]]] = {key: [] for key in documents}
    if not files:
        return errors
    result = subprocess.run(
        [*vnu_command(), *sorted(files)], cwd=workdir, capture_output=True, text=True
    )
    output = next(
        (text for text in (result.stderr, result.stdout) if text.lstrip().startswith("{")), None
    )
    if output is None:
        pytest.fail(
            f"vnu gave no JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    for message in json.loads(output)["messages"]:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        name = urlsplit(message.get("url", "")).path.rsplit("/", 1)[-1]
        key = files.get(name)
        if key is None:
            pytest.fail(f"vnu reported on something that is not a crawled page: {message}")
        errors[key].append(message)
    return errors


def format_vnu_errors(errors: list[dict[str, Any]]) -> str:
    lines = []
    for error in errors:
        column = error.get("firstColumn", error.get("lastColumn", "?"))
        lines.append(f"  line {error.get('lastLine', '?')}:{column} {error['message']}")
        if error.get("extract"):
            lines.append(f"      {error['extract'].strip()!r}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Auditing pages: status, console, axe, then vnu for the lot


@dataclass
class PageReport:
    url: str
    expected_status: int
    status: int | None
    content_type: str
    console: list[ConsoleEntry]
    axe_violations: list[dict[str, Any]]
    html: str | None
    #: Sideways scrolling at 320 px and clipping at 1440 px (see tests/browser/layout.py).
    layout: list[str] = field(default_factory=list)
    vnu_errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")

    def problems(self) -> list[str]:
        found = []
        if self.status != self.expected_status:
            found.append(f"status {self.status}, expected {self.expected_status}")
        found.extend(str(entry) for entry in self.console)
        found.extend(self.layout)
        if self.axe_violations:
            found.append(
                f"{len(self.axe_violations)} axe violation(s):\n"
                + format_axe_violations(self.axe_violations)
            )
        if self.vnu_errors:
            found.append(
                f"{len(self.vnu_errors)} vnu error(s):\n" + format_vnu_errors(self.vnu_errors)
            )
        return found


def _is_own_status_message(entry: ConsoleEntry, report: PageReport) -> bool:
    """Chromium logs an error-status document as a failed resource load; that is expected."""
    return (
        report.status is not None
        and report.status >= 400
        and entry.kind == "console"
        and urldefrag(entry.source_url)[0] == report.url
        and entry.text.startswith(
            f"Failed to load resource: the server responded with a status of {report.status}"
        )
    )


class SiteAudit:
    """Check pages one by one in a browser, then validate all their HTML with one vnu run."""

    def __init__(self, page: Page, base_url: str, label: str, workdir: Path) -> None:
        self.page = page
        self.base_url = base_url
        self.label = label
        self.workdir = workdir
        self.reports: list[PageReport] = []
        #: Links left unvisited when a crawl reached MAX_PAGES_PER_CRAWL.
        self.left_unvisited = 0
        self._by_url: dict[str, PageReport] = {}

    def visit(self, path: str, expected_status: int = 200) -> PageReport:
        """Go to a path (or a full URL) and check the page it ends on, after redirects."""
        self._claim_console()
        response = self.page.goto(path if "://" in path else f"{self.base_url}{path}")
        return self.check(response, expected_status)

    def check(self, response: Response | None, expected_status: int = 200) -> PageReport:
        """Check the page the browser shows now, reached with this navigation response.

        A page already checked (a redirect can lead back to one) is not checked again.
        """
        url = urldefrag(self.page.url)[0]
        if url in self._by_url:
            self._claim_console()
            return self._by_url[url]
        status = response.status if response is not None else None
        content_type = response.headers.get("content-type", "") if response is not None else ""
        is_html = content_type.startswith("text/html")
        report = PageReport(
            url=url,
            expected_status=expected_status,
            status=status,
            content_type=content_type,
            console=[],
            axe_violations=run_axe(self.page) if is_html else [],
            html=response.text() if response is not None and is_html else None,
            layout=layout_problems(self.page, restore=PAGE_VIEWPORT) if is_html else [],
        )
        self.reports.append(report)
        self._by_url[url] = report
        self._claim_console()
        return report

    def _claim_console(self) -> None:
        """Move console errors of checked pages, early or late, from the page to their reports."""
        entries = console_errors(self.page)
        unclaimed = []
        for entry in entries:
            report = self._by_url.get(entry.page_url)
            if report is None:
                unclaimed.append(entry)
            elif not _is_own_status_message(entry, report):
                report.console.append(entry)
        entries[:] = unclaimed

    def crawl(self, start: str = "/") -> None:
        """Breadth-first over the same-origin links from `start`, checking each page once.

        Follows a[href] but not downloads (a[download], e.g. CSV exports, which their own tests
        cover), /static/ or fragment-only links; at most MAX_QUERIES_PER_PATH
        query strings per path and MAX_PAGES_PER_CRAWL pages.
        """
        queue: deque[str] = deque([f"{self.base_url}{start}"])
        seen: set[str] = set(queue)
        queries: dict[str, set[str]] = {}

        def admit(url: str) -> bool:
            if url in seen:
                return False
            parts = urlsplit(url)
            path_queries = queries.setdefault(parts.path, set())
            if parts.query not in path_queries and len(path_queries) >= MAX_QUERIES_PER_PATH:
                return False
            path_queries.add(parts.query)
            seen.add(url)
            return True

        while queue and len(self.reports) < MAX_PAGES_PER_CRAWL:
            checked = len(self.reports)
            report = self.visit(queue.popleft())
            if len(self.reports) == checked:  # a redirect to a page already checked
                continue
            admit(report.url)
            if not report.is_html:
                continue
            links = self.page.eval_on_selector_all(
                "a[href]:not([download])",
                "links => links.map(a => [a.href, a.getAttribute('href')])",
            )
            for href, raw in links:
                url = self._crawlable(href, raw)
                if url is not None and admit(url):
                    queue.append(url)
        self.left_unvisited = len(queue)

    def _crawlable(self, href: str, raw: str) -> str | None:
        """The normalised URL to crawl for a link, or None for links the crawl leaves alone."""
        if raw.startswith("#"):
            return None
        url = urldefrag(href)[0]
        if not url.startswith(f"{self.base_url}/") or urlsplit(url).path.startswith("/static/"):
            return None
        return url

    def finish(self) -> None:
        """Validate the HTML, write the summary line, and fail listing every problem found."""
        self.page.evaluate("0")  # let late console events arrive
        self._claim_console()
        documents = {str(n): r.html for n, r in enumerate(self.reports) if r.html is not None}
        for key, errors in run_vnu(documents, self.workdir).items():
            self.reports[int(key)].vnu_errors = errors
        axe_count = sum(len(r.axe_violations) for r in self.reports)
        vnu_count = sum(len(r.vnu_errors) for r in self.reports)
        layout_count = sum(len(r.layout) for r in self.reports)
        other = sum((r.status != r.expected_status) + len(r.console) for r in self.reports)
        summary = (
            f"{datetime.now().isoformat(timespec='seconds')} {self.label}: "
            f"{len(self.reports)} pages, {axe_count} axe violations, {vnu_count} vnu errors, "
            f"{layout_count} layout problems, {other} status/console problems"
            + (f" (page limit reached, {self.left_unvisited} left)" if self.left_unvisited else "")
        )
        SUMMARY_FILE.parent.mkdir(parents=True, exist_ok=True)
        with SUMMARY_FILE.open("a", encoding="utf-8") as summary_file:
            summary_file.write(summary + "\n")
        print(summary)
        print("\n".join(f"  {r.status} {r.url}" for r in self.reports))
        failures = [
            f"{report.url}\n  " + "\n  ".join(problems)
            for report in self.reports
            if (problems := report.problems())
        ]
        assert not failures, (
            f"{self.label}: problems on {len(failures)} page(s):\n\n" + "\n\n".join(failures)
        )


@pytest.fixture
def site_audit(page: Page, live_server: str, tmp_path: Path) -> Callable[[str], SiteAudit]:
    """Make a SiteAudit for the test's page on the live server: site_audit(label)."""

    def make(label: str) -> SiteAudit:
        return SiteAudit(page, live_server, label, tmp_path / "vnu")

    return make


@pytest.fixture
def axe() -> Callable[[Page], list[dict[str, Any]]]:
    """run_axe, for tests."""
    return run_axe


@pytest.fixture
def vnu(tmp_path: Path) -> Callable[[dict[str, str]], dict[str, list[dict[str, Any]]]]:
    """run_vnu in the test's own folder, for tests: vnu({key: html}) -> {key: errors}."""
    return functools.partial(run_vnu, workdir=tmp_path / "vnu")
