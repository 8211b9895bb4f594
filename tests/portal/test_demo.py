"""The demo command a newcomer runs: complete, idempotent, and the portal shows it."""

import io

import pytest
import swapper
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission

from wagtail_review.models import Membership, SectionOwnership, Unit
from wagtail_review.organisation.sections import unit_for_page

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


def counts():
    return {
        "users": get_user_model().objects.count(),
        "units": Unit.objects.count(),
        "memberships": Membership.objects.count(),
        "sections": SectionOwnership.objects.count(),
        "pages": Page.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
        "history": Membership.history.count() + Unit.history.count(),
    }


@pytest.fixture
def demo(demo, db):
    """The module-wide demo (see conftest), with this test's own savepoint."""


def test_demo_loads_on_empty_database_and_twice_changes_nothing(demo):
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert set(Unit.objects.values_list("slug", flat=True)) == UNIT_SLUGS
    assert first["pages"] >= 30


def test_each_unit_owns_the_section_named_after_it(demo):
    for section in SectionOwnership.objects.select_related("page", "unit"):
        assert section.page.slug == section.unit.slug
    assert set(SectionOwnership.objects.values_list("unit__slug", flat=True)) == UNIT_SLUGS
    article = Page.objects.get(slug="xiping-town").get_descendants().live().last()
    assert unit_for_page(article).slug == "xiping-town"


def test_demo_accounts_have_their_roles(demo):
    expected = {
        ("xiping_editor", "xiping-town", "editor"),
        ("xiping_reviewer", "xiping-town", "reviewer"),
        ("xiping_leader", "xiping-town", "leader_in_charge"),
        ("edu_editor", "education-bureau", "editor"),
        ("edu_reviewer", "education-bureau", "reviewer"),
        ("edu_principal", "education-bureau", "principal_leader"),
        ("office_reviewer", "district-office", "reviewer"),
        ("webadmin", "info-center", "web_admin"),
        ("site_leader", "info-center", "site_leader"),
        # The three separated administrator duties (等保 2.0 三员分立):
        ("sysadmin", "info-center", "system_admin"),
        ("secadmin", "info-center", "security_admin"),
        ("auditadmin", "info-center", "audit_admin"),
        ("district_leader", "district-leadership", "leader_in_charge"),
        ("district_principal", "district-leadership", "principal_leader"),
        # So that every demo unit's route can be completed by distinct people:
        ("office_editor", "district-office", "editor"),
        ("office_editor", "district-leadership", "editor"),
        ("info_editor", "info-center", "editor"),
        ("health_editor", "health-bureau", "editor"),
        ("health_reviewer", "health-bureau", "reviewer"),
        ("health_principal", "health-bureau", "principal_leader"),
        ("beijiazao_editor", "beijiazao-town", "editor"),
        ("beijiazao_reviewer", "beijiazao-town", "reviewer"),
        ("beijiazao_leader", "beijiazao-town", "leader_in_charge"),
    }
    actual = set(Membership.objects.values_list("user__username", "unit__slug", "role"))
    assert actual == expected
    assert get_user_model().objects.get(username="admin").is_superuser
    assert get_user_model().objects.get(username="xiping_editor").check_password("Yunzhou@2026")
    assert Unit.objects.get(slug="xiping-town").designated_officer.username == "xiping_editor"
    # Nobody may publish past review: the stock Moderators' publish right is withdrawn.
    assert not GroupPagePermission.objects.filter(permission__codename="publish_page").exists()


def test_public_home_page_renders_demo_content(demo, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta charset="utf-8">' in html
    assert "云州区" in html
    assert "工作动态" in html
    newest = Page.objects.get(slug="xiping-town").get_descendants().live().specific().last()
    assert client.get(newest.url).status_code == 200


def test_xiping_editor_edits_only_xiping_through_the_admin(demo, client):
    client.force_login(get_user_model().objects.get(username="xiping_editor"))
    xiping = Page.objects.get(slug="xiping-town")
    education = Page.objects.get(slug="education-bureau")
    own_column = xiping.get_children().first()
    other_column = education.get_children().first()
    own_article = own_column.get_children().first()
    other_article = other_column.get_children().first()

    # Edit: own page yes (GET and POST), other unit's page no.
    assert client.get(reverse("wagtailadmin_pages:edit", args=[own_article.pk])).status_code == 200
    response = client.get(reverse("wagtailadmin_pages:edit", args=[other_article.pk]))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    before = other_article.specific.latest_revision_id
    response = client.post(reverse("wagtailadmin_pages:edit", args=[other_article.pk]), {"title": "篡改"})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    other_article.refresh_from_db()
    assert other_article.latest_revision_id == before and other_article.title != "篡改"

    # Add: under own column yes, under the other unit's column no.
    assert client.get(reverse("wagtailadmin_pages:add_subpage", args=[own_column.pk])).status_code == 200
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[other_column.pk]))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    children_before = other_column.get_children().count()
    page_type = own_article.specific_class
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=[page_type._meta.app_label, page_type._meta.model_name, other_column.pk],
    )
    for method in ("get", "post"):
        response = getattr(client, method)(add_url, {"title": "越权稿件", "slug": "intruder"})
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert other_column.get_children().count() == children_before


def test_demo_refuses_to_run_where_not_allowed(demo, settings):
    settings.PORTAL_DEMO_DATA_ALLOWED = False
    before = counts()
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert counts() == before


def test_every_live_demo_page_went_through_its_route(demo):
    from wagtail_review.models import ReleaseApproval, Signature

    live = Page.objects.live().filter(depth__gt=1)
    assert live.count() >= 30
    for page in live:
        approval = ReleaseApproval.objects.get(revision_id=page.live_revision_id)
        signatures = Signature.objects.filter(workflow_state=approval.workflow_state, decision="approve")
        signers = list(signatures.values_list("signer__username", flat=True))
        assert signers, page.title
        assert len(signers) == len(set(signers)), page.title
        assert approval.workflow_state.requested_by.username not in signers, page.title
    # The two examples of non-default routes in the demo data.
    flood = Page.objects.get(slug="flood-control-2026")
    approval = ReleaseApproval.objects.get(revision_id=flood.live_revision_id)
    assert approval.source_type == "emergency"
    assert set(
        Signature.objects.filter(workflow_state=approval.workflow_state).values_list(
            "signer__username", flat=True
        )
    ) == {"district_leader", "district_principal"}
