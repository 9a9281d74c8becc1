"""gunicorn settings for `make serve`. Override with GUNICORN_CMD_ARGS or environment variables."""

import os

bind = os.environ.get("PLANNER_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PLANNER_WORKERS", "2"))
# Load the app once before forking; planner disposes inherited database connections after fork.
preload_app = True
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Private feed addresses carry a token: keep it out of the access log.
logger_class = "planner.core.logging_redaction.RedactingLogger"


def when_ready(server):  # noqa: ARG001  (gunicorn's hook signature)
    """Before the workers fork: keep the loaded app out of the garbage collector's full passes,
    which otherwise walk every module-level object now and then and double a page's p95."""
    import gc

    gc.freeze()
