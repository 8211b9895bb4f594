"""Production: every secret and host comes from the environment; PostgreSQL expected."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

# HTTPS everywhere (README, "Deploying"). The TLS-terminating proxy in front sets
# X-Forwarded-Proto; Django trusts that header only because the proxy overwrites it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Nobody frames the site, not even itself (Wagtail's preview uses an iframe of the admin: same origin,
# allowed by the admin's own Content-Security-Policy frame-ancestors 'self').
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# One cache every application process shares: the mailbox's check question is spent in it (each answer
# works once), look-ups by query code and the review API's requests are counted in it (system check
# W009). django-redis: a connection pool per process and socket timeouts, so a Redis that stops
# answering fails requests within seconds instead of holding every worker. Errors are not ignored:
# counters that silently stopped counting would lift the rate limits.
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "2")),
            "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "2")),
        },
    }
}
# Sessions read from the cache and written through to the database: fast on every admin request, and a
# Redis restart signs nobody out (the database copy is the record).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The HTTP cache in front of the site (Varnish, nginx's proxy cache, a CDN's purge API behind a small
# relay): every release, take-down and expiry purges the page, its listings and the API responses that
# include it (wagtail_review/publication/purge.py). Comma-separated purge endpoints; empty: none.
WAGTAILFRONTENDCACHE = {
    f"cache{number}": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": location,
    }
    for number, location in enumerate(env_list("FRONTEND_CACHE_PURGE_URLS"))
}

# Background jobs (e-mails, scans) go to a queue in the database, run by a worker process:
# `python manage.py db_worker` (see README, Deploying). Development, tests and the demo run them at once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Demo accounts share one published password: never load them here.
PORTAL_DEMO_DATA_ALLOWED = False
