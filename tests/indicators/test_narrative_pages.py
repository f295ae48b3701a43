"""Narratives on the pages: written by the officer on the entry page, saved and submitted
with the values, approved or returned by the head on the review page, shown on the objective
page once approved and in the report; every persona tried; a closed period refuses."""

import pytest
from django.urls import reverse

from plans.models import Narrative, NarrativeEvent
from plans.services import narratives
from tests import builders
from tests.page_forms import PageForm, entry_page_data, review_page_data

pytestmark = pytest.mark.django_db

ACHIEVED = "أنجزت المديرية تدريب فرق الإطفاء في ثلاث محافظات"
ACHIEVED_EN = "Fire crews trained in three provinces"
CAUSE = "تأخر وصول المعدات بسبب إجراءات الاستيراد"


def entry_url(period, unit):
    return reverse("entry", args=[period.pk]) + f"?unit={unit.pk}"


def review_url(period):
    return reverse("review", args=[period.pk])


def test_draft_submit_return_approve_through_the_pages(cycle, client_for):
    world, period = cycle.world, cycle.open_period
    objective = world.objective
    # The officer writes the narrative with the values and saves a draft.
    client = client_for(world.officer_a)
    url = entry_url(period, world.unit_a)
    form = PageForm.of(client, url, "narrative-TOTAL_FORMS")
    form.set("entry", world.indicator_a.pk, value="40")
    form.set("narrative", objective.pk, achievements_ar=ACHIEVED, achievements_en=ACHIEVED_EN)
    assert client.post(url, form.data(action="save")).status_code == 302
    narrative = Narrative.objects.get()
    assert (narrative.status, narrative.unit, narrative.achievements_ar) == (
        "draft", world.unit_a, ACHIEVED,
    )  # fmt: skip
    # Drafts are nobody's word: not on the objective page.
    page = client.get(reverse("objective_detail", args=[objective.pk])).content.decode()
    assert ACHIEVED not in page
    # Then changes it and submits everything at once.
    form = PageForm.of(client, url, "narrative-TOTAL_FORMS")
    assert form.shown("narrative", objective.pk, "achievements_ar") == ACHIEVED
    form.set("narrative", objective.pk, challenges_ar=CAUSE)
    assert client.post(url, form.data(action="submit_all")).status_code == 302
    narrative.refresh_from_db()
    assert (narrative.status, narrative.version, narrative.challenges_ar) == ("submitted", 3, CAUSE)
    # Submitted: drawn disabled, and whatever is posted for it changes nothing.
    html = client.get(url).content.decode()
    form = PageForm(html, "narrative-TOTAL_FORMS")
    name = form.name("narrative", objective.pk, "achievements_ar")
    assert name not in form.fields
    assert client.post(url, form.data(action="save", **{name: "تغيير"})).status_code == 302
    narrative.refresh_from_db()
    assert (narrative.achievements_ar, narrative.version) == (ACHIEVED, 3)

    # The head returns it with a comment on the review page.
    client = client_for(world.head_a)
    review = PageForm.of(client, review_url(period), "narrative-review-TOTAL_FORMS")
    review.set("narrative-review", narrative.pk, comment="اذكر عدد المتدربين")
    decision = review.name("narrative-review", narrative.pk, "decision")
    assert client.post(review_url(period), review.data(**{decision: "return"})).status_code == 302
    narrative.refresh_from_db()
    assert (narrative.status, narrative.review_comment) == ("returned", "اذكر عدد المتدربين")

    # The officer sees why, corrects and submits it again.
    client = client_for(world.officer_a)
    html = client.get(url).content.decode()
    assert "اذكر عدد المتدربين" in html
    form = PageForm(html, "narrative-TOTAL_FORMS")
    form.set("narrative", objective.pk, achievements_ar=ACHIEVED + " لمئة وعشرين منتسبا")
    form.tick("narrative", objective.pk)
    assert client.post(url, form.data(action="submit_selected")).status_code == 302
    narrative.refresh_from_db()
    assert narrative.status == "submitted"

    # The head approves it.
    client = client_for(world.head_a)
    review = PageForm.of(client, review_url(period), "narrative-review-TOTAL_FORMS")
    decision = review.name("narrative-review", narrative.pk, "decision")
    assert client.post(review_url(period), review.data(**{decision: "approve"})).status_code == 302
    narrative.refresh_from_db()
    assert (narrative.status, narrative.approved_by) == ("approved", world.head_a)
    assert list(
        NarrativeEvent.objects.filter(narrative=narrative).values_list("action", flat=True)
    ) == ["create", "change", "submit", "return", "change", "submit", "approve"]

    # Now on the objective page, for everybody who sees the unit's data, and in the report.
    for who in (world.officer_a, world.viewer, world.admin):
        page = client_for(who).get(reverse("objective_detail", args=[objective.pk]))
        assert ACHIEVED + " لمئة وعشرين منتسبا" in page.content.decode()
        assert ACHIEVED_EN in page.content.decode()
    report = client_for(world.head_a).get(
        reverse("achievement_report"), {"plan": world.plan.pk, "year": 2021, "quarter": 2}
    )
    assert ACHIEVED + " لمئة وعشرين منتسبا" in report.content.decode()


