"""The one review workflow (plans/workflow.py): the same tests for progress entries, risk
assessments and activity progress — states, versions, period rules, late reasons, comment
limits, separation of duties, the trail and the emails."""

from dataclasses import dataclass
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import override

from indicators import services as entries
from indicators.models import EntryEvent
from plans.errors import Conflict
from plans.models import ActivityProgressEvent, RiskAssessmentEvent
from plans.services import reviews
from tests import builders
from tests.plans.test_risks import make_risk

pytestmark = pytest.mark.django_db


@dataclass
class Kind:
    """One kind of record under test, behind the same small interface."""

    name: str
    parent: object
    period: object
    comment_field: str
    first: dict
    second: dict

    def save(self, by, version=None, period=None, late_reason="", **values):
        period = period or self.period
        given = {**self.first, **values}
        if self.name == "entry":
            return entries.progress_save(
                indicator=self.parent, period=period, by=by, expected_version=version,
                late_reason=late_reason, **given,
            )  # fmt: skip
        if self.name == "risk":
            return reviews.risk_assessment_save(
                risk=self.parent, period=period, by=by, expected_version=version,
                late_reason=late_reason, **given,
            )  # fmt: skip
        return reviews.activity_progress_save(
            activity=self.parent, period=period, by=by, expected_version=version,
            late_reason=late_reason, **given,
        )  # fmt: skip

    def step(self, name, record, by, version=None, **kwargs):
        record_arg = {"entry": "entry", "risk": "assessment", "activity": "progress"}[self.name]
        service = {
            "entry": {
                "submit": entries.progress_submit, "approve": entries.progress_approve,
                "return": entries.progress_return, "reopen": entries.progress_reopen,
            },
            "risk": {
                "submit": reviews.risk_assessment_submit,
                "approve": reviews.risk_assessment_approve,
                "return": reviews.risk_assessment_return,
                "reopen": reviews.risk_assessment_reopen,
            },
            "activity": {
                "submit": reviews.activity_progress_submit,
                "approve": reviews.activity_progress_approve,
                "return": reviews.activity_progress_return,
                "reopen": reviews.activity_progress_reopen,
            },
        }[self.name][name]  # fmt: skip
        return service(
            **{record_arg: record},
            by=by,
            expected_version=record.version if version is None else version,
            **kwargs,
        )

    def state(self, record) -> str:
        return record.review_status if self.name == "activity" else record.status

    def events(self, record):
        model, link = {
            "entry": (EntryEvent, "entry"),
            "risk": (RiskAssessmentEvent, "assessment"),
            "activity": (ActivityProgressEvent, "progress"),
        }[self.name]
        return model.objects.filter(**{link: record}).order_by("at", "id")


@pytest.fixture(params=["entry", "risk", "activity"])
def kind(request, cycle):
    world = cycle.world
    if request.param == "entry":
        return Kind("entry", world.indicator_a, cycle.open_period, "comment",
                    {"value": D(10), "comment": ""}, {"value": D(12)})  # fmt: skip
    if request.param == "risk":
        return Kind("risk", make_risk(world), cycle.open_period, "note",
                    {"likelihood": 2, "impact": 3, "note": ""}, {"likelihood": 4})  # fmt: skip
    activity = builders.action_plan(world.plan, world.unit_a, 2021).activities.get()
    return Kind("activity", activity, cycle.open_period, "comment",
                {"percent_complete": D(10), "status": "in_progress", "comment": ""},
                {"percent_complete": D(40)})  # fmt: skip


