"""A minimal Wagtail 8 site with wagtail_review installed as an adopter would (README, "Install into an existing site").

The core tests run here, away from the demo portal. SQLite in memory unless
DATABASE_URL says otherwise (CI runs both).
"""

import os
from pathlib import Path

import dj_database_url

from wagtail_review.accounts import recommended_settings as account_settings

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "testapp-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "wagtail_review",
    "tests.testapp",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "simple_history",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    *account_settings.INSTALLED_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail_review.middleware.ReviewRefusalMiddleware",
]
# The account rules, installed as the README tells an adopter to.
MIDDLEWARE = account_settings.with_account_middleware(MIDDLEWARE)
AUTHENTICATION_BACKENDS = account_settings.AUTHENTICATION_BACKENDS
AUTH_PASSWORD_VALIDATORS = account_settings.AUTH_PASSWORD_VALIDATORS
AXES_FAILURE_LIMIT = account_settings.AXES_FAILURE_LIMIT
AXES_COOLOFF_TIME = account_settings.AXES_COOLOFF_TIME
AXES_LOCKOUT_PARAMETERS = account_settings.AXES_LOCKOUT_PARAMETERS
AXES_LOCKOUT_CALLABLE = account_settings.AXES_LOCKOUT_CALLABLE
AXES_RESET_ON_SUCCESS = account_settings.AXES_RESET_ON_SUCCESS
AXES_CLIENT_IP_CALLABLE = account_settings.AXES_CLIENT_IP_CALLABLE
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

ROOT_URLCONF = "tests.testapp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", BASE_DIR.parent.parent / "var" / "testapp-media"))

WAGTAIL_SITE_NAME = "Test site"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# What wagtail_review asks of a site (its system checks name each).
WAGTAIL_FINISH_WORKFLOW_ACTION = "wagtail_review.publication.release.finish_workflow"
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
