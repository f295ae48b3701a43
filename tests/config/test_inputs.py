"""One input layer: every malformed id, version, number, NUL byte or oversized body answers
400 with a translated message, on the pages and in the API (run on SQLite and PostgreSQL)."""

import json

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from plans.inputs import BadInput, optional_id, parse_id
from plans.models import Risk
from tests import builders
from tests.page_forms import entry_page_data, review_page_data

pytestmark = pytest.mark.django_db

SUPERSCRIPT = "²"  # str.isdigit() says yes, int() says no
NUL = "bad\x00text"


@pytest.mark.parametrize("raw", ["0", "7", "123456789012345678"])
def test_ids_are_ascii_digits(raw):
    assert parse_id(raw) == int(raw)


@pytest.mark.parametrize(
    "raw", ["", SUPERSCRIPT, "٣", " 3", "3 ", "+3", "-3", "3_0", "1e3", "3.0", "1" * 19, None, 3]
)
def test_anything_else_is_bad_input(raw):
    with pytest.raises(BadInput):
        parse_id(raw, name="unit")


def test_empty_is_none_when_optional():
    assert optional_id("") is None and optional_id(None) is None
    with pytest.raises(BadInput):
        optional_id(SUPERSCRIPT)


@pytest.fixture
def risk(cycle):
    world = cycle.world
    return Risk.objects.create(
        plan=world.plan, code="R1", category="operational", title_ar="خطر", unit=world.unit_a,
        likelihood=2, impact=3,
    )  # fmt: skip


def _pages(cycle, risk):
    """(persona, method, url, data) of every input the audit found answering 500."""
    world, period = cycle.world, cycle.open_period
    entry = builders.entry(world.indicator_a, period, 5, status="submitted")
    pk = world.indicator_a.pk
    entry_url = reverse("entry", args=[period.pk])
    review_url = reverse("review", args=[period.pk])
    risk_url = reverse("risk_detail", args=[risk.pk])
    periods_url = reverse("periods", args=[world.plan.pk])
    unit_url = reverse("unit_detail", args=[world.unit_a.pk])
    builders.entry(world.indicator_a1, period, 3, status="draft")
    a1 = world.indicator_a1.pk
    return [
        ("officer_a", "get", entry_url, {"unit": SUPERSCRIPT}),
        ("head_a", "get", review_url, {"unit": SUPERSCRIPT}),
        ("viewer", "get", unit_url, {"plan": SUPERSCRIPT}),
        ("viewer", "get", reverse("home"), {"plan": SUPERSCRIPT}),
        ("viewer", "get", reverse("home"), {"unit": SUPERSCRIPT}),
        ("viewer", "get", reverse("risk_register"), {"plan": SUPERSCRIPT}),
        ("viewer", "get", reverse("achievement_report"), {"plan": SUPERSCRIPT}),
        ("viewer", "get", reverse("achievement_report"), {"unit": SUPERSCRIPT}),
        ("viewer", "get", reverse("home"), {"q": NUL}),
        ("viewer", "get", reverse("risk_register"), {NUL: "1"}),
        (
            "officer_a",
            "post",
            entry_url,
            entry_page_data({"indicator": a1, "value": "4", "version": SUPERSCRIPT}),
        ),
        ("officer_a", "post", entry_url, entry_page_data({"indicator": pk, "comment": NUL})),
        ("officer_a", "post", entry_url, entry_page_data({"indicator": a1}, late_reason=NUL)),
        ("officer_a", "post", entry_url, entry_page_data(activities=[{"comment": NUL}])),
        ("officer_a", "post", entry_url, entry_page_data(action="fly")),
        # Without the formsets' management data, or with too many rows, or odd counts.
        ("officer_a", "post", entry_url, {f"value-{a1}": "4", "action": "save"}),
        ("officer_a", "post", entry_url, {**entry_page_data(), "entry-TOTAL_FORMS": SUPERSCRIPT}),
        ("officer_a", "post", entry_url, {**entry_page_data(), "activity-TOTAL_FORMS": "9" * 30}),
        ("officer_a", "post", entry_url, {"entry-TOTAL_FORMS": "1", "entry-INITIAL_FORMS": "1"}),
        (
            "head_a",
            "post",
            review_url,
            review_page_data({"entry": entry.pk, "version": "²", "decision": "approve"}),
        ),
        (
            "head_a",
            "post",
            review_url,
            review_page_data({"entry": entry.pk, "version": "٣", "decision": "approve"}),
        ),
        (
            "head_a",
            "post",
            review_url,
            review_page_data({"entry": entry.pk, "decision": "return", "comment": NUL}),
        ),
        (
            "head_a",
            "post",
            review_url,
            review_page_data(action="return_selected", bulk_comment=NUL),
        ),
        ("head_a", "post", review_url, review_page_data({"entry": entry.pk, "decision": "fly"})),
        ("head_a", "post", review_url, {"approve": str(entry.pk), "version": "1"}),
        ("officer_a", "post", risk_url, {"action": "save", "version": SUPERSCRIPT}),
        ("head_a", "post", risk_url, {"action": "approve", "assessment": "abc"}),
        ("head_a", "post", risk_url, {"action": "approve", "assessment": SUPERSCRIPT}),
        ("officer_a", "post", risk_url, {"action": "save", "likelihood": "2", "note": NUL}),
        ("admin", "post", periods_url, {"period": "abc", "action": "open"}),
        ("admin", "post", periods_url, {"period": SUPERSCRIPT, "action": "open"}),
        ("viewer", "post", periods_url, {"period": "", "action": "open"}),
        ("admin", "post", periods_url, {"period": str(period.pk), "reason": NUL}),
    ]


