"""The route fits the version it releases (Art. 9), and separation of duties is one rule for every caller."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import WorkflowState

from tests.testapp.models import BlogPage
from wagtail_review.exceptions import ActionRefused, RouteIncomplete
from wagtail_review.models import LedgerEntry, Role, Route, Unit, UnitKind
from wagtail_review.organisation.governance import grant_role
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.routing.queue import awaiting_review
from wagtail_review.routing.route_changes import confirm_route_change, propose_route_change
from wagtail_review.routing.services import eligible_signers, fill_review_form, sign, submit


@pytest.fixture
def blog(existing_site, people, town):
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    return BlogPage.objects.get(pk=existing_site.blog.pk)


@pytest.fixture
def district_leaders(people, make_user):
    leadership = Unit.objects.create(name="区政府领导", slug="leaders", kind=UnitKind.LEADERSHIP)
    in_charge, principal = make_user("in_charge"), make_user("principal")
    grant_role(in_charge, leadership, Role.LEADER_IN_CHARGE, confirmed_by=people["admin"])
    grant_role(principal, leadership, Role.PRINCIPAL_LEADER, confirmed_by=people["admin"])
    return in_charge, principal


def form(page, **values):
    return fill_review_form(
        page, **passing_answers(values.pop("sensitive", False)), contact_person="王晓燕", **values
    )


def current_task_state(page):
    return WorkflowState.objects.get(pk=page.current_workflow_state.pk).current_task_state.specific


# --- Which pages may take which source type -------------------------------------------------------


def test_a_township_page_cannot_take_the_district_governments_route(blog, people):
    form(blog, source_type="district_government")
    with pytest.raises(ValidationError) as refused:
        submit(blog, people["editor"])
    assert "source_type" in refused.value.message_dict


def test_the_information_centre_can_open_a_source_type_to_more_units(blog, people):
    route = Route.objects.get(source_type="district_government")
    change = propose_route_change(
        route.source_type, route.workflow, [*route.unit_kinds, UnitKind.TOWNSHIP], people["webadmin"]
    )
    confirm_route_change(change, people["admin"])
    form(blog, source_type="district_government")
    assert submit(blog, people["editor"]).workflow == route.workflow


# --- A changed source type moves the submission to its route --------------------------------------


def test_changing_the_source_type_during_review_restarts_on_the_fitting_route(
    blog, people, district_leaders, client
):
    form(blog)
    township = submit(blog, people["editor"])
    sign(current_task_state(blog), people["reviewer"], answers=passing_answers())

    client.force_login(people["editor"])
    from tests.core.test_relations import blog_form_data, link_forms

    data = blog_form_data(
        blog,
        tags="农业, 春耕",
        categories=blog.categories.all(),
        links=link_forms(blog, keep={link.title for link in blog.links.all()}, add=[]),
        intro="<p>汛情紧急通知</p>",
    )
    data.update({"review_form-0-source_type": "emergency", "review_form-0-point_7": "yes"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[blog.pk]), data, follow=True)
    assert any("审核程序" in str(m) or "route" in str(m) for m in response.context["messages"])

    township.refresh_from_db()
    assert township.status == WorkflowState.STATUS_CANCELLED
    blog.refresh_from_db()
    emergency = blog.current_workflow_state
    assert emergency.workflow == Route.objects.get(source_type="emergency").workflow
    # The township's signers have nothing to sign; the district leaders do, in order.
    assert not awaiting_review(people["leader"])
    assert [u.username for u in eligible_signers(current_task_state(blog))] == ["in_charge"]


def test_a_route_that_does_not_fit_the_version_cannot_release_it(blog, people, district_leaders):
    """In code, a township route started on a version marked sensitive: the release refuses it."""
    form(blog, source_type="emergency", sensitive=True)
    blog.intro = "<p>汛情紧急通知</p>"
    blog.save_revision(user=people["editor"])
    township_route = Route.objects.get(source_type="township").workflow
    township_route.start(blog, people["editor"])
    sign(current_task_state(blog), people["reviewer"], answers=passing_answers(True))
    entries = LedgerEntry.objects.count()
    with pytest.raises(RouteIncomplete):
        sign(current_task_state(blog), people["leader"], answers=passing_answers(True))
    assert "汛情" not in BlogPage.objects.get(pk=blog.pk).intro
    assert LedgerEntry.objects.count() == entries


# --- Separation of duties ------------------------------------------------------------------------


def test_a_reviewer_who_edits_during_review_may_not_sign_it(blog, people, make_user):
    second_reviewer = make_user("reviewer2")
    grant_role(second_reviewer, Unit.objects.get(slug="xiping"), Role.REVIEWER, confirmed_by=people["admin"])
    form(blog)
    submit(blog, people["editor"])
    # The reviewer fixes a typo during their own step; the editor saves again, unchanged.
    page = BlogPage.objects.get(pk=blog.pk).get_latest_revision_as_object()
    page.intro = "<p>审核员修改过的导语</p>"
    page.save_revision(user=people["reviewer"])
    BlogPage.objects.get(pk=blog.pk).get_latest_revision_as_object().save_revision(user=people["editor"])

    step = current_task_state(blog)
    with pytest.raises(ActionRefused):
        sign(step, people["reviewer"], answers=passing_answers())
    assert not awaiting_review(people["reviewer"])
    assert [u.username for u in eligible_signers(step)] == ["reviewer2"]
    sign(step, second_reviewer, answers=passing_answers())


def test_a_writer_does_not_become_a_signer_by_having_someone_else_resubmit(blog, people, make_user):
    second_reviewer = make_user("reviewer2")
    grant_role(second_reviewer, Unit.objects.get(slug="xiping"), Role.REVIEWER, confirmed_by=people["admin"])
    # The reviewer writes the content; the editor submits it; it is cancelled and submitted afresh.
    page = BlogPage.objects.get(pk=blog.pk).get_latest_revision_as_object()
    page.intro = "<p>审核员自己写的导语</p>"
    page.save_revision(user=people["reviewer"])
    form(page)
    submit(page, people["editor"]).cancel(user=people["editor"])
    state = submit(BlogPage.objects.get(pk=blog.pk).get_latest_revision_as_object(), people["editor"])
    step = WorkflowState.objects.get(pk=state.pk).current_task_state.specific
    with pytest.raises(ActionRefused):
        sign(step, people["reviewer"], answers=passing_answers())
    assert [u.username for u in eligible_signers(step)] == ["reviewer2"]


def test_after_a_return_the_steps_are_signed_in_route_order_again(blog, people):
    form(blog)
    submit(blog, people["editor"])
    sign(current_task_state(blog), people["reviewer"], answers=passing_answers())
    sign(
        current_task_state(blog),
        people["leader"],
        answers=passing_answers(),
        approve=False,
        comment="数据需核实",
    )
    page = BlogPage.objects.get(pk=blog.pk).get_latest_revision_as_object()
    page.intro = "<p>核实后的数据</p>"
    page.save_revision(user=people["editor"])
    state = BlogPage.objects.get(pk=blog.pk).current_workflow_state
    state.resume(user=people["editor"])
    step = current_task_state(blog)
    assert step.task.specific.role == Role.REVIEWER
    with pytest.raises(ActionRefused):
        sign(step, people["leader"], answers=passing_answers())


def test_the_submitted_email_goes_only_to_who_may_sign(blog, people):
    """An editor who is also one of the unit's reviewers is not asked to review their own submission."""
    grant_role(people["editor"], Unit.objects.get(slug="xiping"), Role.REVIEWER, confirmed_by=people["admin"])
    for username in ("editor", "reviewer"):
        people[username].email = f"{username}@example.com"
        people[username].save()
    form(blog)
    mail.outbox.clear()
    submit(blog, people["editor"])
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"reviewer@example.com"}


def test_signatures_for_one_unit_do_not_release_a_page_moved_into_another_units_section(
    existing_site, people, town, make_user
):
    from wagtail.models import Page

    from wagtail_review.models import SectionOwnership

    other = Unit.objects.create(name="倍加造镇", slug="beijiazao", kind=UnitKind.TOWNSHIP)
    other_leader = make_user("other_leader")
    grant_role(other_leader, other, Role.LEADER_IN_CHARGE, confirmed_by=people["admin"])
    other_section = existing_site.home.add_child(
        instance=Page(title="倍加造镇", slug="beijiazao", live=False)
    )
    SectionOwnership.objects.create(unit=other, page=other_section)
    draft = existing_site.news.add_child(instance=BlogPage(title="西坪镇草稿", slug="draft", live=False))
    form(draft)
    state = submit(draft, people["editor"])
    sign(state.current_task_state.specific, people["reviewer"], answers=passing_answers())
    Page.objects.get(pk=draft.pk).move(other_section, pos="last-child")  # a draft moves freely
    with pytest.raises(RouteIncomplete):
        sign(current_task_state(draft), other_leader, answers=passing_answers())
    assert not BlogPage.objects.get(pk=draft.pk).live
