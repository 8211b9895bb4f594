"""Test settings: SQLite in memory unless DATABASE_URL points elsewhere (CI runs both)."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", BASE_DIR / "var" / "test-media"))  # noqa: F405
WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
PORTAL_DEMO_DATA_ALLOWED = True
WAGTAILADMIN_BASE_URL = "http://testserver"
