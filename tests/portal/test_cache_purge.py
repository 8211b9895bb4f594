"""Release, take-down and expiry purge the front-end cache once committed (Art. 16: off the site at once).

Wagtail's HTTP purge backend sends PURGE requests to a real local endpoint
that records what it was asked.
"""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from portal_site.portal.models import ArticlePage
from tests.portal.test_ledger import new_article, run_route
from wagtail_review.exceptions import UnreviewedPublication
from wagtail_review.publication.take_down import take_down

User = get_user_model()


class _RecordPurges(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.server.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purged(settings):
    """``[(Host, path)]`` the front-end cache was asked to purge."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordPurges)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "local": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield server.purged
    server.shutdown()
    server.server_close()


def paths(purged):
    return {path for _host, path in purged}


def expected_paths(page):
    page = ArticlePage.objects.get(pk=page.pk)
    column = page.get_parent()
    return {
        urlsplit(page.get_full_url()).path,  # the page
        urlsplit(column.get_full_url()).path,  # its column's listing
        urlsplit(column.get_parent().get_full_url()).path,  # the township's home, which lists news
        f"/api/v2/pages/{page.pk}/",
        "/api/v2/pages/",
        "/ledger/head/",
        "/api/v2/ledger/entries/",
        "/xxgk/",
        "/xxgk/xiping-town/",
        "/sitemap.xml",
    }


def test_a_release_purges_the_page_its_listings_and_the_api_after_commit(
    demo, purged, django_capture_on_commit_callbacks
):
    page = new_article(701)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run_route(page)
    assert purged == []  # nothing before the commit: the cache could fetch the old version again
    for callback in callbacks:
        callback()

    assert expected_paths(page) <= paths(purged)
    host = urlsplit(ArticlePage.objects.get(pk=page.pk).get_full_url()).netloc
    assert {requested_host for requested_host, _path in purged} == {host}


def test_a_take_down_purges_the_page_at_once(demo, purged, django_capture_on_commit_callbacks):
    page = new_article(702)
    run_route(page)
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        take_down(page, User.objects.get(username="xiping_leader"), "数据待核实")

    assert expected_paths(page) <= paths(purged)


def test_an_expiry_purges_the_page(demo, purged, django_capture_on_commit_callbacks):
    page = new_article(703)
    run_route(page)
    ArticlePage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", verbosity=0)

    assert not ArticlePage.objects.get(pk=page.pk).live
    assert expected_paths(page) <= paths(purged)


def test_a_move_purges_the_old_address_too(demo, purged, django_capture_on_commit_callbacks):
    page = new_article(704)
    run_route(page)
    old_path = urlsplit(ArticlePage.objects.get(pk=page.pk).get_full_url()).path
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _change_slug(page)

    assert old_path in paths(purged)
    assert urlsplit(ArticlePage.objects.get(pk=page.pk).get_full_url()).path in paths(purged)


def _change_slug(page):
    """A live page's new address goes through review like any change: a complete route."""
    page = ArticlePage.objects.get(pk=page.pk)
    page.slug = "ledger-704-moved"
    run_route(page)


def test_a_refused_publish_purges_nothing(demo, purged, django_capture_on_commit_callbacks):
    page = new_article(705)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(UnreviewedPublication):
        page.save_revision().publish()

    assert purged == []
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_nothing_is_sent_without_a_configured_cache(demo, settings, django_capture_on_commit_callbacks):
    from wagtail_review.publication import purge

    settings.WAGTAILFRONTENDCACHE = {}
    page = new_article(706)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run_route(page)
    pending = [callback for callback in callbacks if isinstance(callback, purge.PendingPurge)]
    assert [job.page_ids for job in pending] == [{page.pk}]  # queued once, sent nowhere (no error)
