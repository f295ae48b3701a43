"""Two-step sign-in: an authenticator app (TOTP) with backup codes, asked for after the
password, counted towards the sign-in lockout, required of planning admins by a setting,
and needed as ``otp`` for an API token."""

import time
from binascii import unhexlify
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from config import second_factor, signin
from tests import builders

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PENDING = signin.PENDING


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """The lockout's clock, moved by hand (django-otp's own brake runs on real time)."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(signin, "clock", lambda: now[0])
    return now


def code_for(key: str, *, after_t: int = -1) -> str:
    """The app's code for secret ``key`` now, or at the next step when the current one was
    used already (the device refuses a step twice)."""
    now_t = int(time.time()) // 30
    step = max(now_t, after_t + 1)
    assert step <= now_t + 1
    return f"{totp(unhexlify(key), drift=step - now_t):06d}"


def device_code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return code_for(device.key, after_t=device.last_t)


def time_passes(user) -> None:
    """A minute later: the last code's step is over, django-otp's brake is released."""
    TOTPDevice.objects.filter(user=user).update(
        last_t=-1, throttling_failure_timestamp=timezone.now() - timedelta(hours=1)
    )
    StaticDevice.objects.filter(user=user).update(
        throttling_failure_timestamp=timezone.now() - timedelta(hours=1)
    )


def enrol(user) -> list[str]:
    """Set the app up through the service; returns the backup codes."""
    key = second_factor.new_secret()
    _device, codes = second_factor.second_factor_enrol(user=user, key=key, code=code_for(key))
    return codes


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def send_code(client, code):
    return client.post(reverse("login-code"), {"code": code})


def backup_tokens(user) -> set[str]:
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def test_enrolment_shows_the_secret_as_svg_and_text_and_a_first_code_turns_it_on(world, client):
    user = world.officer_a
    Token.objects.create(user=user)
    client.force_login(user)
    page = client.get(reverse("two-factor-setup"))
    assert page.status_code == 200
    key = client.session[second_factor.SETUP_KEY]
    html = page.content.decode()
    assert html.count("<svg") == 1 and "<script" not in html and "style=" not in html
    assert second_factor.secret_text(key) in html
    assert page["Content-Security-Policy"].startswith("default-src 'self'")
    assert client.get(reverse("two-factor-setup")).context["secret"] == (
        second_factor.secret_text(key)
    )  # a reload keeps the secret the app may have scanned

    wrong = client.post(reverse("two-factor-setup"), {"code": "000000"})
    assert wrong.status_code == 400
    assert "الرمز غير صحيح" in wrong.context["form"].errors["code"][0]
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert Token.objects.filter(user=user).count() == 1
    assert client.session[second_factor.SETUP_KEY] == key

    right = client.post(reverse("two-factor-setup"), {"code": code_for(key)})
    assert right.status_code == 302
    assert right["Location"] == reverse("two-factor-backup-codes")
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key
    assert second_factor.SETUP_KEY not in client.session
    assert verified(client)
    assert not Token.objects.filter(user=user).exists()  # made without a code

    shown = client.get(reverse("two-factor-backup-codes"))
    codes = shown.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert backup_tokens(user) == set(codes)
    assert all(code in shown.content.decode() for code in codes)
    again = client.get(reverse("two-factor-backup-codes"))
    assert again.context["codes"] is None
    assert not any(code in again.content.decode() for code in codes)


def test_the_account_menu_links_to_two_step_sign_in(world, client_for):
    page = client_for(world.viewer).get(reverse("plan_list"))
    assert f'href="{reverse("two-factor")}"' in page.content.decode()
    overview = client_for(world.viewer).get(reverse("two-factor"))
    assert overview.status_code == 200 and overview.context["device"] is None


def test_a_code_typed_in_arabic_indic_digits_with_a_space_is_accepted(world, client):
    client.force_login(world.officer_a)
    client.get(reverse("two-factor-setup"))
    code = code_for(client.session[second_factor.SETUP_KEY])
    typed = f"{code[:3]} {code[3:]}".translate(ARABIC_DIGITS)
    assert client.post(reverse("two-factor-setup"), {"code": typed}).status_code == 302
    assert TOTPDevice.objects.filter(user=world.officer_a, confirmed=True).exists()


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abc", "x" * 33, "١٢٣"])
def test_malformed_codes_are_form_errors_that_change_nothing(world, client, code):
    client.force_login(world.officer_a)
    client.get(reverse("two-factor-setup"))
    response = client.post(reverse("two-factor-setup"), {"code": code})
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert not TOTPDevice.objects.exists()


def test_sign_in_asks_for_the_code_after_the_password(world, client):
    enrol(world.officer_a)
    response = sign_in(client, "officer.a", HTTP_HOST="testserver")
    assert response.status_code == 302 and response["Location"] == reverse("login-code")
    assert not signed_in(client)
    assert client.get(reverse("plan_list")).status_code == 302  # still anonymous
    page = client.get(reverse("login-code"))
    assert page.status_code == 200 and "رمز الدخول" in page.content.decode()

    response = send_code(client, device_code(world.officer_a))
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in(client) and verified(client)
    assert client.get(reverse("plan_list")).status_code == 200


def test_the_code_step_keeps_where_the_user_was_going(world, client):
    enrol(world.officer_a)
    client.post(
        reverse("login"), {"username": "officer.a", "password": PASSWORD, "next": "/risks/"}
    )
    assert send_code(client, device_code(world.officer_a))["Location"] == "/risks/"


def test_a_wrong_password_never_reaches_the_code_step(world, client):
    enrol(world.officer_a)
    response = sign_in(client, "officer.a", "wrong-password")
    assert response.status_code == 200 and PENDING not in client.session
    assert client.get(reverse("login-code"))["Location"] == reverse("login")


def test_wrong_codes_are_refused_and_count_towards_the_lockout(world, client, clock):
    enrol(world.officer_a)
    sign_in(client, "officer.a")
    for attempt in range(5):
        time_passes(world.officer_a)  # past django-otp's own brake
        response = send_code(client, f"{attempt}0000{attempt}")
        assert response.status_code == 400
        assert not signed_in(client)
    time_passes(world.officer_a)
    response = send_code(client, device_code(world.officer_a))
    assert response.status_code == 400 and not signed_in(client)
    assert response.context["form"].non_field_errors() == [
        "محاولات دخول فاشلة كثيرة. حاول مجددًا بعد 15 دقيقة (الساعة 11:15)."
    ]
    # the password step is locked too
    assert sign_in(client, "officer.a").context["form"].locked

    clock[0] += 15 * 60 + 1
    sign_in(client, "officer.a")
    assert send_code(client, device_code(world.officer_a)).status_code == 302
    assert signed_in(client) and verified(client)


def test_the_right_password_between_wrong_codes_does_not_clear_their_count(world, client, clock):
    enrol(world.officer_a)
    for _attempt in range(5):
        sign_in(client, "officer.a")  # right every time
        time_passes(world.officer_a)
        send_code(client, "999999")
    sign_in(client, "officer.a")
    time_passes(world.officer_a)
    response = send_code(client, device_code(world.officer_a))
    assert not signed_in(client)
    assert "حاول مجددًا" in response.context["form"].non_field_errors()[0]


def test_a_code_right_after_a_wrong_one_waits_for_django_otps_brake(world, client, clock):
    enrol(world.officer_a)
    client.cookies["marsad_language"] = "en"
    sign_in(client, "officer.a")
    time_passes(world.officer_a)
    send_code(client, "999999")
    response = send_code(client, device_code(world.officer_a))
    assert response.status_code == 400 and not signed_in(client)
    assert response.context["form"].errors["code"] == [
        "Too many wrong codes. Wait 1 second and try again."
    ]
    TOTPDevice.objects.filter(user=world.officer_a).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=2)
    )
    assert send_code(client, device_code(world.officer_a)).status_code == 302


def test_the_code_step_expires_after_five_minutes(world, client, clock):
    enrol(world.officer_a)
    sign_in(client, "officer.a")
    clock[0] += 5 * 60 + 1
    response = send_code(client, device_code(world.officer_a))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert not signed_in(client) and PENDING not in client.session


def test_a_backup_code_signs_in_once(world, client):
    codes = enrol(world.officer_a)
    sign_in(client, "officer.a")
    assert send_code(client, codes[3].upper()).status_code == 302
    assert signed_in(client) and verified(client)
    assert second_factor.backup_codes_left(world.officer_a) == 9
    client.logout()

    sign_in(client, "officer.a")
    time_passes(world.officer_a)
    response = send_code(client, codes[3])
    assert response.status_code == 400 and not signed_in(client)
    time_passes(world.officer_a)
    assert send_code(client, codes[4]).status_code == 302


def test_new_backup_codes_need_a_current_code_and_replace_the_old_ones(world, client):
    old = enrol(world.officer_a)
    client.force_login(world.officer_a)
    response = client.post(reverse("two-factor-backup-codes"), {"codes-code": "123456"})
    assert response.status_code == 400
    assert response.context["codes_form"].errors["code"]
    assert second_factor.backup_codes_left(world.officer_a) == 10
    time_passes(world.officer_a)
    response = client.post(
        reverse("two-factor-backup-codes"), {"codes-code": device_code(world.officer_a)}
    )
    assert response.status_code == 302
    new = client.get(reverse("two-factor-backup-codes")).context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert backup_tokens(world.officer_a) == set(new)


def test_turning_it_off_needs_a_current_code(world, client):
    enrol(world.officer_a)
    client.force_login(world.officer_a)
    response = client.post(reverse("two-factor-off"), {"off-code": "123456"})
    assert response.status_code == 400
    assert response.context["disable_form"].errors["code"]
    assert TOTPDevice.objects.filter(user=world.officer_a).exists()
    assert second_factor.backup_codes_left(world.officer_a) == 10

    time_passes(world.officer_a)
    response = client.post(reverse("two-factor-off"), {"off-code": device_code(world.officer_a)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert not StaticToken.objects.exists()
    client.logout()
    assert sign_in(client, "officer.a").status_code == 302 and signed_in(client)


def test_wrong_codes_on_the_account_page_count_towards_the_lockout(world, client, clock):
    enrol(world.officer_a)
    client.force_login(world.officer_a)
    for _attempt in range(5):
        time_passes(world.officer_a)
        client.post(reverse("two-factor-off"), {"off-code": "123456"})
    time_passes(world.officer_a)
    response = client.post(reverse("two-factor-off"), {"off-code": device_code(world.officer_a)})
    assert response.status_code == 400
    assert "حاول مجددًا" in response.context["disable_form"].non_field_errors()[0]
    assert TOTPDevice.objects.filter(user=world.officer_a).exists()


# -- the setting ---------------------------------------------------------------------------


@pytest.fixture
def required(settings):
    settings.MARSAD_REQUIRE_TOTP_FOR_PLANNING_ADMINS = True


def test_with_the_setting_a_planning_admin_must_set_it_up_before_anything_else(
    world, client, required
):
    client.force_login(world.admin)
    for url in (reverse("plan_list"), reverse("builder_plans"), "/admin/", reverse("two-factor")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('two-factor-setup')}?{urlencode({'next': url})}"
    assert client.get(reverse("two-factor-setup")).status_code == 200
    assert client.get(reverse("api-docs")).status_code == 200  # a public page stays public
    response = client.post(
        reverse("two-factor-setup"),
        {"code": code_for(client.session[second_factor.SETUP_KEY]), "next": "/admin/"},
    )
    assert response["Location"] == f"{reverse('two-factor-backup-codes')}?next=%2Fadmin%2F"
    assert client.get(response["Location"]).context["next"] == "/admin/"
    assert client.get(reverse("builder_plans")).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_with_the_setting_officers_heads_and_viewers_are_not_forced(world, client_for, required):
    for user in (world.officer_a, world.head_a, world.viewer):
        assert client_for(user).get(reverse("plan_list")).status_code == 200
        assert client_for(user).get("/api/v1/plans/").status_code == 200


def test_without_the_setting_a_planning_admin_is_not_forced(world, client_for):
    client = client_for(world.admin)
    assert client.get(reverse("builder_plans")).status_code == 200
    assert client.get("/admin/").status_code == 200
    assert client.get("/api/v1/plans/").status_code == 200


def test_with_the_setting_a_superuser_is_forced_too(world, client, required):
    boss = builders.user("boss", is_superuser=True, is_staff=True)
    client.force_login(boss)
    assert client.get("/admin/")["Location"].startswith(reverse("two-factor-setup"))


def test_with_the_setting_the_admin_site_refuses_an_unverified_session(world, rf, required):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = world.admin
    world.admin.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    world.admin.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_with_the_setting_an_unverified_session_of_an_enrolled_admin_signs_in_again(
    world, client, required
):
    enrol(world.admin)
    client.force_login(world.admin)  # a session from before the app was set up
    response = client.get(reverse("builder_plans"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=%2Fbuilder%2Fplans%2F"
    assert not signed_in(client)


def test_with_the_setting_the_api_refuses_an_unverified_admin(world, client, required):
    client.force_login(world.admin)
    response = client.get("/api/v1/plans/")
    assert response.status_code == 403
    assert "التحقق بخطوتين" in response.json()["detail"]
    token = Token.objects.create(user=world.admin)
    client.logout()
    response = client.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 403
    assert client.post(reverse("api-token"), {"username": "admin", "password": PASSWORD}).json()[
        "errors"
    ]["otp"]


def test_with_the_setting_an_enrolled_admin_uses_the_api(world, client, required):
    enrol(world.admin)
    sign_in(client, "admin")
    send_code(client, device_code(world.admin))
    assert verified(client)
    assert client.get("/api/v1/plans/").status_code == 200
    time_passes(world.admin)
    response = client.post(
        reverse("api-token"),
        {"username": "admin", "password": PASSWORD, "otp": device_code(world.admin)},
    )
    assert response.status_code == 200
    client.logout()
    key = response.json()["token"]
    assert client.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_with_the_setting_a_planning_admin_cannot_turn_it_off(world, client, required):
    enrol(world.admin)
    sign_in(client, "admin")
    send_code(client, device_code(world.admin))
    time_passes(world.admin)
    response = client.post(reverse("two-factor-off"), {"off-code": device_code(world.admin)})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=world.admin).exists()


# -- the token endpoint --------------------------------------------------------------------


def test_the_token_endpoint_needs_otp_once_the_app_is_set_up(world, client, clock):
    enrol(world.officer_a)
    url = reverse("api-token")
    response = client.post(url, {"username": "officer.a", "password": PASSWORD})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["otp"]
    time_passes(world.officer_a)
    response = client.post(url, {"username": "officer.a", "password": PASSWORD, "otp": "000000"})
    assert response.status_code == 400 and "otp" in response.json()["errors"]
    assert not Token.objects.exists()

    time_passes(world.officer_a)
    body = {"username": "officer.a", "password": PASSWORD, "otp": device_code(world.officer_a)}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert Token.objects.get(user=world.officer_a).key == response.json()["token"]


def test_wrong_otp_at_the_token_endpoint_counts_towards_the_lockout(world, client, clock):
    codes = enrol(world.officer_a)
    url = reverse("api-token")
    for attempt in range(5):
        time_passes(world.officer_a)
        body = {"username": "officer.a", "password": PASSWORD, "otp": f"11111{attempt}"}
        assert client.post(url, body).status_code == 400
    body = {"username": "officer.a", "password": PASSWORD, "otp": codes[0]}
    assert client.post(url, body).status_code == 429
    assert second_factor.backup_codes_left(world.officer_a) == 10  # not even looked at


def test_the_token_endpoint_without_the_app_is_unchanged(world, client):
    response = client.post(reverse("api-token"), {"username": "officer.a", "password": PASSWORD})
    assert response.status_code == 200


def test_the_admins_own_sign_in_page_sends_to_the_one_sign_in_form(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=%2Fadmin%2F"
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 302 and response["Location"] == reverse("login")


# -- any input -------------------------------------------------------------------------------

NASTY = [
    "", " ", "0", "000000", "٠٠٠٠٠٠", "۱۲۳۴۵۶", "１２３４５６", "12 34 56", "123-456", "²²²²²²",
    "1e5", "-12345", "+123456", "\x00", "a\x00b", "<script>", "'; --", "x" * 5000, "ABCDEFGH",
    "abcd-efgh", "\u200f123456", "None", "[]", "{}",
]  # fmt: skip
CODES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(10**8), max_value=10**8).map(str),
)


def _state(user):
    return (
        list(TOTPDevice.objects.filter(user=user).values_list("key", "confirmed")),
        sorted(backup_tokens(user)),
        list(Token.objects.values_list("key", flat=True)),
    )


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(code=CODES, field=st.sampled_from(["code", "codes-code", "off-code", "otp", "junk"]))
def test_no_code_is_a_server_error_and_a_wrong_one_changes_nothing(world, client, code, field):
    cache.clear()
    officer = world.officer_a
    if not TOTPDevice.objects.filter(user=officer).exists():
        enrol(officer)
        Token.objects.create(user=world.viewer)
    before = _state(officer)
    anonymous = Client()
    sign_in(anonymous, "officer.a")
    client.force_login(officer)
    calls = [
        (anonymous, reverse("login-code"), {field: code}),
        (client, reverse("two-factor-backup-codes"), {field: code}),
        (client, reverse("two-factor-off"), {field: code}),
        (client, reverse("two-factor-setup"), {field: code}),
        (
            Client(),
            reverse("api-token"),
            {"username": "officer.a", "password": PASSWORD, field: code},
        ),
    ]
    for caller, url, data in calls:
        response = caller.post(url, data)
        assert response.status_code in (302, 400, 429), (url, data, response.status_code)
        assert response.status_code != 302 or url == reverse("two-factor-setup"), (url, data)
    assert _state(officer) == before
    assert not verified(anonymous)
