"""Fixtures of the demo portal's tests: the demo restored once per module, release through its routes, browsers."""

import pytest
from django.contrib.auth import get_user_model

from tests.portal.browser import browser, demo_server  # noqa: F401  (fixtures)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # pytest-django creates the test database only when some test's fixtures
    # include ``db``; a test using the module-scoped ``demo`` fixture needs it
    # too. Appended last, so the test's own savepoint opens inside the
    # module's demo transaction, not around it.
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is not None and "demo" in names and "db" not in names:
            names.append("db")


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo portal as ``load_demo`` makes it, loaded once per session (see demo_snapshot.py)."""
    from django.db import connection

    from tests.portal import demo_snapshot

    with django_db_blocker.unblock():
        # Never load into a developer's real database (see pytest_collection_modifyitems).
        assert connection.settings_dict["NAME"].startswith(("test_", "file:memorydb")), (
            connection.settings_dict
        )
        return demo_snapshot.take()


@pytest.fixture(scope="module")
def demo(demo_snapshot, django_db_blocker):
    """The demo portal for one test module, in a transaction rolled back when the module is done.

    Each test still runs in its own savepoint (pytest-django's ``db``).
    """
    from django.db import transaction

    from tests.portal.demo_snapshot import restore

    with django_db_blocker.unblock(), transaction.atomic():
        restore(demo_snapshot)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def release():
    """Send a page through its real review route, as the demo does: ``release(page, submitter_username)``."""
    from portal_site.portal.demo_routes import fill_demo_review_form, release_through_route

    def release(page, submitter):
        user = get_user_model().objects.get(username=submitter)
        fill_demo_review_form(page, user)
        release_through_route(page, user)
        page.refresh_from_db()
        return page

    return release
