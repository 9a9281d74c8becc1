"""Kept for the applied migrations that name `planner.database.ExactDecimal`; code imports
`planner.core.db`."""

from planner.core.db.types import ExactDecimal

__all__ = ["ExactDecimal"]
