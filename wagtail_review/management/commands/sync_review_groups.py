"""Rebuild every Wagtail group this app provisions from units, memberships and sections."""

from django.core.management.base import BaseCommand

from wagtail_review.organisation import provisioning


class Command(BaseCommand):
    help = (
        "Rebuild the review app's Wagtail groups and page permissions from units, memberships and sections."
    )

    def handle(self, *args, **options):
        provisioning.sync_all()
        self.stdout.write(self.style.SUCCESS("Provisioned groups are in step."))
