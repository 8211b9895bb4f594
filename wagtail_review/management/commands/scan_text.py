"""Scan text from standard input: one JSON object per finding on standard output; exit 0 either way."""

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from wagtail_review.scanning.scanner import scan_text


class Command(BaseCommand):
    stealth_options = ("stdin",)  # for calling it from code: call_command("scan_text", stdin=io.StringIO(…))
    help = (
        "Read text on standard input and print one JSON object per finding (kind, severity, start, end, "
        "matched text, suggestion). Positions count characters. Exits 0 whether or not anything is found."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--on", help="Check officials' titles as of this day (YYYY-MM-DD); today by default."
        )

    def handle(self, *args, on=None, stdin=None, **options):
        if on:
            try:
                on = datetime.date.fromisoformat(on)
            except ValueError as error:
                raise CommandError(f"--on: not a date as YYYY-MM-DD: {on!r}") from error
        text = (stdin or sys.stdin).read()
        for finding in scan_text(text, on=on):
            item = finding.as_dict()
            item.pop("context", None)
            item["matched"] = item.pop("text")
            self.stdout.write(json.dumps(item, ensure_ascii=False))
