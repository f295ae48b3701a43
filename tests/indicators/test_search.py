"""The search box: Arabic as people type it, English, codes, and only what the user may see."""

import re

import pytest
from django.urls import reverse

from indicators.selectors.search import PER_KIND, search
from plans.search import MAX_QUERY, fold
from tests import builders


@pytest.fixture
def named(world):
    """Items whose Arabic is written the ministry's way (hamza, ta marbuta, tashkeel)."""
    w = world
    w.indicator_a.title_ar = "نسبة الاستجابة لبلاغات الإطفاء"
    w.indicator_a.title_en = "Share of fire calls answered"
    w.indicator_a.save()
    w.indicator_b.title_ar = "عدد دوريات الحدود المنفّذة"
    w.indicator_b.title_en = "Border patrols carried out"
    w.indicator_b.save()
    w.goal.title_ar = "تعزيز أمن المواطن"
    w.goal.save()
    w.objective.title_ar = "رفع جاهزية الدفاع المدني"
    w.objective.save()
    w.ministry.name_ar = "وزارة الداخلية"
    w.ministry.name_en = "Ministry of Interior"
    w.ministry.save()
    w.unit_a.name_ar = "مديرية الدفاع المدني"
    w.unit_a.save()
    w.unit_b.name_ar = "قيادة قوات الحدود"
    w.unit_b.save()
    w.risk_a = builders.risk(w.plan, w.unit_a, "R-FIRE", title_ar="نقص سيارات الإطفاء")
    w.risk_b = builders.risk(w.plan, w.unit_b, "R-BORDER", title_ar="تسلل عبر الحدود الإطفاء")
    w.action_plan_b = builders.action_plan(w.plan, w.unit_b)
    w.action_plan_b.activities.update(title_ar="تدريب مفارز الإطفاء الحدودية")
    w.officer_a.first_name, w.officer_a.last_name = "علي", "الموسوي"
    w.officer_a.save()
    return w


def kinds(results) -> dict[str, list[str]]:
    return {group.kind: [hit.code for hit in group.hits] for group in results.groups if group.hits}


def titles(results) -> list[str]:
    return [hit.title for group in results.groups for hit in group.hits]


# --- The folding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("الاطفاء", "الإطفاء"),
        ("وزاره", "وزارة"),
        ("امن", "أمن"),
        ("القران", "القرآن"),
        ("مستشفي", "مستشفى"),
        ("الاستجابه", "الاسْتِجَابَة"),
        ("الاستجابة", "الاســتجابة"),  # tatweel
        ("G1.1", "g1.1"),
        ("٣", "3"),
    ],
)
def test_fold_makes_the_ways_of_writing_one(typed, stored):
    assert fold(typed) == fold(stored)


def test_fold_keeps_letters_apart_that_are_not_one():
    assert fold("باب") != fold("ناب")
    assert fold("حدود") != fold("حدوده")


# --- Finding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["الاطفاء", "الإطفاء", "الأطفاء", "الإطْفَاء", "الإطـفـاء", "اطفاء"],
)
def test_finds_the_fire_indicator_however_fire_is_typed(named, typed):
    found = search(named.admin, typed)
    assert "G1.1.1" in kinds(found)["indicator"]


def test_finds_the_ministry_with_ha_for_ta_marbuta(named):
    found = search(named.admin, "وزاره الداخليه")
    assert kinds(found)["unit"] == ["ministry"]


def test_diacritics_in_what_is_typed_and_in_what_is_stored(named):
    named.objective.title_ar = "رَفْعُ جَاهِزِيَّةِ الدِّفَاعِ المَدَنِيِّ"
    named.objective.save()
    assert kinds(search(named.admin, "جاهزية الدفاع"))["objective"] == ["G1.1"]
    assert kinds(search(named.admin, "جَاهِزِيَّة"))["objective"] == ["G1.1"]


def test_english_words_in_any_case_and_codes(named):
    assert kinds(search(named.admin, "FIRE calls"))["indicator"] == ["G1.1.1"]
    assert kinds(search(named.admin, "g1.1.3"))["indicator"] == ["G1.1.3"]
    assert "R-FIRE" in kinds(search(named.admin, "r-fire"))["risk"]


