"""A return (退回修改) is plain to the editor: the reason in a banner and on the dashboard, one way to resubmit."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal_site.portal.models import ArticlePage
from tests.portal.admin_forms import PASSING, signature_data
from wagtail_review.routing.services import fill_review_form

User = get_user_model()
REASON = "第二段数据需核实，请补充来源。"


@pytest.fixture
def returned(demo, db):
    editor, reviewer = (
        User.objects.get(username="xiping_editor"),
        User.objects.get(username="xiping_reviewer"),
    )
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    page.title = "黄花采摘（修订）"
    fill_review_form(page, **PASSING, contact_person="王晓燕")
    page.save_revision(user=editor)
    state = page.get_workflow().start(page, editor).current_task_state.specific
    state.task.specific.on_action(state, reviewer, "reject", **signature_data(comment=REASON, point_8="no"))
    return page


def test_the_editor_sees_why_and_from_whom_when_opening_the_page(client, returned):
    client.force_login(User.objects.get(username="xiping_editor"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[returned.pk])).content.decode()
    reviewer = User.objects.get(username="xiping_reviewer")
    assert REASON in html and reviewer.get_full_name() in html
    # One way on: resubmit; not also "restart workflow".
    assert "重新提交审核" in html
    assert 'name="action-restart-workflow"' not in html


def test_the_dashboard_lists_the_editors_pages_returns_first_with_the_reason(client, returned):
    client.force_login(User.objects.get(username="xiping_editor"))
    response = client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert "我的稿件" in html
    panel = html[html.index('id="wagtail-review-my-pages-heading"') :]
    first_row = panel[panel.index("<tbody>") : panel.index("</tr>", panel.index("<tbody>"))]
    assert "黄花采摘（修订）" in first_row and REASON in first_row


def test_resubmitting_after_a_return_reaches_the_reviewer_again(client, returned):
    from tests.portal.admin_forms import article_form_data

    client.force_login(User.objects.get(username="xiping_editor"))
    page = ArticlePage.objects.get(pk=returned.pk)
    data = article_form_data(page, action="action-submit", **PASSING, contact_person="王晓燕")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page.refresh_from_db()
    state = page.current_workflow_state
    assert state is not None and state.status == state.STATUS_IN_PROGRESS
    client.force_login(User.objects.get(username="xiping_reviewer"))
    assert page.title in client.get(reverse("wagtail_review:awaiting_review")).content.decode()
