"""Accounts that protect the site (Art. 15; 等保 2.0): lockout, passwords, second factor, sessions, audit log.

Sign-ins here go through the real sign-in page (Django's test client posting
Wagtail's login form), not ``force_login``, wherever the rule is about
signing in.
"""

import io
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal_site.portal.management.commands.demo_otp_code import current_demo_code
from portal_site.portal.management.commands.load_demo import DEMO_PASSWORD
from portal_site.portal.models import ArticlePage
from tests.portal.admin_forms import signature_data
from wagtail_review.accounts import second_factor
from wagtail_review.accounts.audit import AccountEvent, AppendOnly, EventKind
from wagtail_review.accounts.passwords import PasswordRecord
from wagtail_review.accounts.sessions import IDENTITY_CONFIRMED_KEY, LAST_ACTIVITY_KEY
from wagtail_review.models import Signature

User = get_user_model()
ROOT = Path(__file__).resolve().parents[2]
LOCKOUT_TEXT = "登录失败次数过多"


def sign_in(client, username, password=DEMO_PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password, "next": reverse("wagtailadmin_home")},
        REMOTE_ADDR=ip,
    )


def pass_code(client, code=None, ip="10.0.0.1"):
    """Enter the demo authenticator's code on the second-factor page."""
    url = reverse("wagtail_review_accounts:verify")
    return client.post(url, {"token": code or current_demo_code(), "next": "/admin/"}, REMOTE_ADDR=ip)


def events(kind, username):
    return AccountEvent.objects.filter(kind=kind, username=username)


# --- Lockout ----------------------------------------------------------------------------------


def test_five_failures_lock_the_account_even_for_the_right_password(demo, client):
    for _attempt in range(4):
        assert sign_in(client, "xiping_editor", "wrong-Password1", ip="10.0.0.1").status_code == 200
    assert sign_in(client, "xiping_editor", "wrong-Password1", ip="10.0.0.1").status_code == 429
    # From another address too: the account itself is locked.
    response = sign_in(client, "xiping_editor", ip="10.0.0.2")
    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.content.decode() and "30 分钟" in response.content.decode()
    assert not client.session.get("_auth_user_id")
    assert events(EventKind.LOGIN_FAILED, "xiping_editor").count() >= 5
    assert events(EventKind.LOCKOUT, "xiping_editor").exists()


def test_a_lockout_says_nothing_about_whether_the_account_exists(demo, client):
    pages = {}
    for username in ("xiping_editor", "nobody-by-this-name"):
        for attempt in range(6):
            response = sign_in(client, username, "wrong-Password1", ip=f"10.1.{len(pages)}.{attempt}")
        pages[username] = response
    existing, missing = pages["xiping_editor"], pages["nobody-by-this-name"]
    assert existing.status_code == missing.status_code == 429
    strip = lambda response: response.content.decode().replace("csrfmiddlewaretoken", "")  # noqa: E731
    assert LOCKOUT_TEXT in strip(existing)
    assert (
        strip(existing).split("data-lockout-message>")[1].split("<")[0]
        == strip(missing).split("data-lockout-message>")[1].split("<")[0]
    )


def test_five_failures_from_one_address_lock_that_address(demo, client):
    for number in range(5):
        sign_in(client, f"guess{number}", "wrong-Password1", ip="10.9.9.9")
    # The right password of a real account, from that address: refused.
    assert sign_in(client, "xiping_editor", ip="10.9.9.9").status_code == 429
    # The same account from another address signs in.
    other = Client()
    assert sign_in(other, "xiping_editor", ip="10.9.9.10").status_code == 302


