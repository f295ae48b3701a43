"""The one review workflow of everything a unit reports each quarter: progress entries,
risk assessments and activity progress.

    draft ──submit──▶ submitted ──approve──▶ approved
      ▲                  │                      │
      └──(change)── returned ◀──return──────────┘ (reopen, with a reason)

A record is saved as a draft (and changed while it is a draft or returned), submitted to
its unit's head, then approved or returned with a comment. An approved record can be
reopened for correction by the planning admin or a head who may review it: it goes back to
its officer as ``returned``, and whatever the approval put in force (an entry's approved
figures, a risk's likelihood and impact) stays in force until the correction is approved.

Every step is one function below, and does the same things for every kind of record:

- locks the record (``SELECT … FOR UPDATE``) and checks the ``version`` the caller read:
  a stale one is a Conflict naming who changed the record and when, never an overwrite;
- checks who may take the step (``plans.permissions``: officers of the unit's tree and
  planning admins write; heads of the unit's tree and planning admins review);
- checks the period (``check_period_writable``): open periods for everybody, closed ones
  for a planning admin with a reason, which is kept in the trail line (``late``);
- refuses a comment longer than ``MAX_COMMENT`` with an error (never cuts it);
- writes one line to the record's trail (a ``TrailEvent`` table per kind) with every
  tracked field that changed as ``{field: [old, new]}``;
- bumps the plan's revision (``plan_touch``, through ``kind.touched``: an entry marks its indicator
  alone, ``indicators_touch``), so no cached score is stale;
- sends its emails (through ``plans.mail.send_messages``) once the transaction commits.

What differs between kinds — the model, the name of its state field, the fields the trail
follows, how to find its unit and plan, what an approval puts in force, and its emails — is
described by a ``Kind`` (``ENTRY`` in ``indicators.services.progress``, ``RISK_ASSESSMENT``
and ``ACTIVITY_PROGRESS`` in ``plans.services.reviews``). The services of each kind check
their own values and call these steps. docs/workflow.md tells the same for readers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.errors import Conflict
from plans.models import ReportingPeriod, ReviewStatus, StrategicPlan, TrailEvent
from plans.permissions import can_report_for_unit, can_review_for_unit, is_planning_admin
from plans.services.periods import check_period_writable, late_note, plan_touch

Status = ReviewStatus
Action = TrailEvent.Action
EDITABLE = (Status.DRAFT, Status.RETURNED)
MAX_COMMENT = 4000


@dataclass(frozen=True)
class Kind:
    """How one kind of record plugs into the workflow."""

    name: str
    model: type
    event_model: type  # its trail (a TrailEvent)
    event_link: str  # the trail's foreign key to the record
    tracked: tuple[str, ...]  # the fields whose every change the trail keeps
    unit_of: Callable[[Any], int]  # the unit that reports it (on a locked record)
    plan_of: Callable[[Any], int]
    related: tuple[str, ...] = ()  # select_related when locking, for unit_of and plan_of
    state_field: str = "status"
    changer_field: str = "updated_by"  # who last changed it
    steps_set_changer: bool = True  # False: only saves set it (an assessment's assessor)
    headline: str | None = None  # the number repeated as old_value/new_value in the trail
    cannot_enter: str = gettext_lazy("You cannot enter values for this indicator.")
    cannot_review: str = gettext_lazy("You cannot review this indicator's entries.")
    # What an approval puts in force: on_approve(record, by, now) (after the state is set).
    on_approve: Callable | None = None
    # Emails: submitted(ids) to the heads; returned(id, reopened) to the officer.
    notify_submitted: Callable | None = None
    notify_returned: Callable | None = None
    extra: dict = field(default_factory=dict)
    # What a change of the record moves: touch(record, plan_id) marks it. None: any score of
    # the plan (``plan_touch``); a kind that moves no indicator's result passes
    # ``scores_untouched``; entries mark their indicator alone (``indicators_touch``).
    touch: Callable[[Any, int], None] | None = None

    def touched(self, record, plan_id: int) -> None:
        if self.touch is None:
            plan_touch(plan_id)
        else:
            self.touch(record, plan_id)


def scores_untouched(record, plan_id: int) -> None:
    """A kind's ``touch`` when its records move no indicator's result (risk assessments,
    activity progress, narratives): the plan's dashboards are built again, every indicator
    result kept in memory stays."""
    plan_touch(plan_id, scores=False)


def state_of(kind: Kind, record) -> str:
    return getattr(record, kind.state_field)


def _set_state(kind: Kind, record, state: str) -> None:
    setattr(record, kind.state_field, state)


def _text(value) -> str | dict | None:
    """A tracked value as the trail keeps it (decimals as typed, without trailing zeros)."""
    if value is None:
        return None
    if isinstance(value, dict):  # a grid's cells (plain text values): kept as they are
        return value
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def clean_comment(text: str | None, field_name: str = "comment") -> str:
    """A comment as stored: stripped, and refused (never cut) beyond MAX_COMMENT."""
    text = (text or "").strip()
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            {
                field_name: _("The comment is too long: at most %(limit)d characters.")
                % {"limit": MAX_COMMENT}
            }
        )
    return text


def lock(kind: Kind, record):
    """The record, locked for the rest of the transaction, read afresh."""
    return (
        kind.model.objects.select_for_update(of=("self",))
        .select_related(*kind.related, kind.changer_field)
        .get(pk=record.pk)
    )


def stale(kind: Kind, record) -> Conflict:
    changer = getattr(record, kind.changer_field)
    who = (changer.get_full_name() or changer.get_username()) if changer else "—"
    when = timezone.localtime(record.updated_at).strftime("%Y-%m-%d %H:%M")
    return Conflict(
        _(
            "%(who)s changed this entry at %(when)s, after you opened it. Your change was not "
            "saved; look at their version and try again."
        )
        % {"who": who, "when": when}
    )


def check_version(kind: Kind, record, expected_version: int | None) -> None:
    if expected_version is None or int(expected_version) != record.version:
        raise stale(kind, record)


def trail(
    kind: Kind,
    record,
    by,
    action: str,
    *,
    changes: dict | None = None,
    old=None,
    new=None,
    comment: str = "",
    late: bool = False,
    self_approved: bool = False,
):
    """Write one line of the record's trail (``old``/``new``: the headline number)."""
    return kind.event_model.objects.create(
        **{kind.event_link: record},
        action=action,
        old_value=old,
        new_value=new,
        changes=changes or {},
        comment=comment,
        late=late,
        self_approved=self_approved,
        by=by,
    )


