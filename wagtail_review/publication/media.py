"""Pictures and files are information too (Art. 3): what a page shows of them is reviewed with it.

* ``shown_files(page)``: the images and documents a page shows — found the way
  Wagtail's reference index finds them, from the page as it stands (in memory
  or stored) — with their titles, file names and content hashes. They are
  part of the page's content fingerprint (``content.public_content``).
* ``check_file_change(obj)``: an image or document that a live page shows
  cannot be replaced, retitled or deleted in place; upload a new one and put
  it through the page's route. The same for renaming a tag a live page shows.
  Wagtail's own edit forms ask the same rule when validating
  (``install_file_form_check``), as they delete the old file before saving.
* ``shown_publicly(queryset)``: images and documents shown by a page the
  public may see; the others are not public yet (document downloads, the
  API's image and document listings).
* ``files_changed_on_disk(page)``: files whose bytes no longer match the hash
  recorded when they were uploaded (``verify_ledger`` asks).
"""

import functools
from collections.abc import MutableSequence

import swapper
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Model
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations

from ..exceptions import UnreviewedPublication


def file_models():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return (get_image_model(), get_document_model())


# Inline children that never refer to an image or document: the review form and editors' comments.
# Wagtail's reference extraction reads every child relation; the serve check runs this on each request.
RELATIONS_WITHOUT_FILES = {"review_forms", "wagtail_admin_comments"}


def shown_files(page):
    """``[{kind, id, title, file, hash}]`` for every image and document ``page`` shows, sorted."""
    shown, wanted = {}, {model: set() for model in file_models()}
    for model, object_id, loaded in _file_references(page):
        if loaded is not None:
            shown[(model, object_id)] = (loaded.title, loaded.file.name, loaded.file_hash)
        else:
            wanted[model].add(object_id)
    # Values, not model instances: an image instance reads its width and height on creation (two
    # queries each with .only()).
    for model, ids in wanted.items():
        ids -= {object_id for kind, object_id in shown if kind is model}
        if ids:
            for pk, *values in model.objects.filter(pk__in=ids).values_list(
                "pk", "title", "file", "file_hash"
            ):
                shown[(model, str(pk))] = tuple(values)
    return sorted(
        (
            {
                "kind": model._meta.label_lower,
                "id": object_id,
                "title": title,
                "file": file,
                "hash": file_hash,
            }
            for (model, object_id), (title, file, file_hash) in shown.items()
        ),
        key=lambda item: (item["kind"], item["id"]),
    )


def _file_references(obj, skip=RELATIONS_WITHOUT_FILES, page=True):
    """``(file model, id, instance or None)`` for each image and document ``obj`` and its inline children
    refer to, found as Wagtail's reference index finds them (``ReferenceIndex``): foreign keys, fields with
    ``extract_references`` (StreamField, rich text), generic foreign keys, child relations.

    On the page itself, the instance is given where reading the reference loads it as the page's template
    will: through the page's own foreign key, or in a StreamField value read from the database just now.
    The template then finds it loaded instead of reading it again. Anything loaded before (by a form, or
    earlier in a long-lived object) is not trusted to be current and is read again.
    """
    from django.contrib.contenttypes.fields import GenericRel
    from modelcluster.fields import ParentalKey
    from modelcluster.models import ClusterableModel

    for field in obj._meta.get_fields():
        if isinstance(field, GenericForeignKey):
            content_type_id = obj._meta.get_field(field.ct_field).value_from_object(obj)
            object_id = obj._meta.get_field(field.fk_field).value_from_object(obj)
            if content_type_id is not None and object_id is not None:
                model = _file_model(ContentType.objects.get_for_id(content_type_id).model_class())
                if model is not None:
                    yield model, str(object_id), None
        elif (
            field.is_relation
            and field.many_to_one
            and not isinstance(field, ParentalKey | GenericRel)
            # Wagtail's rules for skipping a foreign key, and only for foreign keys.
            and not getattr(field, "wagtail_reference_index_ignore", False)
            and not getattr(field.related_model, "wagtail_reference_index_ignore", False)
        ):
            model = _file_model(field.related_model)
            value = field.value_from_object(obj)
            if model is not None and value is not None:
                yield model, str(value), _through_foreign_key(obj, field, model) if page else None
        if hasattr(field, "extract_references"):
            value = field.value_from_object(obj)
            if value is not None:
                fresh = page and _unread_stream(value)
                references = list(field.extract_references(value))
                loaded = (
                    {(type(instance), str(instance.pk)): instance for instance in _instances_in(value)}
                    if fresh
                    else {}
                )
                for to_model, object_id, _model_path, _content_path in references:
                    model = _file_model(to_model)
                    if model is not None:
                        yield model, str(object_id), loaded.get((to_model, str(object_id)))
    if isinstance(obj, ClusterableModel):
        for relation in get_all_child_relations(obj):
            name = relation.get_accessor_name()
            if name not in skip:
                # Inline children's files are read together below (one query), not each on its own.
                for child in getattr(obj, name).all():
                    yield from _file_references(child, skip=(), page=False)


