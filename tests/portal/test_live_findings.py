"""The information centre sees every finding on the live site, per unit, kept current as the site and the
lexicons change (Art. 16)."""

import io

from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from portal_site.portal.models import ArticlePage
from wagtail_review.models import LiveFinding, Unit, WordingError
from wagtail_review.publication.take_down import take_down
from wagtail_review.scanning.live import rescan

User = get_user_model()


def test_a_release_is_scanned_and_a_take_down_forgets_it(demo, release, django_capture_on_commit_callbacks):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    page.title = "西坪镇黄花采摘（产量未经核实）"  # 未经核实: a "check" expression of the starter set
    with django_capture_on_commit_callbacks(execute=True):
        release(page, "xiping_editor")
    [finding] = LiveFinding.objects.filter(page_id=page.pk)
    assert (finding.kind, finding.text, finding.field) == ("sensitive", "未经核实", "标题")
    assert finding.unit == Unit.objects.get(slug="xiping-town") and finding.severity == "warning"

    with django_capture_on_commit_callbacks(execute=True):
        take_down(page, User.objects.get(username="webadmin"), "产量数据未经核实")
    assert not LiveFinding.objects.filter(page_id=page.pk).exists()


def test_a_lexicon_change_rescans_the_live_site(demo, django_capture_on_commit_callbacks):
    rescan()
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    assert not LiveFinding.objects.filter(page_id=page.pk, text="采摘旺季").exists()
    with django_capture_on_commit_callbacks(execute=True):
        WordingError.objects.create(wrong="采摘旺季", right="采收旺季", severity="warning")
    assert LiveFinding.objects.filter(page_id=page.pk, text="采摘旺季", severity="warning").exists()


def test_the_information_centre_lists_and_exports_the_findings_per_unit(demo, client):
    WordingError.objects.create(wrong="采摘旺季", right="采收旺季", severity="warning")
    rescan()
    xiping = Unit.objects.get(slug="xiping-town")
    client.force_login(User.objects.get(username="webadmin"))
    url = reverse("wagtail_review_live_findings:index")
    html = client.get(url, {"unit": xiping.pk}).content.decode()
    assert "西坪镇黄花进入采摘旺季" in html and "采收旺季" in html
    response = client.get(url, {"unit": xiping.pk, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any("采摘旺季" in row for row in rows)
    # Unit staff do not see the centre's list, and nobody edits it.
    client.force_login(User.objects.get(username="xiping_editor"))
    assert client.get(url).status_code == 302
    client.force_login(User.objects.get(username="admin"))
    finding = LiveFinding.objects.first()
    assert client.post(reverse("wagtail_review_live_findings:delete", args=[finding.pk])).status_code == 302
    assert LiveFinding.objects.filter(pk=finding.pk).exists()


def test_one_transaction_queues_one_rescan_however_many_changes(demo, django_capture_on_commit_callbacks):
    from wagtail_review.scanning.live import PendingRescan

    with django_capture_on_commit_callbacks() as callbacks:
        for number in range(5):
            WordingError.objects.create(wrong=f"错字{number}", right="正字")
    [pending] = [callback for callback in callbacks if isinstance(callback, PendingRescan)]
    assert pending.everything
