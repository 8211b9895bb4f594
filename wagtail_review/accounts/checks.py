"""System checks of the account rules (registered by ``wagtail_review.checks``).

* E011 the parts the account rules need are installed and in order
* W007 the settings that make them hold (password validators, browser-close sessions, the lockout page)
* W008 superusers are for installation only: none active on a production deployment
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from ..app_settings import app_settings
from . import recommended_settings as account_settings

REQUIRED_APPS = ("axes", "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static")
MIDDLEWARE_AFTER_AUTHENTICATION = (
    "django_otp.middleware.OTPMiddleware",
    "axes.middleware.AxesMiddleware",
    "wagtail_review.accounts.middleware.AccountSecurityMiddleware",
)
AXES_BACKEND = "axes.backends.AxesStandaloneBackend"
VALIDATORS = (
    "django.contrib.auth.password_validation.MinimumLengthValidator",
    "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
    "wagtail_review.accounts.passwords.CharacterClassesValidator",
    "wagtail_review.accounts.passwords.PasswordHistoryValidator",
)
LOCKOUT_CALLABLE = "wagtail_review.accounts.lockout.lockout_response"
HINT = "See README, “Install into an existing site”, for the account settings block to copy."


@register()
def check_account_parts(app_configs, **kwargs):
    if not app_settings.ACCOUNT_SECURITY:
        return []
    from django.apps import apps

    problems = [
        f"the app {name!r} is not in INSTALLED_APPS" for name in REQUIRED_APPS if not apps.is_installed(name)
    ]
    middleware = list(settings.MIDDLEWARE)
    authentication = "django.contrib.auth.middleware.AuthenticationMiddleware"
    for name in MIDDLEWARE_AFTER_AUTHENTICATION:
        if name not in middleware:
            problems.append(f"{name} is not in MIDDLEWARE")
        elif authentication in middleware and middleware.index(name) < middleware.index(authentication):
            problems.append(f"{name} must come after {authentication}")
    backends = list(getattr(settings, "AUTHENTICATION_BACKENDS", []))
    if not backends or backends[0] != AXES_BACKEND:
        problems.append(f"AUTHENTICATION_BACKENDS must start with {AXES_BACKEND!r}")
    return [
        Error(
            f"The account rules (WAGTAIL_REVIEW_ACCOUNT_SECURITY) are on, but {problem}.",
            hint=HINT,
            id="wagtail_review.E011",
        )
        for problem in problems
    ]


@register()
def check_account_settings(app_configs, **kwargs):
    if not app_settings.ACCOUNT_SECURITY:
        return []
    problems = []
    configured = {validator.get("NAME") for validator in getattr(settings, "AUTH_PASSWORD_VALIDATORS", [])}
    problems += [f"AUTH_PASSWORD_VALIDATORS lacks {name}" for name in VALIDATORS if name not in configured]
    if not getattr(settings, "SESSION_EXPIRE_AT_BROWSER_CLOSE", False):
        problems.append("SESSION_EXPIRE_AT_BROWSER_CLOSE is not True: admin sessions outlive the browser")
    if getattr(settings, "AXES_LOCKOUT_CALLABLE", None) != LOCKOUT_CALLABLE:
        problems.append(f"AXES_LOCKOUT_CALLABLE is not {LOCKOUT_CALLABLE!r}: lockouts show English text")
    if getattr(settings, "AXES_CLIENT_IP_CALLABLE", None) != account_settings.AXES_CLIENT_IP_CALLABLE:
        problems.append(
            "AXES_CLIENT_IP_CALLABLE does not count clients behind WAGTAIL_REVIEW_PROXY_COUNT proxies"
        )
    if getattr(settings, "AXES_RESET_ON_SUCCESS", False):
        problems.append(
            "AXES_RESET_ON_SUCCESS is True: one sign-in clears other accounts' failures from its address"
        )
    if getattr(settings, "AXES_FAILURE_LIMIT", 3) > 5:
        problems.append("AXES_FAILURE_LIMIT is over 5 failures")
    return [Warning(f"{problem}.", hint=HINT, id="wagtail_review.W007") for problem in problems]


@register(Tags.database)
def check_no_superuser_in_production(app_configs, **kwargs):
    if settings.DEBUG or not app_settings.ACCOUNT_SECURITY:
        return []
    from django.contrib.auth import get_user_model

    try:
        names = list(
            get_user_model()
            .objects.filter(is_superuser=True, is_active=True)
            .values_list("username", flat=True)[:5]
        )
    except DatabaseError:
        return []
    if not names:
        return []
    return [
        Warning(
            f"Active superuser account(s) on a production deployment: {', '.join(names)}. Superusers are for "
            "installation only; each of their sign-ins is in the account event log.",
            hint="Give the work to the system, security and audit administrators, then deactivate the "
            "superuser (or keep it for installation and sign in only to install).",
            id="wagtail_review.W008",
        )
    ]
