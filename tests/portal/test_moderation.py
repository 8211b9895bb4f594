"""“Awaiting my review”: exactly the steps a person may sign, in a fixed number of queries; e-mails to them."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from portal_site.portal.models import ArticlePage, ColumnPage
from tests.portal.admin_forms import PASSING
from wagtail_review.organisation.governance import grant_role
from wagtail_review.routing.queue import awaiting_review
from wagtail_review.routing.services import fill_review_form

User = get_user_model()


def submit_in_code(page, username, **form):
    submitter = User.objects.get(username=username)
    fill_review_form(page, **{**PASSING, "contact_person": "联系人", **form})
    page.save_revision(user=submitter)
    return page.get_workflow().start(page, submitter)


def new_article(column_slug, unit_slug, n):
    column = ColumnPage.objects.get(slug=column_slug, url_path__contains=f"/{unit_slug}/")
    article = ArticlePage(
        title=f"待审稿件{n}",
        slug=f"pending-{n}",
        category=column.category,
        date="2026-11-25",
        source="测试",
        live=False,
    )
    column.add_child(instance=article)
    return article


def titles(username):
    return sorted(item.title for item in awaiting_review(User.objects.get(username=username)))


def test_each_person_sees_exactly_what_they_may_sign(demo):
    submit_in_code(new_article("news", "xiping-town", 1), "xiping_editor")
    submit_in_code(new_article("news", "education-bureau", 2), "edu_editor")
    submit_in_code(
        new_article("news", "beijiazao-town", 3),
        "beijiazao_editor",
        source_type="emergency",
        point_7="yes",
    )

    assert titles("xiping_reviewer") == ["待审稿件1"]
    assert titles("edu_reviewer") == ["待审稿件2"]
    assert titles("district_leader") == ["待审稿件3"]
    # Not yet their step, not their unit, or their own submission.
    for username in (
        "xiping_leader",
        "edu_principal",
        "district_principal",
        "xiping_editor",
        "webadmin",
        "admin",
    ):
        assert titles(username) == [], username


def test_the_submitter_does_not_see_their_own_submission_even_as_a_reviewer(demo):
    from wagtail_review.models import Role, Unit

    editor = User.objects.get(username="xiping_editor")
    grant_role(
        editor,
        Unit.objects.get(slug="xiping-town"),
        Role.REVIEWER,
        confirmed_by=User.objects.get(username="admin"),
    )
    submit_in_code(new_article("news", "xiping-town", 1), "xiping_editor")
    assert titles("xiping_editor") == []
    assert titles("xiping_reviewer") == ["待审稿件1"]


def test_listing_query_count_does_not_grow_with_submissions(demo, client, django_assert_max_num_queries):
    reviewer = User.objects.get(username="xiping_reviewer")
    client.force_login(reviewer)
    url = reverse("wagtail_review:awaiting_review")
    submit_in_code(new_article("news", "xiping-town", 0), "xiping_editor")
    client.get(url)
    with django_assert_max_num_queries(100) as one:
        assert "待审稿件0" in client.get(url).content.decode()
    for n in range(1, 11):
        submit_in_code(new_article("news", "xiping-town", n), "xiping_editor")
        submit_in_code(new_article("news", "education-bureau", 100 + n), "edu_editor")
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("待审稿件") == 11
    with django_assert_max_num_queries(len(one.captured_queries) + 40):
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "待审稿件10" in dashboard or "待审稿件1" in dashboard


def test_approvers_are_emailed_and_nobody_else(demo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for username in ("xiping_reviewer", "xiping_leader", "edu_reviewer"):
        User.objects.filter(username=username).update(email=f"{username}@example.gov.cn")
    mail.outbox.clear()
    submit_in_code(new_article("news", "xiping-town", 1), "xiping_editor")
    recipients = {address for message in mail.outbox for address in message.to}
    assert "xiping_reviewer@example.gov.cn" in recipients
    assert "edu_reviewer@example.gov.cn" not in recipients
    assert "xiping_leader@example.gov.cn" not in recipients  # not their step yet


@pytest.mark.parametrize("method", ["get", "post"])
def test_awaiting_review_without_permission(demo, client, method):
    url = reverse("wagtail_review:awaiting_review")
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))
    # A user without admin access.
    client.force_login(User.objects.create_user("citizen", password="x-Abc12345"))
    response = getattr(client, method)(url)
    assert response.status_code == 302 and not response.url.startswith(url)
