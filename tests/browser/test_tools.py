"""The checkers themselves: a page with known faults must make axe-core and vnu speak up, so a
silent checker cannot pass the crawl by accident."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from planner.demo.data import DEMO_PASSWORD  # noqa: F401  (the app package is importable)

FAULTY_HTML = "<!doctype html><html><head></head><body><img src='x.png'><p><div></div></p></body></html>"


def test_axe_and_vnu_find_known_faults(
    page: Page, run_checks, tmp_path: Path
) -> None:
    ...
