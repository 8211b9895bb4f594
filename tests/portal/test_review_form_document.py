"""The printable 审查表 of a submission (Art. 8): HTML print layout and PDF, and who may read it.

The submission is built through the real route: a township article submitted
by its editor, signed by the township's reviewer and then its leader in charge.
"""

import html
import subprocess
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from wagtail.models import WorkflowState

from portal_site.portal.models import ArticlePage, ColumnPage, HomePage, UnitIndexPage, UnitSectionPage
from wagtail_review.models import Role
from wagtail_review.review_form.checklist import PASSING_ANSWERS, REVIEW_POINTS
from wagtail_review.routing.services import fill_review_form

TITLE = "西坪镇开展冬季森林防火专项检查"
PASSING = PASSING_ANSWERS


@pytest.fixture
def township(make_unit, make_user, grant, own, root_page):
    unit = make_unit("xiping-town", name="西坪镇人民政府")
    people = {}
    for username, family, given, role in [
        ("editor", "王", "晓燕", Role.EDITOR),
        ("reviewer", "李", "建国", Role.REVIEWER),
        ("leader", "张", "志强", Role.LEADER_IN_CHARGE),
    ]:
        people[username] = make_user(username, last_name=family, first_name=given)
        grant(people[username], unit, role)

    # Drafts all the way down: the publish guard refuses unreviewed live pages.
    home = root_page.add_child(instance=HomePage(title="云州区人民政府", slug="yunzhou", live=False))
    index = home.add_child(instance=UnitIndexPage(title="部门乡镇", slug="units", live=False))
    section = index.add_child(instance=UnitSectionPage(title="西坪镇", slug="xiping-town", live=False))
    own(unit, section)
    column = section.add_child(instance=ColumnPage(title="工作动态", slug="news", live=False))
    article = column.add_child(
        instance=ArticlePage(
            title="草稿标题",
            slug="fire-check",
            date=date(2026, 1, 15),
            source="西坪镇党政办",
            body=[("paragraph", "<p>西坪镇组织开展冬季森林防火专项检查。</p>")],
            live=False,
        )
    )
    return {"unit": unit, "article": article, **people}


def submit(page, editor):
    """Fill the review form on a new revision and start the page's route, as the editor's submit button does."""
    page.title = TITLE
    fill_review_form(page, **PASSING, contact_person="王晓燕", contact_phone="0352-6012345")
    page.save_revision(user=editor)
    return page.get_workflow().start(page, editor)


def sign(workflow_state, user, comment="同意"):
    workflow_state.refresh_from_db()
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve", comment=comment, **PASSING)
    workflow_state.refresh_from_db()


@pytest.fixture
def in_progress(township):
    workflow_state = submit(township["article"], township["editor"])
    sign(workflow_state, township["reviewer"], comment="内容属实，同意报送")
    return workflow_state


@pytest.fixture
def completed(township, in_progress):
    sign(in_progress, township["leader"], comment="同意发布")
    return in_progress


def form_url(workflow_state, name="review_form"):
    return reverse(f"wagtail_review:{name}", args=[workflow_state.pk])


def pdf_text(content):
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


# --- The document -------------------------------------------------------------------


def test_completed_form_shows_submission_points_and_signatures(client, township, completed):
    assert completed.status == completed.STATUS_APPROVED
    client.force_login(township["editor"])
    response = client.get(form_url(completed))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    content = html.unescape(response.content.decode())
    assert "云州区政府门户网站信息发布审查表" in content
    assert "@page" in content and "size: A4" in content
    # The revision under review, not the draft row in the page table.
    assert TITLE in content and "草稿标题" not in content
    assert "西坪镇人民政府" in content  # the responsible unit
    assert "乡镇信息审核" in content  # the route (workflow) name
    assert "王晓燕" in content  # submitter and contact, in Chinese name order
    assert "0352-6012345" in content
    for name in ("李建国", "张志强"):
        assert name in content
    with translation.override("zh-hans"):
        for point in REVIEW_POINTS:
            assert str(point.question) in content
    assert "内容属实，同意报送" in content and "同意发布" in content
    revision = township["article"].get_latest_revision()
    assert f"修订 #{revision.pk}" in content
    assert completed.review_signatures.first().content_hash[:16] in content
    assert "不一致" not in content  # no signed content was changed afterwards
    assert "window.print()" in content
    assert form_url(completed, "review_form_pdf") in content
    assert reverse("wagtailadmin_pages:edit", args=[township["article"].pk]) in content


def test_signers_answers_are_tabulated_per_point(client, township, completed):
    client.force_login(township["reviewer"])
    content = html.unescape(client.get(form_url(completed)).content.decode())
    with translation.override("zh-hans"):
        first_question = str(REVIEW_POINTS[0].question)
    # Point 1 (secrets?) passes on "no": submitter and both signers answered 否.
    row = content.split(first_question, 1)[1].split("</tr>", 1)[0]
    assert row.count(">否<") == 3 and ">是<" not in row


def test_in_progress_form_shows_partial_signatures_and_pending_step(client, township, in_progress):
    client.force_login(township["leader"])
    content = html.unescape(client.get(form_url(in_progress)).content.decode())
    # Not yet published: only the revision under review has the submitted title.
    assert TITLE in content and "草稿标题" not in content
    assert "李建国" in content
    assert "张志强" not in content  # the leader has not signed yet
    assert "尚未签署" in content


