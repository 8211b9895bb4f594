"""The system administrator (系统管理员) creates accounts for unit staff, and grants nothing by it (rule 7)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse

User = get_user_model()


def login(client, username):
    client.force_login(User.objects.get(username=username))


def account_data(**extra):
    return {
        "username": "xiping_clerk",
        "email": "xiping_clerk@yunzhou.example.gov.cn",
        "first_name": "小明",
        "last_name": "刘",
        "password1": "Yunzhou-2026!x",
        "password2": "Yunzhou-2026!x",
        **extra,
    }


def test_the_information_centre_creates_and_deactivates_an_account(client, demo):
    login(client, "sysadmin")
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    response = client.post(reverse("wagtailusers_users:add"), account_data())
    assert response.status_code == 302, response.content.decode()[:500]
    clerk = User.objects.get(username="xiping_clerk")
    assert not clerk.is_superuser and not clerk.groups.exists()
    assert clerk.get_full_name() == "刘小明"

    response = client.post(
        reverse("wagtailusers_users:edit", args=[clerk.pk]),
        {**account_data(), "password1": "", "password2": "", "is_active": ""},
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active


def test_the_information_centre_cannot_make_a_superuser(client, demo):
    login(client, "sysadmin")
    response = client.post(reverse("wagtailusers_users:add"), account_data(is_superuser="on"), follow=True)
    assert response.status_code == 200
    assert not User.objects.filter(username="xiping_clerk", is_superuser=True).exists()
    assert "超级用户" in response.content.decode()


def test_the_information_centre_cannot_take_over_a_superuser_account(client, demo):
    superuser = User.objects.filter(is_superuser=True).first()
    login(client, "sysadmin")
    response = client.post(
        reverse("wagtailusers_users:edit", args=[superuser.pk]),
        {
            "username": superuser.username,
            "email": "attacker@example.com",
            "first_name": "",
            "last_name": "",
            "password1": "Attacker-2026!x",
            "password2": "Attacker-2026!x",
            "is_active": "on",
            "is_superuser": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    superuser.refresh_from_db()
    assert superuser.email != "attacker@example.com" and not superuser.check_password("Attacker-2026!x")


@pytest.mark.parametrize("target", ["self", "colleague"])
def test_nobody_but_a_superuser_puts_people_into_groups(client, demo, target):
    sysadmin = User.objects.get(username="sysadmin")
    person = sysadmin if target == "self" else User.objects.get(username="xiping_editor")
    groups_before = set(person.groups.values_list("pk", flat=True))
    wanted = Group.objects.exclude(pk__in=groups_before).first()
    login(client, "sysadmin")
    data = {
        "username": person.username,
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "password1": "",
        "password2": "",
        "is_active": "on",
        "groups": [*groups_before, wanted.pk],
    }
    response = client.post(reverse("wagtailusers_users:edit", args=[person.pk]), data, follow=True)
    assert response.status_code == 200
    assert set(person.groups.values_list("pk", flat=True)) == groups_before


def test_plain_code_as_a_non_superuser_is_refused_too(demo):
    from wagtail.log_actions import LogContext

    from wagtail_review.exceptions import ReviewRefusal

    sysadmin = User.objects.get(username="sysadmin")
    editor = User.objects.get(username="xiping_editor")
    with LogContext(user=sysadmin):
        editor.is_superuser = True
        with pytest.raises(ReviewRefusal), transaction.atomic():
            editor.save()
        with pytest.raises(ReviewRefusal), transaction.atomic():
            sysadmin.groups.add(Group.objects.exclude(user=sysadmin).first())
    editor.refresh_from_db()
    assert not editor.is_superuser


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("username", ["xiping_leader", "webadmin", "secadmin", "auditadmin"])
def test_only_the_system_administrator_manages_accounts(client, demo, method, username):
    login(client, username)
    response = getattr(client, method)(
        reverse("wagtailusers_users:add"), account_data() if method == "post" else None
    )
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not User.objects.filter(username="xiping_clerk").exists()