def _require_reporter(kind: Kind, record_unit: int, by) -> None:
    if not can_report_for_unit(by, record_unit):
        raise PermissionDenied(kind.cannot_enter)


def _require_reviewer(kind: Kind, record, by) -> None:
    if not can_review_for_unit(by, kind.unit_of(record)):
        raise PermissionDenied(kind.cannot_review)


def _indicator_id(record_or_find) -> int | None:
    """The indicator a record (or a ``find`` of ``save``) is about, for late-entry grants
    limited to some indicators; None for kinds without one."""
    if isinstance(record_or_find, dict):
        indicator = record_or_find.get("indicator")
        return getattr(indicator, "pk", record_or_find.get("indicator_id"))
    return getattr(record_or_find, "indicator_id", None)


def _scope(kind: Kind, record) -> dict:
    return {"unit_id": kind.unit_of(record), "indicator_id": _indicator_id(record)}


def may_write(
    kind: Kind, *, unit_id: int, plan_id: int, period, by, late_reason: str,
    indicator_id: int | None = None,
) -> bool:  # fmt: skip
    """The checks before a record of this unit, plan and period is written, in the order
    their refusals are told: who, which plan, which period. Returns whether it is late.
    Services call it before checking their values; ``save`` calls it again under its lock.
    """
    _require_reporter(kind, unit_id, by)
    if period.plan_id != plan_id:
        raise ValidationError({"period": _("The period belongs to another plan.")})
    return check_period_writable(
        period, by, late_reason, unit_id=unit_id, indicator_id=indicator_id
    )


