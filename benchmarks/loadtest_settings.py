"""Settings of the servers ``make loadtest`` starts: the demo portal as production would run it.

DEBUG off, the database from DATABASE_URL (the load test's own database on
PostgreSQL), and the serve-time check from LOADTEST_SERVE_CHECK, so two
servers differ in that one setting. No HTTPS redirect: the load comes
straight to gunicorn on 127.0.0.1, as from the proxy in front.
"""

import os

from portal_site.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
WAGTAIL_REVIEW_SERVE_CHECK = os.environ["LOADTEST_SERVE_CHECK"]
LOGGING = {"version": 1, "disable_existing_loggers": False}  # no per-request log lines to compete for CPU
# Each server's cache is its own: the load test requests pages only (no mailbox, no rate limits).
SILENCED_SYSTEM_CHECKS = ["wagtail_review.W009"]
