"""Check every link and attachment of the live site (nightly or weekly, from cron)."""

from django.core.management.base import BaseCommand

from wagtail_review.scanning.links import check_all_links, check_links


class Command(BaseCommand):
    help = (
        "Queue a check of every link, page link, attachment and image on the live site for the background "
        "worker (django-tasks), for cron: e.g. 0 3 * * 0 manage.py check_links. --now checks in this process."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Check here and now instead of queueing it.")

    def handle(self, *args, now=False, **options):
        if now:
            run = check_all_links()
            self.stdout.write(f"{run.links_checked} link(s) checked, {run.broken} not working.")
        else:
            result = check_links.enqueue()
            self.stdout.write(f"Queued: {result.id} ({result.status}).")
