"""Every page revision's HTML is cleaned as it is stored, whatever path wrote it; clean HTML is left as it was."""

import json

import pytest
from django.core import checks
from wagtail import blocks

from tests.hostile_html import HOSTILE
from tests.testapp.models import BlogPage
from wagtail_review.review_form.models import review_form_of
from wagtail_review.routing.services import fill_review_form
from wagtail_review.sanitising import _has_raw_html, clean_html, clean_text


@pytest.mark.parametrize("hostile, gone", HOSTILE)
def test_clean_html_removes_what_the_editor_could_never_produce(hostile, gone):
    cleaned = clean_html(hostile)
    assert gone.lower() not in cleaned.lower()
    assert clean_html(cleaned) == cleaned


def test_clean_html_keeps_the_editors_own_html_byte_for_byte():
    editor_html = (
        '<h2 data-block-key="a1">标题</h2><p data-block-key="b2">化肥 &amp; 种子<br/>'
        '<a href="https://example.gov.cn/" >外链</a> <a linktype="page" id="3">内链</a> '
        '<b>粗</b><i>斜</i></p><embed alt="图" embedtype="image" format="left" id="5"/>'
        '<ul><li data-block-key="c3">一</li></ul><a href="mailto:xx@example.gov.cn">邮件</a>'
    )
    assert clean_html(editor_html) == editor_html


def test_plain_text_loses_markup_and_keeps_its_characters():
    assert clean_text("请核实<script>x()</script>数据 & 来源") == "请核实x()数据 & 来源"
    assert clean_text("面积不足5亩") == "面积不足5亩"


def test_a_revision_written_from_code_is_stored_clean(existing_site, people):
    page = BlogPage.objects.get(slug="spring-farming").get_latest_revision_as_object()
    page.intro = '<p onclick="x()">简介<script>alert(1)</script></p>'
    page.body = [
        ("paragraph", '<p>正文<iframe src="https://evil.example/"></iframe></p>'),
        ("heading", "春耕"),
    ]
    fill_review_form(page, note="<b>备注</b><img src=x onerror=alert(1)>", contact_person="王晓燕")
    revision = page.save_revision(user=people["editor"])
    revision.refresh_from_db()
    content = revision.content
    assert content["intro"] == "<p>简介alert(1)</p>"
    body = json.loads(content["body"]) if isinstance(content["body"], str) else content["body"]
    assert body[0]["value"] == "<p>正文</p>" and body[1]["value"] == "春耕"
    assert content["review_forms"][0]["note"] == "备注"
    # What a signer reads and what is released is that clean revision.
    restored = revision.as_object()
    assert "script" not in restored.intro and "iframe" not in str(restored.body[0].value)
    assert review_form_of(restored).note == "备注"


def test_clean_content_is_stored_as_written(existing_site, people):
    page = BlogPage.objects.get(slug="spring-farming").get_latest_revision_as_object()
    before = page.intro
    revision = page.save_revision(user=people["editor"])
    revision.refresh_from_db()
    assert revision.content["intro"] == before


def test_a_page_type_offering_raw_html_is_flagged(db):
    stream = blocks.StreamBlock(
        [("text", blocks.RichTextBlock()), ("nested", blocks.StructBlock([("html", blocks.RawHTMLBlock())]))]
    )
    assert _has_raw_html(stream, set())
    assert not _has_raw_html(blocks.StreamBlock([("text", blocks.RichTextBlock())]), set())
    # The test site has none.
    assert not [m for m in checks.run_checks() if m.id == "wagtail_review.W006"]
