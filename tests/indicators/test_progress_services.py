"""The entry state machine in services: every transition allowed and refused."""

from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import override

from indicators import services
from indicators.models import EntryEvent, ProgressEntry
from plans.errors import Conflict
from tests import builders

pytestmark = pytest.mark.django_db


def save(cycle, by=None, indicator=None, period=None, value="10", version=None, **kwargs):
    world = cycle.world
    return services.progress_save(
        indicator=indicator or world.indicator_a,
        period=period or cycle.open_period,
        by=by or world.officer_a,
        value=None if value is None else D(value),
        expected_version=version,
        **kwargs,
    )


def submit(entry, by):
    return services.progress_submit(entry=entry, by=by, expected_version=entry.version)


def test_officer_creates_a_draft_and_the_trail_records_it(cycle):
    entry = save(cycle, value="12.5", comment="<script>alert(1)</script>")
    assert (entry.status, entry.value, entry.version) == ("draft", D("12.5"), 1)
    assert entry.comment == "<script>alert(1)</script>"  # stored as typed, shown escaped
    event = EntryEvent.objects.get(entry=entry)
    assert (event.action, event.new_value, event.by) == ("create", D("12.5"), cycle.world.officer_a)


def test_changing_a_draft_bumps_the_version_and_keeps_the_old_value(cycle):
    entry = save(cycle, value="10")
    entry = save(cycle, value="11", version=entry.version)
    assert (entry.value, entry.version) == (D(11), 2)
    change = EntryEvent.objects.get(entry=entry, action="change")
    assert (change.old_value, change.new_value) == (D(10), D(11))


def test_saving_the_same_values_changes_nothing(cycle):
    entry = save(cycle, value="10")
    again = save(cycle, value="10", version=entry.version)
    assert again.version == 1
    assert EntryEvent.objects.filter(entry=entry).count() == 1


def test_full_cycle_draft_submit_return_resubmit_approve(cycle):
    world = cycle.world
    entry = save(cycle)
    entry = submit(entry, world.officer_a)
    assert entry.status == "submitted" and entry.submitted_by == world.officer_a
    entry = services.progress_return(
        entry=entry, by=world.head_a, expected_version=entry.version, comment="Attach the record"
    )
    assert (entry.status, entry.review_comment) == ("returned", "Attach the record")
    entry = save(cycle, value="9", version=entry.version)
    assert entry.status == "returned"  # still returned until submitted again
    entry = submit(entry, world.officer_a)
    entry = services.progress_approve(entry=entry, by=world.head_a, expected_version=entry.version)
    assert entry.status == "approved" and entry.reviewed_by == world.head_a
    actions = list(EntryEvent.objects.filter(entry=entry).values_list("action", flat=True))
    assert actions == ["create", "submit", "return", "change", "submit", "approve"]


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_submitted_or_approved_entry_cannot_be_changed(cycle, status):
    entry = save(cycle)
    entry = submit(entry, cycle.world.officer_a)
    if status == "approved":
        entry = services.progress_approve(
            entry=entry, by=cycle.world.head_a, expected_version=entry.version
        )
    with pytest.raises(Conflict):
        save(cycle, value="99", version=entry.version)


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_only_drafts_and_returned_entries_can_be_submitted(cycle, status):
    entry = submit(save(cycle), cycle.world.officer_a)
    if status == "approved":
        entry = services.progress_approve(
            entry=entry, by=cycle.world.head_a, expected_version=entry.version
        )
    with pytest.raises(Conflict):
        submit(entry, cycle.world.officer_a)


@pytest.mark.parametrize("status", ["draft", "approved", "returned"])
def test_only_submitted_entries_can_be_approved_or_returned(cycle, status):
    world = cycle.world
    entry = save(cycle)
    if status != "draft":
        entry = submit(entry, world.officer_a)
        if status == "approved":
            entry = services.progress_approve(
                entry=entry, by=world.head_a, expected_version=entry.version
            )
        else:
            entry = services.progress_return(
                entry=entry, by=world.head_a, expected_version=entry.version, comment="no"
            )
    with pytest.raises(Conflict):
        services.progress_approve(entry=entry, by=world.head_a, expected_version=entry.version)
    with pytest.raises(Conflict):
        services.progress_return(
            entry=entry, by=world.head_a, expected_version=entry.version, comment="x"
        )


