"""The organisation builder: units, accounts and memberships — services, pages, every persona,
bad input refused with a translated message and nothing changed, fixed queries."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from plans.models import Membership, OrgUnit, StrategicPlan
from plans.services import organisation as org
from tests import builders
from tests.builder_pages import PERSONAS, persona

pytestmark = pytest.mark.django_db
Role = Membership.Role
User = get_user_model()


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are compared in English (pages too); the Arabic ones are checked apart."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def revisions():
    return list(StrategicPlan.objects.order_by("pk").values_list("revision", flat=True))


def unit_fields(**changes):
    fields = {"code": "new-unit", "name_ar": "وحدة جديدة", "name_en": "New unit",
              "kind": "directorate", "parent": None, "order": 3,
              "email": "unit@example.test"}  # fmt: skip
    fields.update(changes)
    return fields


# --- Units ----------------------------------------------------------------------------------


def test_admin_creates_a_unit_and_every_plan_is_touched(world):
    other = builders.plan(2024, 2028)
    before = revisions()
    unit = org.unit_create(by=world.admin, **unit_fields(parent=world.agency))
    unit.refresh_from_db()
    assert (unit.code, unit.name_ar, unit.parent, unit.order, unit.email) == (
        "new-unit", "وحدة جديدة", world.agency, 3, "unit@example.test"
    )  # fmt: skip
    assert revisions() == [r + 1 for r in before]
    assert other.pk in StrategicPlan.objects.values_list("pk", flat=True)


@pytest.mark.parametrize("persona", ["head_a", "officer_a", "viewer", "outsider"])
def test_only_a_planning_admin_creates_a_unit(world, persona):
    with pytest.raises(PermissionDenied):
        org.unit_create(by=getattr(world, persona), **unit_fields())
    assert not OrgUnit.objects.filter(code="new-unit").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name_ar": "  "}, "name_ar", "Enter the name in Arabic."),
        ({"code": ""}, "code", "Enter a code."),
        ({"code": "unit-a"}, "code", "Another unit already has this code."),
        ({"code": "not a slug"}, "code", None),
        ({"kind": "galaxy"}, "kind", None),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"name_ar": "x" * 201}, "name_ar", None),
    ],
)
def test_bad_unit_input_is_a_message_and_nothing_is_written(world, changes, field, message):
    count, before = OrgUnit.objects.count(), revisions()
    with pytest.raises(ValidationError) as caught:
        org.unit_create(by=world.admin, **unit_fields(**changes))
    assert field in caught.value.message_dict
    if message:
        assert caught.value.message_dict[field] == [message]
    assert (OrgUnit.objects.count(), revisions()) == (count, before)


def test_missing_arabic_name_is_refused_in_arabic(world):
    with translation.override("ar"), pytest.raises(ValidationError) as caught:
        org.unit_create(by=world.admin, **unit_fields(name_ar=""))
    assert caught.value.message_dict["name_ar"] == ["أدخل الاسم بالعربية."]


def test_a_unit_cannot_move_under_its_own_subtree(world):
    for parent in (world.agency, world.unit_a, world.unit_a1):
        fields = unit_fields(code="agency", name_ar="وكالة", kind="agency", parent=parent)
        with pytest.raises(ValidationError) as caught:
            org.unit_update(unit=world.agency, by=world.admin, **fields)
        assert "parent" in caught.value.message_dict
    world.agency.refresh_from_db()
    assert world.agency.parent == world.ministry


def test_a_unit_moves_elsewhere_in_the_tree(world):
    fields = unit_fields(code="unit-a1", name_ar="أ١", parent=world.unit_b, email="")
    org.unit_update(unit=world.unit_a1, by=world.admin, **fields)
    world.unit_a1.refresh_from_db()
    assert (world.unit_a1.parent, world.unit_a1.name_ar, world.unit_a1.email) == (
        world.unit_b, "أ١", ""
    )  # fmt: skip


@pytest.mark.parametrize(
    ("unit", "what"),
    [
        ("agency", "units under it"),
        ("unit_b", "members, indicators it is responsible for"),
        (
            "unit_a",
            "units under it, members, objectives it leads, indicators it is responsible for",
        ),
    ],
)
def test_a_unit_with_dependants_is_not_deleted(world, unit, what):
    with pytest.raises(ValidationError) as caught:
        org.unit_delete(unit=getattr(world, unit), by=world.admin)
    assert caught.value.messages == [
        f"This unit cannot be deleted while it has {what}. Move or delete them first."
    ]
    assert OrgUnit.objects.filter(pk=getattr(world, unit).pk).exists()


def test_action_plans_and_risks_keep_a_unit(world):
    lone = builders.unit("lone")
    builders.action_plan(world.plan, lone, 2021, activities=0)
    with pytest.raises(ValidationError) as caught:
        org.unit_delete(unit=lone, by=world.admin)
    assert "action plans" in caught.value.messages[0]


def test_a_unit_without_dependants_is_deleted(world):
    lone = builders.unit("lone")
    before = revisions()
    org.unit_delete(unit=lone, by=world.admin)
    assert not OrgUnit.objects.filter(code="lone").exists()
    assert revisions() == [r + 1 for r in before]


# --- Accounts and memberships ---------------------------------------------------------------


def test_admin_creates_an_account_with_its_membership(world):
    account = org.user_create(
        by=world.admin, username="officer.c", password="a-long-Passphrase-7",
        full_name="Sara  Ali Hassan", email="s@example.test", unit=world.unit_b, role="officer",
    )  # fmt: skip
    account.refresh_from_db()
    assert (account.first_name, account.last_name, account.email) == (
        "Sara", "Ali Hassan", "s@example.test"
    )  # fmt: skip
    assert account.check_password("a-long-Passphrase-7")
    assert (account.membership.unit, account.membership.role) == (world.unit_b, "officer")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password": "short"}, "password"),
        ({"password": "password123"}, "password"),
        ({"password": ""}, "password"),
        ({"username": "officer.a"}, "username"),
        ({"username": "OFFICER.A"}, "username"),
        ({"username": "bad name!"}, "username"),
        ({"email": "nope"}, "email"),
        ({"unit": None}, "role"),
        ({"role": "emperor"}, "role"),
    ],
)
def test_bad_account_input_creates_nothing(world, changes, field):
    fields = {"username": "new.user", "password": "a-long-Passphrase-7", "full_name": "N",
              "email": "", "unit": world.unit_b, "role": "viewer"}  # fmt: skip
    fields.update(changes)
    count = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        org.user_create(by=world.admin, **fields)
    assert field in caught.value.message_dict
    assert User.objects.count() == count


def test_membership_is_set_and_changed_and_removed(world):
    account = builders.user("new.user")
    org.membership_set(by=world.admin, user=account, unit=world.unit_a, role="viewer")
    org.membership_set(by=world.admin, user=account, unit=world.unit_b, role="head")
    membership = Membership.objects.get(user=account)
    assert (membership.unit, membership.role) == (world.unit_b, "head")
    org.membership_remove(by=world.admin, user=account)
    assert not Membership.objects.filter(user=account).exists()


def test_the_last_planning_admin_stays(world):
    with pytest.raises(ValidationError):
        org.membership_set(by=world.admin, user=world.admin, unit=world.unit_a, role="viewer")
    with pytest.raises(ValidationError):
        org.membership_remove(by=world.admin, user=world.admin)
    assert world.admin.membership.role == "admin"
    second = builders.user("admin2", Role.PLANNING_ADMIN, world.ministry)
    org.membership_set(by=second, user=world.admin, unit=world.unit_a, role="viewer")
    assert Membership.objects.get(user=world.admin).role == "viewer"


def test_accounts_are_deactivated_but_never_ones_own(world):
    org.user_set_active(by=world.admin, user=world.officer_b, active=False)
    world.officer_b.refresh_from_db()
    assert world.officer_b.is_active is False
    with pytest.raises(ValidationError):
        org.user_set_active(by=world.admin, user=world.admin, active=False)
    org.user_set_active(by=world.admin, user=world.officer_b, active=True)
    world.officer_b.refresh_from_db()
    assert world.officer_b.is_active is True


@pytest.mark.parametrize("persona", ["head_a", "officer_a", "viewer", "outsider"])
def test_only_a_planning_admin_manages_accounts(world, persona):
    by = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        org.membership_set(by=by, user=world.officer_b, unit=world.unit_a, role="admin")
    with pytest.raises(PermissionDenied):
        org.user_set_active(by=by, user=world.officer_b, active=False)
    with pytest.raises(PermissionDenied):
        org.user_create(by=by, username="x.y", password="a-long-Passphrase-7")
    assert Membership.objects.get(user=world.officer_b).role == "officer"


# --- Pages ----------------------------------------------------------------------------------


def org_urls(world):
    return [
        reverse("org_units"),
        reverse("org_unit_new"),
        reverse("org_unit_edit", args=[world.unit_a.pk]),
        reverse("org_users"),
        reverse("org_user_new"),
        reverse("org_user_edit", args=[world.officer_b.pk]),
    ]


@pytest.mark.parametrize(("who", "status"), PERSONAS)
def test_org_pages_by_persona(world, client_for, who, status):
    client = client_for(persona(world, who))
    for url in org_urls(world):
        assert client.get(url).status_code == status, url
        posted = client.post(url, {"code": "x", "name_ar": "س", "kind": "agency"})
        assert posted.status_code == (status if status != 200 else posted.status_code), url
        assert posted.status_code < 500
    if status != 200:
        assert not OrgUnit.objects.filter(code="x").exists()
        assert Membership.objects.get(user=world.officer_b).role == "officer"


def test_a_unit_is_added_from_its_page(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        reverse("org_unit_new"),
        {"code": "logistics", "name_ar": "الإمداد", "name_en": "Logistics", "kind": "directorate",
         "parent": world.agency.pk, "order": "٣", "email": "log@example.test"},
    )  # fmt: skip
    unit = OrgUnit.objects.get(code="logistics")
    assert response.status_code == 302
    assert response["Location"] == reverse("org_unit_edit", args=[unit.pk])
    assert (unit.parent, unit.order, unit.email) == (world.agency, 3, "log@example.test")


def test_a_bad_unit_submit_keeps_the_typed_input(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        reverse("org_unit_new"),
        {"code": "unit-a", "name_ar": "", "name_en": "Typed name", "kind": "agency", "order": "0",
         "email": "bad"},
    )  # fmt: skip
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"name_ar", "email"}
    assert 'value="Typed name"' in response.content.decode()
    response = client.post(
        reverse("org_unit_new"),
        {"code": "unit-a", "name_ar": "س", "kind": "agency", "order": "0"},
    )
    assert response.context["form"].errors["code"] == ["Another unit already has this code."]
    assert OrgUnit.objects.filter(code="unit-a").count() == 1


def test_a_unit_is_moved_and_refused_under_its_own_unit(world, client_for):
    client = client_for(world.admin)
    url = reverse("org_unit_edit", args=[world.agency.pk])
    data = {"code": "agency", "name_ar": "وكالة", "kind": "agency", "order": "0",
            "parent": world.unit_a1.pk, "action": "save"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["parent"] == [
        "A unit cannot be placed under itself or one of its own units."
    ]
    world.agency.refresh_from_db()
    assert world.agency.parent == world.ministry


def test_deleting_a_unit_with_members_says_why(world, client_for):
    client = client_for(world.admin)
    url = reverse("org_unit_edit", args=[world.unit_b.pk])
    response = client.post(url, {"action": "delete"}, follow=True)
    assert "This unit cannot be deleted while it has members" in response.content.decode()
    assert OrgUnit.objects.filter(pk=world.unit_b.pk).exists()
    lone = builders.unit("lone")
    response = client.post(reverse("org_unit_edit", args=[lone.pk]), {"action": "delete"})
    assert response.status_code == 302
    assert not OrgUnit.objects.filter(code="lone").exists()


def test_an_account_is_created_with_a_password_and_a_role(world, client_for):
    client = client_for(world.admin)
    data = {"username": "officer.c", "full_name": "سارة علي", "email": "s@example.test",
            "password": "a-long-Passphrase-7", "password_again": "a-long-Passphrase-7",
            "unit": world.unit_b.pk, "role": "officer"}  # fmt: skip
    response = client.post(reverse("org_user_new"), data)
    account = User.objects.get(username="officer.c")
    assert response.status_code == 302
    assert account.check_password("a-long-Passphrase-7")
    assert (account.membership.unit, account.membership.role) == (world.unit_b, "officer")
    data.update(username="officer.d", password_again="different")
    response = client.post(reverse("org_user_new"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["password_again"] == ["The two passwords differ."]
    data.update(password="1234", password_again="1234")
    response = client.post(reverse("org_user_new"), data)
    assert response.status_code == 400
    assert "password" in response.context["form"].errors
    assert 'value="officer.d"' in response.content.decode()
    assert not User.objects.filter(username="officer.d").exists()


def test_a_membership_is_changed_removed_and_the_account_deactivated(world, client_for):
    client = client_for(world.admin)
    url = reverse("org_user_edit", args=[world.officer_b.pk])
    response = client.post(url, {"action": "membership", "unit": world.unit_a.pk, "role": "head"})
    assert response.status_code == 302
    assert Membership.objects.get(user=world.officer_b).role == "head"
    assert client.post(url, {"action": "membership", "unit": "", "role": "x"}).status_code == 400
    client.post(url, {"action": "remove"})
    assert not Membership.objects.filter(user=world.officer_b).exists()
    client.post(url, {"action": "deactivate"})
    world.officer_b.refresh_from_db()
    assert world.officer_b.is_active is False
    response = client.post(
        reverse("org_user_edit", args=[world.admin.pk]), {"action": "deactivate"}, follow=True
    )
    assert "You cannot deactivate your own account." in response.content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_org_list_queries_are_fixed(world, client_for, django_assert_num_queries, rows):
    for i in range(rows):
        builders.user(f"extra{i}", Role.OFFICER, builders.unit(f"extra-{i}", parent=world.unit_b))
    client = client_for(world.admin)
    client.get(reverse("org_units"))  # the session is read once
    with django_assert_num_queries(5):  # +1: the bell's unread count in the header
        client.get(reverse("org_units"))
    with django_assert_num_queries(5):  # +1: the bell's unread count in the header
        client.get(reverse("org_users"))
    with django_assert_num_queries(7):  # +1: the bell's unread count in the header
        client.get(reverse("org_unit_edit", args=[world.unit_b.pk]))
