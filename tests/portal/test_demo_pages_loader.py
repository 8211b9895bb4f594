"""The demo page loader's contract: what it builds, that it hands every new page to ``publish`` once, atomically."""

import pytest
import swapper
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from portal_site.portal.demo_pages import load_demo_pages

Page = swapper.load_model("wagtailcore", "Page")

UNIT_SLUGS = {
    "district-office",
    "info-center",
    "district-leadership",
    "education-bureau",
    "health-bureau",
    "xiping-town",
    "beijiazao-town",
}
# A fixture article that is the newest of its category, so it must be on the home page.
NEWEST_NEWS_TITLE = "区政府召开冬季供暖保障工作专题会议"


class RecordingPublisher:
    """A ``publish`` callable that records what it is handed (releasing is the caller's business)."""

    def __init__(self):
        self.seen = []

    def __call__(self, page):
        # The contract: a saved draft whose latest revision holds the content,
        # handed over after its parent.
        assert page.pk and not page.live and page.latest_revision is not None
        assert page.get_parent().pk in self.seen or page.depth == 2
        self.seen.append(page.pk)


@pytest.fixture
def publisher():
    return RecordingPublisher()


def test_loader_builds_the_tree_and_a_second_run_changes_nothing(db, publisher):
    sections = load_demo_pages(publisher)
    pages_after_first = Page.objects.count()
    published_first = len(publisher.seen)
    media = (get_image_model().objects.count(), get_document_model().objects.count())

    again = load_demo_pages(publisher)

    assert Page.objects.count() == pages_after_first
    assert len(publisher.seen) == published_first, "existing pages must not be handed over again"
    assert (get_image_model().objects.count(), get_document_model().objects.count()) == media
    assert {slug: page.pk for slug, page in again.items()} == {
        slug: page.pk for slug, page in sections.items()
    }
    # Every page but the tree root was created and handed to publish exactly once.
    assert published_first == pages_after_first - 1 == len(set(publisher.seen))
    assert 35 <= pages_after_first <= 55
    assert media[0] >= 2 and media[1] >= 1
    assert set(sections) == UNIT_SLUGS


def test_a_failing_publish_leaves_nothing_behind(db):
    pages_before = Page.objects.count()

    def refuse(page):
        raise RuntimeError("review refused")

    with pytest.raises(RuntimeError):
        load_demo_pages(refuse)
    assert Page.objects.count() == pages_before
    assert not get_image_model().objects.exists()