def test_returning_needs_a_comment(cycle):
    entry = submit(save(cycle), cycle.world.officer_a)
    with pytest.raises(ValidationError):
        services.progress_return(
            entry=entry, by=cycle.world.head_a, expected_version=entry.version, comment="  "
        )
    assert ProgressEntry.objects.get(pk=entry.pk).status == "submitted"


@pytest.mark.parametrize("who", ["officer_b", "head_a", "viewer", "outsider"])
def test_who_may_not_enter(cycle, who):
    with pytest.raises(PermissionDenied):
        save(cycle, by=getattr(cycle.world, who))


def test_officer_enters_for_a_sub_unit_and_admin_for_anyone(cycle):
    world = cycle.world
    assert save(cycle, indicator=world.indicator_a1).indicator == world.indicator_a1
    assert save(cycle, by=world.admin, indicator=world.indicator_b).created_by == world.admin


@pytest.mark.parametrize("who", ["head_b", "officer_a", "viewer"])
def test_who_may_not_review(cycle, who):
    entry = submit(save(cycle), cycle.world.officer_a)
    with pytest.raises(PermissionDenied):
        services.progress_approve(
            entry=entry, by=getattr(cycle.world, who), expected_version=entry.version
        )


def test_admin_reviews_anything(cycle):
    entry = submit(save(cycle), cycle.world.officer_a)
    entry = services.progress_approve(
        entry=entry, by=cycle.world.admin, expected_version=entry.version
    )
    assert entry.status == "approved"


def _locked_steps(cycle, period):
    """Every write of the workflow into ``period``, each with who would take it: the officer
    creates, changes and submits; the head approves, returns and reopens."""
    world = cycle.world
    draft = builders.entry(world.indicator_a, period, 1, status="draft")
    submitted = builders.entry(world.indicator_a1, period, 2, status="submitted")
    approved = builders.entry(
        builders.indicator(world.objective, world.unit_a, "G1.1.7"), period, 3, status="approved"
    )
    fresh = builders.indicator(world.objective, world.unit_a, "G1.1.8")  # no entry yet
    return {
        "create": lambda by, **late: services.progress_save(
            indicator=fresh, period=period, by=by, value=D(5), **late
        ),
        "change": lambda by, **late: services.progress_save(
            indicator=world.indicator_a,
            period=period,
            by=by,
            value=D(6),
            expected_version=draft.version,
            **late,
        ),
        "submit": lambda by, **late: services.progress_submit(
            entry=draft, by=by, expected_version=draft.version, **late
        ),
        "approve": lambda by, **late: services.progress_approve(
            entry=submitted, by=by, expected_version=submitted.version, **late
        ),
        "return": lambda by, **late: services.progress_return(
            entry=submitted, by=by, expected_version=submitted.version, comment="why", **late
        ),
        "reopen": lambda by, **late: services.progress_reopen(
            entry=approved, by=by, expected_version=approved.version, comment="why", **late
        ),
    }


def _unchanged(period):
    return sorted(
        ProgressEntry.objects.filter(period=period).values_list(
            "indicator__code", "status", "value", "version"
        )
    )


WRITERS = {"create": "officer_a", "change": "officer_a", "submit": "officer_a",
           "approve": "head_a", "return": "head_a", "reopen": "head_a"}  # fmt: skip


@pytest.mark.parametrize("step", list(WRITERS))
def test_a_closed_period_is_locked_for_officers_and_heads(cycle, step):
    # The officer of the unit for what officers do, its head for what heads do: both may
    # take the step in an open period, neither in a closed one (only a planning admin
    # writes there, with a reason: test_admin_late_entry_needs_a_reason_which_is_kept).
    period = cycle.closed_period
    steps = _locked_steps(cycle, period)
    before = _unchanged(period)
    with override("en"), pytest.raises(Conflict, match="This period is closed"):
        steps[step](getattr(cycle.world, WRITERS[step]))
    assert _unchanged(period) == before


@pytest.mark.parametrize(
    ("step", "who"), [(step, who) for step, writer in WRITERS.items() for who in (writer, "admin")]
)
def test_a_period_not_yet_open_is_locked_for_everybody(cycle, step, who):
    # Whoever may take the step in an open period, and the planning admin even with a
    # reason (who may write into a closed one).
    period = cycle.planned_period
    steps = _locked_steps(cycle, period)
    before = _unchanged(period)
    late = {"late_reason": "early"} if who == "admin" else {}
    with override("en"), pytest.raises(Conflict, match="not open for entry yet"):
        steps[step](getattr(cycle.world, who), **late)
    assert _unchanged(period) == before


