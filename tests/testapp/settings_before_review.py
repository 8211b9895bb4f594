"""The test site as it was before it installed wagtail_review: the starting point of an adoption test."""

from wagtail_review.accounts import recommended_settings as account_settings

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [
    app
    for app in INSTALLED_APPS
    if app not in ("wagtail_review", "simple_history", *account_settings.INSTALLED_APPS)
]
MIDDLEWARE = [
    m for m in MIDDLEWARE if not m.startswith(("wagtail_review", "simple_history", "axes", "django_otp"))
]
del AUTHENTICATION_BACKENDS, AUTH_PASSWORD_VALIDATORS, AXES_LOCKOUT_CALLABLE, AXES_CLIENT_IP_CALLABLE  # noqa: F821
ROOT_URLCONF = "tests.testapp.urls_before_review"
del WAGTAIL_FINISH_WORKFLOW_ACTION  # noqa: F821
