"""One piece of work per transaction, run when it commits, gathering what the transaction asked of it.

A transaction that releases many pages (loading a site, a joint release) or
imports thousands of rows queues one job, not one per row.
"""

from django.db import transaction


def after_commit(kind, fill):
    """Call ``fill(job)`` on the ``kind()`` job the current transaction runs when it commits.

    The job is created and queued with ``transaction.on_commit`` the first
    time; later calls in the same transaction add to it. Outside a
    transaction it runs at once, filled.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Joined only at the same savepoint: rolling one back must drop exactly what was queued inside it.
        here = set(connection.savepoint_ids)
        for savepoints, job, _robust in connection.run_on_commit:
            if isinstance(job, kind) and savepoints == here:
                fill(job)
                return
    job = kind()
    fill(job)
    transaction.on_commit(job)
