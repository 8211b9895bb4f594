"""Settings shared by every environment of the Yunzhou district portal.

Everything a deployer may need to change is read from the environment; see
README.md ("Configuration") for the list.
"""

import os
from pathlib import Path

import dj_database_url

from wagtail_review.accounts import recommended_settings as account_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "wagtail_review",
    "csp",
    # The database-backed queue for background jobs (production; see TASKS below and in production.py).
    "django_tasks_db",
    "portal_site.portal",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Lockout (django-axes) and the second factor (django-otp): README, "Accounts".
    *account_settings.INSTALLED_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the acting user on every django-simple-history row (Art. 7:
    # personnel and ownership changes must say who made them).
    "simple_history.middleware.HistoryRequestMiddleware",
    # A refused release or signature shows its reason in the admin, not a bare 403.
    "wagtail_review.middleware.ReviewRefusalMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Content-Security-Policy: strict on the public site (below), Wagtail's needs in the admin.
    "wagtail_review.csp.ContentSecurityPolicyMiddleware",
]
# The second factor, the lockout and the account rules, right after AuthenticationMiddleware.
MIDDLEWARE = account_settings.with_account_middleware(MIDDLEWARE)

# The public portal runs no inline script or style and loads nothing from elsewhere (an isolated network).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "portal_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "portal_site.wsgi.application"

# SQLite is the embedded default; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded demo: an autosave and a submit can write at the same moment.
    # Each transaction takes the write lock when it begins (IMMEDIATE) and waits
    # up to 20 s for another writer instead of failing with "database is locked";
    # WAL lets pages be read while someone writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts (Art. 15; 等保 2.0): README, "Accounts", says what each does and how to change it.
AUTHENTICATION_BACKENDS = account_settings.AUTHENTICATION_BACKENDS
AUTH_PASSWORD_VALIDATORS = account_settings.AUTH_PASSWORD_VALIDATORS
AXES_FAILURE_LIMIT = account_settings.AXES_FAILURE_LIMIT
AXES_COOLOFF_TIME = account_settings.AXES_COOLOFF_TIME
AXES_LOCKOUT_PARAMETERS = account_settings.AXES_LOCKOUT_PARAMETERS
AXES_RESET_ON_SUCCESS = account_settings.AXES_RESET_ON_SUCCESS
AXES_CLIENT_IP_CALLABLE = account_settings.AXES_CLIENT_IP_CALLABLE
AXES_LOCKOUT_CALLABLE = account_settings.AXES_LOCKOUT_CALLABLE
AXES_DISABLE_ACCESS_LOG = account_settings.AXES_DISABLE_ACCESS_LOG
AXES_ENABLE_ACCESS_FAILURE_LOG = account_settings.AXES_ENABLE_ACCESS_FAILURE_LOG
# Behind the district's reverse proxy, the client address is the last one it appends (README, "Deploying").
WAGTAIL_REVIEW_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# An absolute limit besides the idle timeout (WAGTAIL_REVIEW_IDLE_TIMEOUT_MINUTES): one working day.
SESSION_COOKIE_AGE = 10 * 60 * 60

# Chinese for everyone regardless of the browser's Accept-Language (no
# LocaleMiddleware); an admin user may switch to English in their Wagtail
# account settings, and English is the fallback for any untranslated text.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "wagtail_review" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

WAGTAIL_SITE_NAME = "大同市云州区人民政府"
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# No autosave: every autosave is a new revision, and a new revision of a page under review restarts its
# route (and tells its signers again); and Wagtail 8's autosave of a *new* page races the editor's own
# submit (the page is created twice, or the second insert fails on the tree). Editors save with 保存草稿.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Chinese is written without spaces: the full-text indexes of SQLite (FTS5) and PostgreSQL take a whole
# run of characters for one word, so 黄花 would not find 西坪镇黄花进入采摘旺季, and FTS5 fails on some
# punctuation. The public site search (portal.views.search) and the API's ?search= use Wagtail's
# fallback database backend, which matches substrings: right for a district portal's thousands of
# pages. The admin keeps the default (Wagtail's admin search listings expect it). A larger site would use Elasticsearch/OpenSearch
# with a Chinese analyser (README).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
    "substring": {"BACKEND": "wagtail.search.backends.database.fallback"},
}
WAGTAIL_REVIEW_PUBLIC_SEARCH_BACKEND = "substring"  # the site's search and the API's ?search=
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ofd", "txt", "zip"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# One clock for the whole district (the registers are kept in it): no per-user time zone to choose.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAILADMIN_USER_LOGIN_FORM = "wagtail_review.login.LoginForm"
# No avatars from an outside service: often unreachable here, and it would send
# hashed e-mail addresses abroad.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Review and release (wagtail_review): a completed route publishes exactly the
# approved revision without anyone holding a publish right; an edit during
# review restarts the route. The app's system checks insist on both.
WAGTAIL_FINISH_WORKFLOW_ACTION = "wagtail_review.publication.release.finish_workflow"
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
# The printed review form names this portal and the regulation it follows.
WAGTAIL_REVIEW_FORM_TITLE = "云州区政府门户网站信息发布审查表"
WAGTAIL_REVIEW_REGULATION_TITLE = "大同市云州区人民政府网站信息审核发布制度"
# The public mailbox's pages wear the portal's header and footer.
WAGTAIL_REVIEW_PUBLIC_BASE_TEMPLATE = "portal/base.html"
# The dates the portal's pages show the public (articles, interpretations; policy documents' 发布日期).
WAGTAIL_REVIEW_INSPECTION_DATE_FIELDS = ["date", "date_published", "first_published_at"]
# A policy interpretation names the document it interprets: the two go live together (Art. 9).
WAGTAIL_REVIEW_INTERPRETATION_LINKS = ["portal.PolicyInterpretationPage.interprets"]
# Files the public attaches to mailbox messages: beside media, never under it (nothing serves them).
WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_ROOT = Path(
    os.environ.get("MAILBOX_ATTACHMENT_ROOT", BASE_DIR / "private" / "mailbox-attachments")
)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
DEBUG = env_bool("DEBUG", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "wagtail_review": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    },
}
