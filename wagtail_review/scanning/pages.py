"""Scanning a page (or a revision of it): every text a reader sees, and the review form's free text.

The title and every text field of the page type, rich text and StreamField
blocks as the reader reads them (tags stripped), inline children and tags,
the titles of the images and documents it shows, and the review form's
remarks and document details. The contact fields of the review form are
internal and never published, so they are not scanned for personal data.
"""

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from wagtail.fields import RichTextField, StreamField

from ..publication.content import NON_CONTENT_FIELDS
from .scanner import scan_text

REVIEW_FORM_TEXT_FIELDS = ("reprint_outlet", "doc_number", "issuing_authority", "note")


def page_texts(page):
    """``[(where, text)]``: the texts of ``page`` a scan reads, each labelled with where it is."""
    from ..publication.media import shown_files
    from ..review_form.models import review_form_of

    texts = list(_object_texts(page, exclude=NON_CONTENT_FIELDS | {"slug"}))
    for relation in get_all_child_relations(type(page)):
        name = relation.get_accessor_name()
        if name in NON_CONTENT_FIELDS:
            continue
        for child in getattr(page, name).all():
            texts.extend(_object_texts(child, exclude={relation.field.name}))
    for tag_field in ("tags",):
        manager = getattr(page, tag_field, None)
        if manager is not None and hasattr(manager, "names"):
            texts.extend((_("Tags"), name) for name in manager.names())
    texts.extend((_("Attachment or image title"), item["title"]) for item in shown_files(page))
    review_form = review_form_of(page)
    for name in REVIEW_FORM_TEXT_FIELDS:
        value = getattr(review_form, name, "")
        if value:
            label = capfirst(type(review_form)._meta.get_field(name).verbose_name)
            texts.append((_("Review form: %(field)s") % {"field": label}, value))
    return [(where, text) for where, text in texts if text]


def _object_texts(obj, exclude=()):
    for field in type(obj)._meta.concrete_fields:
        if field.name in exclude or field.primary_key or field.is_relation or field.choices:
            continue
        value = field.value_from_object(obj)
        if not value:
            continue
        label = str(capfirst(field.verbose_name))
        if isinstance(field, StreamField):
            for text in field.stream_block.get_searchable_content(value):
                yield label, strip_tags(str(text))
        elif isinstance(field, RichTextField):
            yield label, strip_tags(str(value))
        elif isinstance(field, (models.CharField, models.TextField)):
            yield label, str(value)


def scan_page(page, on=None):
    """Every finding in ``page`` (a page, or a revision's ``as_object()``), each with ``field`` saying where."""
    findings = []
    for where, text in page_texts(page):
        findings.extend(scan_text(text, on=on, field=str(where)))
    return findings


def scan_revision(revision, on=None):
    return scan_page(revision.as_object(), on=on)
