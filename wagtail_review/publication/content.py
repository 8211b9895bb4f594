"""Content hashes: what exactly a signer approved and what the public reads, in a form that survives any later change."""

import datetime
import hashlib
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.fields import StreamField


def canonical_json(data):
    """Key-sorted, whitespace-free UTF-8 JSON: the same content always gives the same bytes."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    ).encode()


def revision_content_hash(revision):
    """SHA-256 of a revision's stored content."""
    return hashlib.sha256(canonical_json(revision.content)).hexdigest()


# Page fields that are bookkeeping rather than what the public reads; they
# change with drafts, locks and moves and are left out of the live content
# fingerprint. So are the review form and editors' comments: they travel with
# revisions but the public never reads them.
NON_CONTENT_FIELDS = {
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
    "review_forms",
}


def public_content(page):
    """What the public reads of ``page``: its content fields, child relations (inline children, tags)
    and parental many-to-many relations, normalised so that the same content gives the same data
    whether the page was read from the database or restored from a revision in memory.

    Taken from the page object itself, so that a save can be checked against
    exactly what it is about to write: modelcluster writes child relations and
    many-to-many *after* the page row, so the database alone would be stale
    during the save.
    """
    from .media import shown_files

    content = _object_content(page, exclude=NON_CONTENT_FIELDS | ignored_fields(type(page)))
    # The images and documents it shows are information too (Art. 3): their titles, files and hashes.
    content["_shown_files"] = shown_files(page)
    return content


def ignored_fields(model):
    """The fields of ``model`` (or the page types it derives from) named in WAGTAIL_REVIEW_IGNORED_FIELDS."""
    from ..app_settings import app_settings

    labels = {model._meta.label, *(parent._meta.label for parent in model._meta.all_parents)}
    return {
        entry.rsplit(".", 1)[1] for entry in app_settings.IGNORED_FIELDS if entry.rsplit(".", 1)[0] in labels
    }


def live_content_hash(page):
    """SHA-256 of ``public_content(page)``: the fingerprint the ledger registers and the serve check compares."""
    return hashlib.sha256(canonical_json(public_content(page))).hexdigest()


def _object_content(obj, exclude=()):
    model = type(obj)
    data = {
        field.name: _field_value(field, obj)
        for field in model._meta.concrete_fields
        if field.serialize
        and not field.primary_key
        and field.name not in exclude
        and not getattr(field.remote_field, "parent_link", False)
    }
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        if name in exclude:
            continue
        children = [
            _object_content(child, exclude={relation.field.name}) for child in getattr(obj, name).all()
        ]
        # Order is content only where the children carry it (an Orderable's sort_order).
        data[name] = sorted(children, key=canonical_json)
    for field in get_all_child_m2m_relations(model):
        if field.serialize and field.name not in exclude:
            data[field.name] = sorted(str(target.pk) for target in getattr(obj, field.name).all())
    return data


def _is_tag(model):
    from taggit.models import TagBase

    return isinstance(model, type) and issubclass(model, TagBase)


def _field_value(field, obj):
    value = field.value_from_object(obj)
    if value is None:
        return None
    if field.remote_field is not None:
        if _is_tag(field.related_model):
            # A tag shows by its name: renaming it changes what the page shows.
            return str(field.related_model.objects.filter(pk=value).values_list("name", flat=True).first())
        return str(field.target_field.to_python(value))
    if isinstance(field, StreamField):
        # JSON: compared as data, since a database may reorder keys (PostgreSQL's jsonb).
        return field.get_prep_value(value)
    if isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.DecimalField):
        return str(value.quantize(Decimal(1).scaleb(-field.decimal_places)))
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(datetime.UTC).isoformat()
    return field.value_to_string(obj)
