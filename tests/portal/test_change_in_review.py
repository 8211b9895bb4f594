"""修改后转他人签署: a signer's small change is shown to them, recorded as theirs, and signed by someone else."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import rich_text

from portal_site.portal.models import ArticlePage
from tests.portal.admin_forms import PASSING, article_form_data
from wagtail_review.organisation.memberships import Role
from wagtail_review.organisation.units import Unit
from wagtail_review.routing.change_in_review import ACTION_NAME, LOG_ACTION
from wagtail_review.routing.services import eligible_signers

User = get_user_model()


@pytest.fixture
def in_review(demo, db):
    """The editor submits a page from the editor, as the signers' saves below post the same form."""
    from django.test import Client

    page = ArticlePage.objects.get(slug="daylily-picking-season")
    response = change_title_as(
        Client(), "xiping_editor", page, "黄花采摘（待审）", action="action-submit", keep_body=False
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.current_workflow_state is not None
    return page


@pytest.fixture
def second_reviewer(demo, db, grant):
    person = User.objects.create_user(
        "xiping_reviewer2", "reviewer2@xiping.example.gov.cn", "pw-Abc12345", last_name="赵", first_name="敏"
    )
    grant(person, Unit.objects.get(name="西坪镇"), Role.REVIEWER)
    return person


def change_title_as(client, username, page, title, action=ACTION_NAME, keep_body=True):
    """Post the page editor's form as ``username`` with ``title``, the rest as the editor submitted it."""
    client.force_login(User.objects.get(username=username))
    page = page.get_latest_revision_as_object()
    data = article_form_data(page, action=action, **PASSING, contact_person="王晓燕")
    data["title"] = title
    # The body as the editor's browser would post it again: the same blocks, ids and block keys.
    if keep_body:
        data["body-count"] = str(len(page.body))
        for index, block in enumerate(page.body):
            data[f"body-{index}-value"] = rich_text(block.value.source)
            data[f"body-{index}-id"] = block.id
    if review_forms := list(page.review_forms.all()):
        data["review_form-0-id"] = str(review_forms[0].pk)
        data["review_form-INITIAL_FORMS"] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def assert_refused(response):
    # Wagtail's admin answers a permission refusal by sending the user to the dashboard with a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_the_signer_is_offered_the_action_next_to_signing(client, in_review):
    client.force_login(User.objects.get(username="xiping_reviewer"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[in_review.pk])).content.decode()
    assert f'name="{ACTION_NAME}"' in html and "修改后转他人签署" in html
    # Not to the editor, who has nobody's step to sign.
    client.force_login(User.objects.get(username="xiping_editor"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[in_review.pk])).content.decode()
    assert f'name="{ACTION_NAME}"' not in html


def test_a_change_by_the_signer_is_theirs_shown_as_a_diff_and_signed_by_someone_else(
    client, in_review, second_reviewer, django_capture_on_commit_callbacks
):
    reviewer = User.objects.get(username="xiping_reviewer")
    reviewed_revision = in_review.latest_revision_id
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = change_title_as(client, "xiping_reviewer", in_review, "黄花采摘（审核员已校对）")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtail_review:changed_in_review", args=[in_review.pk, reviewed_revision]
    )

    page = ArticlePage.objects.get(pk=in_review.pk)
    step = page.current_workflow_task_state.specific
    assert step.revision.user == reviewer and step.revision_id != reviewed_revision
    assert eligible_signers(step) == [second_reviewer]
    entry = PageLogEntry.objects.get(page=page, action=LOG_ACTION)
    assert entry.user == reviewer and entry.data["reviewed_revision"] == reviewed_revision
    # The one who signs now is told by e-mail, as for any submission.
    assert any(second_reviewer.email in message.to for message in mail.outbox)

    outcome = client.get(response["Location"])
    assert outcome.status_code == 200, outcome
    html = outcome.content.decode()
    assert "您的修改已记为您撰写的内容" in html
    assert "赵敏" in html  # who signs now, family name first
    assert "审核员已校对" in html  # the diff
    # The page's history says who changed it in review.
    client.force_login(User.objects.get(username="xiping_editor"))
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "审核中修改" in history

    # They may no longer sign it; the second reviewer may.
    client.force_login(reviewer)
    assert page.title not in client.get(reverse("wagtail_review:awaiting_review")).content.decode()
    client.force_login(second_reviewer)
    assert "黄花采摘" in client.get(reverse("wagtail_review:awaiting_review")).content.decode()


def test_when_nobody_else_can_sign_the_page_says_so_and_the_centre_is_told(
    client, in_review, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = change_title_as(client, "xiping_reviewer", in_review, "黄花采摘（已校对）")
    html = client.get(response["Location"]).content.decode()
    assert "已通知区政府信息化中心" in html and "编写" in html
    assert any("无人可签署" in message.subject for message in mail.outbox)


def test_a_save_that_changes_nothing_leaves_the_signer_free_to_sign(client, in_review):
    title = in_review.get_latest_revision_as_object().title
    response = change_title_as(client, "xiping_reviewer", in_review, title)
    html = client.get(response["Location"]).content.decode()
    assert "您没有修改内容" in html and "返回签署" in html
    assert not PageLogEntry.objects.filter(page=in_review, action=LOG_ACTION).exists()
    step = ArticlePage.objects.get(pk=in_review.pk).current_workflow_task_state.specific
    assert User.objects.get(username="xiping_reviewer") in eligible_signers(step)


def test_the_outcome_page_is_for_those_who_may_see_the_review_only(client, in_review):
    response = change_title_as(client, "xiping_reviewer", in_review, "黄花采摘（已校对）")
    client.force_login(User.objects.get(username="edu_editor"))
    assert_refused(client.get(response["Location"]))


def test_the_signer_can_read_the_version_to_sign_and_compare_it_and_an_outsider_cannot(client, in_review):
    # Reviewers hold no page permissions; Wagtail's own revision views would send them back to the dashboard.
    revision = in_review.latest_revision_id
    version = reverse("wagtail_review:version", args=[in_review.pk, revision])
    compare = reverse("wagtail_review:compare", args=[in_review.pk, "live", revision])
    client.force_login(User.objects.get(username="xiping_reviewer"))
    assert "黄花采摘（待审）" in client.get(version).content.decode()
    html = client.get(compare).content.decode()
    assert "黄花采摘（待审）" in html and "黄花采摘" in html
    # The signing dialog links to these.
    step = in_review.current_workflow_task_state
    dialog = client.get(
        reverse("wagtailadmin_pages:workflow_action", args=[in_review.pk, "approve", step.pk])
    ).content.decode()
    assert version in dialog and compare in dialog
    client.force_login(User.objects.get(username="edu_editor"))
    assert_refused(client.get(version))
    assert_refused(client.get(compare))
