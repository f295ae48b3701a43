"""In-app notices (the bell in the header): written beside the emails of the workflow, the
reminders and the late-entry requests, read and marked read by their user."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from plans.models import Membership, Notice, OrgUnit

Kind = Notice.Kind


def notice_add(*, users, kind: str, period=None, unit=None, about: str = "", link: str = "") -> int:
    """One unread notice for each user (each once, those without an account skipped);
    returns how many. ``period`` and ``unit`` say what it is about (named when shown, in the
    reader's language), ``about`` adds codes or a count, ``link`` the page to act on (a
    path, never a full address: the notices page follows paths only)."""
    seen, rows = set(), []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(
            Notice(
                user=user, kind=kind, period=period, unit=unit, about=about[:300], link=link[:500]
            )
        )
    Notice.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def notice_read(*, notice: Notice, by) -> Notice:
    """Mark a notice read; only its own user may."""
    if notice.user_id != by.pk:
        raise PermissionDenied
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@transaction.atomic
def notices_read_all(*, by) -> int:
    """Mark every unread notice of ``by`` read; returns how many."""
    return Notice.objects.filter(user=by, read_at=None).update(read_at=timezone.now())


def head_users_by_unit(unit_ids: set[int]) -> dict[int, list]:
    """For each unit, its heads (the accounts), or those of the nearest unit above it that
    has one (2 queries)."""
    parents = dict(OrgUnit.objects.values_list("id", "parent_id"))
    heads: dict[int, list] = defaultdict(list)
    for membership in Membership.objects.filter(role=Membership.Role.HEAD).select_related("user"):
        heads[membership.unit_id].append(membership.user)
    found = {}
    for unit_id in unit_ids:
        current = unit_id
        while current is not None and not heads.get(current):
            current = parents.get(current)
        found[unit_id] = heads.get(current, [])
    return found
