"""Daily, from cron: remind units of mailbox replies due soon, tell leaders and the centre of overdue ones."""

from django.core.management.base import BaseCommand

from wagtail_review.mailbox.deadlines import remind_and_escalate


class Command(BaseCommand):
    help = "Remind units of mailbox replies due soon; escalate overdue ones to their leaders and the information centre."

    def handle(self, *args, **options):
        reminded, escalated = remind_and_escalate()
        self.stdout.write(f"Reminded {reminded} and escalated {escalated} mailbox message(s).")
