"""Remove account events older than WAGTAIL_REVIEW_AUDIT_RETENTION_DAYS (never fewer than 180 days)."""

from django.core.management.base import BaseCommand

from wagtail_review.accounts.audit import prune
from wagtail_review.app_settings import app_settings


class Command(BaseCommand):
    help = "Remove account events past their retention period (at least 180 days, Cybersecurity Law Art. 21)."

    def handle(self, *args, **options):
        removed = prune(app_settings.AUDIT_RETENTION_DAYS)
        self.stdout.write(f"Removed {removed} account event(s) older than the retention period.")