def test_the_entry_page_asks_only_for_the_objectives_the_unit_leads(cycle, client_for):
    world = cycle.world
    led_by_b = builders.objective(world.goal, world.unit_b, "G1.2")
    builders.target(builders.indicator(led_by_b, world.unit_a, "G1.2.1"), 2021, 10)
    client = client_for(world.officer_a)
    form = PageForm.of(client, entry_url(cycle.open_period, world.unit_a), "narrative-TOTAL_FORMS")
    assert form.has("narrative", world.objective.pk)
    assert not form.has("narrative", led_by_b.pk)  # unit_a reports on it, unit_b leads it
    client = client_for(world.officer_b)
    form = PageForm.of(client, entry_url(cycle.open_period, world.unit_b), "narrative-TOTAL_FORMS")
    assert not form.has("narrative", world.objective.pk)
    assert not form.has("narrative", led_by_b.pk)  # no due indicator of unit_b on it


def test_another_units_objective_posted_by_hand_is_ignored(cycle, client_for):
    world = cycle.world
    led_by_b = builders.objective(world.goal, world.unit_b, "G1.2")
    builders.target(builders.indicator(led_by_b, world.unit_b, "G1.2.1"), 2021, 10)
    client = client_for(world.officer_a)
    data = entry_page_data(
        narratives=[
            {"objective": str(led_by_b.pk), "achievements_ar": "دخيل", "U-achievements_ar": ""}
        ],
        action="save",
    )
    assert client.post(entry_url(cycle.open_period, world.unit_a), data).status_code == 302
    assert not Narrative.objects.exists()


@pytest.mark.parametrize("who", ["officer_b", "viewer", "outsider"])
def test_other_personas_cannot_write_on_the_unit_entry_page(cycle, client_for, who):
    world = cycle.world
    client = client_for(getattr(world, who))
    data = entry_page_data(
        narratives=[{"objective": str(world.objective.pk), "achievements_ar": "دخيل"}],
        action="save",
    )
    assert client.post(entry_url(cycle.open_period, world.unit_a), data).status_code == 404
    assert not Narrative.objects.exists()


# Who may not review: 404 for those who review nothing; head_b's page has no such row, so
# what is posted for it is ignored.
@pytest.mark.parametrize(
    ("who", "status"), [("officer_a", 404), ("head_b", 302), ("viewer", 404), ("outsider", 404)]
)
def test_other_personas_cannot_review(cycle, client_for, who, status):
    world = cycle.world
    narrative = narratives.narrative_save(
        objective=world.objective, period=cycle.open_period, by=world.officer_a,
        texts={"achievements_ar": ACHIEVED},
    )  # fmt: skip
    narratives.narrative_submit(narrative=narrative, by=world.officer_a, expected_version=1)
    client = client_for(getattr(world, who))
    data = review_page_data(
        narratives=[{"narrative": str(narrative.pk), "version": "2", "decision": "approve"}]
    )
    response = client.post(review_url(cycle.open_period), data)
    assert response.status_code == status
    narrative.refresh_from_db()
    assert narrative.status == "submitted"


def test_head_b_does_not_see_unit_a_narratives_to_review(cycle, client_for):
    world = cycle.world
    narrative = narratives.narrative_save(
        objective=world.objective, period=cycle.open_period, by=world.officer_a,
        texts={"achievements_ar": ACHIEVED},
    )  # fmt: skip
    narratives.narrative_submit(narrative=narrative, by=world.officer_a, expected_version=1)
    html = client_for(world.head_b).get(review_url(cycle.open_period)).content.decode()
    assert ACHIEVED not in html
    html = client_for(world.head_a).get(review_url(cycle.open_period)).content.decode()
    assert ACHIEVED in html


