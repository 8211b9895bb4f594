"""The unit, membership and section screens: only the information centre's system and security administrators.

Units and sections are the system administrator's, memberships the security
administrator's (等保 2.0 三员分立; test_administrator_duties covers each duty
refused the others' screens).
"""

import pytest
from django.urls import reverse

from wagtail_review.models import Membership, Role, SectionOwnership, Unit, UnitKind


@pytest.fixture
def people(make_unit, make_user, grant, make_page, own):
    center = make_unit("info-center", kind=UnitKind.INFO_CENTER, name="区政府信息化中心")
    town = make_unit("xiping-town", name="西坪镇")
    webadmin = make_user("webadmin")
    sysadmin = make_user("sysadmin")
    secadmin = make_user("secadmin")
    editor = make_user("xiping_editor")
    leader = make_user("xiping_leader")
    site_leader = make_user("site_leader")
    grant(webadmin, center, Role.WEB_ADMIN)
    grant(site_leader, center, Role.SITE_LEADER)
    grant(secadmin, center, Role.SECURITY_ADMIN)
    grant(sysadmin, center, Role.SYSTEM_ADMIN)
    membership = grant(editor, town, Role.EDITOR)
    grant(leader, town, Role.LEADER_IN_CHARGE)
    section = own(town, make_page("xiping"))
    return {
        "center": center,
        "town": town,
        "webadmin": webadmin,
        "sysadmin": sysadmin,
        "secadmin": secadmin,
        "editor": editor,
        "leader": leader,
        "site_leader": site_leader,
        "membership": membership,
        "section": section,
    }


def screens(name, pk, delete=True):
    urls = [
        reverse(f"{name}:index"),
        reverse(f"{name}:add"),
        reverse(f"{name}:edit", args=[pk]),
        reverse(f"{name}:history", args=[pk]),
    ]
    return urls + [reverse(f"{name}:delete", args=[pk])] if delete else urls


def system_admin_urls(people):
    unit = people["town"].pk
    return [
        # Units are deactivated, never deleted: no delete screen for anyone but a superuser.
        *screens("wagtail_review_units", unit, delete=False),
        reverse("wagtail_review_units:inspect", args=[unit]),
        reverse("wagtail_review_units:change_record", args=[unit]),
        *screens("wagtail_review_sections", people["section"].pk),
    ]


def security_admin_urls(people):
    return screens("wagtail_review_memberships", people["membership"].pk)


def protected_urls(people):
    return [
        *system_admin_urls(people),
        reverse("wagtail_review_units:delete", args=[people["town"].pk]),
        *security_admin_urls(people),
    ]


def snapshot():
    return (
        list(Unit.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        list(SectionOwnership.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("who", ["editor", "leader", "site_leader", "webadmin"])
def test_unit_admin_without_permission(client, people, who):
    client.force_login(people[who])
    before = snapshot()
    for url in protected_urls(people):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"name": "改名", "role": Role.WEB_ADMIN, "unit": 1})
            # Wagtail answers a permission failure with a redirect to the dashboard.
            assert response.status_code == 302, (method, url)
            assert response.url == reverse("wagtailadmin_home"), (method, url)
    assert snapshot() == before


def test_unit_admin_anonymous_goes_to_login(client, people):
    before = snapshot()
    for url in protected_urls(people):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"name": "x"})
            assert response.status_code == 302
            assert response.url.startswith(reverse("wagtailadmin_login"))
    assert snapshot() == before


def test_menu_hidden_from_unit_staff(client, people):
    client.force_login(people["editor"])
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("wagtail_review_units:index") not in response.content.decode()


def test_system_administrator_sees_unit_and_section_screens_in_chinese(client, people):
    client.force_login(people["sysadmin"])
    for url in system_admin_urls(people):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("wagtail_review_units:index")).content.decode()
    assert "西坪镇" in page
    assert "信息责任单位" in page


def test_security_administrator_sees_membership_screens(client, people):
    client.force_login(people["secadmin"])
    for url in security_admin_urls(people):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "xiping_editor" in client.get(reverse("wagtail_review_memberships:index")).content.decode()


def test_security_administrator_adds_membership_and_history_names_them(client, people, make_user):
    newcomer = make_user("xiping_editor2")
    client.force_login(people["secadmin"])
    response = client.post(
        reverse("wagtail_review_memberships:add"),
        {"user": newcomer.pk, "unit": people["town"].pk, "role": Role.EDITOR, "note": "接替王晓燕"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    record = membership.history.get()
    assert record.history_type == "+"
    assert record.history_user == people["secadmin"]

    client.force_login(people["sysadmin"])
    page = client.get(
        reverse("wagtail_review_units:change_record", args=[people["town"].pk])
    ).content.decode()
    assert "xiping_editor2" in page
    assert "secadmin" in page


def test_changes_show_old_and_new_values(client, people):
    client.force_login(people["sysadmin"])
    response = client.post(
        reverse("wagtail_review_units:edit", args=[people["town"].pk]),
        {"name": "西坪镇人民政府", "slug": "xiping-town", "kind": UnitKind.TOWNSHIP, "is_active": "on"},
    )
    assert response.status_code == 302
    assert people["town"].history.latest().history_user == people["sysadmin"]
    page = client.get(
        reverse("wagtail_review_units:change_record", args=[people["town"].pk])
    ).content.decode()
    assert "西坪镇 → 西坪镇人民政府" in page


def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, people):
    client.force_login(people["secadmin"])
    before = snapshot()
    # An editor-only role in the information centre is fine; a web-admin role in a township is not.
    response = client.post(
        reverse("wagtail_review_memberships:add"),
        {"user": people["editor"].pk, "unit": people["town"].pk, "role": Role.WEB_ADMIN},
    )
    assert response.status_code == 200
    assert "信息化中心" in response.content.decode()
    response = client.post(
        reverse("wagtail_review_memberships:add"), {"user": "abc", "unit": "", "role": "boss"}
    )
    assert response.status_code == 200
    client.force_login(people["sysadmin"])
    # A designated officer who is not a member of the unit.
    response = client.post(
        reverse("wagtail_review_units:edit", args=[people["town"].pk]),
        {
            "name": "西坪镇",
            "slug": "xiping-town",
            "kind": UnitKind.TOWNSHIP,
            "designated_officer": people["webadmin"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    # Nonsense ids and a missing object.
    assert client.get(reverse("wagtail_review_units:change_record", args=[999999])).status_code == 404
    assert snapshot() == before


def test_the_system_administrator_deactivates_units_rather_than_deleting_them(client, people):
    client.force_login(people["sysadmin"])
    response = client.post(reverse("wagtail_review_units:delete", args=[people["town"].pk]))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert Unit.objects.filter(pk=people["town"].pk).exists()


def test_deleting_a_unit_with_members_is_refused(client, people, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pw-Abc12345"))
    response = client.post(reverse("wagtail_review_units:delete", args=[people["town"].pk]))
    assert response.status_code in (200, 302)
    assert Unit.objects.filter(pk=people["town"].pk).exists()
