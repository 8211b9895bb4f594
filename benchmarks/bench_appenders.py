"""6. Releases per second from several publishing processes at once (PostgreSQL only).

Every release appends to the one ledger under an advisory lock, so releases
from several application processes queue for it. Articles are taken through
every step of their route but the last (untimed); then 1, 2, 4 and 8
separate processes (not threads) each give the final signatures of their
share at one agreed moment. Reported: the time from that moment until the
last process finished, releases per second, and the ratio to one process;
after each run the chain is walked and must be linear and complete.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from bench_publish import new_article, up_to_last_step
from django.contrib.auth import get_user_model
from django.db import connection
from timing import say, table

from wagtail_review.models import LedgerEntry
from wagtail_review.publication.ledger.verification import verify_chain

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = (1, 2, 4, 8)

SIGN_IN_A_PROCESS = """
import json, sys, time, django
django.setup()
from django.contrib.auth import get_user_model
from wagtail.models import TaskState
from bench_publish import final_sign

start_at, jobs = float(sys.argv[1]), json.loads(sys.argv[2])
users = get_user_model().objects
work = [(TaskState.objects.get(pk=state).specific, users.get(pk=signer)) for state, signer in jobs]
ready_at = time.time()
time.sleep(max(0.0, start_at - ready_at))
for task_state, signer in work:
    final_sign(task_state, signer)
sys.stdout.write(json.dumps({"ready_at": ready_at, "finished_at": time.time()}))
"""


def run(releases):
    if connection.vendor != "postgresql":
        say("(PostgreSQL only: SQLite allows one writer at a time, and its lock is not the ledger's)")
        return None
    submitter = get_user_model().objects.get(username="xiping_editor")
    rows, rates = [], {}
    for processes in PROCESSES:
        jobs = []
        for _ in range(releases):
            task_state, signer = up_to_last_step(new_article(), submitter)
            jobs.append((task_state.pk, signer.pk))
        before = LedgerEntry.objects.count()
        seconds = _sign_in_processes(jobs, processes)
        count, _head, problems = verify_chain()
        assert not problems and count == before + releases, (count, before, problems[:1])
        rates[processes] = releases / seconds
        rows.append(
            [
                processes,
                releases,
                f"{seconds:.2f}",
                f"{rates[processes]:.1f}",
                f"{rates[processes] / rates[1]:.2f}",
            ]
        )
    table(["publishing processes", "releases", "seconds", "releases/s", "ratio vs 1 process"], rows)
    return rates


def _sign_in_processes(jobs, processes):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "benchmarks"), str(ROOT)]),
        "DATABASE_URL": _database_url(),
    }
    start_at = time.time() + 3 + processes  # every process set up and waiting by then
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", SIGN_IN_A_PROCESS, str(start_at), json.dumps(jobs[n::processes])],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    if any(run.returncode for run in runs):
        raise RuntimeError([stderr for _out, stderr in outputs])
    results = [json.loads(out.splitlines()[-1]) for out, _err in outputs]
    # A process still setting up at the start would make the others look faster than they are.
    assert all(result["ready_at"] <= start_at for result in results), "raise the start margin"
    return max(result["finished_at"] for result in results) - start_at


def _database_url():
    settings = connection.settings_dict
    user = quote(settings["USER"] or "postgres")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
