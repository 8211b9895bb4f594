"""The review API: sign in with a token, 待我审核, a step as its signer sees it, sign or return, take down.

Every rule of the admin holds here because the same service functions run:
these tests go through the HTTP endpoints only, as a phone app would.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from portal_site.portal.models import ArticlePage
from wagtail_review.accounts.audit import AccountEvent, EventKind
from wagtail_review.accounts.second_factor import issue_recovery_codes
from wagtail_review.models import ApiToken, LedgerEntry, Signature, TakeDown
from wagtail_review.review_api.tokens import issue
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.routing.services import fill_review_form, submit

User = get_user_model()
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(demo, db):
    return ArticlePage.objects.get(slug="daylily-picking-season")


@pytest.fixture
def submitted(article):
    """The township article, edited and submitted by its editor: waiting for xiping_reviewer."""
    editor = User.objects.get(username="xiping_editor")
    article.title = "黄花采摘季（修订）"
    fill_review_form(article, **passing_answers())
    submit(article, editor)
    article.refresh_from_db()
    return article


def url(name, *args):
    return reverse(f"wagtail_review_api:{name}", args=args)


def token_for(username, second_factor=True):
    return issue(User.objects.get(username=username), "测试手机", second_factor=second_factor)[1]


def call(client, method, path, token=None, json=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if json is not None:
        return getattr(client, method)(path, json, content_type="application/json", **headers)
    return getattr(client, method)(path, **headers)


def error_of(response):
    body = response.json()
    assert set(body) == {"error"} and CHINESE.search(body["error"]["message"]), body
    return body["error"]


def sign(client, token, step_id, decision="approve", **extra):
    body = {"decision": decision, "answers": passing_answers(), "comment": "", **extra}
    return call(client, "post", url("sign", step_id), token, json=body)


# --- Tokens ------------------------------------------------------------------------------------


def test_signing_in_needs_password_and_second_factor_and_stores_only_a_hash(demo, db, client):
    reviewer = User.objects.get(username="xiping_reviewer")
    codes = issue_recovery_codes(reviewer)

    wrong = call(client, "post", url("sign_in"), json={"username": "xiping_reviewer", "password": "nope"})
    assert wrong.status_code == 400 and error_of(wrong)["code"] == "invalid"
    no_code = call(
        client, "post", url("sign_in"), json={"username": "xiping_reviewer", "password": "Yunzhou@2026"}
    )
    assert no_code.status_code == 400 and error_of(no_code)["field"] == "code"
    assert not ApiToken.objects.exists()

    response = call(
        client,
        "post",
        url("sign_in"),
        json={
            "username": "xiping_reviewer",
            "password": "Yunzhou@2026",
            "code": codes[0],
            "device": "王的手机",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    token = ApiToken.objects.get()
    assert body["second_factor"] is True and token.second_factor and token.name == "王的手机"
    assert body["token"] not in str(list(ApiToken.objects.values_list()))  # only its hash is kept
    assert token.expires_at > timezone.now() + timedelta(days=29)
    assert AccountEvent.objects.filter(kind=EventKind.API_TOKEN_ISSUED, username="xiping_reviewer").exists()
    # The recovery code is used up.
    again = call(
        client,
        "post",
        url("sign_in"),
        json={"username": "xiping_reviewer", "password": "Yunzhou@2026", "code": codes[0]},
    )
    assert again.status_code == 400 and error_of(again)["field"] == "code"


@pytest.mark.parametrize(
    "method,name,args",
    [
        ("get", "awaiting", ()),
        ("get", "step", (1,)),
        ("post", "sign", (1,)),
        ("post", "take_down", (1,)),
        ("delete", "current_token", ()),
    ],
)
def test_every_endpoint_refuses_a_request_without_a_valid_token(demo, db, client, method, name, args):
    for token in (None, "not-a-token", token_for("xiping_reviewer")):
        if token and token != "not-a-token":
            ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        response = call(client, method, url(name, *args), token, json={} if method == "post" else None)
        assert response.status_code == 401, (token, response.content)
        assert response["WWW-Authenticate"] == "Bearer"
        error_of(response)


def test_revoking_a_token_ends_it_and_is_logged(demo, db, client):
    token = token_for("xiping_reviewer")
    assert call(client, "get", url("awaiting"), token).status_code == 200
    assert call(client, "delete", url("current_token"), token).status_code == 204
    assert call(client, "get", url("awaiting"), token).status_code == 401
    assert AccountEvent.objects.filter(kind=EventKind.API_TOKEN_REVOKED, username="xiping_reviewer").exists()


def test_a_deactivated_account_s_token_stops_working(demo, db, client):
    token = token_for("xiping_reviewer")
    User.objects.filter(username="xiping_reviewer").update(is_active=False)
    assert call(client, "get", url("awaiting"), token).status_code == 401


def test_repeated_wrong_passwords_lock_the_account_out_with_a_json_message(demo, db, client):
    for _attempt in range(5):
        call(client, "post", url("sign_in"), json={"username": "xiping_leader", "password": "wrong"})
    response = call(
        client, "post", url("sign_in"), json={"username": "xiping_leader", "password": "Yunzhou@2026"}
    )
    assert response.status_code == 429 and error_of(response)["code"] == "locked_out"
    assert not ApiToken.objects.exists()


def test_requests_beyond_the_rate_limit_are_refused_for_a_while(demo, db, client, settings):
    settings.WAGTAIL_REVIEW_API_REQUESTS_PER_MINUTE = 3
    token = token_for("xiping_reviewer")
    for _request in range(3):
        assert call(client, "get", url("awaiting"), token).status_code == 200
    response = call(client, "get", url("awaiting"), token)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert error_of(response)["code"] == "too_many_requests"


# --- Signing ------------------------------------------------------------------------------------


def test_a_township_route_signed_through_the_api_alone(submitted, client):
    reviewer, leader = token_for("xiping_reviewer"), token_for("xiping_leader")
    assert call(client, "get", url("awaiting"), leader).json()["count"] == 0

    waiting = call(client, "get", url("awaiting"), reviewer).json()
    assert waiting["count"] == 1 and waiting["by_unit"] == [{"unit": waiting["items"][0]["unit"], "count": 1}]
    item = waiting["items"][0]
    assert item["page_id"] == submitted.pk and item["title"] == "黄花采摘季（修订）"

    step = call(client, "get", url("step", item["id"]), reviewer).json()
    assert step["can_sign"] and step["refusal"] is None
    assert [p["number"] for p in step["points"]] == list(range(1, 10))
    assert step["review_form"]["answers"] == passing_answers()
    assert "黄花采摘季（修订）" in step["html"]
    # The change since the last signed (released) version, field by field.
    assert step["diff"]["against_revision"] == ArticlePage.objects.get(pk=submitted.pk).live_revision_id
    assert any("黄花采摘季" in change["html"] for change in step["diff"]["changes"])

    response = sign(client, reviewer, item["id"], comment="同意")
    assert response.status_code == 200, response.content
    outcome = response.json()
    assert outcome["route_status"] == "in_progress" and outcome["next_step"] and not outcome["released"]
    assert outcome["notices"] and CHINESE.search(outcome["notices"][0])

    # Signed once: the reviewer's list is empty, the leader's has it.
    assert call(client, "get", url("awaiting"), reviewer).json()["count"] == 0
    second = call(client, "get", url("awaiting"), leader).json()["items"][0]
    assert sign(client, leader, second["id"]).json()["released"] is True

    page = ArticlePage.objects.get(pk=submitted.pk)
    assert page.live and page.title == "黄花采摘季（修订）"
    assert [s.signer.username for s in Signature.objects.filter(revision_number=page.live_revision_id)] == [
        "xiping_reviewer",
        "xiping_leader",
    ]
    assert LedgerEntry.objects.filter(page_id=page.pk).order_by("-sequence").first().revision_id == (
        page.live_revision_id
    )
    client.logout()
    assert "黄花采摘季（修订）" in client.get(page.url).content.decode()


def test_another_unit_s_token_neither_sees_nor_signs_the_step(submitted, client):
    step_id = submitted.current_workflow_task_state.pk
    token = token_for("edu_reviewer")
    assert call(client, "get", url("awaiting"), token).json()["count"] == 0
    response = call(client, "get", url("step", step_id), token)
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert sign(client, token, step_id).status_code == 404
    assert TaskState.objects.get(pk=step_id).status == TaskState.STATUS_IN_PROGRESS


def test_the_submitter_sees_the_step_but_cannot_sign_it(submitted, client):
    step_id = submitted.current_workflow_task_state.pk
    token = token_for("xiping_editor")
    step = call(client, "get", url("step", step_id), token).json()
    assert step["can_sign"] is False and CHINESE.search(step["refusal"])
    response = sign(client, token, step_id)
    assert response.status_code == 409 and error_of(response)["code"] == "refused"
    assert not Signature.objects.filter(task_state_id=step_id).exists()


def test_a_superuser_token_cannot_sign_what_it_may_not(submitted, client):
    step_id = submitted.current_workflow_task_state.pk
    User.objects.create_superuser("root-phone", "root@example.com", "pw-Abc12345")
    response = sign(client, token_for("root-phone"), step_id)
    assert response.status_code == 409 and error_of(response)["code"] == "refused"
    assert TaskState.objects.get(pk=step_id).status == TaskState.STATUS_IN_PROGRESS


def test_a_token_issued_without_the_second_factor_does_not_sign(submitted, client):
    step_id = submitted.current_workflow_task_state.pk
    response = sign(client, token_for("xiping_reviewer", second_factor=False), step_id)
    assert response.status_code == 409
    message = error_of(response)["message"]
    assert "第二" in message or "验证" in message, message
    assert not Signature.objects.filter(task_state_id=step_id).exists()


def test_a_failing_point_or_a_return_without_reason_is_refused_and_changes_nothing(submitted, client):
    step_id = submitted.current_workflow_task_state.pk
    token = token_for("xiping_reviewer")
    failing = sign(client, token, step_id, answers={**passing_answers(), "point_1": "yes"})
    assert failing.status_code == 409 and "1" in error_of(failing)["message"]
    unanswered = sign(client, token, step_id, answers={})
    assert unanswered.status_code == 409
    no_reason = sign(client, token, step_id, decision="return")
    assert no_reason.status_code == 409
    assert not Signature.objects.filter(task_state_id=step_id).exists()

    returned = sign(client, token, step_id, decision="return", comment="数据需核实")
    assert returned.status_code == 200, returned.content
    assert returned.json()["decision"] == "return", returned.json()
    assert Signature.objects.get(task_state_id=step_id).decision == Signature.REJECT


@pytest.mark.parametrize(
    "body,field",
    [
        ({"decision": "maybe"}, "decision"),
        ({"decision": "approve", "answers": ["yes"]}, "answers"),
        ({"decision": "approve", "answers": {"point_1": 1}}, "answers"),
        ({"decision": "approve", "comment": 5}, "comment"),
        (["approve"], None),
    ],
)
def test_malformed_signatures_get_a_400_naming_the_field(submitted, client, body, field):
    step_id = submitted.current_workflow_task_state.pk
    response = call(client, "post", url("sign", step_id), token_for("xiping_reviewer"), json=body)
    assert response.status_code == 400
    assert error_of(response).get("field") == field
    assert not Signature.objects.filter(task_state_id=step_id).exists()


def test_a_body_that_is_not_json_gets_a_clear_error(submitted, client):
    step_id = submitted.current_workflow_task_state.pk
    token = token_for("xiping_reviewer")
    broken = client.post(
        url("sign", step_id),
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert broken.status_code == 400 and error_of(broken)["code"] == "invalid"
    form = client.post(url("sign", step_id), {"decision": "approve"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert form.status_code == 415 and error_of(form)


# --- Taking down ------------------------------------------------------------------------------------


def test_take_down_through_the_api(article, client):
    for username in ("xiping_editor", "edu_reviewer"):
        response = call(
            client, "post", url("take_down", article.pk), token_for(username), json={"reason": "越权撤稿"}
        )
        # Like another unit's step: whether the page exists is not told.
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    reviewer = User.objects.get(username="xiping_reviewer")
    token, code = token_for("xiping_reviewer"), issue_recovery_codes(reviewer)[0]
    missing = call(client, "post", url("take_down", article.pk), token, json={"reason": "  ", "code": code})
    assert missing.status_code == 400 and error_of(missing)["field"] == "reason"
    # The authenticator code is asked again, as the admin asks before a take-down.
    no_code = call(client, "post", url("take_down", article.pk), token, json={"reason": "数据有误"})
    assert no_code.status_code == 400 and error_of(no_code)["field"] == "code"
    article.refresh_from_db()
    assert article.live and not TakeDown.objects.exists()

    response = call(
        client, "post", url("take_down", article.pk), token, json={"reason": "数据有误", "code": code}
    )
    assert response.status_code == 200 and response.json()["reason"] == "数据有误"
    article.refresh_from_db()
    assert not article.live
    assert TakeDown.objects.get(page=article).taken_down_by.username == "xiping_reviewer"
    client.logout()
    assert client.get(article.url).status_code == 404


# --- Hostile input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body,status,code",
    [
        ("[" * 50_000, 400, "invalid"),
        ('{"username": "' + "x" * 70_000 + '", "password": "x"}', 413, "too_large"),
        ('{"username": "\\ud800", "password": "x"}', 400, "invalid"),
        ('{"username": "a\\u0000b", "password": "x"}', 400, "invalid"),
        ('{"username": "xiping_reviewer", "password": "x", "device": 5}', 400, "invalid"),
        ("null", 400, "invalid"),
    ],
)
def test_hostile_sign_in_bodies_get_a_json_error_and_issue_nothing(demo, db, client, body, status, code):
    response = client.post(url("sign_in"), body, content_type="application/json")
    assert response.status_code == status and error_of(response)["code"] == code
    assert not ApiToken.objects.exists()


def test_a_hostile_comment_is_refused_and_nothing_is_signed(submitted, client):
    step_id = submitted.current_workflow_task_state.pk
    response = sign(client, token_for("xiping_reviewer"), step_id, comment="同意\x00")
    assert response.status_code == 400 and error_of(response)["field"] == "comment"
    assert not Signature.objects.filter(task_state_id=step_id).exists()


@pytest.mark.parametrize("path", ["v1/steps/abc/", "v1/steps/-1/", "v1/awaiting", "v1/nothing/"])
def test_addresses_the_api_does_not_have_answer_in_json(demo, db, client, path):
    response = client.get(f"/review-api/{path}", HTTP_AUTHORIZATION=f"Bearer {token_for('xiping_reviewer')}")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_an_unknown_step_id_of_any_size_is_not_found(demo, db, client):
    token = token_for("xiping_reviewer")
    for step_id in (999_999, 2**63 + 5):
        response = call(client, "get", url("step", step_id), token)
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"


# --- Tokens end with the credentials behind them ---------------------------------------------------


def test_a_new_password_or_a_second_factor_reset_ends_the_person_s_tokens(demo, db, client):
    from wagtail_review.accounts.second_factor import reset

    reviewer = User.objects.get(username="xiping_reviewer")
    token = token_for("xiping_reviewer")
    reviewer.set_password("Another@2026pass")
    reviewer.save()
    assert call(client, "get", url("awaiting"), token).status_code == 401

    token = token_for("xiping_reviewer")
    reset(reviewer)
    assert call(client, "get", url("awaiting"), token).status_code == 401
    assert (
        AccountEvent.objects.filter(kind=EventKind.API_TOKEN_REVOKED, username="xiping_reviewer").count() == 2
    )


def test_an_expired_password_stops_the_token_and_the_sign_in_says_why(demo, db, client, settings):
    from wagtail_review.accounts.passwords import PasswordRecord

    token = token_for("xiping_reviewer")
    settings.WAGTAIL_REVIEW_PASSWORD_MAX_AGE_DAYS = 90
    PasswordRecord.objects.filter(user__username="xiping_reviewer").update(
        set_at=timezone.now() - timedelta(days=91)
    )
    User.objects.filter(username="xiping_reviewer").update(date_joined=timezone.now() - timedelta(days=91))
    refused = call(client, "get", url("awaiting"), token)
    assert refused.status_code == 401 and "过期" in error_of(refused)["message"]
    sign_in = call(
        client, "post", url("sign_in"), json={"username": "xiping_reviewer", "password": "Yunzhou@2026"}
    )
    assert sign_in.status_code == 403 and "过期" in error_of(sign_in)["message"]


# --- The admin's list of tokens -------------------------------------------------------------------------


def test_each_person_lists_and_revokes_their_own_tokens_the_security_administrator_all(demo, db, client):
    token_for("xiping_reviewer")
    token_for("edu_reviewer")
    index = reverse("wagtail_review_app_tokens:index")
    client.force_login(User.objects.get(username="xiping_reviewer"))
    page = client.get(index).content.decode()
    assert "xiping_reviewer" in page and "edu_reviewer" not in page
    theirs = ApiToken.objects.get(user__username="edu_reviewer")
    client.post(reverse("wagtail_review_app_tokens:delete", args=[theirs.pk]))
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    mine = ApiToken.objects.get(user__username="xiping_reviewer")
    client.post(reverse("wagtail_review_app_tokens:delete", args=[mine.pk]))
    assert not ApiToken.objects.filter(pk=mine.pk).exists()

    client.force_login(User.objects.get(username="secadmin"))
    assert "edu_reviewer" in client.get(index).content.decode()