def _through_foreign_key(obj, field, model):
    # The foreign key reads through the base manager; the fingerprint always read through ``objects``,
    # which a site's image model may filter. Only where the two are the same is the read shared.
    if field.is_cached(obj) or not _unfiltered(model):
        return None
    try:
        return getattr(obj, field.name)
    except model.DoesNotExist:
        return None  # a revision naming a file deleted since: the query that follows finds nothing


@functools.cache
def _unfiltered(model):
    """Whether ``model.objects`` sees every row (Wagtail's image and document managers do)."""
    return not model.objects.all().query.where


def _unread_stream(value):
    """Whether ``value`` is a StreamField value still as read from the database, none of its blocks
    converted yet: converting it now loads its chooser blocks' objects fresh."""
    from wagtail.blocks import StreamValue

    return (
        isinstance(value, StreamValue)
        and value.is_lazy
        and all(block is None for block in value._bound_blocks)  # Wagtail's per-block cache
    )


def _instances_in(value):
    """Model instances a StreamField value holds once converted (its chooser blocks' choices)."""
    from wagtail.blocks import StreamValue

    if isinstance(value, Model):
        yield value
    elif isinstance(value, StreamValue):
        for child in value:
            yield from _instances_in(child.value)
    elif isinstance(value, dict):  # a struct block's StructValue
        for item in value.values():
            yield from _instances_in(item)
    elif isinstance(value, MutableSequence):  # a list block's ListValue
        for item in value:
            yield from _instances_in(item)


def _file_model(model):
    """The image or document model ``model`` is, or None."""
    return next(
        (
            file_model
            for file_model in file_models()
            if isinstance(model, type) and issubclass(model, file_model)
        ),
        None,
    )


def _live_pages_showing(obj):
    """Ids of live pages whose content refers to ``obj`` (Wagtail's reference index)."""
    from wagtail.models import ReferenceIndex

    Page = swapper.load_model("wagtailcore", "Page")
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = [
        reference.object_id
        for reference in ReferenceIndex.get_references_to(obj)
        if reference.base_content_type_id == page_type.pk
    ]
    return Page.objects.filter(pk__in=page_ids, live=True)


def check_file_change(obj, deleting=False):
    """pre_save / pre_delete of an image or document: refused while a live page shows it."""
    if obj.pk is None:
        return
    if not deleting:
        stored = type(obj).objects.filter(pk=obj.pk).values("title", "file", "file_hash").first()
        if stored is None or (stored["title"], stored["file"], stored["file_hash"]) == (
            obj.title,
            obj.file.name,
            obj.file_hash,
        ):
            return
    refusal = in_place_change_refusal(obj)
    if refusal:
        raise UnreviewedPublication(refusal)


