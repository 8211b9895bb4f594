"""The link checker, against a local HTTP server only: working, dead, slow, moved and looping links,
links to unpublished pages and attachments whose file is gone; one request at a time per host."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.documents import get_document_model

from portal_site.portal.models import ArticlePage
from wagtail_review.models import LinkCheck, Unit
from wagtail_review.scanning.links import Outcome, PoliteFetcher, check_all_links

User = get_user_model()


class Handler(BaseHTTPRequestHandler):
    in_flight = 0
    most_in_flight = 0
    lock = threading.Lock()

    def answer(self, with_body):
        if self.path == "/slow":
            # The checker gives up after its timeout and moves on; this answer comes too late to count.
            time.sleep(2)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with Handler.lock:
            Handler.in_flight += 1
            Handler.most_in_flight = max(Handler.most_in_flight, Handler.in_flight)
        try:
            routes = {
                "/ok": (200, None),
                "/gone": (404, None),
                "/moved": (301, "/ok"),
                "/loop": (302, "/loop"),
                "/ping": (302, "/pong"),
                "/pong": (302, "/ping"),
            }
            if self.path == "/no-head" and not with_body:
                status, location = 405, None
            elif self.path == "/no-head":
                status, location = 200, None
            else:
                status, location = routes.get(self.path, (404, None))
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
        finally:
            with Handler.lock:
                Handler.in_flight -= 1

    def do_HEAD(self):
        self.answer(with_body=False)

    def do_GET(self):
        self.answer(with_body=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def linked_page(demo, db, release, server):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    draft = page.get_parent().add_child(
        instance=ArticlePage(title="尚未发布的稿件", slug="not-yet", date="2026-11-27", live=False)
    )
    missing = get_document_model().objects.create(title="已删除文件的附件", file="documents/not-there.pdf")
    links = "".join(
        f'<a href="{server}{path}">{path}</a>'
        for path in ("/ok", "/gone", "/moved", "/loop", "/ping", "/slow", "/no-head")
    )
    page.body = [
        ("paragraph", f"<p>{links}</p>"),
        (
            "paragraph",
            f'<p><a linktype="page" id="{draft.pk}">内链</a><a linktype="document" id="{missing.pk}">附件</a></p>',
        ),
    ]
    return release(page, "xiping_editor"), draft


def test_each_link_gets_its_outcome_and_redirects_are_recorded(linked_page, server):
    page, draft = linked_page
    Handler.most_in_flight = 0
    run = check_all_links(fetcher=PoliteFetcher(timeout=1, host_delay=0.05), workers=4)
    results = {check.target: check for check in LinkCheck.objects.filter(run=run, page_id=page.pk)}
    outcome = {target.removeprefix(server): check.outcome for target, check in results.items()}
    assert outcome["/ok"] == Outcome.OK and outcome["/no-head"] == Outcome.OK
    assert outcome["/gone"] == Outcome.BROKEN and results[f"{server}/gone"].status_code == 404
    assert outcome["/moved"] == Outcome.OK
    assert results[f"{server}/moved"].redirects == [{"status": 301, "to": f"{server}/ok"}]
    assert outcome["/loop"] == Outcome.REDIRECT_LOOP and outcome["/ping"] == Outcome.REDIRECT_LOOP
    assert outcome["/slow"] == Outcome.TIMEOUT
    assert outcome[str(draft.pk)] == Outcome.BROKEN
    [attachment] = [c for c in results.values() if c.kind == "document"]
    assert attachment.outcome == Outcome.BROKEN and attachment.detail == "文件已丢失。"
    assert all(check.unit == Unit.objects.get(slug="xiping-town") for check in results.values())
    # Politeness: never two requests to one host at once.
    assert Handler.most_in_flight == 1
    assert run.broken == sum(check.outcome != Outcome.OK for check in LinkCheck.objects.filter(run=run))


def test_the_information_centre_lists_dead_links_per_unit(linked_page, server, client):
    page, _draft = linked_page
    check_all_links(fetcher=PoliteFetcher(timeout=1, host_delay=0), workers=4)
    client.force_login(User.objects.get(username="webadmin"))
    url = reverse("wagtail_review_dead_links:index")
    html = client.get(url, {"unit": Unit.objects.get(slug="xiping-town").pk}).content.decode()
    assert f"{server}/gone" in html and f"{server}/ok<" not in html  # only what needs fixing
    client.force_login(User.objects.get(username="xiping_editor"))
    assert client.get(url).status_code == 302
