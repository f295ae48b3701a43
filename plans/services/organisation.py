"""The organisation: units (a tree), user accounts and their memberships (one unit, one role).

Only a planning admin calls these. Every unit carries scores in every plan (a unit's score
is computed from the indicators it is responsible for), so a change to a unit touches every
plan's revision; memberships and accounts decide who sees what, not what scores are.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plans.models import Membership, OrgUnit
from plans.selectors import unit_subtree_ids
from plans.services.checking import (
    check_and_raise,
    require_planning_admin,
    required_text,
    touch_every_plan,
)

Role = Membership.Role


def _fill_unit(
    unit: OrgUnit,
    *,
    code: str,
    name_ar: str,
    name_en: str,
    kind: str,
    parent: OrgUnit | None,
    order: int,
    email: str,
) -> None:
    errors: dict = {}
    unit.code = required_text(errors, "code", code, _("Enter a code."))
    unit.name_ar = required_text(errors, "name_ar", name_ar, _("Enter the name in Arabic."))
    unit.name_en = (name_en or "").strip()
    unit.kind = kind
    unit.email = (email or "").strip()
    unit.order = order
    if OrgUnit.objects.filter(code=unit.code).exclude(pk=unit.pk).exists():
        errors.setdefault("code", _("Another unit already has this code."))
    if parent is not None and unit.pk is not None and parent.pk in unit_subtree_ids(unit.pk):
        errors["parent"] = _("A unit cannot be placed under itself or one of its own units.")
    unit.parent = parent
    check_and_raise(unit, errors)


@transaction.atomic
def unit_create(
    *,
    by,
    code: str,
    name_ar: str,
    kind: str,
    name_en: str = "",
    parent: OrgUnit | None = None,
    order: int = 0,
    email: str = "",
) -> OrgUnit:
    """Add a unit to the organisation tree.

    Side effects: one OrgUnit row; every plan's revision is bumped (unit scores).
    """
    require_planning_admin(by)
    unit = OrgUnit()
    _fill_unit(
        unit, code=code, name_ar=name_ar, name_en=name_en, kind=kind, parent=parent,
        order=order, email=email,
    )  # fmt: skip
    unit.save()
    touch_every_plan()
    return unit


@transaction.atomic
def unit_update(
    *,
    unit: OrgUnit,
    by,
    code: str,
    name_ar: str,
    kind: str,
    name_en: str = "",
    parent: OrgUnit | None = None,
    order: int = 0,
    email: str = "",
) -> OrgUnit:
    """Change a unit: its names, code, kind, order, notification email, or its place in the
    tree (never under itself or one of its own units).

    Side effects: the OrgUnit row; every plan's revision is bumped (unit scores and the
    rights that follow the tree may change).
    """
    require_planning_admin(by)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    _fill_unit(
        unit, code=code, name_ar=name_ar, name_en=name_en, kind=kind, parent=parent,
        order=order, email=email,
    )  # fmt: skip
    unit.save()
    touch_every_plan()
    return unit


def unit_dependants(unit: OrgUnit) -> list[str]:
    """What still depends on a unit, as translated words (empty: it may be deleted)."""
    checks = [
        (unit.children, _("units under it")),
        (unit.members, _("members")),
        (unit.led_objectives, _("objectives it leads")),
        (unit.indicators, _("indicators it is responsible for")),
        (unit.action_plans, _("action plans")),
        (unit.risks, _("risks")),
    ]
    return [label for related, label in checks if related.exists()]


@transaction.atomic
def unit_delete(*, unit: OrgUnit, by) -> None:
    """Delete a unit nothing depends on; otherwise refuse and say what depends on it.

    Side effects: the OrgUnit row (and the report files cached for it) is deleted; every
    plan's revision is bumped.
    """
    require_planning_admin(by)
    dependants = unit_dependants(unit)
    if dependants:
        raise ValidationError(
            _("This unit cannot be deleted while it has %(what)s. Move or delete them first.")
            % {"what": pgettext("list separator", ", ").join(dependants)}
        )
    unit.delete()
    touch_every_plan()


# --- Accounts and memberships -------------------------------------------------------------


def _admin_count_without(user) -> int:
    return (
        Membership.objects.filter(role=Role.PLANNING_ADMIN, user__is_active=True)
        .exclude(user=user)
        .count()
    )


@transaction.atomic
def membership_set(*, by, user, unit: OrgUnit, role: str) -> Membership:
    """Give a user their place: one unit and one role (replacing any earlier one).

    Refused when it would leave the organisation without an active planning admin.
    Side effects: the user's Membership row is created or changed.
    """
    require_planning_admin(by)
    errors: dict = {}
    if role not in Role.values:
        errors["role"] = _("Choose a role.")
    if unit is None:
        errors["unit"] = _("Choose a unit.")
    current = Membership.objects.select_for_update().filter(user=user).first()
    if (
        current is not None
        and current.role == Role.PLANNING_ADMIN
        and role != Role.PLANNING_ADMIN
        and _admin_count_without(user) == 0
    ):
        errors["role"] = _("The organisation needs at least one active planning admin.")
    if errors:
        raise ValidationError(errors)
    membership, _created = Membership.objects.update_or_create(
        user=user, defaults={"unit": unit, "role": role}
    )
    return membership


@transaction.atomic
def membership_remove(*, by, user) -> None:
    """Take a user out of the organisation (their account stays; they see nothing).

    Side effects: the user's Membership row is deleted.
    """
    require_planning_admin(by)
    current = Membership.objects.select_for_update().filter(user=user).first()
    if current is None:
        return
    if current.role == Role.PLANNING_ADMIN and _admin_count_without(user) == 0:
        raise ValidationError(
            {"role": _("The organisation needs at least one active planning admin.")}
        )
    current.delete()


@transaction.atomic
def user_create(
    *,
    by,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    unit: OrgUnit | None = None,
    role: str = "",
):
    """Open an account with a password (checked by the site's password rules) and, when a
    unit and a role are given, its membership.

    Side effects: one User row (and one Membership row).
    """
    require_planning_admin(by)
    User = get_user_model()
    errors: dict = {}
    username = required_text(errors, "username", username, _("Enter a user name."))
    full_name = " ".join((full_name or "").split())
    first, _space, last = full_name.partition(" ")
    account = User(username=username, first_name=first, last_name=last, email=(email or "").strip())
    if username and User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("Another account already has this user name.")
    if not password:
        errors["password"] = _("Enter a password.")
    else:
        try:
            validate_password(password, account)
        except ValidationError as error:
            errors["password"] = error.messages
    if bool(unit) != bool(role):
        errors.setdefault("role", _("Choose both a unit and a role, or neither."))
    elif role and role not in Role.values:
        errors["role"] = _("Choose a role.")
    check_and_raise(account, errors, exclude=("password",))
    account.set_password(password)
    account.save()
    if unit is not None:
        Membership.objects.create(user=account, unit=unit, role=role)
    return account


@transaction.atomic
def user_set_active(*, by, user, active: bool):
    """Deactivate an account (it can no longer sign in; its history stays) or activate it
    again. Nobody deactivates their own account or the last active planning admin.

    Side effects: the User row's ``is_active``.
    """
    require_planning_admin(by)
    if not active:
        if user.pk == by.pk:
            raise ValidationError(_("You cannot deactivate your own account."))
        is_admin = Membership.objects.filter(user=user, role=Role.PLANNING_ADMIN).exists()
        if is_admin and _admin_count_without(user) == 0:
            raise ValidationError(_("The organisation needs at least one active planning admin."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
