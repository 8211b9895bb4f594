"""Memberships and sections drive Wagtail's own groups and subtree page permissions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission

from wagtail_review.models import Role, UnitKind
from wagtail_review.organisation import provisioning


def fresh(user):
    # Wagtail caches permissions on the user object: re-read it for each check.
    return get_user_model().objects.get(pk=user.pk)


def can(user, page):
    page.refresh_from_db()
    tester = page.permissions_for_user(fresh(user))
    return {
        "edit": tester.can_edit(),
        "add": tester.can_add_subpage(),
        "publish": tester.can_publish(),
    }


@pytest.fixture
def setup(make_page, make_unit, make_user, own):
    home = make_page("portal home", slug="portal-home")
    town = make_unit("xiping-town", name="西坪镇")
    edu = make_unit("education-bureau", kind=UnitKind.DEPARTMENT, name="区教育局")
    xiping = make_page("xiping", parent=home)
    edu_root = make_page("edu", parent=home)
    own(town, xiping)
    own(edu, edu_root)
    return {
        "home": home,
        "town": town,
        "edu": edu,
        "xiping": xiping,
        "edu_root": edu_root,
        "article": make_page("article", parent=xiping),
        "editor": make_user("xiping_editor"),
    }


def test_editor_can_add_and_edit_only_in_own_sections(setup, grant):
    grant(setup["editor"], setup["town"], Role.EDITOR)
    assert can(setup["editor"], setup["article"]) == {"edit": True, "add": True, "publish": False}
    assert can(setup["editor"], setup["xiping"])["add"]
    assert can(setup["editor"], setup["edu_root"]) == {"edit": False, "add": False, "publish": False}
    assert can(setup["editor"], setup["home"]) == {"edit": False, "add": False, "publish": False}
    assert fresh(setup["editor"]).has_perm("wagtailadmin.access_admin")


def test_no_provisioned_group_ever_holds_publish(setup, grant):
    grant(setup["editor"], setup["town"], Role.EDITOR)
    group = provisioning.editors_group(setup["town"])
    publish = GroupPagePermission.objects.filter(group=group, permission__codename__startswith="publish_")
    assert not publish.exists()
    # A publish right slipped in by hand is withdrawn at the next sync.
    GroupPagePermission.objects.create(
        group=group, page=setup["xiping"], permission=Permission.objects.get(codename="publish_page")
    )
    provisioning.sync_unit(setup["town"])
    assert not publish.exists()


def test_reviewers_and_leaders_get_admin_access_but_no_editing(setup, grant, make_user):
    leader = make_user("xiping_leader")
    grant(leader, setup["town"], Role.LEADER_IN_CHARGE)
    assert fresh(leader).has_perm("wagtailadmin.access_admin")
    assert can(leader, setup["article"])["edit"] is False


def test_removing_membership_withdraws_rights(setup, grant):
    membership = grant(setup["editor"], setup["town"], Role.EDITOR)
    membership.delete()
    assert can(setup["editor"], setup["article"])["edit"] is False
    assert not fresh(setup["editor"]).has_perm("wagtailadmin.access_admin")


def test_moving_membership_to_another_unit_moves_rights(setup, grant):
    membership = grant(setup["editor"], setup["town"], Role.EDITOR)
    membership.unit = setup["edu"]
    membership.save()
    assert can(setup["editor"], setup["article"])["edit"] is False
    assert can(setup["editor"], setup["edu_root"])["edit"] is True


def test_section_changes_follow_ownership(setup, grant, make_page, own):
    grant(setup["editor"], setup["town"], Role.EDITOR)
    section = setup["xiping"].review_section
    section.unit = setup["edu"]
    section.save()
    assert can(setup["editor"], setup["article"])["edit"] is False
    extra = make_page("xiping-extra", parent=setup["home"])
    own(setup["town"], extra)
    assert can(setup["editor"], extra)["edit"] is True


def test_deactivating_unit_or_person_withdraws_rights(setup, grant, make_user):
    grant(setup["editor"], setup["town"], Role.EDITOR)
    setup["town"].is_active = False
    setup["town"].save()
    assert can(setup["editor"], setup["article"])["edit"] is False
    setup["town"].is_active = True
    setup["town"].save()
    assert can(setup["editor"], setup["article"])["edit"] is True

    user = fresh(setup["editor"])
    user.is_active = False
    user.save()
    assert not provisioning.editors_group(setup["town"]).user_set.filter(pk=user.pk).exists()


ACCOUNT_PERMISSIONS = ["auth.add_user", "auth.change_user", "auth.view_user"]
UNIT_PERMISSIONS = [
    "wagtail_gov_review.add_unit",
    "wagtail_gov_review.change_unit",
    "wagtail_gov_review.view_unit",
    "wagtail_gov_review.add_sectionownership",
    "wagtail_gov_review.delete_sectionownership",
]
MEMBERSHIP_PERMISSIONS = [
    "wagtail_gov_review.add_membership",
    "wagtail_gov_review.change_membership",
    "wagtail_gov_review.delete_membership",
    "wagtail_gov_review.view_membership",
]


@pytest.fixture
def info_centre_people(make_unit, make_user, grant):
    center = make_unit("info-center", kind=UnitKind.INFO_CENTER, name="区政府信息化中心")
    people = {}
    for username, role in (
        ("webadmin", Role.WEB_ADMIN),
        ("sysadmin", Role.SYSTEM_ADMIN),
        ("secadmin", Role.SECURITY_ADMIN),
        ("auditadmin", Role.AUDIT_ADMIN),
    ):
        people[username] = make_user(username)
        grant(people[username], center, role)
    return people


def permissions_of(user):
    return set(fresh(user).get_all_permissions())


def test_each_administrator_duty_gets_its_own_permissions_and_none_of_the_others(setup, info_centre_people):
    sysadmin = permissions_of(info_centre_people["sysadmin"])
    secadmin = permissions_of(info_centre_people["secadmin"])
    assert set(UNIT_PERMISSIONS + ACCOUNT_PERMISSIONS) <= sysadmin
    assert "wagtail_gov_review.delete_unit" not in sysadmin  # units are deactivated, never deleted
    assert not set(MEMBERSHIP_PERMISSIONS) & sysadmin
    assert set(MEMBERSHIP_PERMISSIONS) <= secadmin
    assert not set(UNIT_PERMISSIONS + ACCOUNT_PERMISSIONS) & secadmin
    # The audit administrator manages nothing: admin access, as every member of a unit has.
    assert permissions_of(info_centre_people["auditadmin"]) == {"wagtailadmin.access_admin"}
    assert not fresh(setup["editor"]).has_perm("wagtail_gov_review.change_unit")


def test_web_admins_keep_routes_and_lexicons_but_not_units_memberships_or_accounts(setup, info_centre_people):
    webadmin = permissions_of(info_centre_people["webadmin"])
    assert {
        "wagtail_gov_review.change_route",
        "wagtail_gov_review.add_routechange",
        "wagtail_gov_review.view_ledgerentry",
        "wagtail_gov_review.view_takedown",
    } <= webadmin
    assert not set(UNIT_PERMISSIONS + MEMBERSHIP_PERMISSIONS + ACCOUNT_PERMISSIONS) & webadmin


def test_removing_a_duty_withdraws_its_permissions(setup, info_centre_people):
    sysadmin = info_centre_people["sysadmin"]
    sysadmin.review_memberships.get().delete()
    assert not set(UNIT_PERMISSIONS + ACCOUNT_PERMISSIONS) & permissions_of(sysadmin)


def test_sync_all_removes_the_old_combined_administrators_group(setup, info_centre_people):
    from django.contrib.auth.models import Group

    from wagtail_review.models import ProvisionedGroup

    old = Group.objects.create(name="Review: information centre administrators")
    ProvisionedGroup.objects.create(key="unit-admins", group=old)
    old.user_set.add(info_centre_people["webadmin"])
    old.permissions.add(Permission.objects.get(codename="change_unit"))
    provisioning.sync_all()
    assert not Group.objects.filter(pk=old.pk).exists()
    assert not fresh(info_centre_people["webadmin"]).has_perm("wagtail_gov_review.change_unit")
    keys = set(ProvisionedGroup.objects.values_list("key", flat=True))
    assert {"staff", "system-admins", "security-admins", "web-admins"} <= keys
    assert "unit-admins" not in keys


def test_unit_rename_renames_its_group_and_deletion_removes_it(setup, make_unit):
    unit = make_unit("beijiazao-town", name="倍加造镇")
    group = provisioning.editors_group(unit)
    unit.name = "倍加造镇人民政府"
    unit.save()
    group.refresh_from_db()
    assert "倍加造镇人民政府" in group.name
    unit.delete()
    assert not type(group).objects.filter(pk=group.pk).exists()


def test_sync_all_is_idempotent(setup, grant, info_centre_people):
    from django.contrib.auth.models import Group

    def state():
        return (
            set(GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")),
            set(Group.objects.values_list("pk", "name", "permissions", "user")),
        )

    grant(setup["editor"], setup["town"], Role.EDITOR)
    before = state()
    provisioning.sync_all()
    provisioning.sync_all()
    assert state() == before
