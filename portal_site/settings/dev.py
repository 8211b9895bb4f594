"""Local development and the demo: SQLite by default, DEBUG on, demo data allowed."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-yunzhou-portal"  # noqa: F405
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The demo loader refuses to run unless this is set (never in production).
PORTAL_DEMO_DATA_ALLOWED = True
