import pytest
import swapper
from django.contrib.auth import get_user_model

from wagtail_review.models import Membership, SectionOwnership, Unit, UnitKind

Page = swapper.load_model("wagtailcore", "Page")

# The browser tests' fixtures (demo_server, browser).
pytest_plugins = ["tests.browser"]


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


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def make_page(root_page):
    def make(title, parent=None, slug=None):
        parent = parent or root_page
        # Drafts: the publish guard refuses a live page that no review route approved.
        return parent.add_child(
            instance=Page(title=title, slug=slug or title.lower().replace(" ", "-"), live=False)
        )

    return make


@pytest.fixture
def make_user(db):
    def make(username, **extra):
        return get_user_model().objects.create_user(username=username, password="pw-Abc12345", **extra)

    return make


@pytest.fixture
def make_unit(db):
    def make(slug, kind=UnitKind.TOWNSHIP, parent=None, name=None):
        return Unit.objects.create(slug=slug, name=name or slug, kind=kind, parent=parent)

    return make


@pytest.fixture
def grant(db):
    def grant(user, unit, role):
        return Membership.objects.create(user=user, unit=unit, role=role)

    return grant


@pytest.fixture
def own(db):
    def own(unit, page):
        return SectionOwnership.objects.create(unit=unit, page=page)

    return own


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo portal, loaded once per test module through the real review routes.

    Loaded inside a transaction that is rolled back when the module is done;
    each test still runs in its own savepoint (pytest-django's ``db``).
    """
    import io

    from django.core.management import call_command
    from django.db import connection, transaction

    with django_db_blocker.unblock(), transaction.atomic():
        # Never load into a developer's real database (see pytest_collection_modifyitems).
        assert connection.settings_dict["NAME"].startswith(("test_", "file:memorydb")), (
            connection.settings_dict
        )

        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def release():
    """Send a page through its real review route, as the demo does: ``release(page, submitter_username)``."""
    from portal_site.portal.demo_routes import fill_review_form, release_through_route

    def release(page, submitter):
        user = get_user_model().objects.get(username=submitter)
        fill_review_form(page, user)
        release_through_route(page, user)
        page.refresh_from_db()
        return page

    return release


@pytest.fixture(scope="session", autouse=True)
def _test_database_may_be_flushed(django_db_setup, django_db_blocker):
    """In the *test* database only, let Django flush the ledger table between transactional tests.

    On PostgreSQL the ledger refuses TRUNCATE (migration 0006), and Django's
    test flush truncates every table. The trigger test re-enables it inside
    its own transaction.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "ALTER TABLE wagtail_gov_review_ledgerentry DISABLE TRIGGER wagtail_review_ledger_no_truncate"
                )