def test_the_security_administrator_unlocks_and_it_is_recorded(demo, client):
    for _attempt in range(5):
        sign_in(client, "xiping_editor", "wrong-Password1")
    assert sign_in(client, "xiping_editor", ip="10.0.0.3").status_code == 429

    admin = Client()
    admin.force_login(User.objects.get(username="secadmin"))
    listing = admin.get(reverse("wagtail_review_accounts:lockouts"))
    assert listing.status_code == 200 and "xiping_editor" in listing.content.decode()
    response = admin.post(reverse("wagtail_review_accounts:unlock"), {"username": "xiping_editor"})
    assert response.status_code == 302
    assert sign_in(client, "xiping_editor", ip="10.0.0.3").status_code == 302
    unlock = events(EventKind.UNLOCK, "xiping_editor").get()
    assert unlock.actor == "secadmin"


def test_an_unlock_naming_nothing_changes_nothing(demo, client):
    client.force_login(User.objects.get(username="secadmin"))
    response = client.post(
        reverse("wagtail_review_accounts:unlock"), {"username": "", "ip_address": "not-an-ip"}
    )
    assert response.status_code == 400
    assert not AccountEvent.objects.filter(kind=EventKind.UNLOCK).exists()


@pytest.mark.parametrize("username", ["sysadmin", "auditadmin", "webadmin", "xiping_leader"])
def test_only_the_security_administrator_sees_lockouts_or_unlocks(demo, client, username):
    client.force_login(User.objects.get(username=username))
    for url, method in (
        (reverse("wagtail_review_accounts:lockouts"), "get"),
        (reverse("wagtail_review_accounts:unlock"), "post"),
        (reverse("wagtail_review_accounts:reset_second_factor"), "post"),
    ):
        response = getattr(client, method)(url, {"username": "xiping_editor"})
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"), url
    assert not AccountEvent.objects.filter(
        kind__in=[EventKind.UNLOCK, EventKind.SECOND_FACTOR_RESET]
    ).exists()


# --- Passwords --------------------------------------------------------------------------------


def change_password(client, old, new):
    return client.post(
        reverse("wagtail_review_accounts:change_password"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    "new_password, message",
    [
        ("short1A", "至少"),
        ("alllowercaseletters", "至少使用"),
        ("Xiping_editor2026", "相似"),
        (DEMO_PASSWORD, "最近"),
    ],
)
def test_weak_or_reused_passwords_are_refused(demo, client, new_password, message):
    editor = User.objects.get(username="xiping_editor")
    client.force_login(editor)
    response = change_password(client, DEMO_PASSWORD, new_password)
    assert response.status_code == 200 and message in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(DEMO_PASSWORD)


def test_none_of_the_last_five_passwords_comes_back(demo, client):
    editor = User.objects.get(username="xiping_editor")
    client.force_login(editor)
    passwords = [DEMO_PASSWORD] + [f"Qingshui#{n}x" for n in range(6)]
    for old, new in zip(passwords, passwords[1:], strict=False):
        assert change_password(client, old, new).status_code == 302
    # Qingshui#0x is now six passwords back: allowed again; Qingshui#1x, five back, is not.
    current = passwords[-1]
    assert change_password(client, current, "Qingshui#1x").status_code == 200
    assert change_password(client, current, "Qingshui#0x").status_code == 302
    assert events(EventKind.PASSWORD_CHANGED, "xiping_editor").count() >= 7


def test_an_expired_password_must_be_changed_before_anything_else(demo, client):
    editor = User.objects.get(username="xiping_editor")
    PasswordRecord.objects.filter(user=editor).update(set_at=timezone.now() - timedelta(days=91))
    assert sign_in(client, "xiping_editor").status_code == 302
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("wagtail_review_accounts:change_password")
    )
    assert change_password(client, DEMO_PASSWORD, "Qingshui#2027x").status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


# --- Second factor ----------------------------------------------------------------------------


@pytest.fixture
def in_review(demo, db):
    from tests.portal.test_routes import submit

    page = ArticlePage.objects.get(slug="daylily-picking-season")
    submit(Client(), page, "xiping_editor")
    page.refresh_from_db()
    return page


def post_signature(client, page):
    step = page.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", step.pk]), signature_data()
    )


