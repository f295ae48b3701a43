"""Narratives through the one review workflow (plans/services/narratives.py): draft, submit,
return, approve, with versions, the trail, the period's locks and who may do what."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from plans.errors import Conflict
from plans.models import Narrative, NarrativeEvent
from plans.services import narratives
from tests import builders

pytestmark = pytest.mark.django_db

TEXTS = {
    "achievements_ar": "أُنجز تدريب مئة وعشرين منتسباً على الإطفاء",
    "achievements_en": "120 staff trained in firefighting",
    "challenges_ar": "تأخر توريد المعدات بسبب إجراءات التعاقد",
    "next_steps_ar": "استكمال التدريب في المحافظات الجنوبية",
}


def draft(cycle, by=None, period=None, **texts):
    world = cycle.world
    return narratives.narrative_save(
        objective=world.objective,
        period=period or cycle.open_period,
        by=by or world.officer_a,
        texts=texts or TEXTS,
    )


def test_draft_submit_return_approve_with_versions_trail_and_emails(
    cycle, django_capture_on_commit_callbacks
):
    world = cycle.world
    narrative = draft(cycle)
    assert (narrative.status, narrative.version, narrative.unit_id) == ("draft", 1, world.unit_a.pk)
    assert narrative.challenges_en == ""
    with django_capture_on_commit_callbacks(execute=True):
        narrative = narratives.narrative_submit(
            narrative=narrative, by=world.officer_a, expected_version=1
        )
    assert (narrative.status, narrative.version, narrative.submitted_by) == (
        "submitted", 2, world.officer_a,
    )  # fmt: skip
    assert [m.to for m in mail.outbox] == [[world.head_a.email]]
    assert "G1.1" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        narrative = narratives.narrative_return(
            narrative=narrative, by=world.head_a, expected_version=2, comment="أضف الأسباب"
        )
    assert (narrative.status, narrative.review_comment) == ("returned", "أضف الأسباب")
    assert mail.outbox[-1].to == [world.officer_a.email]
    narrative = narratives.narrative_save(
        objective=world.objective,
        period=cycle.open_period,
        by=world.officer_a,
        texts={**TEXTS, "challenges_ar": "تأخر التوريد بسبب طول إجراءات التعاقد"},
        expected_version=3,
    )
    assert (narrative.status, narrative.version) == ("returned", 4)
    narrative = narratives.narrative_submit(
        narrative=narrative, by=world.officer_a, expected_version=4
    )
    narrative = narratives.narrative_approve(
        narrative=narrative, by=world.head_a, expected_version=5
    )
    assert (narrative.status, narrative.approved_by, narrative.version) == (
        "approved", world.head_a, 6,
    )  # fmt: skip
    assert list(Narrative.objects.approved()) == [narrative]
    events = list(NarrativeEvent.objects.filter(narrative=narrative))
    assert [e.action for e in events] == [
        "create", "submit", "return", "change", "submit", "approve",
    ]  # fmt: skip
    assert events[0].changes["achievements_ar"] == [None, TEXTS["achievements_ar"]]
    assert "challenges_en" not in events[0].changes
    assert events[3].changes == {
        "challenges_ar": [TEXTS["challenges_ar"], "تأخر التوريد بسبب طول إجراءات التعاقد"]
    }
    assert events[2].comment == "أضف الأسباب"


def test_an_approved_narrative_can_no_longer_be_changed(cycle):
    world = cycle.world
    narrative = draft(cycle)
    narrative = narratives.narrative_submit(
        narrative=narrative, by=world.officer_a, expected_version=1
    )
    with pytest.raises(Conflict):  # submitted: locked for the officer
        narratives.narrative_save(
            objective=world.objective, period=cycle.open_period, by=world.officer_a,
            texts=TEXTS | {"achievements_ar": "تغيير"}, expected_version=2,
        )  # fmt: skip
    narratives.narrative_approve(narrative=narrative, by=world.head_a, expected_version=2)
    with pytest.raises(Conflict):
        narratives.narrative_save(
            objective=world.objective, period=cycle.open_period, by=world.officer_a,
            texts=TEXTS | {"achievements_ar": "تغيير"}, expected_version=3,
        )  # fmt: skip
    assert Narrative.objects.get().achievements_ar == TEXTS["achievements_ar"]


def test_a_stale_version_is_refused_naming_who_changed_it(cycle):
    world = cycle.world
    draft(cycle)
    with pytest.raises(Conflict, match="officer.a"):
        narratives.narrative_save(
            objective=world.objective, period=cycle.open_period, by=world.officer_a,
            texts=TEXTS | {"achievements_ar": "نص آخر"}, expected_version=None,
        )  # fmt: skip
    with pytest.raises(Conflict):
        narratives.narrative_submit(
            narrative=Narrative.objects.get(), by=world.officer_a, expected_version=7
        )


@pytest.mark.parametrize("who", ["officer_b", "head_b", "viewer", "outsider", "head_a"])
def test_only_the_lead_units_officers_and_the_planning_admin_write(cycle, who):
    world = cycle.world
    with pytest.raises(PermissionDenied):
        draft(cycle, by=getattr(world, who))
    assert not Narrative.objects.exists()
    assert draft(cycle, by=world.admin).unit_id == world.unit_a.pk


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "head_b", "viewer", "outsider"])
def test_only_the_lead_units_heads_and_the_planning_admin_review(cycle, who):
    world = cycle.world
    narrative = draft(cycle)
    narrative = narratives.narrative_submit(
        narrative=narrative, by=world.officer_a, expected_version=1
    )
    for step in (narratives.narrative_approve, narratives.narrative_return):
        extra = {"comment": "x"} if step is narratives.narrative_return else {}
        with pytest.raises(PermissionDenied):
            step(narrative=narrative, by=getattr(world, who), expected_version=2, **extra)
    narrative.refresh_from_db()
    assert (narrative.status, narrative.version) == ("submitted", 2)


def test_a_closed_or_planned_period_refuses_writes_and_a_late_one_needs_a_reason(cycle):
    world = cycle.world
    for period in (cycle.closed_period, cycle.planned_period):
        with pytest.raises(Conflict):
            draft(cycle, period=period)
    with pytest.raises(ValidationError) as refused:
        draft(cycle, by=world.admin, period=cycle.closed_period)
    assert "late_reason" in refused.value.message_dict
    assert not Narrative.objects.exists()
    late = narratives.narrative_save(
        objective=world.objective, period=cycle.closed_period, by=world.admin,
        texts=TEXTS, late_reason="تأخر الإرسال بسبب العطلة",
    )  # fmt: skip
    event = NarrativeEvent.objects.get(narrative=late)
    assert (event.late, event.comment) == (True, "تأخر الإرسال بسبب العطلة")


def test_an_open_narrative_is_locked_when_its_period_closes(cycle):
    world = cycle.world
    narrative = draft(cycle)
    cycle.open_period.state = "closed"
    cycle.open_period.save()
    with pytest.raises(Conflict):
        narratives.narrative_submit(narrative=narrative, by=world.officer_a, expected_version=1)


def test_an_empty_or_overlong_narrative_is_refused(cycle):
    with pytest.raises(ValidationError) as refused:
        draft(cycle, achievements_ar="   ", next_steps_en="")
    assert "achievements_ar" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        draft(cycle, challenges_en="x" * (narratives.MAX_TEXT + 1))
    assert "challenges_en" in refused.value.message_dict
    assert not Narrative.objects.exists()


def test_a_period_of_another_plan_is_refused(cycle):
    other = builders.period(builders.plan(code="other"), 2021, 2, state="open")
    with pytest.raises(ValidationError):
        draft(cycle, period=other)
    assert not Narrative.objects.exists()


def test_the_submitter_may_not_approve_unless_the_plan_allows_it(cycle):
    world = cycle.world
    narrative = draft(cycle, by=world.admin)
    narrative = narratives.narrative_submit(narrative=narrative, by=world.admin, expected_version=1)
    with pytest.raises(PermissionDenied):
        narratives.narrative_approve(narrative=narrative, by=world.admin, expected_version=2)
    assert (
        narratives.narrative_approve(
            narrative=narrative, by=world.head_a, expected_version=2
        ).status
        == "approved"
    )


def test_a_return_needs_a_comment(cycle):
    world = cycle.world
    narrative = narratives.narrative_submit(
        narrative=draft(cycle), by=world.officer_a, expected_version=1
    )
    with pytest.raises(ValidationError):
        narratives.narrative_return(
            narrative=narrative, by=world.head_a, expected_version=2, comment=" "
        )


def test_the_text_shown_falls_back_to_the_language_given(cycle, settings):
    from django.utils import translation

    narrative = draft(cycle, achievements_en="Only English", challenges_ar="عربي فقط")
    with translation.override("ar"):
        assert (narrative.achievements, narrative.challenges) == ("Only English", "عربي فقط")
    with translation.override("en"):
        assert (narrative.achievements, narrative.challenges) == ("Only English", "عربي فقط")
