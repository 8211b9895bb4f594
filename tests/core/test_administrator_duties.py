"""The information centre's three separated administrator duties (等保 2.0 三员分立).

The system administrator keeps units, sections and accounts; the security
administrator keeps memberships and confirms signing roles; the audit
administrator manages nothing here. Each duty is refused the others' screens,
GET and POST; the website administrator manages none of them any more; a
superuser manages all. No path gives one person two duties, nobody grants
themself anything, and only a superuser grants the security duty.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from wagtail_review.models import Membership, Role, SectionOwnership, Unit, UnitKind
from wagtail_review.organisation.duties import (
    is_audit_administrator,
    is_security_administrator,
    is_system_administrator,
)
from wagtail_review.organisation.governance import GovernanceRefusal, grant_role

User = get_user_model()


@pytest.fixture
def setting(people, make_page, make_user):
    """A township with an editor, a pending reviewer and a section; the information centre's people."""
    town = Unit.objects.create(name="西坪镇", slug="xiping", kind=UnitKind.TOWNSHIP)
    editor = grant_role(people["editor"], town, Role.EDITOR, granted_by=people["secadmin"])
    pending = grant_role(make_user("newcomer"), town, Role.REVIEWER, granted_by=people["admin"])
    section = SectionOwnership.objects.create(unit=town, page=make_page("xiping"))
    return {
        "spare_page": make_page("spare"),
        "centre": Unit.objects.get(kind=UnitKind.INFO_CENTER),
        "town": town,
        "membership": editor,
        "pending": pending,
        "section": section,
    }


def system_screens(setting, people):
    unit, section = setting["town"].pk, setting["section"].pk
    return [
        reverse("wagtail_review_units:index"),
        reverse("wagtail_review_units:add"),
        reverse("wagtail_review_units:edit", args=[unit]),
        reverse("wagtail_review_units:inspect", args=[unit]),
        reverse("wagtail_review_units:history", args=[unit]),
        reverse("wagtail_review_units:change_record", args=[unit]),
        reverse("wagtail_review_sections:index"),
        reverse("wagtail_review_sections:add"),
        reverse("wagtail_review_sections:edit", args=[section]),
        reverse("wagtail_review_sections:delete", args=[section]),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_users:edit", args=[people["editor"].pk]),
    ]


def security_screens(setting, people):
    membership = setting["membership"].pk
    return [
        reverse("wagtail_review_memberships:index"),
        reverse("wagtail_review_memberships:add"),
        reverse("wagtail_review_memberships:edit", args=[membership]),
        reverse("wagtail_review_memberships:delete", args=[membership]),
        reverse("wagtail_review_memberships:history", args=[membership]),
        reverse("wagtail_review_memberships:confirm", args=[setting["pending"].pk]),
    ]


def screens_of(duty, setting, people):
    return {"system": system_screens, "security": security_screens}[duty](setting, people)


def snapshot():
    return (
        list(Unit.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        list(SectionOwnership.objects.order_by("pk").values()),
        # Logging in stamps last_login; everything else about an account must stay as it was.
        list(
            User.objects.order_by("pk").values(
                *[f.attname for f in User._meta.concrete_fields if f.name != "last_login"]
            )
        ),
        sorted(User.groups.through.objects.values_list("user_id", "group_id")),
    )


def post_data(setting, people):
    """A form that would succeed on any of the screens, were it allowed."""
    return {
        "name": "改名",
        "slug": "renamed",
        "kind": UnitKind.TOWNSHIP,
        "is_active": "on",
        "user": people["moderator"].pk,
        "unit": setting["town"].pk,
        "role": Role.LEADER_IN_CHARGE,
        "page": setting["spare_page"].pk,
        "username": "intruder",
        "email": "intruder@example.com",
        "first_name": "闯",
        "last_name": "入",
        "password1": "Yunzhou-2026!x",
        "password2": "Yunzhou-2026!x",
    }


def assert_refused_everywhere(client, urls, data):
    before = snapshot()
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url, data if method == "post" else None)
            # Wagtail answers a permission failure with a redirect to the dashboard.
            assert response.status_code == 302, (method, url, response.status_code)
            assert response.url == reverse("wagtailadmin_home"), (method, url)
    assert snapshot() == before


