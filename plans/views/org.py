"""The organisation builder pages: the unit tree, a unit, user accounts and memberships.
Planning admins only (members 403, outsiders 404); every write goes through
plans.services.organisation."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plans.forms.org import MembershipForm, UnitForm, UserCreateForm, add_service_errors
from plans.models import OrgUnit
from plans.permissions import require_builder
from plans.selectors import accounts_with_memberships, units_as_tree
from plans.services import organisation as org


def org_units(request):
    """The organisation tree, with a link to each unit and to add one."""
    require_builder(request.user)
    return render(request, "builder/org_units.html", {"units": units_as_tree()})


def _unit_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in UnitForm.base_fields}


def org_unit_new(request):
    require_builder(request.user)
    form = UnitForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        try:
            unit = org.unit_create(by=request.user, **_unit_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The unit %(unit)s was saved.") % {"unit": unit.name})
            return redirect("org_unit_edit", pk=unit.pk)
    return render(
        request,
        "builder/org_unit_form.html",
        {"form": form, "unit": None},
        status=400 if form.errors else 200,
    )


def org_unit_edit(request, pk: int):
    """A unit: change it, or delete it when nothing depends on it."""
    require_builder(request.user)
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), pk=pk)
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            org.unit_delete(unit=unit, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("org_unit_edit", pk=unit.pk)
        messages.success(request, _("The unit %(unit)s was deleted.") % {"unit": unit.name})
        return redirect("org_units")
    form = UnitForm(request.POST or None, initial=UnitForm.initial_from(unit))
    if request.method == "POST" and form.is_valid():
        try:
            unit = org.unit_update(unit=unit, by=request.user, **_unit_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The unit %(unit)s was saved.") % {"unit": unit.name})
            return redirect("org_unit_edit", pk=unit.pk)
    members = list(unit.members.select_related("user").order_by("user__username"))
    return render(
        request,
        "builder/org_unit_form.html",
        {"form": form, "unit": unit, "members": members},
        status=400 if form.errors else 200,
    )


def org_users(request):
    """Every account with its unit and role."""
    require_builder(request.user)
    return render(request, "builder/org_users.html", {"accounts": accounts_with_memberships()})


def org_user_new(request):
    """Open an account with a password, and give it its unit and role."""
    require_builder(request.user)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = org.user_create(
                by=request.user,
                username=data["username"],
                password=data["password"],
                full_name=data["full_name"],
                email=data["email"],
                unit=data["unit"],
                role=data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The account %(name)s was created.") % {"name": account.username}
            )
            return redirect("org_user_edit", pk=account.pk)
    return render(
        request, "builder/org_user_new.html", {"form": form}, status=400 if form.errors else 200
    )


def org_user_edit(request, pk: int):
    """An account: its unit and role, taking it out of the organisation, deactivating it."""
    require_builder(request.user)
    account = get_object_or_404(
        get_user_model().objects.select_related("membership", "membership__unit"), pk=pk
    )
    membership = getattr(account, "membership", None)
    initial = {"unit": membership.unit_id, "role": membership.role} if membership else {}
    action = request.POST.get("action") if request.method == "POST" else None
    form = MembershipForm(request.POST if action == "membership" else None, initial=initial)
    if action in ("remove", "deactivate", "activate"):
        try:
            if action == "remove":
                org.membership_remove(by=request.user, user=account)
            else:
                org.user_set_active(by=request.user, user=account, active=action == "activate")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The account %(name)s was updated.") % {"name": account})
        return redirect("org_user_edit", pk=account.pk)
    if action == "membership" and form.is_valid():
        try:
            org.membership_set(by=request.user, user=account, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The account %(name)s was updated.") % {"name": account})
            return redirect("org_user_edit", pk=account.pk)
    return render(
        request,
        "builder/org_user_edit.html",
        {"account": account, "membership": membership, "form": form},
        status=400 if form.errors else 200,
    )
