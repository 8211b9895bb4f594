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


def test_reviewers_reach_their_units_live_information_and_take_it_down_from_there(client, article):
    login(client, "xiping_reviewer")
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    listing_url = reverse("wagtail_review:live_information")
    assert listing_url in home  # in the menu
    listing = client.get(listing_url)
    titles = {page.title for page, _unit in listing.context["rows"]}
    assert article.title in titles
    assert (
        not ArticlePage.objects.live().filter(title__in=titles).exclude(url_path__contains="xiping").exists()
    )
    take_down_url = f"{reverse('wagtail_review:take_down', args=[article.pk])}?next={listing_url}"
    assert (
        take_down_url.replace("&", "&amp;") in listing.content.decode()
        or take_down_url in listing.content.decode()
    )

    response = client.post(take_down_url, {"reason": "信息过时", "next": listing_url})
    assert response.status_code == 302 and response["Location"] == listing_url
    assert article.title not in {page.title for page, _unit in client.get(listing_url).context["rows"]}
    # Search by title; hostile input changes nothing and never errs.
    for query in ("黄花", "\x00", "%", "x" * 500):
        assert client.get(listing_url, {"q": query}).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_editors_have_no_live_information_list(client, demo, method):
    login(client, "xiping_editor")
    response = getattr(client, method)(reverse("wagtail_review:live_information"))
    assert response.status_code in (302, 403)
    assert (
        reverse("wagtail_review:live_information")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_website_administrators_take_down_from_the_ledger(client, article):
    login(client, "webadmin")
    ledger = client.get(reverse("wagtail_review_ledger:index")).content.decode()
    assert reverse("wagtail_review:take_down", args=[article.pk]) in ledger
    from wagtail.models import Page

    listing = client.get(reverse("wagtail_review:live_information"))
    assert listing.context["paginator"].count == Page.objects.live().filter(depth__gt=1).count()


def test_the_live_information_list_and_the_take_down_rule_agree_for_everyone(demo):
    from wagtail.models import Page

    from wagtail_review.publication.take_down import can_take_down, pages_user_may_take_down

    live = list(Page.objects.live().filter(depth__gt=1))
    for user in User.objects.all():
        listed = set(pages_user_may_take_down(user).values_list("pk", flat=True))
        assert listed == {page.pk for page in live if can_take_down(user, page)}, user.username
