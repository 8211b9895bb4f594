"""Register every page a site already has live as a baseline in the publication ledger (see publication.adoption)."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wagtail_review.publication.adoption import adopt_live_pages, foreign_workflow_states

DEFAULT_REASON = "接入信息审核发布制度前已发布的存量信息，待审核"


class Command(BaseCommand):
    help = (
        "Register every live page the publication ledger does not know yet as a baseline entry "
        "(existing content, not yet reviewed), so the site keeps serving it; changes no page. "
        "Reports workflows of the site's own still in progress on pages, and can cancel them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--user",
            required=True,
            help="Username of the person running the adoption; recorded in every baseline entry.",
        )
        parser.add_argument("--reason", default=DEFAULT_REASON, help="Recorded in every baseline entry.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; change nothing."
        )
        parser.add_argument(
            "--cancel-foreign-workflows",
            action="store_true",
            help="Cancel workflows in progress on pages that are not review routes (they block the routes).",
        )
        parser.add_argument(
            "--include-pages-live-since-adoption",
            action="store_true",
            dest="include_later_pages",
            help="Also register pages found live and unregistered after the site had adopted (they went live "
            "behind the application's back: investigate first).",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask whether to cancel foreign workflows.",
        )

    def handle(
        self,
        *args,
        user,
        reason,
        dry_run,
        cancel_foreign_workflows,
        include_later_pages,
        interactive,
        **options,
    ):
        actor = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: user}).first()
        if actor is None:
            raise CommandError(f"No user named {user!r}: name the person running the adoption with --user.")
        if not actor.is_active:
            raise CommandError(f"User {user!r} is inactive: name an active person with --user.")
        if not reason.strip():
            raise CommandError("--reason may not be empty.")

        foreign = list(foreign_workflow_states())
        for workflow_state in foreign:
            self.stdout.write(
                f"Workflow in progress that is not a review route: “{workflow_state.workflow.name}” on page "
                f"{workflow_state.object_id} (state {workflow_state.pk}, {workflow_state.get_status_display()})."
            )
        if foreign and not cancel_foreign_workflows and interactive and not dry_run:
            try:
                answer = input(
                    f"Cancel these {len(foreign)} workflow(s)? They block the review routes. [y/N] "
                )
            except EOFError:  # no terminal to answer from: the safe answer
                answer = ""
            cancel_foreign_workflows = answer.strip().lower() in ("y", "yes")

        started = time.monotonic()
        report = adopt_live_pages(
            actor,
            reason.strip(),
            dry_run=dry_run,
            cancel_foreign_workflows=cancel_foreign_workflows and not dry_run,
            include_later_pages=include_later_pages,
        )
        seconds = time.monotonic() - started
        verb = "Would register" if dry_run else "Registered"
        self.stdout.write(
            f"{verb} {len(report.baselined)} live page(s) as existing content not yet reviewed; "
            f"{report.already_registered} already registered ({seconds:.1f} s)."
        )
        if report.cancelled_workflows:
            self.stdout.write(f"Cancelled {report.cancelled_workflows} foreign workflow(s).")
        elif foreign:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(foreign)} foreign workflow(s) left in progress: their pages cannot be submitted "
                    "for review until they are cancelled (--cancel-foreign-workflows)."
                )
            )
        if report.live_since_adoption:
            raise CommandError(
                f"{len(report.live_since_adoption)} page(s) went live without review after this site adopted "
                f"(ids {', '.join(map(str, report.live_since_adoption[:20]))}): they stay withheld. Take them "
                "down or release them through their routes; --include-pages-live-since-adoption registers them."
            )
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("Done. Run verify_ledger to check the result."))