def test_edit_during_review_moves_earlier_signatures_to_the_appendix(client, township, in_progress):
    article = township["article"]
    first = article.get_latest_revision()
    article.title = "西坪镇开展冬季森林防火专项检查（修改稿）"
    article.save_revision(user=township["editor"])  # restarts the route on the new revision
    client.force_login(township["editor"])
    content = html.unescape(client.get(form_url(in_progress)).content.decode())
    assert "（修改稿）" in content
    main, appendix = content.split("此前版本的签署", 1)
    assert "李建国" not in main  # the reviewer signed the first version only
    assert "李建国" in appendix and f"#{first.pk}" in appendix
    # The leader's step was cancelled in the first round; in this one it has not started.
    assert "已取消" not in main and "未开始" in main


def test_signing_times_are_in_shanghai_time(client, township, completed, settings):
    settings.TIME_ZONE = "UTC"
    signature = completed.review_signatures.first()
    signature.signed_at = signature.signed_at.replace(year=2026, month=1, day=15, hour=16, minute=5)
    signature.save(update_fields=["signed_at"])
    client.force_login(township["editor"])
    content = client.get(form_url(completed)).content.decode()
    assert "2026-01-16 00:05" in content  # 16:05 UTC is 00:05 the next day in Beijing


def test_pdf_contains_the_chinese_text(client, township, completed, tmp_path):
    client.force_login(township["editor"])
    response = client.get(form_url(completed, "review_form_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="review-form-{completed.pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    # Extracted text proves the glyphs are there, not boxes or a missing font.
    text = pdf_text(response.content)
    assert "信息发布审查表" in text and TITLE in text
    for name in ("李建国", "张志强", "王晓燕"):
        assert name in text
    assert "打印" not in text  # the print button is not part of the paper
    # Text can be extracted even from tofu boxes: check a CJK font was embedded to draw it.
    pdf_file = tmp_path / "form.pdf"
    pdf_file.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(pdf_file)], capture_output=True, check=True).stdout.decode()
    assert any(family in fonts for family in ("WenQuanYi", "CJK", "SourceHan"))


@pytest.mark.leaves_ledger_unverified
def test_a_revision_changed_after_signing_is_flagged(client, township, completed):
    revision = township["article"].get_latest_revision()
    content = {**revision.content, "title": "篡改后的标题"}
    type(revision).objects.filter(pk=revision.pk).update(content=content)
    client.force_login(township["editor"])
    page = client.get(form_url(completed)).content.decode()
    assert "篡改后的标题" in page
    assert "与签署时的内容校验值不一致" in page


def test_pdf_without_weasyprint_explains_instead_of_failing(client, township, completed, monkeypatch):
    from wagtail_review.review_form import pdf

    def unavailable(html, base_url=None):
        raise pdf.PDFUnavailable("WeasyPrint is not installed")

    monkeypatch.setattr("wagtail_review.review_form.document.html_to_pdf", unavailable)
    client.force_login(township["editor"])
    response = client.get(form_url(completed, "review_form_pdf"))
    assert response.status_code == 503
    assert "WeasyPrint" in response.content.decode()
    assert form_url(completed) in response.content.decode()


# --- Who may read it ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["review_form", "review_form_pdf"])
def test_anonymous_is_sent_to_login(client, completed, name):
    response = client.get(form_url(completed, name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("name", ["review_form", "review_form_pdf"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_without_permission(client, make_unit, make_user, grant, completed, name, method):
    # An editor of another township: admin access, but no business with 西坪镇's records.
    outsider = make_user("outsider", last_name="赵", first_name="敏")
    grant(outsider, make_unit("beijiazao-town", name="倍加造镇"), Role.EDITOR)
    assert outsider.has_perm("wagtailadmin.access_admin")
    client.force_login(outsider)

    response = getattr(client, method)(form_url(completed, name), follow=True)

    assert response.redirect_chain and response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert TITLE not in response.content.decode()
    assert b"%PDF" not in response.content


@pytest.mark.parametrize("name", ["review_form", "review_form_pdf"])
def test_post_by_an_entitled_reader_is_not_allowed(client, township, completed, name):
    client.force_login(township["editor"])
    assert client.post(form_url(completed, name)).status_code == 405


@pytest.mark.parametrize("name", ["review_form", "review_form_pdf"])
def test_unknown_submission_is_404(client, township, name):
    client.force_login(township["editor"])
    response = client.get(reverse(f"wagtail_review:{name}", args=[987654]))
    assert response.status_code == 404


def test_submission_on_something_other_than_a_page_is_404(client, township, completed):
    # Workflows can also run on snippets; the form exists only for pages.
    unit_type = ContentType.objects.get_for_model(township["unit"])
    not_a_page = WorkflowState.objects.create(
        content_type=unit_type,
        base_content_type=unit_type,
        object_id=str(township["unit"].pk),
        workflow=completed.workflow,
        status=WorkflowState.STATUS_APPROVED,
        requested_by=township["editor"],
    )
    client.force_login(township["editor"])
    assert client.get(form_url(not_a_page)).status_code == 404


def test_pdf_rendering_fetches_no_files(tmp_path):
    # A file: URL in the HTML (say, slipped into a field) must not pull a local file into the PDF.
    from PIL import Image

    from wagtail_review.review_form.pdf import html_to_pdf

    local_file = tmp_path / "local.png"
    Image.new("RGB", (20, 20), "red").save(local_file)
    document = f'<img src="{local_file.as_uri()}">'

    assert b"/Image" not in html_to_pdf(document)
    # The same document does embed the file when fetching is allowed: the check above can fail.
    assert b"/Image" in html_to_pdf(document, allowed_protocols=None)