def test_a_closed_period_refuses_the_narrative_on_the_page(cycle, client_for):
    world = cycle.world
    client = client_for(world.officer_a)
    url = entry_url(cycle.closed_period, world.unit_a)
    html = client.get(url).content.decode()
    form = PageForm(html, "narrative-TOTAL_FORMS")
    name = form.name("narrative", world.objective.pk, "achievements_ar")
    assert name not in form.fields  # drawn disabled
    data = form.data(action="save", **{name: "متأخر"})
    assert client.post(url, data).status_code == 400
    assert not Narrative.objects.exists()


def test_an_empty_narrative_is_not_written_and_an_overlong_one_is_refused_beside_it(
    cycle, client_for
):
    world = cycle.world
    client = client_for(world.officer_a)
    url = entry_url(cycle.open_period, world.unit_a)
    form = PageForm.of(client, url, "narrative-TOTAL_FORMS")
    form.set("narrative", world.objective.pk, next_steps_en="x" * (narratives.MAX_TEXT + 1))
    response = client.post(url, form.data(action="save"))
    assert response.status_code == 400
    assert "8000" in response.content.decode()
    assert not Narrative.objects.exists()
    # Untouched, nothing is written.
    form = PageForm.of(client, url, "narrative-TOTAL_FORMS")
    assert client.post(url, form.data(action="save")).status_code == 302
    assert not Narrative.objects.exists()


def test_the_page_sent_without_the_narratives_management_data_is_a_400(cycle, client_for):
    world = cycle.world
    client = client_for(world.officer_a)
    data = entry_page_data(action="save")
    del data["narrative-TOTAL_FORMS"]
    assert client.post(entry_url(cycle.open_period, world.unit_a), data).status_code == 400


def test_the_objective_page_shows_approved_narratives_to_those_who_see_the_unit(cycle, client_for):
    world = cycle.world
    narrative = narratives.narrative_save(
        objective=world.objective, period=cycle.open_period, by=world.officer_a,
        texts={"achievements_ar": ACHIEVED, "next_steps_ar": CAUSE},
    )  # fmt: skip
    narrative = narratives.narrative_submit(
        narrative=narrative, by=world.officer_a, expected_version=1
    )
    url = reverse("objective_detail", args=[world.objective.pk])
    assert ACHIEVED not in client_for(world.admin).get(url).content.decode()  # submitted
    narratives.narrative_approve(narrative=narrative, by=world.head_a, expected_version=2)
    for who in ("admin", "viewer", "officer_a", "head_a"):
        assert ACHIEVED in client_for(getattr(world, who)).get(url).content.decode(), who
    # Another unit's people see the objective, not unit_a's word on it.
    assert ACHIEVED not in client_for(world.officer_b).get(url).content.decode()
    assert client_for(world.outsider).get(url).status_code == 404


def test_the_objective_page_shows_each_approved_narratives_trail(cycle, client_for):
    world = cycle.world
    narrative = narratives.narrative_save(
        objective=world.objective, period=cycle.open_period, by=world.officer_a,
        texts={"achievements_ar": ACHIEVED},
    )  # fmt: skip
    narrative = narratives.narrative_submit(
        narrative=narrative, by=world.officer_a, expected_version=1
    )
    narrative = narratives.narrative_return(
        narrative=narrative, by=world.head_a, expected_version=2, comment="أضف الأسباب"
    )
    narrative = narratives.narrative_save(
        objective=world.objective, period=cycle.open_period, by=world.officer_a,
        texts={"achievements_ar": ACHIEVED, "challenges_ar": CAUSE}, expected_version=3,
    )  # fmt: skip
    narrative = narratives.narrative_submit(
        narrative=narrative, by=world.officer_a, expected_version=4
    )
    narratives.narrative_approve(narrative=narrative, by=world.head_a, expected_version=5)
    client = client_for(world.admin)
    client.cookies["marsad_language"] = "ar"
    html = client.get(reverse("objective_detail", args=[world.objective.pk])).content.decode()
    trail = html.split('class="trail"')[1].split("</details>")[0]
    assert "أضف الأسباب" in trail
    assert "التحديات وأسبابها (بالعربية)" in trail and CAUSE in trail
    assert "head.a" in trail and "officer.a" in trail
