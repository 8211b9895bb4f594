"""Signatures (Art. 8: 分管领导审核签字): one person's decision on one review step."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..organisation.memberships import Role


class Signature(models.Model):
    """One person's decision on one review task, against the nine points, for one exact revision."""

    APPROVE = "approve"
    REJECT = "reject"
    DECISIONS = [(APPROVE, _("Approved")), (REJECT, _("Returned for changes"))]

    task_state = models.OneToOneField(
        "wagtailcore.TaskState", on_delete=models.CASCADE, related_name="review_signature"
    )
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", on_delete=models.CASCADE, related_name="review_signatures"
    )
    # Kept by id and by hash as well: revisions can be purged, the record must stay.
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="review_signatures"
    )
    revision_number = models.BigIntegerField(_("revision"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signer"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "wagtail_gov_review.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="signatures"
    )
    decision = models.CharField(_("decision"), max_length=16, choices=DECISIONS)
    answers = models.JSONField(_("answers to the review points"), default=dict)
    comment = models.TextField(_("comment"), blank=True)
    # A serious scanner finding the signer approved over: {"reason": …, "findings": [{kind, text, field}]}.
    false_alarm = models.JSONField(_("findings overridden as false alarms"), default=dict, blank=True)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]

    def __str__(self):
        return f"{self.signer} · {self.get_role_display()} · {self.get_decision_display()}"
