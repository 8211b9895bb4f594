"""Wagtail's ``publish_scheduled``, run in one transaction.

Go-lives and expiries change what the public sees, and each such change is
registered in the publication ledger by the page-save signals. Wagtail's
command saves pages outside any transaction; here a run commits all its
changes with their ledger entries, or none of them.
"""

from django.db import transaction
from wagtail.management.commands.publish_scheduled import Command as WagtailPublishScheduled


class Command(WagtailPublishScheduled):
    help = WagtailPublishScheduled.help

    def handle(self, *args, **options):
        with transaction.atomic():
            return super().handle(*args, **options)
