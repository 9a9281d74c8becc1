"""Hostile and careless input over every form and query a member can reach: never a 5xx, and a
refused submission changes nothing in the database.

For an administrator and an editor, the test crawls the municipality's pages from its front page
(links within the municipality and the account), reads every <form> on them, and sends, for each
form, variants with one field replaced by a nasty value (huge, negative and malformed numbers,
dates at and past the edges, times out of range, NUL bytes, invalid UTF-8, 100,000 characters,
right-to-left and emoji text, markup, unknown choices), each field missing, fields sent twice,
extra fields (municipality_id, role, id, owner_id) and junk versions; GET forms (filters, search)
and every page with a query string get nasty query values; every route of `app.url_map` with an
id gets ids beyond the databases' integers. The sample is drawn with a fixed seed (FUZZ_SEED) up
to FUZZ_BUDGET submissions per role.

It fails on any 5xx (or exception) and on any change to the database by a submission that was
refused (anything but a redirect), listing each finding once. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
from collections import deque
from dataclasses import dataclass, field
from datetime import date, time
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.feeds.tokens import create_token
from tests.posts.helpers import Page

SEED = int(os.environ.get("FUZZ_SEED", "20261207"))
BUDGET = int(os.environ.get("FUZZ_BUDGET", "700"))
MAX_PAGES = 160

NUMBERS = ["9223372036854775808", str(2**64 + 1), "1" + "0" * 30, "-9223372036854775809",
           "-1", "0", "1e309", "NaN", "١٢٣", "1_000", "0x10"]  # fmt: skip
DATES = ["0001-01-01", "9999-12-31", "10000-01-01", "1899-12-31", "2200-01-01", "31.12.9999",
         "2026-02-30", "2026-13-01"]  # fmt: skip
TIMES = ["24:00", "99:99", "-1:00", "12:60"]
TEXTS = ["a\x00b", "\x00", "x" * 100_000, "\u202eevil\u202c", "😀" * 40, "e\u0301" * 30,
         "<script>alert(1)</script>", "../../etc/passwd", "Europe/" + "x" * 1000, "",
         " "]  # fmt: skip
INVALID_UTF8 = b"\xff\xfe\xc3("
NASTY = NUMBERS + DATES + TIMES + TEXTS
EXTRA_FIELDS = {"municipality_id": "2", "role": "admin", "id": "1", "owner_id": "1",
                "version": "abc", "status": "approved"}  # fmt: skip
JUNK_VERSIONS = ["", "abc", "-1", "1e3", str(2**70), "0"]
HUGE_IDS = [2**31, 2**63, 2**64 + 1, 10**30]
#: Tables that may change on a refused request: a failed sign-in is counted (login_throttle) and
#: audited (audit_event) by design; signing in records the time (user_account).
CHANGE_ALLOWED = {"login_throttle", "audit_event", "user_account"}


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: list[tuple[str, str]]
    choices: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Finding:
    method: str
    route: str
    field: str
    value: str
    status: int
    error: str


def forms_and_links(html: str, page: str) -> tuple[list[Form], list[str]]:
    forms, links = [], []
    for tag in Page.of(html).tags:
        if tag.name == "a" and tag.attrs.get("href", "").startswith("/"):
            links.append(tag.attrs["href"].split("#")[0])
    for match in re.finditer(r"<form\b.*?</form>", html, re.S):
        parsed = Page.of(match.group(0))
        opening = parsed.tags[0]
        fields: list[tuple[str, str]] = []
        choices: dict[str, list[str]] = {}
        select = None
        for tag in parsed.tags:
            name = tag.attrs.get("name")
            if tag.name == "input" and name:
                kind = tag.attrs.get("type", "text")
                if kind in ("submit", "button", "image", "reset", "file"):
                    continue
                if kind in ("checkbox", "radio"):
                    choices.setdefault(name, []).append(tag.attrs.get("value", "on"))
                    if "checked" not in tag.attrs:
                        continue
                fields.append((name, tag.attrs.get("value", "")))
            elif tag.name == "textarea" and name:
                fields.append((name, tag.text.lstrip("\n")))
            elif tag.name == "select":
                select = name
            elif tag.name == "option" and select:
                choices.setdefault(select, []).append(tag.attrs.get("value", tag.text))
                if "selected" in tag.attrs:
                    fields.append((select, tag.attrs.get("value", tag.text)))
        method = opening.attrs.get("method", "get").lower()
        action = opening.attrs.get("action") or page
        forms.append(Form(page, method, action.split("#")[0], fields, choices))
    return forms, links


def route_of(path: str) -> str:
    return re.sub(r"/\d+(?=/|$|\?)", "/<id>", urlsplit(path).path)


def fingerprint() -> dict[str, str]:
    prints = {}
    for table in db.metadata.sorted_tables:
        if table.name in CHANGE_ALLOWED:
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        rows = db.session.execute(sa.select(table).order_by(*order)).all()
        prints[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    db.session.rollback()
    return prints


class Fuzzer:
    def __init__(self, client, rng: random.Random) -> None:
        self.client = client
        self.rng = rng
        self.findings: dict[tuple, Finding] = {}
        self.sent = 0

    def send(self, method: str, path: str, *, body: bytes | None = None, label=("", "")):
        self.sent += 1
        before = fingerprint() if method == "POST" else None
        try:
            if method == "POST":
                response = self.client.post(
                    path, data=body, content_type="application/x-www-form-urlencoded"
                )
            else:
                response = self.client.get(path)
            status, error = response.status_code, ""
            # A saved form whose answer shows a one-time secret (a feed link, a new member's
            # password) answers 200 with the page itself, never cached: accepted, not refused.
            shows_a_secret = status == 200 and "no-store" in response.headers.get(
                "Cache-Control", ""
            )
            if status >= 500:
                error = response.text[:200]
        except Exception as exception:  # the app raised: what a server answers with 500
            shows_a_secret = False
            db.session.rollback()
            status, error = 500, f"{type(exception).__name__}: {exception}"[:200]
        if status >= 500:
            self.found(method, path, label, status, error)
        elif before is not None and status not in (301, 302, 303) and not shows_a_secret:
            after = fingerprint()
            changed = [name for name in before if before[name] != after[name]]
            if changed:
                self.found(method, path, label, status, f"refused but changed {changed}")
        return status

    def found(self, method, path, label, status, error) -> None:
        kind = classify(label[1])
        key = (method, route_of(path), label[0], kind, error.split(":")[0])
        self.findings.setdefault(
            key, Finding(method, route_of(path), label[0], kind, status, error.splitlines()[0])
        )


def classify(value) -> str:
    if isinstance(value, bytes):
        return "invalid UTF-8"
    text = str(value)
    if len(text) > 200:
        return f"{len(text):,} characters"
    return text[:40]


def encode(pairs: list[tuple[str, str | bytes]]) -> bytes:
    return urlencode(pairs).encode("ascii")


def variants(form: Form, rng: random.Random) -> list[tuple[tuple[str, str], bytes]]:
    pairs = form.fields
    names = sorted({name for name, _ in pairs if name != "csrf_token"} | set(form.choices))
    out: list[tuple[tuple[str, object], bytes]] = []
    for name in names:
        values = rng.sample(NASTY, 5) + [INVALID_UTF8]
        if name == "version":
            values = JUNK_VERSIONS
        for value in values:
            replaced = [(n, v) for n, v in pairs if n != name] + [(name, value)]
            out.append(((name, value), encode(replaced)))
        out.append(((name, "(missing)"), encode([(n, v) for n, v in pairs if n != name])))
        out.append(((name, "(twice)"), encode(pairs + [(name, rng.choice(NASTY))])))
        for choice in ("999999", "-5"):
            if name in form.choices:
                replaced = [(n, v) for n, v in pairs if n != name] + [(name, choice)]
                out.append(((name, f"unknown choice {choice}"), encode(replaced)))
    for extra, value in EXTRA_FIELDS.items():
        out.append(((extra, f"(extra) {value}"), encode(pairs + [(extra, value)])))
    return out


def build_data(plan, make_post, make_publication) -> None:
    """Posts in every state with publications (timed, all day, cancelled), and a feed link."""
    from planner.posts import services

    editing = {"actor": plan.people["admin"], "municipality": plan.municipality}
    for status in ("idea", "draft", "in_review", "approved", "archived"):
        post = make_post(status)
        if status not in ("idea", "archived"):
            make_publication(post, date(2026, 5, 4), time(9))
            make_publication(post, date(2026, 5, 6), all_day=True)
    cancelled = make_publication(make_post("draft"), date(2026, 5, 8), time(12))
    services.cancel_publication(cancelled, **editing)
    create_token(
        plan.municipality, name="Plan", scope="all", scope_id=None, actor=plan.people["admin"]
    )
    db.session.commit()


def crawl(client, start: str) -> tuple[list[Form], set[str]]:
    seen: set[str] = set()
    queue = deque([start, "/account"])
    forms: dict[tuple, Form] = {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        page_forms, links = forms_and_links(response.text, path)
        for form in page_forms:
            key = (form.method, route_of(form.action), tuple(sorted({n for n, _ in form.fields})))
            forms.setdefault(key, form)
        for link in links:
            # Within the municipality; a few pages per route are enough.
            if (
                (link.startswith("/m/alfa/") or link == "/account")
                and link not in seen
                and sum(route_of(s) == route_of(link) for s in seen) < 3
            ):
                queue.append(link)
    return list(forms.values()), seen


DESTRUCTIVE = re.compile(r"/(delete|archive|revoke|rotate|logout|deactivate|cancel|status/)")


@pytest.mark.parametrize("role", ["admin", "editor"])
def test_no_input_reaches_a_5xx_or_changes_anything_when_refused(
    app, plan, client_as, make_post, make_publication, role, database_kind
):
    build_data(plan, make_post, make_publication)
    client = client_as(role)
    rng = random.Random(f"{SEED}-{role}")
    forms, pages = crawl(client, "/m/alfa/")
    fuzzer = Fuzzer(client, rng)

    posts = [f for f in forms if f.method == "post"]
    gets = [f for f in forms if f.method == "get"]
    # Destructive buttons last, so the other forms still find their objects.
    posts.sort(key=lambda f: bool(DESTRUCTIVE.search(f.action)))
    planned = [(form, label, body) for form in posts for label, body in variants(form, rng)]
    keep = planned if len(planned) <= BUDGET else rng.sample(planned, BUDGET)
    keep.sort(key=lambda item: bool(DESTRUCTIVE.search(item[0].action)))
    for form, label, body in keep:
        fuzzer.send("POST", form.action, body=body, label=label)

    for form in gets:
        names = sorted({n for n, _ in form.fields} | set(form.choices))
        for name in names:
            for value in rng.sample(NASTY, 4) + ["\x00"]:
                query = urlencode([(n, v) for n, v in form.fields if n != name] + [(name, value)])
                fuzzer.send("GET", f"{form.action}?{query}", label=(name, value))
    for path in sorted(p for p in pages if "?" in p)[:40]:
        base, query = path.split("?", 1)
        for value in ("9" * 30, "\x00", "x" * 10_000, "-1", "1e309"):
            name = query.split("=", 1)[0]
            fuzzer.send("GET", f"{base}?{urlencode({name: value})}", label=(name, value))

    id_routes = [r for r in app.url_map.iter_rules() if "int" in str(r.rule) or "<int:" in r.rule]
    for rule in id_routes:
        if not rule.rule.startswith("/m/<slug>"):
            continue
        for number in HUGE_IDS:
            path = re.sub(r"<int:[^>]+>", str(number), rule.rule.replace("<slug>", "alfa"))
            path = re.sub(r"<[^>]+>", "x", path)
            methods = rule.methods or set()
            method = "GET" if "GET" in methods else "POST"
            status = fuzzer.send(method, path, body=b"", label=("<id>", str(number)))
            assert status in (400, 404, 405), (path, status)
    for path in ("/m/%00/", "/m/alfa/posts/?q=%00", "/m/alfa%00/"):
        fuzzer.send("GET", path, label=("path", "NUL"))

    print(
        f"\nfuzz [{database_kind}, {role}]: {len(pages)} pages, {len(posts)} POST forms, "
        f"{len(gets)} GET forms, {len(id_routes)} id routes, {fuzzer.sent} requests"
    )
    if fuzzer.findings:
        table = "\n".join(
            f"{f.status} {f.method} {f.route} [{f.field} = {f.value!r}]: {f.error}"
            for f in sorted(fuzzer.findings.values(), key=lambda f: (f.route, f.field))
        )
        pytest.fail(f"{len(fuzzer.findings)} findings:\n{table}", pytrace=False)
