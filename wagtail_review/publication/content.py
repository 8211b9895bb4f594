"""Content hashes: what exactly a signer approved and what the public reads, in a form that survives any later change."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder


def canonical_json(data):
    """Key-sorted, whitespace-free UTF-8 JSON: the same content always gives the same bytes."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    ).encode()


def revision_content_hash(revision):
    """SHA-256 of a revision's stored content."""
    return hashlib.sha256(canonical_json(revision.content)).hexdigest()


# Page fields that are bookkeeping rather than what the public reads; they
# change with drafts, locks and moves and are left out of the live content hash.
NON_CONTENT_FIELDS = {
    "pk",
    "path",
    "depth",
    "numchild",
    "url_path",
    "draft_title",
    "live",
    "has_unpublished_changes",
    "owner",
    "locked",
    "locked_at",
    "locked_by",
    "latest_revision",
    "latest_revision_created_at",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "expired",
    "go_live_at",
    "expire_at",
    "content_type",
    "translation_key",
    "locale",
    "alias_of",
    "wagtail_admin_comments",
}


def live_content_hash(page):
    """SHA-256 of what the public reads of ``page``: its content fields as stored in the page row."""
    data = {key: value for key, value in page.serializable_data().items() if key not in NON_CONTENT_FIELDS}
    return hashlib.sha256(canonical_json(data)).hexdigest()
