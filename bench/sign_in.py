"""How long refusing a sign-in takes, for a known address and an unknown one (issue #13).

An attacker who sees the two differ learns which addresses have accounts. Runs the real service
(`planner.auth.services.sign_in`, argon2id at the standard cost) and the real page (/login) on a
SQLite database of its own. Usage: `.venv/bin/python bench/sign_in.py [rounds]`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from planner import create_app
from planner.auth.services import create_user, sign_in
from planner.core.extensions import db


def main(rounds: int = 15) -> None:
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SECRET_KEY": "bench key, long enough for the checks here",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_PROFILE": "standard",
            "LOGIN_ACCOUNT_FAILURE_LIMIT": 10**6,
            "LOGIN_ADDRESS_FAILURE_LIMIT": 10**6,
        }
    )
    with app.app_context():
        db.create_all()
        create_user("known@bench.no", "Known", "correct horse battery")
        db.session.commit()
        cases = {
            "known, wrong password": ("known@bench.no", "wrong password!"),
            "unknown address": ("nobody@bench.no", "wrong password!"),
            "known, right password": ("known@bench.no", "correct horse battery"),
        }
        sign_in("warm@bench.no", "x", address="127.0.0.1")  # the dummy hash is made once
        db.session.rollback()
        # Rounds interleave the cases, so a slower moment of the machine falls on all of them.
        service: dict[str, list[float]] = {label: [] for label in cases}
        page: dict[str, list[float]] = {label: [] for label in cases}
        client = app.test_client()
        for _ in range(rounds):
            for label, (email, password) in cases.items():
                start = time.perf_counter()
                sign_in(email, password, address="127.0.0.1")
                service[label].append((time.perf_counter() - start) * 1000)
                db.session.rollback()
                start = time.perf_counter()
                client.post("/login", data={"email": email, "password": password})
                page[label].append((time.perf_counter() - start) * 1000)
                client.post("/logout")
        for label in cases:
            print(
                f"{label:24} service median {statistics.median(service[label]):6.1f} ms, "
                f"/login median {statistics.median(page[label]):6.1f} ms"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
