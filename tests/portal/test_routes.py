"""The five review routes of Art. 9, end to end through the real admin views, with the demo accounts."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import TaskState

from portal_site.portal.models import ArticlePage
from tests.portal.admin_forms import article_form_data, review_form_errors, signature_data
from wagtail_review.exceptions import ActionRefused
from wagtail_review.models import Role, Signature, Unit
from wagtail_review.organisation.governance import grant_role
from wagtail_review.routing.services import fill_review_form

User = get_user_model()

REPRINT = {
    "source_type": "reprint",
    "reprint_outlet": "山西日报",
    "reprint_url": "https://www.shanxidaily.com.cn/",
    "reprint_date": "2026-11-20",
}
EMERGENCY = {"source_type": "emergency", "point_7": "yes"}

# page slug, submitter, review form overrides, signers in order, someone from elsewhere
ROUTES = {
    "township": (
        "daylily-picking-season",
        "xiping_editor",
        {},
        ["xiping_reviewer", "xiping_leader"],
        "edu_reviewer",
    ),
    "department": (
        "autumn-enrolment-2026",
        "edu_editor",
        {},
        ["edu_reviewer", "edu_principal"],
        "xiping_leader",
    ),
    "district_government": (
        "winter-heating-meeting",
        "office_editor",
        {},
        ["office_reviewer"],
        "edu_principal",
    ),
    "reprint": (
        "website-maintenance-notice",
        "info_editor",
        REPRINT,
        ["webadmin", "site_leader"],
        "office_reviewer",
    ),
    "emergency": (
        "straw-burning-patrol",
        "xiping_editor",
        EMERGENCY,
        ["district_leader", "district_principal"],
        "xiping_leader",
    ),
}


def user(username):
    return User.objects.get(username=username)


def submit(client, page, submitter, **overrides):
    client.force_login(user(submitter))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form_data(page, action="action-submit", **overrides),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    page.refresh_from_db()
    return page.current_workflow_state


def approve(client, page, username, **answers):
    client.force_login(user(username))
    task_state = page.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        signature_data(**answers),
    )


def current_step(page):
    page.refresh_from_db()
    return page.current_workflow_task_state


@pytest.mark.parametrize("route", list(ROUTES))
def test_route_end_to_end(demo, client, route):
    slug, submitter, overrides, signers, outsider = ROUTES[route]
    page = ArticlePage.objects.get(slug=slug)
    old_title, old_live = page.title, page.live_revision_id
    new_title = f"{old_title}（更新）"
    public_url = page.url

    workflow_state = submit(client, page, submitter, title=new_title, **overrides)
    assert workflow_state.workflow.review_routes.filter(
        source_type=overrides.get("source_type", route)
    ).exists()

    for index, signer in enumerate(signers):
        step = current_step(page)
        # Nobody else may sign this step: the submitter, the later signers, someone from another unit.
        for wrong in {submitter, outsider, *signers[index + 1 :]}:
            response = approve(client, page, wrong)
            assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), wrong
            assert current_step(page).pk == step.pk
        # Until the last signature, the public sees the old version.
        assert client.get(public_url).content.decode().count(new_title) == 0
        response = approve(client, page, signer)
        assert response.status_code == 302 and response.url != reverse("wagtailadmin_home"), signer
        assert TaskState.objects.get(pk=step.pk).status == TaskState.STATUS_APPROVED

    page.refresh_from_db()
    assert page.live and page.live_revision_id != old_live
    assert page.title == new_title
    signatures = Signature.objects.filter(workflow_state=workflow_state).order_by("signed_at")
    assert [s.signer.username for s in signatures] == signers
    assert all(s.content_hash and s.revision_number == page.live_revision_id for s in signatures)
    client.logout()
    assert new_title in client.get(public_url).content.decode()


def test_submitting_an_incomplete_form_is_refused_but_a_draft_saves(demo, client):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    client.force_login(user("xiping_editor"))
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(
        url, article_form_data(page, action="action-submit", point_3="", contact_person="")
    )
    assert response.status_code == 200
    errors = review_form_errors(response)
    assert "point_3" in errors and "contact_person" in errors
    page.refresh_from_db()
    assert page.current_workflow_state is None

    # A reprint without its original outlet is refused too.
    response = client.post(url, article_form_data(page, action="action-submit", source_type="reprint"))
    assert response.status_code == 200
    assert "reprint_outlet" in review_form_errors(response)

    # Saving a draft with the same gaps is fine.
    response = client.post(url, article_form_data(page, review=False, title="草稿：未填审查表"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision().object_str == "草稿：未填审查表"
    assert page.title != "草稿：未填审查表"


def test_a_failing_point_forces_rejection(demo, client):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    submit(client, page, "xiping_editor", title="涉密内容测试")
    step = current_step(page)
    response = approve(client, page, "xiping_reviewer", point_1="yes")  # "involves secrets? yes"
    assert step.pk == current_step(page).pk
    assert not Signature.objects.filter(task_state=step).exists()
    assert response.status_code in (200, 302)

    client.force_login(user("xiping_reviewer"))
    reject_url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", step.pk])
    response = client.post(reject_url, signature_data(comment="", point_1="yes"))
    assert not Signature.objects.filter(task_state=step).exists(), "a rejection needs a reason"
    response = client.post(reject_url, signature_data(comment="第1项：涉及内部资料，请删除。", point_1="yes"))
    assert response.status_code == 302
    signature = Signature.objects.get(task_state=step)
    assert signature.decision == Signature.REJECT and signature.answers["point_1"] == "yes"
    page.refresh_from_db()
    assert page.current_workflow_state.status == "needs_changes"
    assert page.title != "涉密内容测试"


@pytest.fixture
def editor_who_also_reviews(demo, db):
    editor = user("xiping_editor")
    grant_role(
        editor,
        Unit.objects.get(slug="xiping-town"),
        Role.REVIEWER,
        confirmed_by=User.objects.get(username="admin"),
    )
    return editor


def test_self_approval_refused_through_endpoint_edit_view_and_code(editor_who_also_reviews, client):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    submit(client, page, "xiping_editor", title="自己审核自己")
    step = current_step(page)
    task = step.task.specific
    editor = editor_who_also_reviews

    assert task.get_actions(page, editor) == []
    # The workflow action endpoint.
    response = approve(client, page, "xiping_editor")
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    # The edit view's own workflow action.
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            **article_form_data(page, title="自己审核自己"),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps(signature_data()),
        },
    )
    assert current_step(page).status == TaskState.STATUS_IN_PROGRESS
    # Plain code.
    with pytest.raises(ActionRefused):
        task.on_action(current_step(page), editor, "approve", **signature_data())
    assert not Signature.objects.filter(workflow_state=step.workflow_state, signer=editor).exists()
    # Someone else can.
    assert approve(client, page, "xiping_reviewer").status_code == 302
    assert current_step(page).task.specific.role == Role.LEADER_IN_CHARGE


def test_the_same_leader_cannot_sign_both_emergency_steps(demo, client):
    leader = user("district_leader")
    grant_role(
        leader,
        Unit.objects.get(slug="district-leadership"),
        Role.PRINCIPAL_LEADER,
        confirmed_by=User.objects.get(username="admin"),
    )
    page = ArticlePage.objects.get(slug="straw-burning-patrol")
    submit(client, page, "xiping_editor", title="突发：山火处置通报", **EMERGENCY)
    assert approve(client, page, "district_leader", point_7="yes").status_code == 302
    second = current_step(page)
    assert second.task.specific.role == Role.PRINCIPAL_LEADER
    response = approve(client, page, "district_leader", point_7="yes")
    assert response.url == reverse("wagtailadmin_home")
    with pytest.raises(ActionRefused):
        second.task.specific.on_action(second, leader, "approve", **signature_data(point_7="yes"))
    assert current_step(page).pk == second.pk
    assert approve(client, page, "district_principal", point_7="yes").status_code == 302
    page.refresh_from_db()
    assert page.title == "突发：山火处置通报" and page.live


def test_edit_after_approval_restarts_the_route(demo, client):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    live_before = page.live_revision_id
    submit(client, page, "xiping_editor", title="第一版")
    first_step = current_step(page)
    approve(client, page, "xiping_reviewer")
    leader_step = current_step(page)
    assert leader_step.task.specific.role == Role.LEADER_IN_CHARGE

    # The editor changes the page while it waits for the leader.
    client.force_login(user("xiping_editor"))
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), article_form_data(page, title="第二版"))
    restarted = current_step(page)
    assert TaskState.objects.get(pk=leader_step.pk).status == TaskState.STATUS_CANCELLED
    assert restarted.task_id == first_step.task_id and restarted.revision_id == page.latest_revision_id

    # The leader's old step is gone; approving the new version needs the reviewer again.
    response = approve(client, page, "xiping_leader")
    assert response.url == reverse("wagtailadmin_home")
    page.refresh_from_db()
    assert page.live_revision_id == live_before
    approve(client, page, "xiping_reviewer")
    approve(client, page, "xiping_leader")
    page.refresh_from_db()
    assert page.title == "第二版"
    # And the approval of the first version never published it.
    assert not Signature.objects.filter(revision_number=page.live_revision_id, task_state=first_step).exists()


def test_editing_a_released_page_leaves_the_public_version_alone(demo, client):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    live = page.live_revision_id
    client.force_login(user("xiping_editor"))
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), article_form_data(page, title="未提交的修改")
    )
    page.refresh_from_db()
    assert page.live_revision_id == live and page.title != "未提交的修改"
    assert "未提交的修改" not in client.get(page.url).content.decode()


def test_starting_a_route_in_code_with_an_incomplete_form_is_refused(demo):
    from django.core.exceptions import ValidationError
    from wagtail.models import WorkflowState

    page = ArticlePage.objects.get(slug="daylily-picking-season")
    page.title = "未填审查表"
    fill_review_form(page, point_2="")
    page.save_revision(user=user("xiping_editor"))
    states_before = WorkflowState.objects.count()
    with pytest.raises(ValidationError) as refused:
        page.get_workflow().start(page, user("xiping_editor"))
    assert "point_2" in refused.value.message_dict
    assert WorkflowState.objects.count() == states_before


def test_the_signing_form_labels_each_points_answers(demo, client):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    submit(client, page, "xiping_editor", title="无障碍检查")
    client.force_login(user("xiping_reviewer"))
    step = current_step(page)
    response = client.get(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", step.pk]))
    html = json.loads(response.content)["html"]
    # Each question is the legend of its own 是/否 group.
    assert html.count("<legend") == 9
    assert '<legend class="w-field__label">1. 是否涉及秘密</legend>' in html


def test_the_signing_dialog_shows_what_is_signed(demo, client):
    from wagtail_review.review_form.checklist import passing_answers
    from wagtail_review.routing.services import sign

    page = ArticlePage.objects.get(slug="daylily-picking-season")
    submit(client, page, "xiping_editor", title="签署前核对")
    client.force_login(user("xiping_reviewer"))
    step = current_step(page)
    html = json.loads(
        client.get(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", step.pk])).content
    )["html"]
    # The submitter's own answers and contact, and the version to read.
    assert "送审人的自查结果" in html and "是否涉及秘密" in html and "王晓燕" in html
    assert reverse("wagtail_review:version", args=[page.pk, step.revision_id]) in html
    assert "上次签署以来的修改" not in html  # nothing signed yet in this submission

    # After a signature, an edit restarts the route on a new version: the signer sees what changed since.
    signed_revision = step.revision_id
    sign(step.specific, user("xiping_reviewer"), answers=passing_answers())
    edited = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    edited.title = "签署前核对（改）"
    edited.save_revision(user=user("xiping_editor"))
    step = current_step(page)
    assert step.revision_id != signed_revision
    client.force_login(user("xiping_reviewer"))
    html = json.loads(
        client.get(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", step.pk])).content
    )["html"]
    compare = reverse("wagtail_review:compare", args=[page.pk, signed_revision, step.revision_id])
    assert "上次签署以来的修改" in html and compare in html


def test_after_signing_the_signer_is_told_who_signs_next(demo, client):
    from django.contrib.messages import get_messages

    page = ArticlePage.objects.get(slug="daylily-picking-season")
    submit(client, page, "xiping_editor", title="下一步是谁")
    response = approve(client, page, "xiping_reviewer")
    told = " ".join(str(message) for message in get_messages(response.wsgi_request))
    leader = user("xiping_leader")
    assert "下一步" in told and leader.get_full_name() in told
    page = ArticlePage.objects.get(pk=page.pk)
    response = approve(client, page, "xiping_leader")
    told = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "最后一步" in told
