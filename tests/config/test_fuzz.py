"""Fuzzing the HTML pages: Hypothesis fills the forms' POST fields and the query strings of
the main pages with anything (digits of other scripts, NUL bytes, huge and odd numbers, ids
of other things), as every persona. No answer may be a server error.

``MARSAD_FUZZ_EXAMPLES`` raises the number of requests per run (the default keeps CI quick);
the run prints how many requests it made and the status codes it saw.
"""

import os
from collections import Counter

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.models import Risk
from tests import builders

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("MARSAD_FUZZ_EXAMPLES", "250"))
PERSONAS = ["admin", "head_a", "head_b", "officer_a", "officer_b", "viewer", "outsider", None]

NASTY = [
    "", "0", "1", "2", "-1", "²", "٣", "۳", "1 2", "1,2", "1٫5", "١٢٥٠", " 7 ", "+3", "3_0",
    "1e3", "1e400", "NaN", "inf", "12345678901234.5678", "99999999999999.9999", "9" * 30,
    "0.00001", "100.0001", "\x00", "a\x00b", "<script>", "'; --", "%", "٪", "\u200f12",
    "x" * 5000, "2021", "2021-Q1", "true", "on", "save", "submit", "approve", "return", "open",
    "close", "reopen", "submit_all", "submit_selected", "approve_selected", "return_selected",
    "html", "xlsx", "ar", "en", "green", "risk", "threat", "high",
]  # fmt: skip

RISK_FILTERS = ["plan", "unit", "objective", "band", "status", "kind", "category", "likelihood",
                "impact"]  # fmt: skip
ENTRY_ROW = ["indicator", "version", "value", "numerator", "denominator", "comment",
             "quality_note", "select"]  # fmt: skip
ACTIVITY_ROW = ["activity", "version", "percent_complete", "status", "comment", "select"]
REVIEW_ROW = ["entry", "version", "decision", "comment", "select"]


def _formset(prefix, count, fields, shown=()):
    """A formset's management fields and each form's fields (with the hidden initial of
    those drawn with ``show_hidden_initial``)."""
    names = [f"{prefix}-{part}" for part in ("TOTAL_FORMS", "INITIAL_FORMS")]
    for index in range(count):
        names += [f"{prefix}-{index}-{name}" for name in fields]
        names += [f"initial-{prefix}-{index}-{name}" for name in shown]
    return names


def _management(prefix, *keys):
    """The management data and the rows' ids as the page draws them: the fuzzer starts
    from a well-formed page and changes any part of it."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(keys)), f"{prefix}-INITIAL_FORMS": str(len(keys))}
    for index, (name, pk) in enumerate(keys):
        data[f"{prefix}-{index}-{name}"] = str(pk)
    return data


def values(ids):
    """Field values: the nasty list, the world's own ids, and arbitrary text."""
    return st.one_of(
        st.sampled_from(NASTY),
        st.sampled_from([str(i) for i in ids]),
        st.text(max_size=30),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.decimals(allow_nan=False, allow_infinity=False, places=6).map(str),
    )


def _forms(cycle, risk):
    """Each main page: (url, method, field names its forms or query strings use)."""
    world, period = cycle.world, cycle.open_period
    entry = builders.entry(world.indicator_a, period, 5, status="submitted")
    builders.entry(world.indicator_b, period, 4, status="draft")
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021)
    activity = action_plan.activities.first()
    shown = ["value", "numerator", "denominator", "comment", "quality_note"]
    entry_fields = [
        *_formset("entry", 3, ENTRY_ROW, shown),
        *_formset("activity", 1, ACTIVITY_ROW, ["percent_complete", "status", "comment"]),
        "action",
        "late_reason",
    ]
    entry_page = {
        **_management("entry", *[("indicator", i.pk) for i in (world.indicator_a,
                                 world.indicator_a1, world.indicator_b)]),
        **_management("activity", ("activity", activity.pk)),
    }  # fmt: skip
    review_fields = [
        *_formset("review", 2, REVIEW_ROW),
        *_formset("activity-review", 1, ["progress", "version", "decision", "comment"]),
        "action",
        "bulk_comment",
        "late_reason",
    ]
    review_page = {**_management("review", ("entry", entry.pk)), **_management("activity-review")}
    score_filter = ["plan", "year", "quarter", "unit", "goal", "scenario", "provisional"]
    forms = [
        (reverse("home"), "get", score_filter),
        (reverse("reports"), "get", score_filter),
        (reverse("achievement_report"), "get", [*score_filter, "format", "lang"]),
        (reverse("risk_register"), "get", RISK_FILTERS),
        (reverse("unit_detail", args=[world.unit_a.pk]), "get", ["plan"]),
        (reverse("plan_detail", args=[world.plan.pk]), "get", ["plan", "unit"]),
        (reverse("indicator_detail", args=[world.indicator_a.pk]), "get", ["plan"]),
        (reverse("entry", args=[period.pk]), "get", ["unit"]),
        (reverse("review", args=[period.pk]), "get", ["unit"]),
        (reverse("entry", args=[period.pk]), "post", entry_fields, entry_page),
        (reverse("review", args=[period.pk]), "post", review_fields, review_page),
        (
            reverse("risk_detail", args=[risk.pk]),
            "post",
            ["action", "version", "assessment", "likelihood", "impact", "note", "comment"],
        ),
        (reverse("periods", args=[world.plan.pk]), "post", ["period", "action", "reason"]),
        (reverse("login"), "post", ["username", "password", "next"]),
        (reverse("set_language"), "post", ["language", "next"]),
    ]
    return [form if len(form) == 4 else (*form, {}) for form in forms]


@pytest.fixture
def risk(cycle):
    world = cycle.world
    return Risk.objects.create(
        plan=world.plan, code="R1", category="operational", title_ar="خطر", unit=world.unit_a,
        likelihood=2, impact=3,
    )  # fmt: skip


def test_no_input_on_any_page_is_a_server_error(cycle, risk, client_for, capsys):
    world = cycle.world
    forms = _forms(cycle, risk)
    ids = {world.plan.pk, world.unit_a.pk, world.unit_b.pk, world.goal.pk, risk.pk, 999999}
    ids |= {cycle.open_period.pk, cycle.closed_period.pk, world.indicator_a.pk}
    seen = Counter()
    server_errors = []

    @given(
        persona=st.sampled_from(PERSONAS),
        form=st.sampled_from(forms),
        data=st.data(),
    )
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(persona, form, data):
        url, method, names, start = form
        chosen = data.draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True))
        fields = {**start, **{name: data.draw(values(ids), label=name) for name in chosen}}
        client = client_for(getattr(world, persona) if persona else None)
        cache.clear()  # sign-in lockouts would hide the login form's handling
        try:
            response = getattr(client, method)(url, fields)
            status = response.status_code
        except Exception as error:  # the test client re-raises a view's exception
            status = 500
            server_errors.append((persona, method, url, fields, repr(error)))
        seen[status] += 1
        assert status < 500, (persona, method, url, fields)

    try:
        fuzz()
    finally:
        with capsys.disabled():
            print(
                f"\nfuzz: {sum(seen.values())} requests, {len(server_errors)} server errors,"
                f" statuses {dict(sorted(seen.items()))}"
            )
    assert sum(seen.values()) >= EXAMPLES
