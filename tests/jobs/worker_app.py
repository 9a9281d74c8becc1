"""The app a worker process of the jobs tests runs: the real app, with the tests' kinds of work.

`flask --app tests.jobs.worker_app worker`; settings come as JSON in PLANNER_TEST_SETTINGS.
"""

from __future__ import annotations

import json
import os

from planner import create_app as create_planner_app
from tests.jobs import handlers


def create_app():
    app = create_planner_app(json.loads(os.environ["PLANNER_TEST_SETTINGS"]))
    handlers.register()
    return app