def test_admin_late_entry_needs_a_reason_which_is_kept(cycle):
    admin = cycle.world.admin
    with pytest.raises(ValidationError):
        save(cycle, by=admin, period=cycle.closed_period)
    entry = save(cycle, by=admin, period=cycle.closed_period, late_reason="Paper form arrived late")
    event = EntryEvent.objects.get(entry=entry)
    assert event.late and event.comment == "Paper form arrived late"
    entry = services.progress_submit(
        entry=entry, by=admin, expected_version=entry.version, late_reason="Paper form arrived late"
    )
    # A late entry needs a second pair of eyes: another planning admin approves it.
    second = builders.user("admin.2", "admin", cycle.world.ministry)
    entry = services.progress_approve(
        entry=entry, by=second, expected_version=entry.version, late_reason="Accepted late"
    )
    assert entry.status == "approved"


def test_a_stale_version_is_refused_naming_who_changed_it(cycle):
    world = cycle.world
    first = save(cycle, value="10")
    save(cycle, by=world.admin, value="11", version=first.version)
    with pytest.raises(Conflict) as caught:
        save(cycle, value="12", version=first.version)
    assert "admin" in caught.value.message
    assert ProgressEntry.objects.get(pk=first.pk).value == D(11)  # the first save survives


def test_creating_over_an_existing_entry_is_a_conflict(cycle):
    save(cycle, value="10")
    with pytest.raises(Conflict):
        save(cycle, value="12", version=None)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"value": None}, "value"),
        ({"value": "-1"}, "value"),
    ],
)
def test_bad_values_are_refused(cycle, fields, field):
    with pytest.raises(ValidationError) as caught:
        save(cycle, **fields)
    assert field in caught.value.message_dict


def test_percentage_cannot_exceed_100(cycle):
    indicator = cycle.world.indicator_a
    indicator.measure, indicator.aggregation = "percentage", "last"
    indicator.save()
    with pytest.raises(ValidationError):
        save(cycle, value="100.5")
    assert save(cycle, value="100").value == D(100)


@pytest.mark.parametrize(
    ("numerator", "denominator", "field"),
    [
        (None, "10", "numerator"),
        ("5", None, "denominator"),
        ("5", "0", "denominator"),
        ("-1", "10", "numerator"),
        ("11", "10", "numerator"),  # a share cannot exceed its whole
    ],
)
def test_ratio_values_are_checked(cycle, numerator, denominator, field):
    indicator = cycle.world.indicator_a
    indicator.measure = "ratio"
    indicator.save()
    with pytest.raises(ValidationError) as caught:
        services.progress_save(
            indicator=indicator,
            period=cycle.open_period,
            by=cycle.world.officer_a,
            numerator=None if numerator is None else D(numerator),
            denominator=None if denominator is None else D(denominator),
        )
    assert field in caught.value.message_dict


def test_ratio_value_is_computed_from_numerator_and_denominator(cycle):
    indicator = cycle.world.indicator_a
    indicator.measure = "ratio"
    indicator.save()
    entry = services.progress_save(
        indicator=indicator,
        period=cycle.open_period,
        by=cycle.world.officer_a,
        numerator=D(3),
        denominator=D(8),
    )
    assert entry.value == D("37.5")


def test_submitting_tells_the_head_and_returning_tells_the_officer(
    cycle, django_capture_on_commit_callbacks
):
    world = cycle.world
    with django_capture_on_commit_callbacks(execute=True):
        entry = submit(save(cycle), world.officer_a)
    assert [m.to for m in mail.outbox] == [["head.a@example.test"]]
    assert "G1.1.1" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_return(
            entry=entry, by=world.head_a, expected_version=entry.version, comment="Wrong year"
        )
    assert mail.outbox[1].to == ["officer.a@example.test"]
    assert "Wrong year" in mail.outbox[1].body


def test_submitting_many_sends_one_email_per_unit(cycle, django_capture_on_commit_callbacks):
    world = cycle.world
    first = save(cycle)
    second = save(cycle, indicator=world.indicator_a1)
    with django_capture_on_commit_callbacks(execute=True):
        done, errors = services.progress_submit_many(
            items=[(first, first.version), (second, second.version)], by=world.officer_a
        )
    assert len(done) == 2 and errors == {}
    # indicator_a1 belongs to unit A1, which has no head: its head is A's.
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("head.a@example.test",),
        ("head.a@example.test",),
    ]
