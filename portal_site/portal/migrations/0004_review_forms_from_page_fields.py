"""Move each page's review form from its own columns (the former ReviewFormMixin) into wagtail_review's ReviewForm.

Reversible: going back copies the forms into the page columns again.
Revisions are left as they were saved (their hashes are what signers signed);
wagtail_review reads the form of an older revision from its top-level fields.
"""

from django.db import migrations

PAGE_MODELS = (
    "homepage",
    "channelpage",
    "unitindexpage",
    "unitsectionpage",
    "columnpage",
    "articlepage",
    "policydocumentpage",
    "policyinterpretationpage",
)
RENAMED = {"review_source_type": "source_type", "review_note": "note"}
FORM_FIELDS = (
    "review_source_type",
    "reprint_outlet",
    "reprint_url",
    "reprint_date",
    "doc_number",
    "issuing_authority",
    "date_written",
    "date_issued",
    *(f"point_{n}" for n in range(1, 10)),
    "review_note",
    "contact_person",
    "contact_phone",
)
# Policy documents keep their own 文号 / 发文机关 / 成文日期 on the page; only the rest moves.
OWN_DOCUMENT_FIELDS = {"policydocumentpage": {"doc_number", "issuing_authority", "date_written"}}


def _moved_fields(model_name):
    return [name for name in FORM_FIELDS if name not in OWN_DOCUMENT_FIELDS.get(model_name, set())]


def forwards(apps, schema_editor):
    ReviewForm = apps.get_model("wagtail_gov_review", "ReviewForm")
    has_form = set(ReviewForm.objects.values_list("page_id", flat=True))
    for model_name in PAGE_MODELS:
        model = apps.get_model("portal", model_name)
        fields = _moved_fields(model_name)
        ReviewForm.objects.bulk_create(
            ReviewForm(page_id=row["pk"], **{RENAMED.get(name, name): row[name] for name in fields})
            for row in model.objects.values("pk", *fields)
            if row["pk"] not in has_form
        )


def backwards(apps, schema_editor):
    ReviewForm = apps.get_model("wagtail_gov_review", "ReviewForm")
    for model_name in PAGE_MODELS:
        model = apps.get_model("portal", model_name)
        fields = _moved_fields(model_name)
        for form in ReviewForm.objects.filter(page_id__in=model.objects.values("pk")):
            model.objects.filter(pk=form.page_id).update(
                **{name: getattr(form, RENAMED.get(name, name)) for name in fields}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_review_form"),
        ("wagtail_gov_review", "0007_review_form"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
