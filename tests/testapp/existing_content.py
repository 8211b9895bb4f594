"""Content of the test site made the way a site makes it before wagtail_review exists, and a report of what it serves.

``build()`` runs under ``settings_before_review``: plain Wagtail publishing
(real revisions, tags, inline children, many-to-many, a form page), a page
with unpublished changes, and a page sitting in the site's own moderation
workflow. ``report()`` runs after the app is installed and prints, as JSON,
what the public gets for each page, the API and the sitemap.
"""

import datetime
import json
import sys

from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page, Site, Workflow

from .models import BlogPage, BlogPageLink, Category, FormField, FormPage, PolicyPage

SLUGS = ("news", "spring-farming", "feedback", "spring-plan", "under-moderation")


def build():
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw-Abc12345")
    home = Site.objects.get(is_default_site=True).root_page
    news = home.add_child(instance=Page(title="新闻", slug="news"))
    news.save_revision(user=admin).publish()

    categories = [Category.objects.create(name=name) for name in ("政务", "民生")]
    blog = BlogPage(title="春耕备耕工作有序推进", slug="spring-farming", date=datetime.date(2026, 3, 1))
    blog.intro = "<p>全区春耕备耕工作有序推进。</p>"
    blog.tags.add("农业", "春耕")
    blog.categories = categories
    blog.links = [BlogPageLink(title="气象服务", url="https://example.gov.cn/qx", sort_order=0)]
    news.add_child(instance=blog)
    blog.save_revision(user=admin).publish()
    # Unpublished changes: the live page is the published revision, the draft is not public.
    blog.intro = "<p>尚未发布的草稿</p>"
    blog.save_revision(user=admin)

    form = FormPage(title="意见征集", slug="feedback", to_address="", from_address="", subject="")
    form.form_fields = [FormField(label="意见", field_type="multiline", required=True, sort_order=0)]
    home.add_child(instance=form)
    form.save_revision(user=admin).publish()

    policy = PolicyPage(
        title="春耕方案", slug="spring-plan", doc_number="云政发〔2026〕3号", body="<p>全文</p>"
    )
    news.add_child(instance=policy)
    policy.save_revision(user=admin).publish()

    moderated = BlogPage(title="待审核的稿件", slug="under-moderation")
    news.add_child(instance=moderated)
    moderated.save_revision(user=admin).publish()
    moderated.title = "待审核的稿件（修改）"
    moderated.save_revision(user=admin)
    Workflow.objects.get(name="Moderators approval").start(moderated, admin)


def report():
    client = Client()
    pages = {slug: Page.objects.get(slug=slug) for slug in SLUGS}
    result = {
        "status": {slug: client.get(page.url).status_code for slug, page in pages.items()},
        "blog_html": client.get(pages["spring-farming"].url).content.decode(),
        "api_titles": sorted(item["title"] for item in client.get("/api/v2/pages/").json().get("items", [])),
        "sitemap": client.get("/sitemap.xml").content.decode(),
    }
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
