"""Password guessing: failures are counted per account and per client address in the cache,
and too many lock out for a while, whatever X-Forwarded-For says."""

import pytest
from django.contrib.auth import password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from config import signin
from tests import builders

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests"


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(signin, "clock", lambda: now[0])
    return now


def _sign_in(client, username, password, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sixth_wrong_password_is_refused_even_with_a_new_forwarded_for(client, clock):
    builders.user("guessed")
    for attempt in range(5):
        response = _sign_in(client, "guessed", f"wrong-{attempt}", forwarded=f"10.0.0.{attempt}")
        assert response.status_code == 200
        assert not response.context["form"].locked
    response = _sign_in(client, "guessed", PASSWORD, forwarded="10.9.9.9")
    assert response.status_code == 200
    assert not _signed_in(client)
    locked = response.context["form"].locked
    assert locked == "محاولات دخول فاشلة كثيرة. حاول مجددًا بعد 15 دقيقة (الساعة 11:15)."
    assert locked in response.content.decode()


def test_the_right_password_works_once_the_lockout_is_over(client, clock):
    builders.user("guessed")
    for attempt in range(5):
        _sign_in(client, "guessed", f"wrong-{attempt}")
    assert not _signed_in(_sign_in(client, "guessed", PASSWORD) and client)
    clock[0] += 15 * 60 + 1
    response = _sign_in(client, "guessed", PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_four_failures_then_the_right_password_signs_in_and_clears_the_count(client, clock):
    builders.user("forgetful")
    for attempt in range(4):
        _sign_in(client, "forgetful", f"wrong-{attempt}")
    assert _sign_in(client, "forgetful", PASSWORD).status_code == 302
    client.logout()
    for attempt in range(4):
        _sign_in(client, "forgetful", f"wrong-{attempt}")
    assert _sign_in(client, "forgetful", PASSWORD).status_code == 302


def test_lockout_message_in_english_says_when_to_try_again(client, clock):
    builders.user("guessed")
    for attempt in range(5):
        _sign_in(client, "guessed", f"wrong-{attempt}")
    clock[0] += 60
    client.cookies["marsad_language"] = "en"
    response = _sign_in(client, "guessed", PASSWORD)
    assert response.context["form"].locked == (
        "Too many failed sign-ins. Try again in 14 minutes (at 11:15)."
    )


def test_one_address_trying_many_accounts_is_locked_out(client, clock, settings):
    settings.MARSAD_SIGNIN_ADDRESS_FAILURES = 3
    builders.user("last")
    for n in range(3):
        _sign_in(client, f"someone-{n}", "wrong")
    assert not _signed_in(_sign_in(client, "last", PASSWORD) and client)
    clock[0] += 15 * 60 + 1
    assert _sign_in(client, "last", PASSWORD).status_code == 302


def test_token_endpoint_locks_the_account_out_whatever_the_forwarded_for(client, clock):
    builders.user("scripted")
    url = reverse("api-token")
    for attempt in range(5):
        response = client.post(
            url,
            {"username": "scripted", "password": f"wrong-{attempt}"},
            HTTP_X_FORWARDED_FOR=f"10.1.0.{attempt}",
        )
        assert response.status_code == 400
    response = client.post(
        url, {"username": "scripted", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.1.9.9"
    )
    assert response.status_code == 429
    assert "حاول مجددًا بعد 15 دقيقة" in response.json()["detail"]
    assert response["Retry-After"] == str(15 * 60)
    clock[0] += 15 * 60 + 1
    response = client.post(url, {"username": "scripted", "password": PASSWORD})
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40


def test_token_rate_is_counted_per_client_address_not_per_header(client, monkeypatch):
    from config.tokens import AddressRateThrottle

    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", {"token": "3/min"})
    url = reverse("api-token")
    codes = [
        client.post(
            url, {"username": f"nobody-{n}", "password": "x"}, HTTP_X_FORWARDED_FOR=f"10.{n}.0.1"
        ).status_code
        for n in range(4)
    ]
    assert codes == [400, 400, 400, 429]


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # no proxy trusted: header ignored
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # the client wrote its own header; the proxy appended what it saw, right-most
        (["10.0.0.0/8"], "10.0.0.2", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        (["10.0.0.0/8"], "10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        # a request that did not come through the trusted proxy: its header is not believed
        (["10.0.0.0/8"], "203.0.113.5", "1.2.3.4", "203.0.113.5"),
        (["10.0.0.2"], "10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_client_address_believes_only_the_trusted_proxy(
    settings, trusted, remote, forwarded, expected
):
    settings.MARSAD_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert signin.client_address(request) == expected


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError) as caught:
        password_validation.validate_password("Tr0ub4dor&3")  # 11 characters
    assert [e.code for e in caught.value.error_list] == ["password_too_short"]
    password_validation.validate_password("correct-horse-battery")
