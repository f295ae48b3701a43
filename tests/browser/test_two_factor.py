"""Two-step sign-in in real Chromium, in Arabic: a planning admin whom the setting requires to
use it is sent to set up an authenticator app, scans (here: reads) the secret, confirms with a
code, keeps the backup codes, and signs in again with the password and a code. The QR code is
an SVG in the page and the strict Content-Security-Policy reports nothing."""

from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp

from plans.models import Membership
from tests import builders
from tests.browser.conftest import sign_in

PASSWORD = "pw-for-tests"


def app_code(secret: str, *, step_ahead: int = 0) -> str:
    key = b32decode(secret.replace(" ", ""))
    return f"{totp(key, drift=step_ahead):06d}"


@pytest.fixture
def planner(transactional_db, settings):
    settings.MARSAD_REQUIRE_TOTP_FOR_PLANNING_ADMINS = True
    ministry = builders.unit("ministry", kind="ministry")
    builders.plan()
    return builders.user("planner", Membership.Role.PLANNING_ADMIN, ministry, is_staff=True)


def test_a_planning_admin_sets_up_the_app_and_signs_in_with_a_code(page, planner, screenshot):
    policy_reports = []
    page.on(
        "console",
        lambda message: (
            policy_reports.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    sign_in(page, "planner", PASSWORD)
    assert page.url.split("?")[0].endswith(reverse("two-factor-setup"))
    assert page.locator("h1").inner_text() == "إعداد تطبيق المصادقة"
    assert "يتطلب دورك التحقق بخطوتين" in page.locator(".messages").inner_text()
    qr = page.locator("svg.qr")
    assert qr.is_visible()
    assert qr.bounding_box()["width"] > 150  # large enough to scan
    secret = page.locator("#secret").inner_text()
    assert len(secret.replace(" ", "")) == 32
    screenshot(page, "two-factor-setup-ar")

    page.fill("#id_code", "000000")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    assert "الرمز غير صحيح" in page.locator(".error").inner_text()
    assert page.locator("#secret").inner_text() == secret  # the same secret, try again

    page.fill("#id_code", app_code(secret))
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "الرموز الاحتياطية"
    codes = page.locator("ol.backup-codes li").all_inner_texts()
    assert len(codes) == 10
    screenshot(page, "two-factor-backup-codes-ar")
    page.click("text=حفظتها؛ متابعة")
    page.wait_for_load_state("networkidle")
    assert page.locator("nav.mainnav >> text=بناء الخطة").is_visible()

    page.click("details.account summary")  # the account menu
    page.click("button:has-text('تسجيل الخروج')")
    page.wait_for_load_state("networkidle")
    sign_in(page, "planner", PASSWORD)
    assert page.locator("h1").inner_text() == "رمز الدخول"
    screenshot(page, "two-factor-code-ar")
    # The code that confirmed the app cannot be used again: the app's next one can.
    page.fill("#id_code", app_code(secret, step_ahead=1))
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    assert page.locator("nav.mainnav >> text=بناء الخطة").is_visible()
    page.goto(reverse("builder_plans"))
    assert page.url.endswith(reverse("builder_plans"))
    assert policy_reports == []