def in_place_change_refusal(obj):
    """Why ``obj`` (an image or document) may not change in place now; None if no live page shows it."""
    showing = _live_pages_showing(obj).first()
    if showing is None:
        return None
    return _(
        "“%(title)s” is shown by the live page “%(page)s”: it cannot be replaced, retitled or deleted in "
        "place. Upload a new one and put it through the page's review route (Art. 3, 9)."
    ) % {"title": obj.title, "page": showing.title}


def install_file_form_check():
    """Wagtail's image and document edit forms delete the old file from storage *before* saving the
    new one — before ``check_file_change`` can refuse — so their validation asks the same rule first:
    a refused replacement is a form error and the file shown on the live page stays on disk."""
    from wagtail.documents.forms import BaseDocumentForm
    from wagtail.images.forms import BaseImageForm

    for form_class in (BaseDocumentForm, BaseImageForm):
        if getattr(form_class.clean, "_wagtail_review", False):
            continue
        form_class.clean = _with_in_place_check(form_class.clean)


def _with_in_place_check(clean):
    def checked_clean(form):
        cleaned_data = clean(form)
        changing = {"file", "title"} & set(form.changed_data)
        if form.instance.pk is not None and changing:
            refusal = in_place_change_refusal(form.instance)
            if refusal:
                form.add_error("file" if "file" in changing else "title", refusal)
        return cleaned_data

    checked_clean._wagtail_review = True
    return checked_clean


def check_tag_rename(tag):
    """pre_save of a tag: renaming one a live page shows would change that page unreviewed."""
    if tag.pk is None:
        return
    stored = type(tag).objects.filter(pk=tag.pk).values("name", "slug").first()
    if stored is None or (stored["name"], stored["slug"]) == (tag.name, tag.slug):
        return
    Page = swapper.load_model("wagtailcore", "Page")
    for relation in type(tag)._meta.related_objects:
        tagged_model = relation.related_model
        try:
            tagged_object = tagged_model._meta.get_field("content_object").related_model
        except FieldDoesNotExist:
            continue
        if not (isinstance(tagged_object, type) and issubclass(tagged_object, Page)):
            continue  # tags on snippets or other models: not a page's content
        if tagged_model.objects.filter(tag=tag, content_object__live=True).exists():
            raise UnreviewedPublication(
                _("The tag “%(tag)s” is shown by live pages: it cannot be renamed in place (Art. 9).")
                % {"tag": stored["name"]}
            )


def shown_publicly(queryset):
    """Images or documents of ``queryset`` that a page the public may see shows. One query."""
    from wagtail.models import ReferenceIndex

    from .serving import registered_pages

    Page = swapper.load_model("wagtailcore", "Page")
    servable = registered_pages(Page.objects.live().public()).annotate(text_id=Cast("pk", CharField()))
    shown = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=servable.values("text_id"),
        to_content_type=ContentType.objects.get_for_model(queryset.model),
    ).values("to_object_id")
    return queryset.annotate(_text_pk=Cast("pk", CharField())).filter(_text_pk__in=shown)


def files_changed_on_disk(page, checked=None):
    """``[(kind, id)]`` of files ``page`` shows whose bytes no longer have the hash recorded at upload.

    ``checked`` ({(kind, id): bytes still match}) lets a caller walking many pages read each file once.
    """
    checked = {} if checked is None else checked
    shown = [(item["kind"], item["id"]) for item in shown_files(page)]
    for model in file_models():
        kind = model._meta.label_lower
        unread = [
            object_id
            for item_kind, object_id in shown
            if item_kind == kind and (kind, object_id) not in checked
        ]
        for obj in model.objects.filter(pk__in=unread):
            checked[(kind, str(obj.pk))] = not obj.file_hash or _hash_of(obj.file) == obj.file_hash
    return [item for item in shown if not checked.get(item, True)]


def _hash_of(field_file):
    from wagtail.utils.file import hash_filelike

    with field_file.open("rb") as handle:
        return hash_filelike(handle)