def test_a_stolen_password_alone_signs_nothing(client, in_review):
    signatures = Signature.objects.filter(workflow_state=in_review.current_workflow_state)
    assert sign_in(client, "xiping_reviewer").status_code == 302
    response = post_signature(client, in_review)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtail_review_accounts:verify"))
    assert not signatures.exists()
    # A wrong code does not open the session either.
    assert pass_code(client, "000000").status_code == 200
    assert post_signature(client, in_review)["Location"].startswith(reverse("wagtail_review_accounts:verify"))
    assert events(EventKind.SECOND_FACTOR_FAILED, "xiping_reviewer").exists()

    time.sleep(1.1)  # django-otp refuses every code for a moment after a wrong one
    assert pass_code(client).status_code == 302
    assert post_signature(client, in_review).status_code == 302
    assert signatures.get().signer.username == "xiping_reviewer"


def test_the_signing_service_refuses_a_request_whose_session_has_no_second_factor(rf, in_review):
    """Below the views: a request that did not pass the second factor cannot sign, whatever calls ``sign``."""
    from django.contrib.sessions.backends.db import SessionStore

    from wagtail_review.exceptions import ReviewRefusal
    from wagtail_review.notices import current_request
    from wagtail_review.routing.services import sign

    reviewer = User.objects.get(username="xiping_reviewer")
    request = rf.post("/admin/")
    request.user, request.session = reviewer, SessionStore()
    answers = signature_data()
    comment = answers.pop("comment")
    token = current_request.set(request)
    try:
        with pytest.raises(ReviewRefusal, match="第二"):
            sign(in_review.current_workflow_task_state, reviewer, answers=answers, comment=comment)
    finally:
        current_request.reset(token)
    assert not Signature.objects.filter(workflow_state=in_review.current_workflow_state).exists()
    # Without a request (the installer's code, a management command) the same call signs.
    sign(in_review.current_workflow_task_state, reviewer, answers=answers, comment=comment)
    assert Signature.objects.filter(workflow_state=in_review.current_workflow_state, signer=reviewer).exists()


def test_a_signer_without_an_authenticator_is_sent_to_enrol_and_enrols(demo, client):
    reviewer = User.objects.get(username="xiping_reviewer")
    second_factor.reset(reviewer)
    sign_in(client, "xiping_reviewer")
    response = client.get(reverse("wagtailadmin_home"))
    assert response["Location"].startswith(reverse("wagtail_review_accounts:enrol"))
    page = client.get(response["Location"])
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)

    wrong = client.post(reverse("wagtail_review_accounts:enrol"), {"token": "123456"})
    assert wrong.status_code == 200 and not second_factor.is_enrolled(reviewer)
    time.sleep(1.1)  # django-otp refuses every code for a moment after a wrong one
    code = f"{TOTP(device.bin_key).token():06d}"
    done = client.post(reverse("wagtail_review_accounts:enrol"), {"token": code, "next": "/admin/"})
    assert done.status_code == 200
    codes = done.context_data["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert events(EventKind.SECOND_FACTOR_ENROLLED, "xiping_reviewer").exists()

    # A recovery code signs in once, then never again.
    for attempt in range(2):
        other = Client()
        sign_in(other, "xiping_reviewer", ip=f"10.5.0.{attempt}")
        response = pass_code(other, codes[0], ip=f"10.5.0.{attempt}")
        assert response.status_code == (302 if attempt == 0 else 200)


def test_everyone_who_signs_or_administers_needs_a_second_factor_and_an_editor_does_not(demo):
    needs = {user.username for user in User.objects.all() if second_factor.requires_second_factor(user)}
    assert {
        "xiping_reviewer",
        "xiping_leader",
        "webadmin",
        "sysadmin",
        "secadmin",
        "auditadmin",
        "admin",
    } <= needs
    assert "xiping_editor" not in needs


def test_the_security_administrator_resets_a_lost_authenticator(demo, client):
    client.force_login(User.objects.get(username="secadmin"))
    response = client.post(
        reverse("wagtail_review_accounts:reset_second_factor"), {"username": "xiping_leader"}
    )
    assert response.status_code == 302
    assert not second_factor.is_enrolled(User.objects.get(username="xiping_leader"))
    assert events(EventKind.SECOND_FACTOR_RESET, "xiping_leader").get().actor == "secadmin"
    # Not their own: a second security administrator must.
    client.post(reverse("wagtail_review_accounts:reset_second_factor"), {"username": "secadmin"})
    assert second_factor.is_enrolled(User.objects.get(username="secadmin"))


# --- Sessions ---------------------------------------------------------------------------------


def test_an_idle_session_is_signed_out(demo, client):
    client.force_login(User.objects.get(username="xiping_editor"))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - 16 * 60
    session.save()
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))
    assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(reverse("wagtailadmin_login"))
    assert events(EventKind.IDLE_LOGOUT, "xiping_editor").exists()


