"""Cleaning the HTML that enters a page, by any path, against the rich-text editor's own allow-list (bleach).

Wagtail's editor (Draftail) only produces the elements its features allow,
but a page's content also enters from code, imports, the API of another
system, or a raw HTML block. Every revision of a page is cleaned as it is
stored (``sanitise_revision``, a ``pre_save`` receiver on ``Revision``):
rich text fields, rich text and raw HTML blocks at any depth of a
StreamField, and the review form's free text (tags stripped; it is plain
text). What the public reads is always a revision's content, so nothing else
can carry script to them; drafts saved on the page row are never served.

HTML with nothing disallowed is kept byte for byte as the editor wrote it
(``clean_html`` compares bleach's strict output with a pass that allows
everything present), so cleaning never changes content it does not have to.
"""

import html
import json
import re

import bleach
from django.db import models
from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField

# What Wagtail's rich text features produce (headings, lists, links, embeds, images, code, …).
ALLOWED_TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "s", "sub", "sup",
    "code", "blockquote", "ol", "ul", "li", "a", "hr", "embed", "span", "table", "thead", "tbody",
    "tr", "th", "td",
}  # fmt: skip
KEYED = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
ALLOWED_ATTRIBUTES = {
    "a": ["href", "linktype", "id", "title"],
    "embed": ["embedtype", "id", "format", "alt", "url"],
    **{tag: ["data-block-key"] for tag in KEYED},
}
ALLOWED_PROTOCOLS = ["http", "https", "mailto", "tel"]
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9:-]*)")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*)\s*:")


def clean_html(value):
    """``value`` without anything the allow-list does not know: scripts, event handlers, ``javascript:``
    links, frames, forms, styles, meta refreshes. Unchanged when there is nothing to remove."""
    if not value or "<" not in value and ":" not in value:
        return value
    strict = bleach.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    everything = bleach.clean(
        value,
        tags={tag.lower() for tag in _TAG.findall(value)},
        attributes=lambda tag, name, attribute_value: True,
        protocols=[scheme.lower() for scheme in _SCHEME.findall(value)] + ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=False,
    )
    return value if strict == everything else strict


def clean_text(value):
    """Plain text with any markup in it removed (it is escaped wherever it is shown)."""
    if not value or "<" not in value:
        return value
    return html.unescape(bleach.clean(value, tags=set(), strip=True, strip_comments=True))


def sanitise_content(model, content):
    """Clean, in place, the serialised content of an object of ``model`` (a revision's ``content``)."""
    from .review_form.models import ReviewForm

    plain_text = issubclass(model, ReviewForm)  # the submitter's free text: no markup at all
    for field in model._meta.concrete_fields:
        value = content.get(field.name)
        if not value:
            continue
        if isinstance(field, RichTextField):
            content[field.name] = clean_html(value)
        elif isinstance(field, StreamField):
            data = json.loads(value) if isinstance(value, str) else value
            data = _clean_stream(field.stream_block, data)
            content[field.name] = json.dumps(data) if isinstance(value, str) else data
        elif plain_text and isinstance(field, models.CharField | models.TextField):
            content[field.name] = clean_text(value) if isinstance(value, str) else value
    for relation in get_all_child_relations(model):
        for child in content.get(relation.get_accessor_name()) or ():
            if isinstance(child, dict):
                sanitise_content(relation.related_model, child)
    return content


def _clean_block(block, value):
    if isinstance(block, blocks.RichTextBlock | blocks.RawHTMLBlock):
        return clean_html(value) if isinstance(value, str) else value
    if isinstance(block, blocks.StreamBlock):
        return _clean_stream(block, value)
    if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        return {
            name: _clean_block(block.child_blocks[name], child) if name in block.child_blocks else child
            for name, child in value.items()
        }
    if isinstance(block, blocks.ListBlock) and isinstance(value, list):
        return [
            {**item, "value": _clean_block(block.child_block, item.get("value"))}
            if isinstance(item, dict) and "type" in item and "value" in item
            else _clean_block(block.child_block, item)
            for item in value
        ]
    return value


def _clean_stream(stream_block, data):
    if not isinstance(data, list):
        return data
    return [
        {**item, "value": _clean_block(stream_block.child_blocks[item["type"]], item.get("value"))}
        if isinstance(item, dict) and item.get("type") in stream_block.child_blocks
        else item
        for item in data
    ]


def sanitise_revision(sender, instance, raw=False, **kwargs):
    """``pre_save`` on ``Revision``: a page revision's content is cleaned as it is first stored."""
    from wagtail.models import Page

    if raw or not instance._state.adding or not isinstance(instance.content, dict):
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is not None and issubclass(model, Page):
        sanitise_content(model, instance.content)


def page_types_allowing_raw_html():
    """Page types with a raw HTML block anywhere in a StreamField (system check W006)."""
    from wagtail.models import get_page_models

    return [
        model
        for model in get_page_models()
        if any(
            isinstance(field, StreamField) and _has_raw_html(field.stream_block, set())
            for field in model._meta.concrete_fields
        )
    ]


def _has_raw_html(block, seen):
    if id(block) in seen:
        return False
    seen.add(id(block))
    if isinstance(block, blocks.RawHTMLBlock):
        return True
    children = list(getattr(block, "child_blocks", {}).values())
    if isinstance(block, blocks.ListBlock):
        children.append(block.child_block)
    return any(_has_raw_html(child, seen) for child in children)
