"""Who may sign is governed by two people, on the record (Art. 5, 7, 13)."""

import pytest
from django.db import transaction
from django.urls import reverse
from wagtail.models import Workflow, WorkflowTask

from tests.core.conftest import release
from tests.testapp.models import BlogPage
from wagtail_review.models import LedgerAction, LedgerEntry, Membership, Role, Route, RouteChange, Unit
from wagtail_review.organisation.governance import GovernanceRefusal, confirm_membership, grant_role
from wagtail_review.publication.ledger import head
from wagtail_review.publication.ledger.verification import verify
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.routing.route_changes import (
    RouteChangeRefusal,
    confirm_route_change,
    propose_route_change,
)
from wagtail_review.routing.services import eligible_signers, fill_review_form, submit


@pytest.fixture
def township(town):
    return Unit.objects.get(slug="xiping")


def test_a_signing_role_signs_nothing_until_a_second_administrator_confirms_it(
    existing_site, people, township, make_user
):
    newcomer = make_user("newcomer")
    membership = grant_role(newcomer, township, Role.REVIEWER, granted_by=people["secadmin"])
    blog = BlogPage.objects.get(pk=existing_site.blog.pk)
    fill_review_form(blog, **passing_answers(), contact_person="王晓燕")
    state = submit(blog, people["editor"])
    step = state.current_task_state.specific
    assert [u.username for u in eligible_signers(step)] == ["reviewer"]

    confirm_membership(membership, people["admin"])
    assert [u.username for u in eligible_signers(step)] == ["newcomer", "reviewer"]


def test_nobody_grants_themself_a_role(people, township):
    membership = Membership(user=people["secadmin"], unit=township, role=Role.LEADER_IN_CHARGE)
    membership._history_user = people["secadmin"]
    with pytest.raises(GovernanceRefusal):
        membership.save()
    assert not Membership.objects.filter(user=people["secadmin"], unit=township).exists()


@pytest.mark.parametrize(
    "confirmer", ["granter", "holder", "ordinary", "webadmin", "site_leader", "sysadmin", "auditadmin"]
)
def test_only_a_second_security_administrator_confirms(people, township, make_user, confirmer):
    holder = make_user("holder")
    membership = grant_role(holder, township, Role.LEADER_IN_CHARGE, granted_by=people["secadmin"])
    who = {"granter": people["secadmin"], "holder": holder, "ordinary": people["editor"]}.get(confirmer)
    with pytest.raises(GovernanceRefusal):
        confirm_membership(membership, who or people[confirmer])
    assert Membership.objects.get(pk=membership.pk).awaits_confirmation


def test_a_confirmed_grant_and_a_removal_are_in_the_ledger(people, township, make_user):
    holder = make_user("holder")
    before = head().count
    membership = grant_role(
        holder, township, Role.REVIEWER, granted_by=people["secadmin"], confirmed_by=people["admin"]
    )
    entry = LedgerEntry.objects.get(sequence=before + 1)
    assert (
        entry.action == LedgerAction.GOVERNANCE
        and entry.actor == "admin"
        and entry.submitted_by == "secadmin"
    )
    assert "西坪镇" in entry.page_title
    membership._history_user = people["admin"]
    membership.delete()
    entry = LedgerEntry.objects.get(sequence=before + 2)
    assert entry.action == LedgerAction.GOVERNANCE and entry.actor == "admin"
    assert verify(check_pages=False).ok


def test_changing_a_confirmed_grant_makes_it_pending_again(people, township, make_user):
    holder = make_user("holder")
    membership = grant_role(holder, township, Role.REVIEWER, confirmed_by=people["admin"])
    membership.role = Role.PRINCIPAL_LEADER
    membership._history_user = people["secadmin"]
    membership.save()
    assert Membership.objects.get(pk=membership.pk).awaits_confirmation


def test_who_changes_a_grant_grants_it_anew_and_cannot_also_confirm_it(people, township, make_user):
    holder, other = make_user("holder"), make_user("other")
    membership = grant_role(
        holder, township, Role.REVIEWER, granted_by=people["secadmin"], confirmed_by=people["admin"]
    )
    # The confirmer turns the role over to someone else, then tries to confirm that themself.
    membership.user = other
    membership._history_user = people["admin"]
    membership.save()
    membership.refresh_from_db()
    assert membership.awaits_confirmation and membership.granted_by == people["admin"]
    with pytest.raises(GovernanceRefusal):
        confirm_membership(membership, people["admin"])
    confirm_membership(membership, people["secadmin"])  # granted it first, but not this grant
    assert not Membership.objects.get(pk=membership.pk).awaits_confirmation


def test_a_units_kind_is_fixed_once_it_has_people_or_pages(people, township, make_user):
    township.kind = "leadership"
    with pytest.raises(GovernanceRefusal), transaction.atomic():
        township.save()
    assert Unit.objects.get(pk=township.pk).kind == "township"
    empty = Unit.objects.create(name="新设机构", slug="new-body", kind="department")
    empty.kind = "affiliated"
    empty.save()  # nobody signs anything for it yet
    assert Unit.objects.get(pk=empty.pk).kind == "affiliated"


