"""Real headless Chromium: a signer sets up an authenticator at first sign-in, signs out, and signs in with a code.

Desktop and a phone's width (390 px), as leaders mostly are on their phones. The enrolment page's QR
code and key are read as a person would; the code is computed from the key, as their app would.
"""

import re
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.portal.browser import PASSWORD
from wagtail_review.accounts import second_factor

pytestmark = pytest.mark.browser


def code_for(key, offset=0):
    totp = TOTP(b32decode(key))
    totp.time = totp.time + 30 * offset
    return f"{totp.token():06d}"


def password_step(page, server, username):
    page.goto(f"{server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


@pytest.mark.parametrize("username, width", [("xiping_leader", 1400), ("district_leader", 390)])
def test_enrol_sign_out_and_sign_in_with_a_code(browser, demo_server, username, width):
    second_factor.reset(get_user_model().objects.get(username=username))
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.set_default_timeout(20_000)
    page = context.new_page()

    password_step(page, demo_server, username)
    page.wait_for_url(re.compile(r"/second-factor/enrol/"))
    expect(page.locator("main svg").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("身份验证器")
    key = page.locator("[data-enrolment-key]").inner_text().strip()
    page.screenshot(path=f"/tmp/second-factor-enrol-{width}.png", full_page=True)

    page.fill("input[name=token]", "000000")
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("验证码不正确")
    page.wait_for_timeout(1200)  # django-otp refuses every code for a moment after a wrong one
    page.fill("input[name=token]", code_for(key))
    page.click("main button[type=submit]")
    codes = page.locator("[data-recovery-codes] li")
    expect(codes).to_have_count(10)
    page.screenshot(path=f"/tmp/second-factor-codes-{width}.png", full_page=True)
    page.get_by_role("link", name="我已保存，继续").click()
    page.wait_for_url(f"{demo_server.url}/admin/")

    # Sign out, then in again: the password alone is not enough, the next code is.
    context.clear_cookies()
    password_step(page, demo_server, username)
    page.wait_for_url(re.compile(r"/second-factor/\?"))
    expect(page.locator("main")).to_contain_text("6 位验证码")
    # The enrolment code is spent: the app's next code signs in.
    page.fill("input[name=token]", code_for(key, offset=1))
    page.click("main button[type=submit]")
    # The admin home renders its panels first: slow when the machine is busy, so a longer wait than a click.
    page.wait_for_url(f"{demo_server.url}/admin/", timeout=60_000)
    expect(page.get_by_role("heading", name="大同市云州区人民政府")).to_be_visible()  # the dashboard
    page.screenshot(path=f"/tmp/second-factor-signed-in-{width}.png")
    context.close()
