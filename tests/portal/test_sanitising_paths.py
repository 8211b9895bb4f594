"""Hostile HTML through the page editor is stored clean too (the editor's own path, as an editor posts it).

Wagtail's editor already drops a ``javascript:`` link when it converts the
editor's content to HTML; the revision-level cleaning catches it as well. The
invariant is checked on this path so that a change on either side shows.
"""

import json

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text, streamfield

from portal_site.portal.models import ArticlePage
from tests.portal.admin_forms import article_form_data


def test_a_javascript_link_posted_through_the_editor_is_not_stored(demo, client):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    client.force_login(get_user_model().objects.get(username="xiping_editor"))
    hostile = rich_text('<p><a href="javascript:window.__pwned=1">点我</a>正文</p>')
    data = article_form_data(page, body=streamfield([("paragraph", hostile)]))
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    body = ArticlePage.objects.get(pk=page.pk).get_latest_revision().content["body"]
    [paragraph] = json.loads(body) if isinstance(body, str) else body
    assert "正文" in paragraph["value"] and "点我" in paragraph["value"]
    assert "javascript:" not in paragraph["value"]
