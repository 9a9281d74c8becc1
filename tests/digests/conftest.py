from tests.notifications.conftest import (  # noqa: F401  (the real SMTP server and its settings)
    app_settings,
    mailbox,
    smtp_server,
)
