"""The screens people open every day take the same number of queries however much data there is.

Each screen is counted on the demo, then again after the data grew: more
units with their sections, more releases through the real route, more
submissions waiting, and several hundred more ledger entries. A count that
grows with the data would be a query per row: what makes a screen slow on a
district's real ledger (see benchmarks/ for times at scale).
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal_site.portal.models import ColumnPage
from tests.portal.daily_screens import screens
from tests.portal.test_ledger import new_article, run_route
from tests.portal.test_moderation import new_article as new_submission
from tests.portal.test_moderation import submit_in_code
from wagtail_review.models import LedgerAction, LedgerEntry, SectionOwnership, Unit, UnitKind
from wagtail_review.publication import ledger

User = get_user_model()


def count_queries(client, username, url, params):
    client.force_login(User.objects.get(username=username))
    client.get(url, params)  # warm: caches a first request fills
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries)


def grow(step):
    """More of everything the screens list: units, releases, waiting submissions, ledger entries."""
    home = ColumnPage.objects.get(slug="news", url_path__contains="/xiping-town/").get_parent()
    for n in range(3):
        unit = Unit.objects.create(
            slug=f"grown-{step}-{n}", name=f"新增单位{step}-{n}", kind=UnitKind.DEPARTMENT
        )
        section = home.add_child(
            instance=ColumnPage(title=f"新增栏目{step}-{n}", slug=f"grown-{step}-{n}", live=False)
        )
        SectionOwnership.objects.create(unit=unit, page=section)
    for n in range(3):
        run_route(new_article(900 + step * 10 + n))
        submit_in_code(new_submission("news", "xiping-town", 900 + step * 10 + n), "xiping_editor")
    # Several hundred registered take-downs of pages long gone, appended as the ledger appends.
    template = LedgerEntry.objects.filter(action=LedgerAction.PUBLISH).order_by("sequence").first()
    ledger.chain.append_many(
        [
            {
                **{name: getattr(template, name) for name in ledger.HASHED_FIELDS},
                "action": LedgerAction.TAKE_DOWN,
                "page_id": 50_000_000 + step * 1000 + n,
                "reason": "过期信息",
                "submitted_at": template.submitted_at or timezone.now() - datetime.timedelta(days=1),
            }
            for n in range(300)
        ]
    )


@pytest.mark.django_db
def test_each_screen_takes_the_same_number_of_queries_with_more_data(demo, client):
    grow(1)  # at least one of everything each screen lists, so a list that appears is not counted as growth
    before = {name: count_queries(client, *screen) for name, screen in screens().items()}
    grow(2)
    grow(3)
    after = {name: count_queries(client, *screen) for name, screen in screens().items()}

    assert after == before
    assert LedgerEntry.objects.count() > 900
