"""Real headless Chromium: a citizen writes to the district on a phone and follows the message by its code."""

import re

import pytest
from django.core import signing
from playwright.sync_api import expect

from wagtail_review.mailbox.abuse import CHALLENGE_SALT
from wagtail_review.mailbox.models import Message

pytestmark = pytest.mark.browser


def test_a_citizen_writes_on_a_phone_and_looks_the_message_up(browser, demo_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{demo_server.url}/")
    page.get_by_role("link", name="政民互动").click()
    page.get_by_role("link", name="我要写信").click()
    expect(page.get_by_role("heading", name="隐私声明")).to_be_visible()

    page.get_by_label("投诉").check()
    page.get_by_label("涉及单位").select_option(label="西坪镇")
    page.get_by_label("留言标题").fill("村口垃圾清运不及时<script>alert(1)</script>")
    page.get_by_label("留言内容").fill("西坪镇某村村口的垃圾已经三天没有清运，气味很大，请尽快处理。")
    page.get_by_label("您的姓名").fill("周敏")
    page.get_by_label("联系电话").fill("13903529999")
    page.get_by_label("附件（选填）").set_input_files(
        [{"name": "垃圾点照片.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + bytes(200)}]
    )
    page.get_by_label("我已阅读隐私声明").check()
    # The person reads the sum; the test reads the server's signed answer behind it.
    token = page.locator("input[name=challenge]").input_value()
    page.get_by_label("验证问题").fill(str(signing.loads(token, salt=CHALLENGE_SALT)["sum"]))
    page.screenshot(path="/tmp/mailbox-write-390.png", full_page=True)
    page.get_by_role("button", name="提交留言").click()

    expect(page.locator("[role=status]")).to_contain_text("您的留言已收到")
    code = page.locator("[data-query-code]").inner_text().strip()
    message = Message.objects.get(query_code=code)
    assert message.title.startswith("村口垃圾清运不及时") and message.unit.name == "西坪镇"
    expect(page.locator("[data-status]")).to_have_text("待受理")
    expect(page.locator("main")).to_contain_text("已收到 1 个附件")
    assert list(message.attachments.values_list("original_name", flat=True)) == ["垃圾点照片.png"]
    body = page.locator("main").inner_text()
    assert "周敏" not in body and "13903529999" not in body
    page.screenshot(path="/tmp/mailbox-sent-390.png", full_page=True)

    # Later, from the mailbox's front page, by the code alone.
    page.goto(f"{demo_server.url}/hdjl/")
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    expect(page.locator("[data-query-code]")).to_have_text(code)
    assert not violations, violations
    context.close()


def row_action(page, server, title, action):
    """In 政民互动 → 网民留言, open the row's “more” menu and choose ``action``."""
    page.goto(f"{server.url}/admin/review/mailbox/")
    row = page.locator("main tr", has_text=title)
    row.get_by_role("button", name=re.compile("更多选项")).click()
    page.get_by_role("menuitem", name=action).or_(page.get_by_role("link", name=action)).first.click()


def test_a_message_goes_from_the_public_to_a_published_masked_reply(browser, demo_server):
    from tests.portal.browser import log_in

    title = "新农合报销比例咨询"
    citizen = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    citizen.goto(f"{demo_server.url}/hdjl/write/")
    citizen.get_by_label("咨询").check()
    citizen.get_by_label("涉及单位").select_option(label="西坪镇")
    citizen.get_by_label("留言标题").fill(title)
    citizen.get_by_label("留言内容").fill("我叫赵刚，电话13903526666，请问今年新农合住院报销比例是多少？")
    citizen.get_by_label("您的姓名").fill("赵刚")
    citizen.get_by_label("联系电话").fill("13903526666")
    citizen.get_by_label("同意公开我的留言和答复（姓名和联系方式始终不公开）").check()
    citizen.get_by_label("我已阅读隐私声明").check()
    token = citizen.locator("input[name=challenge]").input_value()
    citizen.get_by_label("验证问题").fill(str(signing.loads(token, salt=CHALLENGE_SALT)["sum"]))
    citizen.get_by_role("button", name="提交留言").click()
    code = citizen.locator("[data-query-code]").inner_text().strip()

    steps = (
        ("webadmin", "受理", lambda page: (page.get_by_label("受理并交办单位").check(),)),
        (
            "xiping_editor",
            "拟写答复",
            lambda page: page.get_by_label("答复内容").fill(
                "赵刚您好：住院报销比例为75%，详询13903526666以外的镇医保站。"
            ),
        ),
        ("xiping_reviewer", "审签答复", lambda page: page.get_by_label("同意并签署").check()),
        ("xiping_leader", "审签答复", lambda page: page.get_by_label("同意并签署").check()),
    )
    for username, action, fill in steps:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        context.set_default_timeout(20_000)
        page = context.new_page()
        log_in(page, demo_server, username)
        row_action(page, demo_server, title, action)
        fill(page)
        page.get_by_role("button", name="确认").click()
        expect(page.locator(".messages")).to_contain_text("已处理")
        context.close()

    citizen.goto(f"{demo_server.url}/hdjl/query/?code={code}")
    expect(citizen.locator("[data-status]")).to_have_text("已答复")
    citizen.goto(f"{demo_server.url}/hdjl/published/")
    citizen.get_by_role("link", name=re.compile(title)).click()
    article = citizen.locator("main").inner_text()
    assert "赵某" in article and "75%" in article
    assert "赵刚" not in article and "13903526666" not in article and "139****6666" in article
    citizen.screenshot(path="/tmp/mailbox-published-390.png", full_page=True)
