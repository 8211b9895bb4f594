"""Taking information down (Art. 16): with a reason, by the people who answer for it, recorded."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from portal_site.portal.models import ArticlePage
from wagtail_review.models import TakeDown

User = get_user_model()


@pytest.fixture
def article(demo):
    return ArticlePage.objects.get(slug="daylily-picking-season")


def login(client, username):
    client.force_login(User.objects.get(username=username))


@pytest.mark.parametrize("username", ["xiping_reviewer", "xiping_leader", "webadmin"])
def test_take_down_with_a_reason(client, article, username):
    login(client, username)
    url = reverse("wagtail_review:take_down", args=[article.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "撤稿理由" in response.content.decode()
    article.refresh_from_db()
    assert article.live

    response = client.post(url, {"reason": "数据有误，待核实后重新发布。"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live
    record = TakeDown.objects.get(page=article)
    assert record.reason == "数据有误，待核实后重新发布。" and record.taken_down_by.username == username
    client.logout()
    assert client.get(article.url).status_code == 404


@pytest.mark.parametrize("username", ["xiping_editor", "edu_reviewer", "office_reviewer"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_take_down_without_permission(client, article, username, method):
    login(client, username)
    url = reverse("wagtail_review:take_down", args=[article.pk])
    response = getattr(client, method)(url, {"reason": "越权撤稿"})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    article.refresh_from_db()
    assert article.live and not TakeDown.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_take_down_anonymous(client, article, method):
    response = getattr(client, method)(
        reverse("wagtail_review:take_down", args=[article.pk]), {"reason": "x"}
    )
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))
    article.refresh_from_db()
    assert article.live


def test_wagtails_own_unpublish_asks_for_the_reason(client, article):
    login(client, "admin")
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))
    assert response.status_code == 302
    assert response.url == reverse("wagtail_review:take_down", args=[article.pk])
    article.refresh_from_db()
    assert article.live


def test_unknown_or_not_live_page(client, article):
    login(client, "webadmin")
    assert client.get(reverse("wagtail_review:take_down", args=[999999])).status_code == 404
    client.post(reverse("wagtail_review:take_down", args=[article.pk]), {"reason": "第一次"})
    response = client.post(reverse("wagtail_review:take_down", args=[article.pk]), {"reason": "第二次"})
    assert response.status_code == 302
    assert TakeDown.objects.count() == 1


def test_take_down_register_is_read_only_even_for_superusers(client, article):
    login(client, "webadmin")
    client.post(reverse("wagtail_review:take_down", args=[article.pk]), {"reason": "测试"})
    record = TakeDown.objects.get()
    login(client, "admin")
    assert client.get(reverse("wagtail_review_take_downs:index")).status_code == 200
    for name, args in (("add", []), ("edit", [record.pk]), ("delete", [record.pk])):
        for method in ("get", "post"):
            response = getattr(client, method)(
                reverse(f"wagtail_review_take_downs:{name}", args=args), {"reason": "改"}
            )
            assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), (
                name,
                method,
            )
    record.refresh_from_db()
    assert record.reason == "测试"


def test_the_unit_is_told_by_email_once_the_take_down_is_committed(
    client, article, django_capture_on_commit_callbacks
):
    login(client, "webadmin")
    url = reverse("wagtail_review:take_down", args=[article.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, {"reason": "数据有误，待核实后重新发布。"})
    assert mail.outbox == []  # nothing is sent before the take-down is committed
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert "撤稿" in message.subject and article.title in message.subject
    told = set(message.to)
    assert {"xiping_editor@yunzhou.example.gov.cn", "xiping_leader@yunzhou.example.gov.cn"} <= told
    assert "webadmin@yunzhou.example.gov.cn" not in told  # who took it down knows
    assert not any(address.startswith("edu_") for address in told)  # another unit's people are not told
    webadmin = User.objects.get(username="webadmin")
    assert "数据有误，待核实后重新发布。" in message.body
    assert f"{webadmin.last_name}{webadmin.first_name}" in message.body
    assert "重新" in message.body and "审核" in message.body
