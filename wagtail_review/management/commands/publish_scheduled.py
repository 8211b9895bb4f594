"""Scheduled go-lives and expiries, each registered in the publication ledger, one at a time.

Replaces Wagtail's ``publish_scheduled`` (``wagtail_review`` comes before
``wagtail`` in INSTALLED_APPS, system check E006) for pages:

* an expiry is the withdrawal its approved release was scheduled for: it is
  registered with who approved that release and when it was due;
* a go-live publishes the revision a route approved, through the guard;
* each change commits with its ledger entry in a transaction of its own, so
  one that is refused (an approval voided by a later take-down, say) is
  reported and skipped, and never holds back the others.

Other models with scheduled publishing (snippets) are left to Wagtail's own
behaviour.
"""

import logging

import swapper
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import DraftStateMixin, Revision

from wagtail_review.exceptions import ReviewRefusal
from wagtail_review.publication.ledger.models import LedgerAction
from wagtail_review.publication.models import ReleaseApproval
from wagtail_review.publication.withdrawal import Withdrawal, withdrawing

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Publish approved revisions whose go-live time has come, and withdraw pages whose expiry has come."

    def add_arguments(self, parser):
        parser.add_argument("--dryrun", action="store_true", help="Report what is due; change nothing.")

    def handle(self, *args, dryrun=False, **options):
        Page = swapper.load_model("wagtailcore", "Page")
        now = timezone.now()
        expired = list(Page.objects.filter(live=True, expire_at__lt=now).order_by("expire_at"))
        due = list(Revision.objects.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at"))
        others = [
            model
            for model in apps.get_models()
            if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
        ]
        if dryrun:
            for page in expired:
                self.stdout.write(f"expire  {page.expire_at:%Y-%m-%d %H:%M}  {page.title}")
            for revision in due:
                self.stdout.write(
                    f"publish {revision.approved_go_live_at:%Y-%m-%d %H:%M}  {revision.object_str}"
                )
            return
        failures = 0
        for page in expired:
            failures += not self.attempt(self.expire, page.specific)
        for revision in due:
            if not self.attempt(self.go_live, revision):
                failures += 1
                # Its approval no longer stands (taken down or withdrawn since): it will never go live as is.
                Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
        for model in others:
            for obj in model.objects.filter(live=True, expire_at__lt=now):
                obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
        if failures:
            self.stderr.write(f"{failures} scheduled change(s) refused; see the log.")

    def attempt(self, change, subject):
        try:
            with transaction.atomic():
                change(subject)
        except ReviewRefusal as refusal:
            logger.error("Scheduled change of %s refused: %s", subject, refusal)
            return False
        return True

    @staticmethod
    def expire(page):
        approval = ReleaseApproval.objects.filter(revision_id=page.live_revision_id).select_related(
            "workflow_state"
        )
        approver = _final_signer(approval.first())
        with translation.override(settings.LANGUAGE_CODE):  # the register is one document, in one language
            reason = _("Expired at %(time)s, as its approved release said") % {
                "time": timezone.localtime(page.expire_at).strftime("%Y-%m-%d %H:%M")
            }
        with withdrawing(Withdrawal(page.pk, LedgerAction.EXPIRE, approver, reason)):
            page.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")

    @staticmethod
    def go_live(revision):
        revision.publish(log_action="wagtail.publish.scheduled")


def _final_signer(approval):
    """Username of the signer whose signature completed the route of ``approval`` ("" if unknown)."""
    if approval is None:
        return ""
    signature = (
        approval.workflow_state.review_signatures.filter(decision="approve").order_by("-signed_at").first()
    )
    return signature.signer.get_username() if signature else ""
