"""Content hashes: what exactly a signer approved, in a form that survives any later change."""

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
