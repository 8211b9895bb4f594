"""The production settings: one Redis cache every process shares, sessions kept in the database, purges.

Run in real processes with ``portal_site.settings.production`` against the Redis on this machine.
"""

import json
import os
import subprocess
import sys
import uuid

from django.conf import settings

READ_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import cache
action, key = {action!r}, {key!r}
if action == "set":
    cache.set(key, "spent", 60)
value = cache.get(key)
print(json.dumps({{
    "value": value,
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "purge": [backend["LOCATION"] for backend in settings.WAGTAILFRONTENDCACHE.values()],
}}))
if action == "get":
    cache.delete(key)
"""


def run_production(action, key):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal_site.settings.production",
        "SECRET_KEY": "production-settings-test",
        "DATABASE_URL": f"sqlite:///{settings.BASE_DIR / 'var' / 'production-settings-test.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "FRONTEND_CACHE_PURGE_URLS": "http://127.0.0.1:6081, http://10.0.0.2:6081",
    }
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS.format(action=action, key=key)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_processes_share_one_redis_cache_and_the_purge_endpoints_come_from_the_environment():
    key = f"wagtail-review-test-{uuid.uuid4()}"
    writer = run_production("set", key)
    reader = run_production("get", key)  # another process: what the first spent, it sees

    assert writer["value"] == reader["value"] == "spent"
    assert reader["cache"] == "django_redis.cache.RedisCache"
    assert reader["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert reader["purge"] == ["http://127.0.0.1:6081", "http://10.0.0.2:6081"]
    assert run_production("read", key)["value"] is None  # the reader deleted it: one store, not copies