# --- Each duty refused the others' screens ----------------------------------------------------------


@pytest.mark.parametrize(
    "who,refused",
    [
        ("sysadmin", ["security"]),
        ("secadmin", ["system"]),
        ("auditadmin", ["system", "security"]),
        ("webadmin", ["system", "security"]),
        ("site_leader", ["system", "security"]),
        ("editor", ["system", "security"]),
    ],
)
def test_administrator_duty_screens_without_permission(client, people, setting, who, refused):
    client.force_login(people[who])
    urls = [url for duty in refused for url in screens_of(duty, setting, people)]
    assert_refused_everywhere(client, urls, post_data(setting, people))
    assert Membership.objects.get(pk=setting["pending"].pk).awaits_confirmation


def test_website_administrator_no_longer_manages_units_memberships_or_accounts(client, people, setting):
    client.force_login(people["webadmin"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    for index in (
        "wagtail_review_units:index",
        "wagtail_review_memberships:index",
        "wagtailusers_users:index",
    ):
        assert reverse(index) not in home, index
    # …and keeps the rest of its work: the routes and the ledger.
    assert client.get(reverse("wagtail_review_routes:index")).status_code == 200
    assert client.get(reverse("wagtail_review_ledger:index")).status_code == 200


@pytest.mark.parametrize(
    "who,shown,hidden",
    [
        (
            "sysadmin",
            ["wagtail_review_units:index", "wagtailusers_users:index"],
            ["wagtail_review_memberships:index"],
        ),
        (
            "secadmin",
            ["wagtail_review_memberships:index"],
            ["wagtail_review_units:index", "wagtailusers_users:index"],
        ),
        (
            "auditadmin",
            [],
            ["wagtail_review_units:index", "wagtail_review_memberships:index", "wagtailusers_users:index"],
        ),
    ],
)
def test_each_duty_is_offered_only_its_own_menu_items(client, people, who, shown, hidden):
    client.force_login(people[who])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    for name in shown:
        assert reverse(name) in home, name
    for name in hidden:
        assert reverse(name) not in home, name


# --- Each duty allowed its own ------------------------------------------------------------------------


@pytest.mark.parametrize("who,duty", [("sysadmin", "system"), ("secadmin", "security")])
def test_each_duty_opens_its_own_screens(client, people, setting, who, duty):
    client.force_login(people[who])
    for url in screens_of(duty, setting, people):
        assert client.get(url).status_code == 200, url


def test_the_system_administrator_adds_a_unit_and_an_account(client, people, setting):
    client.force_login(people["sysadmin"])
    response = client.post(
        reverse("wagtail_review_units:add"),
        {"name": "区民政局", "slug": "civil-affairs", "kind": UnitKind.DEPARTMENT, "is_active": "on"},
    )
    assert response.status_code == 302
    assert Unit.objects.get(slug="civil-affairs").history.get().history_user == people["sysadmin"]
    data = post_data(setting, people) | {"username": "xiping_clerk"}
    response = client.post(reverse("wagtailusers_users:add"), data)
    assert response.status_code == 302
    clerk = User.objects.get(username="xiping_clerk")
    # An account grants nothing: roles come from the security administrator.
    assert not clerk.is_superuser and not clerk.groups.exists() and not clerk.review_memberships.exists()


def test_the_security_administrator_grants_a_role_and_confirms_one(client, people, setting, make_user):
    client.force_login(people["secadmin"])
    newcomer = make_user("xiping_editor2")
    response = client.post(
        reverse("wagtail_review_memberships:add"),
        {"user": newcomer.pk, "unit": setting["town"].pk, "role": Role.EDITOR, "note": ""},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer).granted_by == people["secadmin"]
    response = client.post(reverse("wagtail_review_memberships:confirm", args=[setting["pending"].pk]))
    assert response.status_code == 302
    assert not Membership.objects.get(pk=setting["pending"].pk).awaits_confirmation


def test_a_superuser_opens_every_duty_screen(client, people, setting):
    client.force_login(people["admin"])
    for url in system_screens(setting, people) + security_screens(setting, people):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "add",
    [
        "wagtail_review_units:add",
        "wagtail_review_sections:add",
        "wagtail_review_memberships:add",
        "wagtailusers_users:add",
    ],
)
def test_the_refused_posts_would_have_changed_something(client, people, setting, add):
    """The form the refusal tests post is a valid one: a superuser posting it changes the records."""
    client.force_login(people["admin"])
    before = snapshot()
    response = client.post(reverse(add), post_data(setting, people))
    assert response.status_code == 302 and response.url != reverse("wagtailadmin_home")
    assert snapshot() != before


def test_who_holds_which_duty(people, setting):
    holders = {
        name: (is_system_administrator(user), is_security_administrator(user), is_audit_administrator(user))
        for name, user in people.items()
    }
    assert holders["sysadmin"] == (True, False, False)
    assert holders["secadmin"] == (False, True, False)
    assert holders["auditadmin"] == (False, False, True)
    assert holders["admin"] == (True, True, True)
    for name in ("webadmin", "site_leader", "editor", "reviewer", "moderator"):
        assert holders[name] == (False, False, False), name


def test_a_duty_lapses_with_its_person_or_its_unit(people, setting):
    secadmin = people["secadmin"]
    secadmin.is_active = False
    secadmin.save()
    assert not is_security_administrator(secadmin)
    centre = setting["centre"]
    centre.is_active = False
    centre.save()
    assert not is_system_administrator(User.objects.get(pk=people["sysadmin"].pk))


# --- One person, one duty ------------------------------------------------------------------------------


def test_a_second_duty_is_refused_in_the_admin_form(client, people, setting):
    client.force_login(people["secadmin"])
    response = client.post(
        reverse("wagtail_review_memberships:add"),
        {"user": people["sysadmin"].pk, "unit": setting["centre"].pk, "role": Role.AUDIT_ADMIN, "note": ""},
    )
    assert response.status_code == 200
    held = Membership.objects.get(user=people["sysadmin"]).get_role_display()
    assert escape(str(held)) in response.content.decode()
    assert not Membership.objects.filter(user=people["sysadmin"], role=Role.AUDIT_ADMIN).exists()


@pytest.mark.parametrize("granted_by", ["admin", None])
def test_a_second_duty_is_refused_in_plain_code(people, setting, granted_by):
    granter = people[granted_by] if granted_by else None  # None: a management command, the installer
    with pytest.raises(GovernanceRefusal):
        grant_role(people["auditadmin"], setting["centre"], Role.SYSTEM_ADMIN, granted_by=granter)
    # Turning an existing duty into a second one is the same thing.
    audit = Membership.objects.get(user=people["auditadmin"])
    audit.user = people["sysadmin"]
    audit._history_user = people["admin"]
    with pytest.raises(GovernanceRefusal):
        audit.save()
    assert sorted(
        Membership.objects.filter(role__in=[Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN]).values_list(
            "user__username", "role"
        )
    ) == [("auditadmin", Role.AUDIT_ADMIN), ("sysadmin", Role.SYSTEM_ADMIN)]


def test_a_second_duty_fails_model_validation(people, setting):
    membership = Membership(user=people["secadmin"], unit=setting["centre"], role=Role.SYSTEM_ADMIN)
    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    assert "role" in refused.value.message_dict


def test_the_duties_exist_only_in_the_information_centre(people, setting):
    membership = Membership(user=people["editor"], unit=setting["town"], role=Role.AUDIT_ADMIN)
    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    assert "role" in refused.value.message_dict


# --- Who grants the duties ------------------------------------------------------------------------------


def test_only_a_superuser_grants_the_security_duty(client, people, setting):
    refusal = escape(gettext("Only a superuser can grant the security administrator duty."))
    client.force_login(people["secadmin"])
    response = client.post(
        reverse("wagtail_review_memberships:add"),
        {
            "user": people["site_leader"].pk,
            "unit": setting["centre"].pk,
            "role": Role.SECURITY_ADMIN,
            "note": "",
        },
    )
    assert response.status_code == 200 and refusal in response.content.decode()
    with pytest.raises(GovernanceRefusal):
        grant_role(
            people["site_leader"], setting["centre"], Role.SECURITY_ADMIN, granted_by=people["secadmin"]
        )
    assert not Membership.objects.filter(user=people["site_leader"], role=Role.SECURITY_ADMIN).exists()

    client.force_login(people["admin"])
    response = client.post(
        reverse("wagtail_review_memberships:add"),
        {
            "user": people["site_leader"].pk,
            "unit": setting["centre"].pk,
            "role": Role.SECURITY_ADMIN,
            "note": "",
        },
    )
    assert response.status_code == 302
    assert is_security_administrator(people["site_leader"])


def test_the_security_administrator_grants_the_system_and_audit_duties(client, people, setting, make_user):
    client.force_login(people["secadmin"])
    sysadmin2, auditadmin2 = make_user("sysadmin2"), make_user("auditadmin2")
    for person, role in ((sysadmin2, Role.SYSTEM_ADMIN), (auditadmin2, Role.AUDIT_ADMIN)):
        response = client.post(
            reverse("wagtail_review_memberships:add"),
            {"user": person.pk, "unit": setting["centre"].pk, "role": role, "note": ""},
        )
        assert response.status_code == 302, role
    assert is_system_administrator(sysadmin2) and is_audit_administrator(auditadmin2)
    assert User.objects.get(pk=sysadmin2.pk).has_perm("auth.add_user")


@pytest.mark.parametrize("who", ["secadmin", "admin"])
def test_nobody_grants_themself_anything(client, people, setting, who):
    refusal = escape(gettext("Nobody grants themself a role: another administrator must do it."))
    client.force_login(people[who])
    response = client.post(
        reverse("wagtail_review_memberships:add"),
        {"user": people[who].pk, "unit": setting["town"].pk, "role": Role.EDITOR, "note": ""},
    )
    assert response.status_code == 200 and refusal in response.content.decode()
    with pytest.raises(GovernanceRefusal):
        grant_role(people[who], setting["town"], Role.EDITOR, granted_by=people[who])
    assert not Membership.objects.filter(user=people[who], unit=setting["town"]).exists()


def test_a_permission_given_by_hand_does_not_open_another_dutys_screens(client, people, setting):
    """A superuser's stray group grant is not a duty: the screens ask the duty, not the permission."""
    from django.contrib.auth.models import Group, Permission

    stray = Group.objects.create(name="手工授权")
    stray.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["wagtail_gov_review", "auth"],
            content_type__model__in=["unit", "membership", "sectionownership", "user"],
        )
    )
    people["auditadmin"].groups.add(stray)
    client.force_login(people["auditadmin"])
    urls = system_screens(setting, people) + security_screens(setting, people)
    assert_refused_everywhere(client, urls, post_data(setting, people))


def test_a_system_administrator_cannot_change_another_administrators_account(people, client):
    """Setting a security administrator's password would let the system administrator act as them."""
    from wagtail.log_actions import LogContext

    from wagtail_review.exceptions import ReviewRefusal

    security = people["secadmin"]
    with LogContext(user=people["sysadmin"]), pytest.raises(ReviewRefusal):
        security.set_password("Another#Pass1")
        security.save()
    security.refresh_from_db()
    assert not security.check_password("Another#Pass1")
    # Through the admin: Wagtail's user edit screen refuses it too.
    client.force_login(people["sysadmin"])
    client.post(
        reverse("wagtailusers_users:edit", args=[security.pk]),
        {
            "username": "secadmin",
            "email": "",
            "first_name": "丽娟",
            "last_name": "谢",
            "password1": "Another#Pass1",
            "password2": "Another#Pass1",
            "is_active": "on",
        },
    )
    security.refresh_from_db()
    assert not security.check_password("Another#Pass1")
