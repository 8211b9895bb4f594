"""Verify the publication ledger: exit 0 with the head when intact, non-zero naming the first bad entry."""

from django.core.management.base import BaseCommand, CommandError

from wagtail_review.publication.ledger.verification import verify


class Command(BaseCommand):
    help = (
        "Walk the publication ledger's hash chain and check that every live page is the release it registered. "
        "Prints the head (entry count and hash) to compare with the one the public site shows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chain-only", action="store_true", help="Check the chain only, not the live pages."
        )

    def handle(self, *args, chain_only=False, **options):
        result = verify(check_pages=not chain_only)
        for problem in result.problems:
            where = f"entry {problem.sequence}" if problem.sequence else f"page {problem.page_id}"
            self.stderr.write(f"{where}: {problem.message}")
        if not result.ok:
            raise CommandError(f"Ledger verification failed ({len(result.problems)} problem(s)).")
        self.stdout.write(f"OK {result.count} {result.head_hash}")