def test_the_whole_cycle_and_its_trail(cycle, kind):
    world = cycle.world
    record = kind.save(world.officer_a)
    assert (kind.state(record), record.version) == ("draft", 1)
    record = kind.step("submit", record, world.officer_a)
    assert (kind.state(record), record.version, record.submitted_by) == (
        "submitted", 2, world.officer_a,
    )  # fmt: skip
    record = kind.step("return", record, world.head_a, comment="Check the source")
    assert (kind.state(record), record.review_comment) == ("returned", "Check the source")
    record = kind.save(world.officer_a, version=record.version, **kind.second)
    record = kind.step("submit", record, world.officer_a)
    record = kind.step("approve", record, world.head_a)
    assert (kind.state(record), record.approved_by, record.version) == (
        "approved", world.head_a, 6,
    )  # fmt: skip
    assert not record.under_correction
    record = kind.step("reopen", record, world.admin, comment="Audit: wrong figure")
    assert (kind.state(record), record.review_comment, record.version) == (
        "returned", "Audit: wrong figure", 7,
    )  # fmt: skip
    assert record.under_correction
    record = kind.save(world.officer_a, version=record.version, **kind.first)
    record = kind.step("submit", record, world.officer_a)
    record = kind.step("approve", record, world.head_a)
    assert not record.under_correction
    trail = [(e.action, e.by.username) for e in kind.events(record)]
    assert trail == [
        ("create", "officer.a"), ("submit", "officer.a"), ("return", "head.a"),
        ("change", "officer.a"), ("submit", "officer.a"), ("approve", "head.a"),
        ("reopen", "admin"), ("change", "officer.a"), ("submit", "officer.a"),
        ("approve", "head.a"),
    ]  # fmt: skip
    changes = [e.changes for e in kind.events(record) if e.action == "change"]
    (name, value), = kind.second.items()  # fmt: skip
    old = str(kind.first[name])
    assert changes == [{name: [old, str(value)]}, {name: [str(value), old]}]
    comments = [e.comment for e in kind.events(record) if e.action in ("return", "reopen")]
    assert comments == ["Check the source", "Audit: wrong figure"]


def test_a_submitted_or_approved_record_cannot_be_changed(cycle, kind):
    world = cycle.world
    record = kind.step("submit", kind.save(world.officer_a), world.officer_a)
    with pytest.raises(Conflict):
        kind.save(world.officer_a, version=record.version, **kind.second)
    record = kind.step("approve", record, world.head_a)
    with pytest.raises(Conflict):
        kind.save(world.officer_a, version=record.version, **kind.second)
    with pytest.raises(Conflict):
        kind.step("submit", record, world.officer_a)
    with pytest.raises(Conflict):
        kind.step("return", record, world.head_a, comment="no")


@pytest.mark.parametrize("step", ["save", "submit", "approve", "return", "reopen"])
def test_a_stale_version_is_a_conflict_at_every_step(cycle, kind, step):
    world = cycle.world
    record = kind.save(world.officer_a)
    if step in ("approve", "return", "reopen"):
        record = kind.step("submit", record, world.officer_a)
    if step == "reopen":
        record = kind.step("approve", record, world.head_a)
    stale = record.version - 1 if record.version > 1 else record.version + 1
    with pytest.raises(Conflict):
        if step == "save":
            kind.save(world.officer_a, version=stale, **kind.second)
        elif step == "submit":
            kind.step("submit", record, world.officer_a, version=stale)
        elif step == "approve":
            kind.step("approve", record, world.head_a, version=stale)
        else:
            kind.step(step, record, world.head_a, version=stale, comment="why")
    assert len(kind.events(record)) == {"save": 1, "submit": 1, "approve": 2, "return": 2,
                                        "reopen": 3}[step]  # fmt: skip


def test_a_too_long_comment_is_refused_never_cut(cycle, kind):
    world = cycle.world
    with pytest.raises(ValidationError) as caught:
        kind.save(world.officer_a, **{kind.comment_field: "x" * 4001})
    assert kind.comment_field in caught.value.message_dict
    record = kind.save(world.officer_a, **{kind.comment_field: "y" * 4000})
    assert len(getattr(record, kind.comment_field)) == 4000
    record = kind.step("submit", record, world.officer_a)
    with pytest.raises(ValidationError):
        kind.step("return", record, world.head_a, comment="z" * 4001)
    with pytest.raises(ValidationError):
        kind.step("return", record, world.head_a, comment="  ")


def test_the_trail_keeps_every_version_of_the_comment(cycle, kind):
    world = cycle.world
    record = kind.save(world.officer_a, **{kind.comment_field: "first words"})
    record = kind.save(
        world.officer_a, version=record.version, **{kind.comment_field: "second words"}
    )
    record = kind.save(world.officer_a, version=record.version, **{kind.comment_field: ""})
    lines = [e.changes.get(kind.comment_field) for e in kind.events(record)]
    assert lines == [[None, "first words"], ["first words", "second words"],
                     ["second words", ""]]  # fmt: skip