def save(
    kind: Kind,
    *,
    find: dict,
    unit_id: int,
    plan_id: int,
    period: ReportingPeriod,
    by,
    values: dict,
    expected_version: int | None,
    late_reason: str = "",
    create: dict | None = None,
):
    """Create the record ``find`` names, or change it while it is a draft or returned.

    ``values`` are the fields the caller sets (the tracked ones, already checked by the
    kind's service); ``create`` holds fields set only when the record is created.
    Writes: the record (created as a draft with version 1 and ``created_by`` when the model
    has it, or changed with version + 1), ``changer_field`` = ``by``.
    Trail: ``create`` with every non-empty value, or ``change`` with every value that
    changed; ``late`` and the reason when written into a closed period. Nothing when
    nothing changed (no new version either).
    Also: ``plan_touch``. No email.
    Refuses: PermissionDenied (not the unit's officer or an admin), ValidationError (period
    of another plan, a late entry without a reason, a comment too long), Conflict (period
    not open, stale version, the record submitted or approved).
    """
    scope = {"unit_id": unit_id, "indicator_id": _indicator_id(find)}
    late = may_write(kind, plan_id=plan_id, period=period, by=by, late_reason=late_reason,
                     **scope)  # fmt: skip
    reason = late_note(period, by, late_reason, **scope) if late else ""
    record = (
        kind.model.objects.select_for_update(of=("self",))
        .select_related(kind.changer_field)
        .filter(**find)
        .first()
    )
    if record is None:
        if expected_version is not None:
            raise Conflict(_("This entry no longer exists; reload the page."))
        extra = {"created_by": by} if _has_field(kind.model, "created_by") else {}
        try:
            with transaction.atomic():
                record = kind.model.objects.create(
                    **find, **values, **(create or {}), **extra, **{kind.changer_field: by}
                )
        except IntegrityError as clash:  # somebody created it a moment ago
            raise stale(
                kind, kind.model.objects.select_related(kind.changer_field).get(**find)
            ) from clash
        changes = {
            name: [None, _text(values[name])]
            for name in kind.tracked
            if values.get(name) not in (None, "")
        }
        new = values.get(kind.headline) if kind.headline else None
        trail(
            kind, record, by, Action.CREATE,
            changes=changes, new=new, comment=reason, late=late,
        )  # fmt: skip
        kind.touched(record, plan_id)
        return record
    check_version(kind, record, expected_version)
    if state_of(kind, record) not in EDITABLE:
        raise Conflict(
            _("This entry is %(status)s and can no longer be changed.")
            % {"status": _status_label(kind, record)}
        )
    changes = {
        name: [_text(getattr(record, name)), _text(values[name])]
        for name in kind.tracked
        if name in values and getattr(record, name) != values[name]
    }
    if not changes:
        return record
    old = getattr(record, kind.headline) if kind.headline else None
    for name, value in values.items():
        setattr(record, name, value)
    record.version += 1
    setattr(record, kind.changer_field, by)
    record.save()
    new = getattr(record, kind.headline) if kind.headline else None
    trail(
        kind, record, by, Action.CHANGE,
        changes=changes, old=old, new=new, comment=reason, late=late,
    )  # fmt: skip
    kind.touched(record, plan_id)
    return record


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _status_label(kind: Kind, record) -> str:
    return str(Status(state_of(kind, record)).label)


def _step(kind: Kind, record, by, action: str, *, comment: str, late: bool, **flags):
    """Save a step: a new version, its line in the trail, and a new revision of scores."""
    record.version += 1
    if kind.steps_set_changer:
        setattr(record, kind.changer_field, by)
    record.save()
    trail(kind, record, by, action, comment=comment, late=late, **flags)
    kind.touched(record, kind.plan_of(record))
    return record


