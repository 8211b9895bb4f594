"""Background jobs in production go to a database queue and a real worker process runs them."""

import io
from unittest import mock

from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from wagtail_review.models import LiveFinding, WordingError
from wagtail_review.scanning.live import scan_live_pages

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_queued_scan_waits_for_the_worker_and_the_worker_runs_it(demo, db):
    WordingError.objects.create(wrong="采摘旺季", right="采收旺季", severity="warning")
    LiveFinding.objects.all().delete()
    with override_settings(TASKS=DATABASE_QUEUE):
        call_command("scan_live_pages", stdout=io.StringIO())
        assert DBTaskResult.objects.ready().count() == 1
        assert not LiveFinding.objects.exists()  # queued, not run
        # The worker recycles its database connection between jobs; here it shares the test's, whose
        # transaction holds the demo, so it must leave it open.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", batch=True, stdout=io.StringIO(), stderr=io.StringIO())
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert LiveFinding.objects.filter(text="采摘旺季").exists()
    assert scan_live_pages.name in DBTaskResult.objects.get().task_path
