"""Fixtures shared by the core tests (tests/core, on tests/testapp) and the portal's (tests/portal)."""

import pytest
import swapper
from django.contrib.auth import get_user_model

from tests.second_factor import pass_second_factor
from wagtail_review.models import SectionOwnership, Unit, UnitKind

Page = swapper.load_model("wagtailcore", "Page")


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
    """Grant a role, confirmed at once by a second administrator (a superuser) where the role signs."""
    from wagtail_review.organisation.governance import grant_role

    def grant(user, unit, role):
        return grant_role(user, unit, role, confirmed_by=confirming_superuser())

    return grant


def confirming_superuser():
    User = get_user_model()
    return User.objects.filter(
        is_superuser=True, username="confirming-admin"
    ).first() or User.objects.create_superuser(
        "confirming-admin", "confirming-admin@example.com", "pw-Abc12345"
    )


@pytest.fixture
def own(db):
    def own(unit, page):
        return SectionOwnership.objects.create(unit=unit, page=page)

    return own


@pytest.fixture(scope="session", autouse=True)
def _test_database_may_be_flushed(django_db_setup, django_db_blocker):
    """In the *test* database only, let Django flush the ledger's tables between transactional tests.

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
                cursor.execute(
                    "ALTER TABLE wagtail_gov_review_ledgerrecord "
                    "DISABLE TRIGGER wagtail_review_ledger_record_no_truncate"
                )


# Every scenario the suite plays (releases, take-downs, moves, aliases,
# governance, refused attacks) is also a check that the ledger and the live
# pages still agree: after each passing test that used the database,
# ``verify_ledger`` runs on what the test left, before its transaction is rolled
# back. A test that deliberately changes things behind the application's back
# (raw SQL, files swapped on disk) says so with
# ``@pytest.mark.leaves_ledger_unverified``.
_CALL_PASSED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_CALL_PASSED] = report.passed
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    problems = _ledger_problems_left_by(item)
    result = yield  # the test's fixtures (and its database transaction) end here
    assert not problems, f"verify_ledger after {item.nodeid}: {problems}"
    return result


def _ledger_problems_left_by(item):
    uses_database = {"db", "transactional_db"} & set(getattr(item, "fixturenames", ()))
    if (
        not uses_database
        or not item.stash.get(_CALL_PASSED, False)
        or item.get_closest_marker("leaves_ledger_unverified")
    ):
        return []
    from wagtail_review.models import LedgerEntry
    from wagtail_review.publication.ledger.verification import verify

    # Live pages the ledger has never seen are a site not adopted yet (tests/core
    # start from one, the portal's test database keeps Wagtail's welcome page);
    # test_adoption covers their reporting. What the ledger registered must agree.
    registered = set(LedgerEntry.objects.values_list("page_id", flat=True))
    return [
        problem.message
        for problem in verify(check_pages=True).problems
        if problem.sequence is not None or problem.page_id in registered
    ]


@pytest.fixture(autouse=True)
def _force_login_is_a_full_sign_in():
    """``client.force_login`` stands for a complete sign-in: password and, where needed, the second factor.

    Without it every admin test would first meet the second-factor page. The second factor itself
    is tested through the real sign-in (tests/portal/test_account_security.py), with
    ``sign_in_with_password_only`` for a session that has not passed it.
    """
    from django.test import Client

    from wagtail_review import accounts

    if not accounts.enabled():
        yield
        return
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        pass_second_factor(self, user)

    # A patch of its own: a test's ``monkeypatch.undo()`` must not take it away mid-test.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "force_login", force_login)
        patch.setattr(Client, "sign_in_with_password_only", original, raising=False)
        yield
