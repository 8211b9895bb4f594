"""JSON Schemas of the site's page types as the pages API gives them, built from their ``api_fields``.

A page's detail carries its type's ``api_fields`` beside ``id``, ``meta`` and
``title``; a front end needs to know their shapes. Each page type with
``api_fields`` gets a schema named after it (``Page_portal_ArticlePage``), its
fields described from the model fields behind them: text, numbers, dates,
StreamField blocks, and a foreign key as the nested object Wagtail writes
(``{id, meta, title}``). A field whose shape the model cannot say (a property,
an ``APIField`` with its own serializer) is described as any value.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from wagtail.fields import StreamField
from wagtail.models import get_page_models

REF = "#/components/schemas/"
STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}
# StreamField: a list of blocks, each with its block type; the value's shape is the block's.
STREAM = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"type": STRING, "value": {}, "id": STRING},
        "required": ["type", "value"],
    },
}
# A foreign key: the object it names, as Wagtail's API nests it (an image, a document, a page).
LINKED = {
    "type": "object",
    "properties": {
        "id": INTEGER,
        "meta": {"type": "object", "properties": {"type": STRING, "detail_url": STRING}},
        "title": STRING,
    },
    "required": ["id", "meta"],
}
SIMPLE = (
    (models.BooleanField, BOOLEAN),
    ((models.IntegerField, models.AutoField), INTEGER),
    ((models.FloatField, models.DecimalField), {"type": ["number", "string"]}),
    (models.DateTimeField, DATE_TIME),
    (models.DateField, DATE),
    ((models.CharField, models.TextField), STRING),  # rich text is HTML in a string
)


def schema_name(model):
    return f"Page_{model._meta.app_label}_{model.__name__}"


def _described_types():
    """The page types with ``api_fields``: each gets its own schema."""
    return [
        model
        for model in get_page_models()
        if getattr(model, "api_fields", None) and not model._meta.abstract
    ]


def page_type_schemas():
    """``{schema name: schema}`` for every page type with ``api_fields``."""
    return {schema_name(model): _page_schema(model) for model in _described_types()}


def page_detail_schema():
    """A page's detail: the common page, and for each described type its own fields (by ``meta.type``)."""
    return {
        "allOf": [
            {"$ref": REF + "Page"},
            *(
                {
                    "if": {
                        "properties": {
                            "meta": {
                                "properties": {"type": {"const": model._meta.label}},
                                "required": ["type"],
                            }
                        },
                        "required": ["meta"],
                    },
                    "then": {"$ref": REF + schema_name(model)},
                }
                for model in _described_types()
            ),
        ]
    }


def _page_schema(model):
    fields = {api_field.name: _field_schema(model, api_field) for api_field in _api_fields(model)}
    return {
        "type": "object",
        "description": str(model._meta.verbose_name),
        "properties": {"id": INTEGER, "meta": {"$ref": REF + "PageMeta"}, "title": STRING, **fields},
        # Not the type's fields: a client may leave them out (?fields=-body).
        "required": ["id", "meta"],
    }


def _api_fields(model):
    """The type's ``api_fields`` as ``APIField``s (Wagtail also takes plain field names)."""
    from wagtail.api import APIField

    return [field if isinstance(field, APIField) else APIField(field) for field in model.api_fields]


def _field_schema(model, api_field):
    if getattr(api_field, "serializer", None) is not None:
        return {}
    try:
        field = model._meta.get_field(api_field.name)
    except FieldDoesNotExist:
        return {}  # a property or method: its shape is its own
    if isinstance(field, StreamField):
        schema = STREAM
    elif field.many_to_one:
        schema = LINKED
    else:
        schema = next((schema for kinds, schema in SIMPLE if isinstance(field, kinds)), {})
    if schema and field.null:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema
