"""A step nobody can sign is flagged to the information centre, never left silently in nobody's queue."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from portal_site.portal.models import ArticlePage
from tests.portal.admin_forms import PASSING
from wagtail_review.routing.services import eligible_signers, fill_review_form, submit

User = get_user_model()


def test_a_reviewer_who_edits_during_their_step_strands_it_and_the_centre_is_told(
    demo, db, client, django_capture_on_commit_callbacks
):
    editor, reviewer = (
        User.objects.get(username="xiping_editor"),
        User.objects.get(username="xiping_reviewer"),
    )
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    page.title = "黄花采摘（待审）"
    fill_review_form(page, **PASSING, contact_person="王晓燕")
    with django_capture_on_commit_callbacks(execute=True):
        workflow_state = submit(page, editor)
    assert mail.outbox and not any("无人可签署" in message.subject for message in mail.outbox)
    mail.outbox.clear()

    # The unit's only reviewer corrects a typo in their own step: now an author of the submission.
    page = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    page.title = "黄花采摘（已校对）"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=reviewer)
    workflow_state.refresh_from_db()
    assert eligible_signers(workflow_state.current_task_state.specific) == []

    [notice] = [message for message in mail.outbox if "无人可签署" in message.subject]
    assert "webadmin@yunzhou.example.gov.cn" in notice.to
    assert "黄花采摘（已校对）" in notice.subject and "西坪镇" in notice.body and "编写" in notice.body

    # The route panel on the page says so too.
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "此步骤无人可签署" in html


def test_a_signer_whose_save_changes_nothing_or_only_adds_a_comment_may_still_sign(demo, db):
    # Wagtail saves a revision whenever its edit form reports a change (a
    # field with a callable default does, or a review comment); that makes
    # nobody an author of content they did not change.
    from wagtail.models import Comment

    editor, reviewer = (
        User.objects.get(username="xiping_editor"),
        User.objects.get(username="xiping_reviewer"),
    )
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    page.title = "黄花采摘（待审）"
    fill_review_form(page, **PASSING, contact_person="王晓燕")
    workflow_state = submit(page, editor)

    page = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    page.save_revision(user=reviewer)
    page = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    page.wagtail_admin_comments = [Comment(user=reviewer, text="“黄花”请核实", contentpath="title")]
    page.save_revision(user=reviewer)
    workflow_state.refresh_from_db()
    assert reviewer in eligible_signers(workflow_state.current_task_state.specific)

    # A real change still makes them an author.
    page = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    page.title = "黄花采摘（已校对）"
    page.save_revision(user=reviewer)
    workflow_state.refresh_from_db()
    assert reviewer not in eligible_signers(workflow_state.current_task_state.specific)