def test_every_word_must_match(named):
    assert "indicator" not in kinds(search(named.admin, "الإطفاء الحدود نسبة"))
    assert kinds(search(named.admin, "نسبة الإطفاء"))["indicator"] == ["G1.1.1"]


def test_like_wildcards_are_taken_literally(named):
    assert search(named.admin, "%%").count == 0
    assert search(named.admin, "__").count == 0


def test_each_kind_is_found_and_links_to_its_page(named, client_for):
    client = client_for(named.admin)
    found = search(named.admin, "الإطفاء")
    assert set(kinds(found)) == {"indicator", "risk", "activity"}
    found = search(named.admin, "علي")
    assert kinds(found)["person"] == ["officer.a"]
    for query in ("الإطفاء", "الدفاع", "أمن", "علي", "خطة عمل"):
        for group in search(named.admin, query).groups:
            for hit in group.hits:
                assert client.get(hit.url.split("#")[0]).status_code == 200, hit


# --- Only what the user may see ------------------------------------------------------------


def test_an_officer_sees_the_own_units_items_not_another_units(named):
    found = kinds(search(named.officer_a, "الإطفاء"))
    assert found == {"indicator": ["G1.1.1"], "risk": ["R-FIRE"]}
    found = kinds(search(named.officer_b, "الإطفاء"))
    assert found == {"risk": ["R-BORDER"], "activity": ["A1"]}
    assert "unit" not in kinds(search(named.officer_b, "الدفاع المدني"))
    assert "indicator" not in kinds(search(named.officer_b, "G1.1.1"))


def test_goals_and_objectives_are_open_to_every_member(named):
    for persona in (named.officer_b, named.viewer, named.head_a):
        assert kinds(search(persona, "الدفاع"))["objective"] == ["G1.1"]
        assert kinds(search(persona, "امن المواطن"))["goal"] == ["G1"]


def test_people_only_for_the_planning_admin(named):
    assert kinds(search(named.admin, "الموسوي"))["person"] == ["officer.a"]
    for persona in (named.viewer, named.head_a, named.officer_a):
        assert "person" not in kinds(search(persona, "الموسوي"))
        assert "person" not in kinds(search(persona, "officer"))


def test_a_viewer_reads_every_units_items(named):
    found = kinds(search(named.viewer, "الإطفاء"))
    assert found == {"indicator": ["G1.1.1"], "risk": ["R-BORDER", "R-FIRE"], "activity": ["A1"]}


