"""Pictures and files are information too (Art. 3): reviewed with the page that shows them."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.core.conftest import release
from tests.testapp.models import BlogPage
from wagtail_review.exceptions import UnreviewedPublication
from wagtail_review.publication.ledger.verification import verify

Image, Document = get_image_model(), get_document_model()


@pytest.fixture
def files(db):
    # As the admin's upload forms do: the hash of each file is recorded with it.
    image = Image(title="春耕现场", file=get_test_image_file())
    image._set_file_hash()
    image.save()
    document = Document(title="春耕方案", file=ContentFile(b"%PDF-1.4 original", name="plan.pdf"))
    document._set_document_file_metadata()
    document.save()
    return image, document


@pytest.fixture
def showing(existing_site, people, town, files):
    """The blog page released showing the image and the document."""
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    image, document = files
    blog = BlogPage.objects.get(pk=existing_site.blog.pk)
    blog.cover, blog.attachment = image, document
    release(blog, people["editor"])
    return BlogPage.objects.get(pk=blog.pk)


@pytest.mark.parametrize("change", ["retitle", "replace file", "delete"])
def test_a_file_a_live_page_shows_cannot_change_in_place(showing, files, change):
    image, _document = files
    image = Image.objects.get(pk=image.pk)
    with pytest.raises(UnreviewedPublication), transaction.atomic():
        if change == "retitle":
            image.title = "换了标题"
            image.save()
        elif change == "replace file":
            image.file = get_test_image_file(filename="other.png", colour="red")
            image._set_file_hash()
            image.save()
        else:
            image.delete()
    assert Image.objects.get(pk=image.pk).title == "春耕现场"
    assert verify().ok


@pytest.mark.parametrize("as_user", ["admin", "webadmin"])
def test_the_admin_says_why_a_shown_document_cannot_be_retitled(showing, files, people, client, as_user):
    _image, document = files
    client.force_login(people[as_user])
    with transaction.atomic():
        client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {"title": "换了标题", "collection": document.collection_id, "tags": ""},
        )
    assert Document.objects.get(pk=document.pk).title == "春耕方案"


@pytest.mark.parametrize("kind", ["document", "image"])
def test_replacing_a_shown_file_in_the_admin_keeps_the_old_one_on_disk(showing, files, people, client, kind):
    image, document = files
    obj = document if kind == "document" else image
    upload = (
        ContentFile(b"%PDF-1.4 replaced", name="other.pdf")
        if kind == "document"
        else get_test_image_file("x.png")
    )
    client.force_login(people["admin"])
    url = reverse("wagtaildocs:edit" if kind == "document" else "wagtailimages:edit", args=[obj.pk])
    response = client.post(
        url, {"title": obj.title, "collection": obj.collection_id, "tags": "", "file": upload}
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "cannot be replaced" in response.content.decode() or "不能" in response.content.decode()
    stored = type(obj).objects.get(pk=obj.pk)
    assert stored.file.name == obj.file.name and stored.file.storage.exists(stored.file.name)
    assert verify().ok


def test_a_file_no_live_page_shows_may_change(files):
    image, _document = files
    image.title = "新标题"
    image.save()


def test_files_of_an_unreleased_page_are_not_public_until_it_is_released(
    existing_site, people, town, files, client
):
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    _image, document = files
    draft = existing_site.news.add_child(instance=BlogPage(title="待发布", slug="pending", live=False))
    draft.attachment = document
    draft.save_revision(user=people["editor"])
    assert client.get(document.url).status_code == 404
    assert client.get("/api/v2/documents/").json()["meta"]["total_count"] == 0
    client.force_login(people["editor"])  # editors still open it
    assert client.get(document.url).status_code == 200
    client.logout()

    release(BlogPage.objects.get(pk=draft.pk).get_latest_revision_as_object(), people["editor"])
    assert client.get(document.url).status_code == 200
    assert [item["title"] for item in client.get("/api/v2/documents/").json()["items"]] == ["春耕方案"]


@pytest.mark.leaves_ledger_unverified
def test_a_file_replaced_on_disk_is_found_by_verify_ledger(showing, files, client):
    _image, document = files
    with document.file.storage.open(document.file.name, "wb") as handle:
        handle.write(b"%PDF-1.4 tampered")
    result = verify()
    assert [problem.page_id for problem in result.problems] == [showing.pk]
    # Found, it is withheld at its address and from every listing, like any change behind the application's back.
    assert client.get(showing.url).status_code == 503
    assert showing.pk not in [item["id"] for item in client.get("/api/v2/pages/").json()["items"]]


def test_a_tag_a_live_page_shows_cannot_be_renamed(showing):
    tag = Tag.objects.get(name="农业")
    tag.name = "改名"
    with pytest.raises(UnreviewedPublication), transaction.atomic():
        tag.save()
    Tag.objects.create(name="无人使用", slug="unused").save()  # unused tags are free


@pytest.mark.leaves_ledger_unverified
def test_a_tag_renamed_behind_the_applications_back_withholds_the_page(showing, client):
    Tag.objects.filter(name="农业").update(name="改名")
    assert client.get(showing.url).status_code == 503
