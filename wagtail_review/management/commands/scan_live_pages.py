"""Scan every live page again (nightly, from cron): the findings list then shows the live site as it is."""

from django.core.management.base import BaseCommand

from wagtail_review.scanning.live import rescan, scan_live_pages


class Command(BaseCommand):
    help = (
        "Queue a scan of every live page for the background worker (django-tasks), for cron: "
        "e.g. 30 2 * * * manage.py scan_live_pages. --now scans in this process instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Scan here and now instead of queueing it.")

    def handle(self, *args, now=False, **options):
        if now:
            self.stdout.write(f"{rescan()} finding(s) on the live site.")
        else:
            result = scan_live_pages.enqueue()
            self.stdout.write(f"Queued: {result.id} ({result.status}).")
