import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Today's self-inspection against the national inspection's single-veto indicators. --json prints one "
        "object per indicator; --record keeps the day's result and tells who must act (for cron, daily: "
        "queued for the background worker, or run here with --now)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--record", action="store_true", help="Keep today's result and notify.")
        parser.add_argument("--now", action="store_true", help="With --record: record in this process.")
        parser.add_argument("--date", help="Inspect as of this day (YYYY-MM-DD) instead of today.")

    def handle(self, *args, **options):
        from wagtail_review.inspection import daily
        from wagtail_review.inspection.indicators import inspect

        day = None
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date must be a day written YYYY-MM-DD, not {options['date']!r}."
                ) from None
        if options["record"]:
            if day is not None:
                # The record is of the day it was made: today's pages cannot say what a past day held.
                raise CommandError(
                    "--record keeps today's result; --date goes with --json or the plain listing."
                )
            if options["now"]:
                result = daily.record(day)
                self.stdout.write(f"Recorded the self-inspection of {result.day}.")
            else:
                queued = daily.record_self_inspection.enqueue()
                self.stdout.write(f"Queued today's self-inspection ({queued.id}).")
            return
        indicators = inspect(day)
        if options["json"]:
            self.stdout.write(
                json.dumps([indicator.as_json() for indicator in indicators], ensure_ascii=False, indent=1)
            )
            return
        for indicator in indicators:
            mark = "PASS" if indicator.passed else "FAIL"
            self.stdout.write(f"{mark} {indicator.name}: {indicator.value} (threshold {indicator.threshold})")
            for item in indicator.items:
                self.stdout.write(f"     {item.unit_name}: {item.what} — {item.detail}")
