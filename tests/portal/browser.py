"""Shared pieces of the browser tests: Debian's Chromium driven by Playwright, against the demo on a live server."""

import os
import re

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

from tests.portal.demo_snapshot import restore

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "Yunzhou@2026"


@pytest.fixture
def demo_server(demo_snapshot, transactional_db, django_db_serialized_rollback, live_server):
    # The live server needs committed data, so the database is flushed
    # afterwards; the serialized rollback restores what migrations created
    # (root page, collection, seeded routes) for the transactional tests that follow.
    restore(demo_snapshot)
    return live_server


@pytest.fixture
def browser(demo_server):
    # Started after the database is set up and stopped before it is flushed:
    # inside Playwright's sync API Django's connection handler hands out
    # another connection object, one without the serialized test data, so a
    # rollback set up or torn down in there would silently restore nothing.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # The test's own queries ran on that other connection: close it, or
        # PostgreSQL cannot drop the test database at the end of the session.
        connections.close_all()


def log_in(page, server, username):
    """Sign in as a demo account; returns how many actions the second factor took (0 if none was asked)."""
    page.goto(f"{server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/(account-security/second-factor/\?.*)?$"))
    if "/second-factor/" in page.url:
        return pass_second_factor(page, server)
    return 0


def pass_second_factor(page, server):
    """Enter the demo authenticator's code (the demo's signers and administrators share it).

    A code is accepted once per account: a second sign-in within the same 30 seconds takes the next one.
    Returns the actions taken (fills and clicks).
    """
    from portal_site.portal.management.commands.demo_otp_code import current_demo_code

    actions = 0
    for offset in (0, 1):
        page.fill("input[name=token]", current_demo_code(offset))
        page.click("main button[type=submit]")
        actions += 2
        page.wait_for_load_state()
        if "/second-factor/" not in page.url:
            break
    page.wait_for_url(f"{server.url}/admin/")
    return actions
