"""New pages with Chinese titles get short ASCII slugs; existing pages keep theirs."""

from django.urls import reverse
from wagtail.models import Page

from tests.testapp.models import BlogPage
from wagtail_review.slugs import MAX_LENGTH, ascii_slug


def test_chinese_becomes_pinyin_cut_at_a_syllable():
    assert ascii_slug("西坪镇黄花采摘") == "xi-ping-zhen-huang-hua-cai-zhai"
    assert ascii_slug("2026年春耕备耕（第二版）") == "2026-nian-chun-geng-bei-geng-di-er-ban"
    long = ascii_slug("关于印发大同市云州区人民政府网站信息审核发布制度的通知暨全区政务公开工作要点")
    assert len(long) <= MAX_LENGTH and not long.endswith("-") and long.isascii()


def test_a_new_page_gets_the_pinyin_of_its_title_unique_among_its_siblings(existing_site):
    news = existing_site.news
    first = news.add_child(instance=BlogPage(title="春耕备耕", slug="春耕备耕", live=False))
    second = news.add_child(instance=BlogPage(title="春耕备耕", slug="", live=False))
    assert (first.slug, second.slug) == ("chun-geng-bei-geng", "chun-geng-bei-geng-2")
    assert first.url_path.endswith("/chun-geng-bei-geng/")


def test_an_existing_page_keeps_its_slug(existing_site):
    page = existing_site.news.add_child(instance=Page(title="旧栏目", slug="jiu", live=False))
    Page.objects.filter(pk=page.pk).update(slug="旧栏目")
    page = Page.objects.get(pk=page.pk)
    page.title = "新栏目"
    page.save()
    assert Page.objects.get(pk=page.pk).slug == "旧栏目"


def test_the_setting_turns_it_off(existing_site, settings):
    settings.WAGTAIL_REVIEW_ASCII_SLUGS = False
    page = existing_site.news.add_child(instance=Page(title="通知公告", slug="通知公告", live=False))
    assert page.slug == "通知公告"


def test_creating_a_page_in_the_admin_with_a_chinese_title(existing_site, people, client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    client.force_login(people["admin"])
    url = reverse("wagtailadmin_pages:add", args=["testapp", "blogpage", existing_site.news.pk])
    for _ in range(2):  # the second is made unique among its siblings, not refused
        data = nested_form_data(
            {
                "title": "云州区召开春耕生产推进会",
                "slug": "云州区召开春耕生产推进会",
                "intro": rich_text("<p>内容</p>"),
                "body": streamfield([]),
                "links": inline_formset([]),
                "review_form": inline_formset([{}]),
            }
        )
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    slugs = sorted(BlogPage.objects.filter(title="云州区召开春耕生产推进会").values_list("slug", flat=True))
    base = "yun-zhou-qu-zhao-kai-chun-geng-sheng-chan-tui-jin"  # 50 characters at most, cut at a syllable
    assert slugs == [base, f"{base}-2"]
