"""Concurrent releases on PostgreSQL append to one linear chain (no forks, no gaps).

Kept apart from modules that use the module-scoped ``demo`` fixture: its open
transaction would hide this test's committed data from the other threads.
"""

import os
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from tests.portal.admin_forms import signature_data
from tests.portal.test_ledger import new_article, run_route
from wagtail_review.models import LedgerEntry
from wagtail_review.publication.ledger.verification import verify

User = get_user_model()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL feature; CI runs the suite on PostgreSQL too"
)
def test_concurrent_releases_leave_one_linear_chain(transactional_db, django_db_serialized_rollback):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    pages = [new_article(100 + n) for n in range(20)]
    states = [run_route(page, upto=1).current_task_state.specific for page in pages]
    leader = User.objects.get(username="xiping_leader")
    barrier, errors = threading.Barrier(len(states)), []

    def approve(task_state):
        try:
            barrier.wait()
            task_state.task.specific.on_action(task_state, leader, "approve", **signature_data())
        except Exception as error:  # collected and asserted below: a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(state,)) for state in states]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    sequences = list(LedgerEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    assert LedgerEntry.objects.filter(page_id__in=[p.pk for p in pages]).count() == 20
    assert verify().ok