def test_an_active_session_stays(demo, client):
    client.force_login(User.objects.get(username="xiping_editor"))
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - 14 * 60
    session.save()
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_taking_down_asks_for_the_password_again_after_a_while(demo, client):
    article = ArticlePage.objects.get(slug="daylily-picking-season")
    client.force_login(User.objects.get(username="xiping_leader"))
    session = client.session
    session[IDENTITY_CONFIRMED_KEY] = time.time() - 6 * 60
    session.save()
    url = reverse("wagtail_review:take_down", args=[article.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtail_review_accounts:confirm_identity"))
    confirm = reverse("wagtail_review_accounts:confirm_identity")
    wrong = client.post(confirm, {"password": "not-it", "token": current_demo_code(), "next": url})
    assert wrong.status_code == 200 and client.get(url).status_code == 302
    right = client.post(confirm, {"password": DEMO_PASSWORD, "token": current_demo_code(), "next": url})
    assert right.status_code == 302 and right["Location"] == url
    assert client.get(url).status_code == 200


# --- The account event log --------------------------------------------------------------------


def test_sign_in_and_out_are_recorded_with_address_and_browser(demo, client):
    client.post(
        reverse("wagtailadmin_login"),
        {"username": "xiping_editor", "password": DEMO_PASSWORD},
        REMOTE_ADDR="10.7.7.7",
        HTTP_USER_AGENT="Test-Browser/1.0",
    )
    client.post(reverse("wagtailadmin_logout"), REMOTE_ADDR="10.7.7.7", HTTP_USER_AGENT="Test-Browser/1.0")
    login = events(EventKind.LOGIN, "xiping_editor").latest("at")
    assert (login.ip_address, login.user_agent) == ("10.7.7.7", "Test-Browser/1.0")
    assert events(EventKind.LOGOUT, "xiping_editor").exists()


def test_role_changes_are_recorded(demo, grant):
    from wagtail_review.models import Role, Unit

    person = User.objects.create_user("new_reviewer", password="Abc-12345x")
    grant(person, Unit.objects.get(name="西坪镇"), Role.REVIEWER)
    granted = events(EventKind.ROLE_CHANGED, "new_reviewer").order_by("pk").first()
    assert "西坪镇" in granted.detail and "审核员" in granted.detail


def test_the_log_refuses_changes_and_removals(demo, client):
    sign_in(client, "xiping_editor")
    event = events(EventKind.LOGIN, "xiping_editor").latest("at")
    event.detail = "rewritten"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AccountEvent.objects.filter(pk=event.pk).update(detail="rewritten")
    with pytest.raises(AppendOnly):
        AccountEvent.objects.all().delete()
    assert AccountEvent.objects.get(pk=event.pk).detail == ""


def test_the_database_refuses_changes_on_postgresql(demo, client):
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL; other databases rely on the application")
    sign_in(client, "xiping_editor")
    event = events(EventKind.LOGIN, "xiping_editor").latest("at")
    for statement in ("UPDATE {t} SET detail = 'x' WHERE id = %s", "DELETE FROM {t} WHERE id = %s"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement.format(t=AccountEvent._meta.db_table), [event.pk])


def test_only_the_audit_administrator_reads_and_exports_the_log(demo, client):
    sign_in(Client(), "xiping_editor", "wrong-Password1")
    index = reverse("wagtail_review_account_events:index")
    for username in ("secadmin", "sysadmin", "webadmin", "xiping_leader"):
        client.force_login(User.objects.get(username=username))
        response = client.get(index)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"), username
    client.force_login(User.objects.get(username="auditadmin"))
    response = client.get(index)
    assert response.status_code == 200 and "xiping_editor" in response.content.decode()
    export = client.get(index + "?export=csv")
    assert export.status_code == 200 and "xiping_editor" in b"".join(export.streaming_content).decode("utf-8")
    # Nothing to write: no add, edit or delete screens answer.
    event = AccountEvent.objects.first()
    for url in (
        reverse("wagtail_review_account_events:add"),
        reverse("wagtail_review_account_events:edit", args=[event.pk]),
        reverse("wagtail_review_account_events:delete", args=[event.pk]),
    ):
        assert client.post(url, {"detail": "x"}).status_code == 302, url
    assert AccountEvent.objects.get(pk=event.pk).detail == event.detail


# --- Deployment -------------------------------------------------------------------------------


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    # As a deployment runs: without the flag the browser tests set for Playwright in this process.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "portal_site.settings.production",
        "SECRET_KEY": "x" * 20 + "production-check-" + "y" * 30,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        "ALLOWED_HOSTS": "www.yunzhou.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_demo_code_command_prints_the_code_the_demo_accepts(demo, client):
    device = TOTPDevice.objects.get(user__username="xiping_leader")
    assert device.verify_token(current_demo_code())


def test_pruning_removes_only_events_past_six_months(demo, client):
    from django.core.management import call_command

    sign_in(client, "xiping_editor")
    recent = events(EventKind.LOGIN, "xiping_editor").latest("at")
    old = AccountEvent.objects.create(
        kind=EventKind.LOGIN, username="old", at=timezone.now() - timedelta(days=181)
    )
    with override_settings(WAGTAIL_REVIEW_AUDIT_RETENTION_DAYS=200):
        call_command("prune_account_events", stdout=io.StringIO())
    assert AccountEvent.objects.filter(pk=old.pk).exists()  # younger than the 200 days set
    call_command("prune_account_events", stdout=io.StringIO())
    assert not AccountEvent.objects.filter(pk=old.pk).exists()
    assert AccountEvent.objects.filter(pk=recent.pk).exists()


def test_every_sensitive_action_named_is_a_real_admin_view():
    """The list the identity confirmation guards names views that exist: a typo would guard nothing."""
    from django.urls import get_resolver

    from wagtail_review.accounts.sessions import SENSITIVE_URL_NAMES

    def names(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from names(pattern, inner)
            elif pattern.name:
                yield f"{namespace}{pattern.name}"

    assert SENSITIVE_URL_NAMES <= set(names(get_resolver()))


def test_granting_a_role_asks_for_the_password_again_after_a_while(demo, client):
    from wagtail_review.models import Membership, Role, Unit

    client.force_login(User.objects.get(username="secadmin"))
    session = client.session
    session[IDENTITY_CONFIRMED_KEY] = time.time() - 6 * 60
    session.save()
    person = User.objects.create_user("xiping_new", password="Abc-12345x")
    data = {"user": person.pk, "unit": Unit.objects.get(name="西坪镇").pk, "role": Role.EDITOR, "note": ""}
    url = reverse("wagtail_review_memberships:add")
    response = client.post(url, data, HTTP_REFERER=f"http://testserver{url}")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtail_review_accounts:confirm_identity"))
    assert not Membership.objects.filter(user=person).exists()
    confirm = reverse("wagtail_review_accounts:confirm_identity")
    client.post(confirm, {"password": DEMO_PASSWORD, "token": current_demo_code(), "next": url})
    assert client.post(url, data).status_code == 302
    assert Membership.objects.filter(user=person, role=Role.EDITOR).exists()


def test_a_superuser_sign_in_is_logged_and_warned_about(demo, client):
    from django.core.checks import run_checks

    response = sign_in(client, "admin")
    assert response.status_code == 302
    assert events(EventKind.SUPERUSER_LOGIN, "admin").exists()
    pass_code(client)
    assert "超级用户仅用于安装部署" in client.get(reverse("wagtailadmin_home")).content.decode()
    warnings = [
        message
        for message in run_checks(include_deployment_checks=False, databases=["default"])
        if message.id == "wagtail_review.W008"
    ]
    assert warnings and "admin" in warnings[0].msg


def test_behind_the_proxy_each_client_is_counted_apart(demo, client, settings):
    settings.WAGTAIL_REVIEW_PROXY_COUNT = 1
    for _attempt in range(5):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "guess", "password": "wrong-Password1"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.66",
        )
    # Another client behind the same proxy signs in; the one that failed does not.
    other = Client().post(
        reverse("wagtailadmin_login"),
        {"username": "xiping_editor", "password": DEMO_PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert other.status_code == 302
    assert events(EventKind.LOGIN_FAILED, "guess").first().ip_address == "203.0.113.66"


def test_a_success_does_not_wash_away_another_accounts_failures(demo, client):
    for _attempt in range(4):
        sign_in(client, "xiping_reviewer", "wrong-Password1", ip="10.8.0.1")
    assert sign_in(Client(), "xiping_editor", ip="10.8.0.1").status_code == 302
    assert sign_in(client, "xiping_reviewer", "wrong-Password1", ip="10.8.0.1").status_code == 429


def test_a_password_alone_cannot_change_the_password(demo, client):
    sign_in(client, "xiping_reviewer")
    response = change_password(client, DEMO_PASSWORD, "Qingshui#9999x")
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("wagtail_review_accounts:verify")
    )
    assert User.objects.get(username="xiping_reviewer").check_password(DEMO_PASSWORD)


def test_an_enrolment_key_seen_in_another_session_is_never_the_one_confirmed(demo, client):
    reviewer = User.objects.get(username="xiping_reviewer")
    second_factor.reset(reviewer)
    attacker = Client()
    sign_in(attacker, "xiping_reviewer", ip="10.6.0.1")
    attacker.get(reverse("wagtail_review_accounts:enrol"))
    stolen = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    sign_in(client, "xiping_reviewer", ip="10.6.0.2")
    client.get(reverse("wagtail_review_accounts:enrol"))
    assert not TOTPDevice.objects.filter(pk=stolen.pk).exists()
    code = f"{TOTP(stolen.bin_key).token():06d}"
    assert client.post(reverse("wagtail_review_accounts:enrol"), {"token": code}).status_code == 200
    assert not second_factor.is_enrolled(reviewer)


def test_new_recovery_codes_need_the_password_again(demo, client):
    client.force_login(User.objects.get(username="xiping_leader"))
    session = client.session
    session[IDENTITY_CONFIRMED_KEY] = time.time() - 6 * 60
    session.save()
    response = client.post(reverse("wagtail_review_accounts:recovery_codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtail_review_accounts:confirm_identity"))


def test_bulk_actions_cannot_touch_an_administrators_account(demo, client):
    security = User.objects.get(username="secadmin")
    client.force_login(User.objects.get(username="sysadmin"))
    url = reverse("wagtail_bulk_action", args=["auth", "user", "set_active_state"]) + f"?id={security.pk}"
    response = client.post(url, {"mark_as_active": "False"})
    assert response.status_code == 302
    security.refresh_from_db()
    assert security.is_active
    # An ordinary account can be deactivated in bulk by the system administrator.
    editor = User.objects.get(username="edu_editor")
    url = reverse("wagtail_bulk_action", args=["auth", "user", "set_active_state"]) + f"?id={editor.pk}"
    client.post(url, {"mark_as_active": "False"})
    editor.refresh_from_db()
    assert not editor.is_active