@pytest.mark.parametrize("method", ["get", "post"])
def test_confirming_needs_a_security_administrator(people, township, make_user, client, method):
    membership = grant_role(make_user("holder"), township, Role.REVIEWER, granted_by=people["admin"])
    url = reverse("wagtail_review_memberships:confirm", args=[membership.pk])
    for refused in ("editor", "webadmin", "site_leader", "sysadmin", "auditadmin"):
        client.force_login(people[refused])
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), refused
        assert Membership.objects.get(pk=membership.pk).awaits_confirmation
    client.force_login(people["secadmin"])
    if method == "post":
        client.post(url)
        assert not Membership.objects.get(pk=membership.pk).awaits_confirmation
    else:
        assert client.get(url).status_code == 200


def test_an_administrator_granting_themself_a_role_in_the_admin_is_refused(people, township, client):
    client.force_login(people["secadmin"])
    response = client.post(
        reverse("wagtail_review_memberships:add"),
        {"user": people["secadmin"].pk, "unit": township.pk, "role": Role.LEADER_IN_CHARGE, "note": ""},
    )
    assert response.status_code == 200
    assert "任何人不得为自己授予角色" in response.content.decode()
    assert not Membership.objects.filter(user=people["secadmin"], unit=township).exists()


def test_releases_still_work_with_confirmed_roles(existing_site, people, town, client):
    blog = BlogPage.objects.get(pk=existing_site.blog.pk)
    blog.intro = "<p>两人确认后的审核</p>"
    release(blog, people["editor"])
    assert "两人确认后的审核" in client.get(blog.url).content.decode()


# --- Routes change by two people too -------------------------------------------------------------


def test_a_route_changes_only_when_a_second_administrator_confirms(people):
    route = Route.objects.get(source_type="reprint")
    other = Route.objects.get(source_type="emergency").workflow
    with pytest.raises(RouteChangeRefusal):
        route.workflow = other
        route.save()
    change = propose_route_change("reprint", other, [], people["webadmin"])
    assert Route.objects.get(source_type="reprint").workflow != other  # proposed, not in force
    with pytest.raises(RouteChangeRefusal):
        confirm_route_change(change, people["webadmin"])  # not by who proposed it
    before = head().count
    confirm_route_change(change, people["site_leader"])
    assert Route.objects.get(source_type="reprint").workflow == other
    entry = LedgerEntry.objects.get(sequence=before + 1)
    assert entry.action == LedgerAction.GOVERNANCE and (entry.actor, entry.submitted_by) == (
        "site_leader",
        "webadmin",
    )


def test_a_route_is_neither_deleted_nor_relabelled_around_the_two_person_rule(people, client):
    route = Route.objects.get(source_type="reprint")
    with pytest.raises(RouteChangeRefusal), transaction.atomic():
        route.delete()
    with pytest.raises(RouteChangeRefusal), transaction.atomic():
        Route.objects.filter(pk=route.pk).delete()
    route.source_type = "emergency_other"
    with pytest.raises(RouteChangeRefusal), transaction.atomic():
        route.save()
    client.force_login(people["webadmin"])
    response = client.post(reverse("wagtail_review_routes:delete", args=[route.pk]))
    assert response.status_code in (302, 403)
    assert Route.objects.filter(pk=route.pk, source_type="reprint").exists()


def test_the_steps_of_a_routes_workflow_are_fixed(people):
    workflow = Route.objects.get(source_type="township").workflow
    step = workflow.workflow_tasks.first()
    with pytest.raises(RouteChangeRefusal), transaction.atomic():
        step.delete()
    with pytest.raises(RouteChangeRefusal), transaction.atomic():
        WorkflowTask.objects.create(workflow=workflow, task=step.task, sort_order=99)
    task = step.task.specific
    task.role = Role.EDITOR
    with pytest.raises(RouteChangeRefusal), transaction.atomic():
        task.save()
    workflow.active = False
    with pytest.raises(RouteChangeRefusal), transaction.atomic():
        workflow.save()
    # A workflow no route uses is the site's own business.
    spare = Workflow.objects.create(name="备用流程")
    WorkflowTask.objects.create(workflow=spare, task=step.task, sort_order=0)


@pytest.mark.parametrize("as_user", ["webadmin", "editor"])
def test_route_changes_in_the_admin(people, client, as_user):
    other = Route.objects.get(source_type="emergency").workflow
    client.force_login(people[as_user])
    client.post(
        reverse("wagtail_review_route_changes:add"),
        {"source_type": "reprint", "workflow": other.pk, "unit_kinds": [], "description": "测试"},
    )
    change = RouteChange.objects.filter(source_type="reprint").first()
    if as_user == "editor":
        assert change is None
        return
    assert change.proposed_by == people["webadmin"]
    client.post(reverse("wagtail_review_route_changes:confirm", args=[change.pk]))  # the proposer: refused
    assert Route.objects.get(source_type="reprint").workflow != other
    client.force_login(people["site_leader"])
    client.post(reverse("wagtail_review_route_changes:confirm", args=[change.pk]))
    assert Route.objects.get(source_type="reprint").workflow == other