def submit(
    kind: Kind,
    *,
    record,
    by,
    expected_version: int | None,
    late_reason: str = "",
    notify: bool = True,
):
    """Send a draft or a returned record to review.

    Writes: state ``submitted``, ``submitted_by`` = ``by``, ``submitted_at`` = now,
    version + 1. Trail: ``submit`` (``late`` and the reason in a closed period).
    Also: ``plan_touch``; after commit, unless ``notify`` is false (the caller then sends
    one notice for many), ``kind.notify_submitted([id])`` emails the unit's heads.
    Refuses: PermissionDenied (not the unit's officer or an admin), Conflict (period, stale
    version, not a draft or returned), ValidationError (late without a reason).
    """
    record = lock(kind, record)
    _require_reporter(kind, kind.unit_of(record), by)
    scope = _scope(kind, record)
    late = check_period_writable(record.period, by, late_reason, **scope)
    check_version(kind, record, expected_version)
    if state_of(kind, record) not in EDITABLE:
        raise Conflict(_("Only a draft or a returned entry can be submitted."))
    _set_state(kind, record, Status.SUBMITTED)
    record.submitted_by = by
    record.submitted_at = timezone.now()
    record = _step(
        kind, record, by, Action.SUBMIT,
        comment=late_note(record.period, by, late_reason, **scope) if late else "", late=late,
    )  # fmt: skip
    if notify and kind.notify_submitted is not None:
        pk = record.pk
        transaction.on_commit(lambda: kind.notify_submitted([pk]))
    return record


def _review(kind: Kind, record, by, expected_version, late_reason, *, expected: str, refusal):
    record = lock(kind, record)
    _require_reviewer(kind, record, by)
    late = check_period_writable(record.period, by, late_reason, **_scope(kind, record))
    check_version(kind, record, expected_version)
    if state_of(kind, record) != expected:
        raise Conflict(refusal)
    return record, late


def _last_submission_late(kind: Kind, record) -> bool:
    return bool(
        kind.event_model.objects.filter(**{kind.event_link: record}, action=Action.SUBMIT)
        .order_by("-at", "-id")
        .values_list("late", flat=True)
        .first()
    )


def _separation_of_duties(kind: Kind, record, by) -> bool:
    """Refuse an approval that needs a second pair of eyes; return whether it is a
    self-approval the plan allows."""
    late = _last_submission_late(kind, record)
    if late and not is_planning_admin(by):
        raise PermissionDenied(
            _("A late entry in a closed period must be approved by a planning admin.")
        )
    if record.submitted_by_id is None or record.submitted_by_id != by.pk:
        return False
    if late:
        raise PermissionDenied(
            _("You submitted this late entry yourself: a second planning admin must approve it.")
        )
    allowed = (
        StrategicPlan.objects.filter(pk=kind.plan_of(record))
        .values_list("allow_self_approval", flat=True)
        .first()
    )
    if not allowed:
        raise PermissionDenied(_("You submitted this yourself: somebody else must approve it."))
    return True