def test_a_late_entry_keeps_its_reasons_and_needs_a_second_planning_admin(cycle, kind):
    world = cycle.world
    admin = world.admin
    with pytest.raises(Conflict):
        kind.save(world.officer_a, period=cycle.closed_period)
    with pytest.raises(ValidationError):
        kind.save(admin, period=cycle.closed_period)
    record = kind.save(admin, period=cycle.closed_period, late_reason="Paper form came late")
    record = kind.step("submit", record, admin, late_reason="Sent on by post")
    with override("en"), pytest.raises(PermissionDenied, match="second planning admin"):
        kind.step("approve", record, admin, late_reason="Accepted")
    second = builders.user("admin.2", "admin", world.ministry)
    record = kind.step("approve", record, second, late_reason="Accepted late")
    assert kind.state(record) == "approved"
    lines = [(e.action, e.late, e.comment) for e in kind.events(record)]
    assert lines == [
        ("create", True, "Paper form came late"),
        ("submit", True, "Sent on by post"),
        ("approve", True, "Accepted late"),
    ]


def test_self_approval_is_refused_unless_the_plan_allows_it(cycle, kind):
    world = cycle.world
    admin = world.admin
    record = kind.step("submit", kind.save(admin), admin)
    with override("en"), pytest.raises(PermissionDenied, match="somebody else must approve"):
        kind.step("approve", record, admin)
    world.plan.allow_self_approval = True
    world.plan.save()
    record = kind.step("approve", record, admin)
    approval = kind.events(record).get(action="approve")
    assert (approval.self_approved, approval.by) == (True, admin)
    # A head approving what an officer submitted is not a self-approval.
    other = kind.step("reopen", record, world.head_a, comment="Recheck")
    other = kind.step("submit", other, world.officer_a)
    other = kind.step("approve", other, world.head_a)
    assert list(
        kind.events(other).filter(action="approve").values_list("self_approved", flat=True)
    ) == [True, False]


@pytest.mark.parametrize(
    ("who", "step"),
    [("officer_b", "save"), ("head_a", "save"), ("viewer", "save"), ("officer_a", "approve"),
     ("head_b", "approve"), ("viewer", "approve"), ("officer_a", "reopen"),
     ("viewer", "reopen"), ("head_b", "reopen")],
)  # fmt: skip
def test_who_may_not_take_a_step_is_refused(cycle, kind, who, step):
    world = cycle.world
    user = getattr(world, who)
    if step == "save":
        with pytest.raises(PermissionDenied):
            kind.save(user)
        return
    record = kind.step("submit", kind.save(world.officer_a), world.officer_a)
    if step == "reopen":
        record = kind.step("approve", record, world.head_a)
    with pytest.raises(PermissionDenied):
        kind.step(step, record, user, **({"comment": "why"} if step == "reopen" else {}))


def test_the_emails_of_submit_return_and_reopen(cycle, kind, django_capture_on_commit_callbacks):
    world = cycle.world
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record = kind.step("submit", kind.save(world.officer_a), world.officer_a)
    assert [m.to for m in mail.outbox] == [["head.a@example.test"]]
    with django_capture_on_commit_callbacks(execute=True):
        record = kind.step("return", record, world.head_a, comment="Attach the record")
    assert mail.outbox[-1].to == ["officer.a@example.test"]
    assert "Attach the record" in mail.outbox[-1].body
    record = kind.step("submit", record, world.officer_a)
    record = kind.step("approve", record, world.head_a)
    with django_capture_on_commit_callbacks(execute=True):
        kind.step("reopen", record, world.head_a, comment="Wrong quarter")
    assert mail.outbox[-1].to == ["officer.a@example.test"]
    assert "reopened for correction" in mail.outbox[-1].subject
    assert "Wrong quarter" in mail.outbox[-1].body
    assert len(mail.outbox) == 3


# --- What is particular to one kind ---------------------------------------------------------


def test_a_reopened_assessment_leaves_the_risk_its_approved_scores(cycle):
    world = cycle.world
    risk = make_risk(world, likelihood=3, impact=4)
    kind = Kind("risk", risk, cycle.open_period, "note", {"likelihood": 2, "impact": 3}, {})
    record = kind.step("submit", kind.save(world.officer_a), world.officer_a)
    record = kind.step("approve", record, world.head_a)
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact) == (2, 3)
    record = kind.step("reopen", record, world.head_a, comment="Recheck")
    record = kind.save(world.officer_a, version=record.version, likelihood=5, impact=5)
    record = kind.step("submit", record, world.officer_a)
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact) == (2, 3)
    kind.step("approve", record, world.head_a)
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact) == (5, 5)


