"""Real headless Chromium at a phone's width: a reviewer signs a step on the reference phone page.

The page uses only the review API: sign in with password and authenticator code, 待我审核,
the step with its nine points, approve. A hostile title is shown as text, never run.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from portal_site.portal.models import ArticlePage
from tests.portal.browser import PASSWORD
from wagtail_review.models import Signature
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.routing.services import fill_review_form, submit

pytestmark = pytest.mark.browser

User = get_user_model()
HOSTILE_TITLE = "黄花采摘季<img src=x onerror=alert(1)>"


def test_a_reviewer_signs_a_step_on_the_phone_page(browser, demo_server):
    from portal_site.portal.management.commands.demo_otp_code import current_demo_code

    article = ArticlePage.objects.get(slug="daylily-picking-season")
    article.title = HOSTILE_TITLE
    fill_review_form(article, **passing_answers())
    submit(article, User.objects.get(username="xiping_editor"))
    step_id = ArticlePage.objects.get(pk=article.pk).current_workflow_task_state.pk

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    dialogs, problems = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))

    page.goto(f"{demo_server.url}/review-api/app/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.get_by_label("账号").fill("xiping_reviewer")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#status")).to_contain_text("账号或密码错误")

    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("验证码").fill(current_demo_code())
    page.get_by_role("button", name="登录").click()
    item = page.locator("#items button").filter(has_text="黄花采摘季")
    expect(item).to_be_visible()
    expect(page.locator("#count")).to_contain_text("1 项待审")
    page.screenshot(path="/tmp/phone-review-list-390.png", full_page=True)

    item.click()
    expect(page.locator("#step-title")).to_have_text(HOSTILE_TITLE)
    expect(page.locator("#points fieldset")).to_have_count(9)
    page.get_by_role("button", name="同意并签署").click()
    expect(page.locator("#status")).to_contain_text("请逐项回答审核要点")
    assert page.locator("#status").inner_text().count("请逐项回答审核要点") == 1
    assert not Signature.objects.filter(task_state_id=step_id).exists()

    page.get_by_role("button", name="各项均按通过填写").click()
    page.screenshot(path="/tmp/phone-review-step-390.png", full_page=True)
    page.get_by_role("button", name="同意并签署").click()
    expect(page.locator("#status")).to_contain_text("已签署")
    expect(page.locator("#items")).to_contain_text("暂无待您签署的事项")

    signature = Signature.objects.get(task_state_id=step_id)
    assert signature.signer.username == "xiping_reviewer" and signature.decision == Signature.APPROVE
    assert signature.answers == passing_answers()
    # Nothing the page showed ran: no dialog, and no script or style the policy had to refuse.
    assert dialogs == [] and not [p for p in problems if "Content Security Policy" in p], problems
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    context.close()
