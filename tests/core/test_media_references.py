"""The files a page shows are found as Wagtail's reference index finds them, on any site's models."""

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Revision

from tests.testapp.models import BlogPage
from wagtail_review.publication.media import _file_references, file_models, shown_files


def test_a_model_with_a_generic_relation_pointing_at_it_is_walked_without_error(db):
    # The test site's Notice snippet has GenericRelations to Revision with a related_query_name, which
    # gives Revision a reverse generic field; Wagtail's reference index skips those, so must we.
    assert any(type(field).__name__ == "GenericRel" for field in Revision._meta.get_fields())
    assert list(_file_references(Revision(content={}), page=False)) == []


def test_files_through_foreign_keys_rich_text_and_inline_children_match_wagtails_index(db):
    from wagtail.models import ReferenceIndex

    image_model, document_model = file_models()
    image = image_model.objects.create(title="封面", file=get_test_image_file())
    embedded = image_model.objects.create(title="插图", file=get_test_image_file())
    page = BlogPage(
        title="有图的文章",
        slug="with-images",
        cover=image,
        intro=f'<p>正文</p><embed embedtype="image" id="{embedded.pk}" format="fullwidth" alt=""/>',
    )
    expected = {
        str(object_id)
        for content_type_id, object_id, _m, _c in ReferenceIndex._extract_references_from_object(page)
    }
    assert {item["id"] for item in shown_files(page)} == expected == {str(image.pk), str(embedded.pk)}


def test_the_openapi_document_takes_api_fields_given_as_plain_names(db, monkeypatch, rf):
    from wagtail_review.api.openapi import openapi_document

    monkeypatch.setattr(BlogPage, "api_fields", ["intro", "date"], raising=False)
    schema = openapi_document(rf.get("/"))["components"]["schemas"]["Page_testapp_BlogPage"]
    assert schema["properties"]["intro"] == {"type": "string"}
    assert schema["properties"]["date"] == {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}
