"""The publication ledger (Art. 11, 13: 信息发布审核登记): one entry per release, take-down and expiry.

Entries are append-only and hash-chained: each carries the SHA-256 of its own
canonical content and of the entry before it, so editing, deleting, inserting
or reordering entries breaks the chain (``ledger.verify``). Everything an
auditor needs is copied into the entry itself — page, URL, unit, route,
signatures, content hashes — so it survives revision purges and page deletion.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LedgerAction(models.TextChoices):
    PUBLISH = "publish", _("Released")
    TAKE_DOWN = "take_down", _("Taken down")
    UNPUBLISH = "unpublish", _("Unpublished")
    EXPIRE = "expire", _("Expired")
    # A page that was live before the site adopted the review regime,
    # registered as it stood (adopt_live_pages): 存量信息, not yet reviewed.
    BASELINE = "baseline", _("Existing content, not yet reviewed")
    # An approved release scheduled for later was withdrawn before it went live.
    WITHDRAW = "withdraw", _("Scheduled release withdrawn")
    # A live page moved within its unit: the same information at a new address.
    MOVE = "move", _("Moved")
    # Who may sign changed: a signing role confirmed by a second administrator, or removed (page id 0).
    GOVERNANCE = "governance", _("Signing role granted or removed")


# After these, the ledger accounts for the page's live revision and content.
ACCOUNTING_ACTIONS = (LedgerAction.PUBLISH, LedgerAction.BASELINE, LedgerAction.MOVE)
# After these, every earlier release approval of the page is void.
WITHDRAWING_ACTIONS = (
    LedgerAction.TAKE_DOWN,
    LedgerAction.UNPUBLISH,
    LedgerAction.EXPIRE,
    LedgerAction.WITHDRAW,
)


class LedgerEntry(models.Model):
    sequence = models.PositiveBigIntegerField(_("number"), unique=True)
    action = models.CharField(_("action"), max_length=16, choices=LedgerAction.choices)
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True)
    page_id = models.BigIntegerField(_("page id"), db_index=True)
    page_title = models.CharField(_("title"), max_length=255)
    page_url = models.TextField(_("URL"))
    page_type = models.CharField(_("page type"), max_length=100)
    unit_id = models.BigIntegerField(_("unit id"), null=True, db_index=True)
    unit_name = models.CharField(_("unit"), max_length=100, blank=True)
    section_page_id = models.BigIntegerField(_("section"), null=True)
    source_type = models.CharField(_("source type"), max_length=32, blank=True, db_index=True)
    route_name = models.CharField(_("route"), max_length=255, blank=True)
    revision_id = models.BigIntegerField(_("revision"), null=True)
    revision_content_hash = models.CharField(_("revision content hash"), max_length=64, blank=True)
    live_content_hash = models.CharField(_("live content hash"), max_length=64, blank=True)
    workflow_state_id = models.BigIntegerField(_("submission"), null=True)
    submitted_by = models.CharField(_("submitted by"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True)
    signatures = models.JSONField(_("signatures"), default=list)
    actor = models.CharField(_("recorded for"), max_length=150, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # A policy document and its interpretation going live together (Art. 9): the page released with this one.
    released_with = models.BigIntegerField(_("released together with page"), null=True, blank=True)
    # Random, hashed with the entry and never published: the entry hash is public (in the proofs), and
    # without it a guess of the names the public record leaves out could be confirmed against that hash.
    # NULL for entries written before it existed (migration 0030): only a salt that is set is hashed
    # (chain.OPTIONAL_HASHED_FIELDS), so their hashes stay as they were.
    salt = models.CharField(_("salt"), max_length=32, null=True, blank=True, editable=False)  # noqa: DJ001
    previous_hash = models.CharField(_("previous entry hash"), max_length=64)
    entry_hash = models.CharField(_("entry hash"), max_length=64, unique=True)
    # The bytes this hash is the SHA-256 of are the entry's LedgerRecord; the columns above are their
    # queryable copy, checked against them (verification.verify_columns).

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("publication ledger")
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["page_id", "-sequence"], name="wagtail_review_ledger_page")]

    def __str__(self):
        return f"#{self.sequence} {self.get_action_display()} {self.page_title}"

    @property
    def review_form_label(self):
        """Link text for the submission's printed review form (releases only)."""
        return _("Review form") if self.workflow_state_id else ""

    def get_source_type_display(self):
        """The source type as the register names it (重大突发事件和敏感信息), not its code.

        Not a choices field: entries keep the code they were made with, whatever later versions call it.
        """
        from ...routing.routes import SourceType

        try:
            return SourceType(self.source_type).label if self.source_type else ""
        except ValueError:  # a type a later version no longer knows: the code is still the record
            return self.source_type

    @property
    def signers_display(self):
        """The signatures in one line, for listings and the exported register."""
        from ...organisation.memberships import Role

        return "；".join(
            f"{s['name']}（{s['unit']}·{Role(s['role']).label}）{local_minute(s['signed_at'])}"
            for s in self.signatures
        )


def local_minute(iso_time):
    """A time the ledger keeps as ISO text (in UTC), as the site's clock showed it: 2026-11-27 09:05."""
    try:
        moment = datetime.datetime.fromisoformat(iso_time)
    except (TypeError, ValueError):
        return str(iso_time)
    if timezone.is_aware(moment):
        from ...exports import register_time_zone

        moment = moment.astimezone(register_time_zone())
    return moment.strftime("%Y-%m-%d %H:%M")


class LedgerRecord(models.Model):
    """An entry's canonical JSON, byte for byte as hashed (``chain.canonical_bytes``): the record itself.

    A table of its own, three columns wide, so the chain walk reads little
    more than the bytes it hashes; on PostgreSQL the bytes are stored
    uncompressed (migration 0031). Written in the same transaction as the
    entry, append-only like it.
    """

    sequence = models.PositiveBigIntegerField(_("number"), primary_key=True)
    entry_hash = models.CharField(_("entry hash"), max_length=64)
    canonical = models.BinaryField(_("canonical bytes"))

    class Meta:
        verbose_name = _("ledger record")
        verbose_name_plural = _("ledger records")
        ordering = ["sequence"]
        default_permissions = ()

    def __str__(self):
        return f"#{self.sequence} {self.entry_hash}"


class MerkleBlock(models.Model):
    """The Merkle root of one whole, aligned block of ledger entries (``merkle.BLOCK_SIZE`` of them).

    Entries never change, so neither does a whole block's root: stored the
    first time a head or proof needs it, it spares every later one reading
    and hashing that block's entries again. Derived, not a record: a row
    deleted is computed again; a row altered would give roots that no longer
    match heads readers recorded, which their consistency proofs show.
    """

    index = models.PositiveIntegerField(_("block"), primary_key=True)
    root_hash = models.CharField(_("root hash"), max_length=64)

    class Meta:
        verbose_name = _("Merkle tree block")
        verbose_name_plural = _("Merkle tree blocks")
        default_permissions = ()

    def __str__(self):
        return f"{self.index}: {self.root_hash}"
