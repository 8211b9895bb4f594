"""The settings the account rules need, for a project's settings module to use (README shows how).

Plain values only (this module is read before Django starts)::

    from wagtail_review.accounts import recommended_settings as account_settings

    INSTALLED_APPS += account_settings.INSTALLED_APPS
    MIDDLEWARE = account_settings.with_account_middleware(MIDDLEWARE)
    AUTHENTICATION_BACKENDS = account_settings.AUTHENTICATION_BACKENDS
    AUTH_PASSWORD_VALIDATORS = account_settings.AUTH_PASSWORD_VALIDATORS
    SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    AXES_FAILURE_LIMIT = account_settings.AXES_FAILURE_LIMIT  # and the other AXES_* below
"""

from datetime import timedelta

INSTALLED_APPS = ["axes", "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]

# Axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "wagtail_review.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "wagtail_review.accounts.passwords.PasswordHistoryValidator"},
]

# 等保 2.0: lock after 5 failures, per account and separately per IP address, for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success must not clear the failures of other accounts from the same address (axes would).
AXES_RESET_ON_SUCCESS = False
# The client's address behind the proxies WAGTAIL_REVIEW_PROXY_COUNT counts.
AXES_CLIENT_IP_CALLABLE = "wagtail_review.accounts.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "wagtail_review.accounts.lockout.lockout_response"
# Failures are in the account event log already; axes' own per-request access log would duplicate it.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# The issuer name authenticator apps show beside the code.
OTP_TOTP_ISSUER = "政府网站管理"

AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
ACCOUNT_MIDDLEWARE = [
    "django_otp.middleware.OTPMiddleware",
    "axes.middleware.AxesMiddleware",
    "wagtail_review.accounts.middleware.AccountSecurityMiddleware",
]


def with_account_middleware(middleware):
    """``middleware`` with the account middleware right after Django's AuthenticationMiddleware."""
    middleware = [name for name in middleware if name not in ACCOUNT_MIDDLEWARE]
    position = middleware.index(AUTHENTICATION_MIDDLEWARE) + 1
    return middleware[:position] + ACCOUNT_MIDDLEWARE + middleware[position:]