def test_an_outsider_and_an_anonymous_visitor_get_nothing(named, client_for):
    assert search(named.outsider, "الإطفاء").count == 0
    assert client_for(named.outsider).get(reverse("search"), {"q": "الإطفاء"}).status_code == 404
    response = client_for(None).get(reverse("search"), {"q": "الإطفاء"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- The page ------------------------------------------------------------------------------


def test_the_page_groups_results_and_links_them(named, client_for):
    response = client_for(named.officer_a).get(reverse("search"), {"q": "الاطفاء"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="results-indicator"' in html and 'id="results-risk"' in html
    assert reverse("indicator_detail", args=[named.indicator_a.pk]) in html
    assert reverse("risk_detail", args=[named.risk_a.pk]) in html
    assert reverse("risk_detail", args=[named.risk_b.pk]) not in html
    assert "نقص سيارات الإطفاء" in html and "تسلل" not in html


def test_the_header_carries_the_search_box_for_members_only(named, client_for):
    html = client_for(named.viewer).get(reverse("plan_list")).content.decode()
    assert re.search(r'<form action="/search/"[^>]*role="search"', html)
    html = client_for(named.outsider).get(reverse("plan_list")).content.decode()
    assert 'action="/search/"' not in html


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("", ["Type a word, a name or a code to search for."]),
        ("   ", ["Type a word, a name or a code to search for."]),
        ("ا", ["Type at least 2 letters or digits to search for."]),
        ("ـًٌ", ["Type a word, a name or a code to search for."]),
    ],
)
def test_an_empty_or_too_short_search_says_what_to_type(named, client_for, query, words):
    response = client_for(named.admin).get(
        reverse("search"), {"q": query}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    html = response.content.decode()
    for text in words:
        assert text in html
    assert "results-" not in html


def test_a_too_short_search_in_arabic(named, client_for):
    client = client_for(named.admin)
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("search"), {"q": "ا"}).content.decode()
    assert "اكتب" in html


def test_nothing_found_says_so(named, client_for):
    response = client_for(named.admin).get(
        reverse("search"), {"q": "لاشيء يطابق"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Nothing that you may see matches" in response.content.decode()


def test_a_search_over_the_limit_is_a_400_that_changes_nothing(named, client_for):
    client = client_for(named.admin)
    response = client.get(
        reverse("search"), {"q": "ا" * (MAX_QUERY + 1)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert f"at most {MAX_QUERY} characters" in response.content.decode()
    assert client.get(reverse("search"), {"q": "ا" * MAX_QUERY}).status_code == 200


def test_many_matches_are_cut_at_the_limit_with_a_note(named, client_for):
    for i in range(PER_KIND + 2):
        builders.indicator(named.objective, named.unit_a, f"FIRE-{i:02}", title_ar="مؤشر الإطفاء")
    found = search(named.admin, "مؤشر الاطفاء")
    group = next(group for group in found.groups if group.kind == "indicator")
    assert len(group.hits) == PER_KIND and group.more
    html = (
        client_for(named.admin)
        .get(reverse("search"), {"q": "مؤشر الاطفاء"}, HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert f"Only the first {PER_KIND} are shown" in html


# --- The column the database keeps ---------------------------------------------------------

WRITTEN = ["الإطْفَاء", "وزارة الداخلـيـة", "مستشفى آمن", "ٱلقرآن ٣", "Fire CALLS"]


def test_the_database_folds_as_python_folds_on_every_kind(named):
    from indicators.models import Indicator
    from plans.models import ActionPlan, Activity, Goal, Objective, OrgUnit, Risk

    for text in WRITTEN:
        Goal.objects.filter(pk=named.goal.pk).update(title_ar=text)
        Objective.objects.filter(pk=named.objective.pk).update(title_ar=text)
        Indicator.objects.filter(pk=named.indicator_a.pk).update(title_ar=text)
        OrgUnit.objects.filter(pk=named.unit_a.pk).update(name_ar=text)
        Risk.objects.filter(pk=named.risk_a.pk).update(title_ar=text)
        ActionPlan.objects.filter(pk=named.action_plan_b.pk).update(title_ar=text)
        Activity.objects.filter(action_plan=named.action_plan_b).update(title_ar=text)
        for model, pk in [
            (Goal, named.goal.pk),
            (Objective, named.objective.pk),
            (Indicator, named.indicator_a.pk),
            (OrgUnit, named.unit_a.pk),
            (Risk, named.risk_a.pk),
            (ActionPlan, named.action_plan_b.pk),
        ]:
            stored = model.objects.values_list("search_text", flat=True).get(pk=pk)
            assert fold(text) in " ".join(stored.split()), (model.__name__, text, stored)
        stored = Activity.objects.values_list("search_text", flat=True).get(
            action_plan=named.action_plan_b
        )
        assert fold(text) in stored


def test_rows_written_in_bulk_are_found_too(named):
    """Roll-over and the plan workbook insert in bulk, without ``save``: the database still
    fills the column."""
    from indicators.models import Indicator

    Indicator.objects.bulk_create(
        [
            Indicator(
                plan=named.plan,
                objective=named.objective,
                unit=named.unit_a,
                code="BULK-1",
                title_ar="مؤشر الإسعاف السريع",
                measure="number",
                direction="increase",
                aggregation="sum",
            )
        ]
    )
    assert kinds(search(named.officer_a, "الاسعاف"))["indicator"] == ["BULK-1"]
