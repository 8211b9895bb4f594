"""Verify the publication ledger: exit 0 with the head when intact, non-zero naming the first bad entry."""

from django.core.management.base import BaseCommand, CommandError

from wagtail_review.app_settings import app_settings
from wagtail_review.publication.ledger import merkle
from wagtail_review.publication.ledger.chain import head
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
        parser.add_argument(
            "--since-head",
            metavar="SIZE:ROOT",
            help="A head recorded earlier (tree_size:root_hash from ledger/head/): check that the first "
            "SIZE entries are still exactly the ones it covered.",
        )
        parser.add_argument(
            "--processes",
            type=int,
            metavar="N",
            help="Walk the chain in N processes at once on PostgreSQL (default: WAGTAIL_REVIEW_VERIFY_PROCESSES).",
        )

    def handle(self, *args, chain_only=False, since_head=None, processes=None, **options):
        recorded = self.parse_head(since_head) if since_head is not None else None
        if processes is None:
            processes = app_settings.VERIFY_PROCESSES
        elif processes < 1:
            raise CommandError("--processes takes a whole number of at least 1.")
        result = verify(check_pages=not chain_only, processes=processes)
        if recorded is not None:
            self.check_since(*recorded, result)
        for problem in result.problems:
            where = f"entry {problem.sequence}" if problem.sequence else f"page {problem.page_id}"
            self.stderr.write(f"{where}: {problem.message}")
        if not result.ok:
            raise CommandError(f"Ledger verification failed ({len(result.problems)} problem(s)).")
        # Stores the root of every whole block of the tree not stored yet (after an upgrade, all of them:
        # about a minute at a million entries), so no request for the public head pays for them.
        merkle.tree_head()
        self.stdout.write(f"OK {result.count} {result.head_hash}")

    def parse_head(self, recorded):
        size, _colon, root_hash = recorded.partition(":")
        if not size.isdigit() or len(root_hash) != 64 or not all(c in "0123456789abcdef" for c in root_hash):
            raise CommandError(
                "--since-head takes SIZE:ROOT, e.g. 120:3f2a… (tree_size and root_hash of ledger/head/)."
            )
        return int(size), root_hash

    def check_since(self, size, root_hash, result):
        """The first ``size`` entries are those the recorded head covered (``result``: the chain just walked)."""
        count = head().count
        if size > count:
            raise CommandError(
                f"The ledger holds {count} entries, fewer than the {size} of the recorded head: entries were removed."
            )
        # The tree's leaves carry each entry's stored hash; the chain walk said whether each still matches.
        changed = [problem for problem in result.problems if problem.sequence and problem.sequence <= size]
        if changed:
            raise CommandError(
                f"Entry {changed[0].sequence}, before the recorded head, was changed: {changed[0].message}"
            )
        now = merkle.tree_head(size)
        if now.root_hash != root_hash:
            raise CommandError(
                f"The first {size} entries are not those of the recorded head: root {now.root_hash}, "
                f"recorded {root_hash}. Entries before it were changed, removed or reordered."
            )
        self.stdout.write(f"OK the first {size} entries are unchanged since the recorded head.")
