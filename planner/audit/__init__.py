"""The audit trail: who did what, when, to which object, with before and after.

Below every feature that changes something: it records events and audited changes
(`changes`, `lifecycle`) and names them (`labels`, filled by the features); the page that reads
the log is the municipality's (`planner.municipalities.audit_log`).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:  # noqa: ARG001  (nothing to register: the features fill its registries)
    """The audit trail has no pages or hooks of its own."""
