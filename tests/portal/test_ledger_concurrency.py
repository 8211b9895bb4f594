"""Concurrent releases on PostgreSQL append to one linear chain (no forks, no gaps).

Kept apart from modules that use the module-scoped ``demo`` fixture: its open
transaction would hide this test's committed data from the other threads.
"""

import json
import os
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from portal_site.portal.models import ArticlePage
from tests.portal.admin_forms import signature_data
from tests.portal.demo_snapshot import restore
from tests.portal.test_ledger import new_article, run_route
from wagtail_review.models import LedgerEntry
from wagtail_review.publication.ledger.verification import verify

User = get_user_model()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL feature; CI runs the suite on PostgreSQL too"
)
def test_concurrent_releases_leave_one_linear_chain(
    demo_snapshot, transactional_db, django_db_serialized_rollback
):
    restore(demo_snapshot)
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


# Each process: Django against the test database, waits for the common start, signs its steps.
APPROVE_IN_A_PROCESS = """
import json, sys, time, django
django.setup()
from django.contrib.auth import get_user_model
from wagtail.models import TaskState
from tests.portal.admin_forms import signature_data

start_at, state_ids = float(sys.argv[1]), json.loads(sys.argv[2])
leader = get_user_model().objects.get(username="xiping_leader")
states = [TaskState.objects.get(pk=pk).specific for pk in state_ids]
time.sleep(max(0.0, start_at - time.time()))
for state in states:
    state.task.specific.on_action(state, leader, "approve", **signature_data())
print(json.dumps({"done": len(states), "finished_at": time.time()}))
"""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL feature; CI runs the suite on PostgreSQL too"
)
@pytest.mark.parametrize("processes", [2, 4, 8])
def test_publishing_processes_append_to_one_linear_chain(
    processes, demo_snapshot, transactional_db, django_db_serialized_rollback
):
    """Several application processes (not threads) release at the same moment: no fork, no gap, no failure."""
    restore(demo_snapshot)
    per_process = 3
    pages = [new_article(200 + n) for n in range(processes * per_process)]
    state_ids = [run_route(page, upto=1).current_task_state_id for page in pages]
    entries_before = LedgerEntry.objects.count()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal_site.settings.test",
        "DATABASE_URL": _url_of_the_test_database(),
    }
    start_at = time.time() + 3  # every process set up and waiting by then
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", APPROVE_IN_A_PROCESS, str(start_at), json.dumps(state_ids[n::processes])],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    results = [run.communicate(timeout=300) for run in runs]

    assert [run.returncode for run in runs] == [0] * processes, [stderr for _out, stderr in results]
    assert sum(json.loads(out.splitlines()[-1])["done"] for out, _err in results) == len(pages)
    sequences = list(LedgerEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, entries_before + len(pages) + 1))
    assert set(LedgerEntry.objects.filter(sequence__gt=entries_before).values_list("page_id", flat=True)) == {
        page.pk for page in pages
    }
    assert all(ArticlePage.objects.get(pk=page.pk).live for page in pages)
    assert verify().ok


def _url_of_the_test_database():
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