def test_every_listed_input_answers_400_with_a_message(cycle, risk, client_for):
    world = cycle.world
    answers = []
    for persona, method, url, data in _pages(cycle, risk):
        client = client_for(getattr(world, persona))
        response = getattr(client, method)(url, data)
        answers.append((persona, method, url, sorted(data), response.status_code))
        if response.status_code == 400 and response.get("Content-Type", "").startswith("text/html"):
            assert b"<h1>" in response.content
    assert [a for a in answers if a[-1] != 400] == []


def test_a_bad_id_page_says_why_in_arabic(cycle, client_for):
    url = reverse("entry", args=[cycle.open_period.pk])
    response = client_for(cycle.world.officer_a).get(url, {"unit": SUPERSCRIPT})
    assert response.status_code == 400
    assert "«unit» يجب أن يكون عددًا صحيحًا مكتوبًا بالأرقام 0–9." in response.content.decode()


def test_a_nul_byte_page_says_why(cycle, client_for):
    response = client_for(cycle.world.viewer).get(reverse("home"), {"q": NUL})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.fixture
def api(client, cycle):
    token = Token.objects.create(user=cycle.world.admin)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [33, 5000, 100_000])
def test_deeply_nested_json_on_any_api_write_is_a_400(api, cycle, depth):
    entry = builders.entry(cycle.world.indicator_a, cycle.open_period, 5, status="draft")
    body = '{"version": 1, "comment": ' + _nested(depth) + "}"
    for method, url in [
        ("post", reverse("progress-list")),
        ("patch", reverse("progress-detail", args=[entry.pk])),
        ("put", reverse("progress-detail", args=[entry.pk])),
        ("post", reverse("progress-submit", args=[entry.pk])),
        ("post", reverse("api-token")),
    ]:
        response = getattr(api, method)(url, body, content_type="application/json")
        assert response.status_code == 400, (method, url)
        assert response.json()["detail"] == "JSON متداخل بعمق زائد."


def test_shallow_json_still_parses(api, cycle):
    body = {"indicator": cycle.world.indicator_a.pk, "period": cycle.open_period.pk, "value": "5"}
    response = api.post(reverse("progress-list"), json.dumps(body), content_type="application/json")
    assert response.status_code == 201


def test_an_oversized_api_body_is_a_400(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"comment": "x" * 2000})
    response = api.post(reverse("progress-list"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "جسم الطلب كبير جدًا."


@pytest.mark.parametrize(
    "query",
    [
        {"plan": SUPERSCRIPT},
        {"unit": SUPERSCRIPT},
        {"status": NUL},
        {NUL: "1"},
    ],
)
def test_bad_api_query_is_a_400(api, query):
    response = api.get(reverse("progress-list"), query)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_nul_in_an_api_form_body_is_a_400(api, cycle):
    response = api.post(
        reverse("progress-list"),
        {"indicator": cycle.world.indicator_a.pk, "period": cycle.open_period.pk, "comment": NUL},
    )
    assert response.status_code == 400
