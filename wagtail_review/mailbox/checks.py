"""System checks of the public mailbox (registered by ``wagtail_review.checks``).

* E012 attachments are kept where no web server serves them
* W009 the check question and the look-up limit need a cache every process shares
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register

from ..app_settings import app_settings

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def _inside(path, folder):
    if not folder:
        return False
    path, folder = Path(path).resolve(), Path(folder).resolve()
    return path == folder or folder in path.parents


@register()
def check_attachment_root(app_configs, **kwargs):
    root = app_settings.MAILBOX_ATTACHMENT_ROOT
    if not root:
        return []
    served = [name for name in ("MEDIA_ROOT", "STATIC_ROOT") if _inside(root, getattr(settings, name, None))]
    if served:
        return [
            Error(
                f"WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_ROOT lies inside {' and '.join(served)}: files the "
                "public attaches to their messages would be served to anyone who guesses their address.",
                hint="Point it at a folder outside MEDIA_ROOT and STATIC_ROOT that no web server serves.",
                id="wagtail_review.E012",
            )
        ]
    return []


@register()
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend}) is not shared between processes: the mailbox's check question "
            "could be answered once per process, and each process counts look-ups by query code on its own.",
            hint="Use a shared cache (Redis, Memcached or the database cache) in production.",
            id="wagtail_review.W009",
        )
    ]