def test_the_trail_keeps_numerator_and_denominator_changes(cycle):
    world = cycle.world
    ratio = builders.indicator(world.objective, world.unit_a, "G1.1.9", measure="ratio",
                               aggregation="sum")  # fmt: skip

    def save(version=None, **values):
        return entries.progress_save(
            indicator=ratio, period=cycle.open_period, by=world.officer_a,
            expected_version=version, **values,
        )  # fmt: skip

    entry = save(numerator=D(3), denominator=D(4))
    entry = save(version=entry.version, numerator=D(3), denominator=D(6))
    entry = save(version=entry.version, numerator=D(2), denominator=D(6))
    lines = [e.changes for e in EntryEvent.objects.filter(entry=entry).order_by("id")]
    assert lines == [
        {"value": [None, "75"], "numerator": [None, "3"], "denominator": [None, "4"]},
        {"value": ["75", "50"], "denominator": ["4", "6"]},
        {"value": ["50", "33.3333"], "numerator": ["3", "2"]},
    ]


def test_each_evidence_upload_and_withdrawal_is_in_the_trail(cycle, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    world = cycle.world
    entry = entries.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(5)
    )
    pdf = SimpleUploadedFile("record.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    evidence = entries.evidence_add(entry=entry, by=world.officer_a, upload=pdf)
    stored = evidence.file.name
    assert evidence.file.storage.exists(stored)
    with pytest.raises(PermissionDenied):
        entries.evidence_remove(evidence=evidence, by=world.officer_b)
    entries.evidence_remove(evidence=evidence, by=world.officer_a)
    lines = [
        (e.action, e.changes, e.by.username)
        for e in EntryEvent.objects.filter(entry=entry).order_by("id")
    ]
    assert lines == [
        ("create", {"value": [None, "5"]}, "officer.a"),
        ("evidence_add", {"evidence": [None, "record.pdf"]}, "officer.a"),
        ("evidence_remove", {"evidence": ["record.pdf", None]}, "officer.a"),
    ]
    assert not entry.evidence.exists()


def test_evidence_of_a_submitted_entry_cannot_be_withdrawn(cycle, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    world = cycle.world
    entry = entries.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(5)
    )
    pdf = SimpleUploadedFile("record.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    evidence = entries.evidence_add(entry=entry, by=world.officer_a, upload=pdf)
    entries.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
    with pytest.raises(Conflict):
        entries.evidence_remove(evidence=evidence, by=world.officer_a)
    assert entry.evidence.count() == 1


@pytest.mark.parametrize(
    "model",
    ["indicators/entryevent", "indicators/progressentry", "plans/riskassessmentevent",
     "plans/riskassessment", "plans/activityprogressevent", "plans/activityprogress"],
)  # fmt: skip
def test_the_admin_reads_the_trail_and_what_it_covers_but_cannot_change_them(
    cycle, client_for, model
):
    world = cycle.world
    entry = entries.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(5)
    )
    assessment = reviews.risk_assessment_save(
        risk=make_risk(world), period=cycle.open_period, by=world.officer_a, likelihood=2,
        impact=2,
    )  # fmt: skip
    progress = reviews.activity_progress_save(
        activity=builders.action_plan(world.plan, world.unit_a, 2021).activities.get(),
        period=cycle.open_period, by=world.officer_a, percent_complete=D(5),
        status="in_progress",
    )  # fmt: skip
    pk = {
        "indicators/entryevent": entry.events.get().pk,
        "indicators/progressentry": entry.pk,
        "plans/riskassessmentevent": assessment.events.get().pk,
        "plans/riskassessment": assessment.pk,
        "plans/activityprogressevent": progress.events.get().pk,
        "plans/activityprogress": progress.pk,
    }[model]
    client = client_for(world.admin)
    assert client.get(f"/admin/{model}/").status_code == 200
    change = client.get(f"/admin/{model}/{pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert client.post(f"/admin/{model}/{pk}/change/", {}).status_code == 403
    assert client.get(f"/admin/{model}/add/").status_code == 403
    assert client.post(f"/admin/{model}/{pk}/delete/", {"post": "yes"}).status_code == 403
