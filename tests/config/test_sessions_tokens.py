"""Sessions end when idle and after a fixed lifetime; API tokens expire, die with a password
change, and can be listed and revoked by their owner and by the planning admin."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config import middleware
from config.authentication import token_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()  # the token endpoint's throttle counts in the cache
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(middleware, "clock", lambda: now[0])
    return now


def _home_status(client) -> int:
    return client.get(reverse("plan_list")).status_code


def test_a_session_idle_for_more_than_thirty_minutes_ends(world, client_for, clock):
    client = client_for(world.officer_a)
    assert _home_status(client) == 200
    clock[0] += 29 * 60
    assert _home_status(client) == 200
    clock[0] += 29 * 60  # active a moment ago: still signed in
    assert _home_status(client) == 200
    clock[0] += 31 * 60
    response = client.get(reverse("plan_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_busy_session_still_ends_twelve_hours_after_signing_in(world, client_for, clock):
    client = client_for(world.officer_a)
    for _step in range(12 * 4 - 1):
        assert _home_status(client) == 200
        clock[0] += 15 * 60
    assert _home_status(client) == 200  # 11 h 45 min after signing in
    clock[0] += 16 * 60
    assert _home_status(client) == 302


def test_the_lifetimes_are_settings(world, client_for, clock, settings):
    settings.MARSAD_SESSION_IDLE = 60
    client = client_for(world.viewer)
    assert _home_status(client) == 200
    clock[0] += 61
    assert _home_status(client) == 302


def _api(token=None) -> APIClient:
    client = APIClient()
    if token is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _token_for(username: str) -> str:
    response = _api().post(reverse("api-token"), {"username": username, "password": "pw-for-tests"})
    assert response.status_code == 200
    return response.json()["token"]


def test_a_token_expires_after_its_lifetime(world, settings):
    key = _token_for("officer.a")
    assert _api(key).get(reverse("unit-list")).status_code == 200
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=30, seconds=1))
    response = _api(key).get(reverse("unit-list"))
    assert response.status_code == 401
    assert response.json() == {"detail": "انتهت صلاحية الرمز؛ اطلب رمزًا جديدًا."}
    assert not Token.objects.filter(key=key).exists()
    fresh = _token_for("officer.a")
    assert fresh != key and _api(fresh).get(reverse("unit-list")).status_code == 200


def test_an_expired_token_is_replaced_when_asked_for_again(world):
    key = _token_for("officer.a")
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=31))
    assert _token_for("officer.a") != key


def test_a_password_change_deletes_the_tokens(world):
    key = _token_for("officer.a")
    other = _token_for("officer.b")
    world.officer_a.set_password("a-new-long-password")
    world.officer_a.save()
    assert _api(key).get(reverse("unit-list")).status_code == 401
    assert _api(other).get(reverse("unit-list")).status_code == 200


def test_a_password_changed_on_the_page_deletes_the_tokens(world, client_for):
    key = _token_for("officer.a")
    client = client_for(world.officer_a)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-for-tests",
            "new_password1": "a-new-long-password",
            "new_password2": "a-new-long-password",
        },
    )
    assert response.status_code == 302
    assert not Token.objects.filter(key=key).exists()


def test_owners_list_their_tokens_without_keys(world):
    key = _token_for("officer.a")
    _token_for("officer.b")
    response = _api(key).get(reverse("api-tokens"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["results"]
    token = Token.objects.get(key=key)
    assert item == {
        "id": token_id(token),
        "user": world.officer_a.pk,
        "username": "officer.a",
        "created": item["created"],
        "expires": item["expires"],
    }
    assert key not in response.content.decode()


def test_the_planning_admin_lists_everyones_tokens(world):
    _token_for("officer.a")
    _token_for("officer.b")
    admin = _token_for("admin")
    names = [t["username"] for t in _api(admin).get(reverse("api-tokens")).json()["results"]]
    assert sorted(names) == ["admin", "officer.a", "officer.b"]


@pytest.mark.parametrize(
    ("revoker", "owner", "expected"),
    [
        ("officer.a", "officer.a", 204),  # one's own
        ("admin", "officer.a", 204),  # the planning admin: anyone's
        ("officer.b", "officer.a", 404),  # somebody else's: not even seen
        ("head.a", "officer.a", 404),
        ("viewer", "officer.a", 404),
    ],
)
def test_who_may_revoke_a_token(world, revoker, owner, expected):
    key = _token_for(owner)
    revoking = key if revoker == owner else _token_for(revoker)
    url = reverse("api-token-revoke", args=[token_id(Token.objects.get(key=key))])
    assert _api(revoking).delete(url).status_code == expected
    assert Token.objects.filter(key=key).exists() == (expected != 204)


def test_outsiders_and_anonymous_cannot_list_tokens(world):
    assert _api().get(reverse("api-tokens")).status_code == 401
    assert _api(_token_for("outsider")).get(reverse("api-tokens")).status_code == 404