def approve(kind: Kind, *, record, by, expected_version: int | None, late_reason: str = ""):
    """Approve a submitted record: from now on what it says is in force.

    Writes: state ``approved``, ``reviewed_by``/``approved_by`` = ``by``,
    ``reviewed_at``/``approved_at`` = now, ``review_comment`` emptied, version + 1; then
    ``kind.on_approve`` (an entry's approved figures and the sequence of approved values;
    a risk's likelihood and impact).
    Trail: ``approve`` (``self_approved`` when the submitter approves under the plan's
    ``allow_self_approval``; ``late`` and the reason in a closed period).
    Also: ``plan_touch``. No email.
    Refuses: PermissionDenied (not a reviewer of the unit; the submitter, unless the plan
    allows it; a late submission approved by anybody but a second planning admin),
    Conflict (period, stale version, not submitted), ValidationError (late without reason).
    """
    record, late = _review(
        kind, record, by, expected_version, late_reason,
        expected=Status.SUBMITTED,
        refusal=_("Only a submitted entry can be approved or returned."),
    )  # fmt: skip
    self_approved = _separation_of_duties(kind, record, by)
    now = timezone.now()
    _set_state(kind, record, Status.APPROVED)
    record.review_comment = ""
    record.reviewed_by = record.approved_by = by
    record.reviewed_at = record.approved_at = now
    if kind.on_approve is not None:
        kind.on_approve(record, by, now)
    return _step(
        kind, record, by, Action.APPROVE,
        comment=late_reason.strip() if late else "", late=late, self_approved=self_approved,
    )  # fmt: skip


def _required_comment(comment: str | None, message: str) -> str:
    comment = clean_comment(comment)
    if not comment:
        raise ValidationError({"comment": message})
    return comment


def return_(
    kind: Kind, *, record, by, expected_version: int | None, comment: str, late_reason: str = ""
):
    """Return a submitted record to its officer with a comment saying what to fix.

    Writes: state ``returned``, ``review_comment`` = the comment, ``reviewed_by`` = ``by``,
    ``reviewed_at`` = now, version + 1. Trail: ``return`` with the comment (``late`` in a
    closed period). Also: ``plan_touch``; after commit ``kind.notify_returned(id, False)``
    emails the officer who submitted.
    Refuses: ValidationError (no comment, too long, late without reason), PermissionDenied
    (not a reviewer of the unit), Conflict (period, stale version, not submitted).
    """
    comment = _required_comment(comment, _("Say why the entry is returned."))
    record, late = _review(
        kind, record, by, expected_version, late_reason,
        expected=Status.SUBMITTED,
        refusal=_("Only a submitted entry can be approved or returned."),
    )  # fmt: skip
    _set_state(kind, record, Status.RETURNED)
    record.review_comment = comment
    record.reviewed_by = by
    record.reviewed_at = timezone.now()
    record = _step(kind, record, by, Action.RETURN, comment=comment, late=late)
    _notify_returned(kind, record, reopened=False)
    return record


def reopen(
    kind: Kind, *, record, by, expected_version: int | None, comment: str, late_reason: str = ""
):
    """Send an approved record back to its officer for correction, with a reason.

    Writes: state ``returned``, ``review_comment`` = the reason, ``reviewed_by`` = ``by``,
    ``reviewed_at`` = now, version + 1. What the approval put in force is kept
    (``approved_at``/``approved_by`` and the kind's approved figures), so every score and
    report goes on using it, marked "under correction", until the correction is approved.
    Trail: ``reopen`` with the reason (``late`` in a closed period, where the reason also
    serves as the late reason unless one is given).
    Also: ``plan_touch``; after commit ``kind.notify_returned(id, True)`` emails the officer.
    Refuses: ValidationError (no reason, too long), PermissionDenied (not a reviewer of the
    unit: the planning admin or a head of the unit's tree), Conflict (period closed for the
    user, stale version, not approved).
    """
    comment = _required_comment(comment, _("Say why the entry is reopened."))
    record, late = _review(
        kind, record, by, expected_version, late_reason or comment,
        expected=Status.APPROVED,
        refusal=_("Only an approved entry can be reopened for correction."),
    )  # fmt: skip
    _set_state(kind, record, Status.RETURNED)
    record.review_comment = comment
    record.reviewed_by = by
    record.reviewed_at = timezone.now()
    record = _step(kind, record, by, Action.REOPEN, comment=comment, late=late)
    _notify_returned(kind, record, reopened=True)
    return record


def _notify_returned(kind: Kind, record, *, reopened: bool) -> None:
    if kind.notify_returned is not None:
        pk = record.pk
        transaction.on_commit(lambda: kind.notify_returned(pk, reopened))
