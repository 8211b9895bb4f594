"""What the publication layer records besides the ledger.

* ``ReleaseApproval``: the one revision a completed review route approved (Art. 9); the publish guard requires it.
* ``TakeDown``: a live page withdrawn from the public site, with who, when and why (Art. 16).
"""

import swapper
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TakeDown(models.Model):
    page = models.ForeignKey(
        swapper.get_model_name("wagtailcore", "Page"),
        verbose_name=_("page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="review_take_downs",
    )
    # Copied, so the record still says what was taken down after the page is gone.
    page_title = models.CharField(_("title"), max_length=255)
    page_url_path = models.TextField(_("URL path"), blank=True)
    revision_number = models.BigIntegerField(_("revision withdrawn"), null=True)
    reason = models.TextField(_("reason"))
    taken_down_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken down by"), on_delete=models.PROTECT, related_name="+"
    )
    taken_down_at = models.DateTimeField(_("taken down at"), auto_now_add=True)

    class Meta:
        verbose_name = _("take-down")
        verbose_name_plural = _("take-downs")
        ordering = ["-taken_down_at"]

    def __str__(self):
        return f"{self.page_title} ({self.taken_down_at:%Y-%m-%d})"


class ReleaseApproval(models.Model):
    """The one revision a completed review route approved for release. The publish guard requires it."""

    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="review_release_approval"
    )
    # Goes with its submission when a page that was taken down is deleted; the ledger keeps its own copy.
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", on_delete=models.CASCADE, related_name="review_release_approvals"
    )
    source_type = models.CharField(_("source type"), max_length=32)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)
    # The ledger's head when the route completed. A take-down, expiry or
    # withdrawal of the page registered after it voids this approval for good
    # (Art. 16: coming back needs a new, complete route); see guard.approval_is_current.
    ledger_sequence = models.PositiveBigIntegerField(_("ledger head at approval"), default=0)

    class Meta:
        verbose_name = _("release approval")
        verbose_name_plural = _("release approvals")

    def __str__(self):
        return f"revision {self.revision_id} approved {self.approved_at:%Y-%m-%d %H:%M}"


class Withholding(models.Model):
    """A live page found changed behind the application's back (Art. 13): withheld from every listing too.

    The serve check notes it when it withholds the page at its own address, and
    ``verify_ledger`` rebuilds the whole set; the page's next ledger entry (a
    release through its route, a take-down) clears it. Bookkeeping for the
    listings, not a record: the ledger and ``verify_ledger`` are the record.
    """

    page_id = models.BigIntegerField(_("page id"), unique=True)
    detected_at = models.DateTimeField(_("detected at"), auto_now=True)

    class Meta:
        verbose_name = _("withheld page")
        verbose_name_plural = _("withheld pages")

    def __str__(self):
        return f"page {self.page_id} withheld since {self.detected_at:%Y-%m-%d %H:%M}"
