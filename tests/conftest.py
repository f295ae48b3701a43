"""Shared fixtures: fast password hashing, plain static storage, and the personas."""

import os
from dataclasses import dataclass

import pytest
from hypothesis import settings as hypothesis_settings

from plans.models import Membership
from tests import builders

Role = Membership.Role

# In CI the property tests draw the same examples on every run (a failure found once is
# found again, not only by luck) and print the blob that replays a failure; locally they
# keep exploring with a fresh seed. HYPOTHESIS_PROFILE picks another profile explicitly.
hypothesis_settings.register_profile(
    "ci", derandomize=True, print_blob=True, deadline=None, max_examples=200
)
hypothesis_settings.register_profile("dev", print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() == "true" else "dev")
)


@pytest.fixture(autouse=True)
def _fast_and_plain(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class World:
    """A small organisation and plan with every persona.

    ministry → agency → unit_a (with child unit_a1) and unit_b.
    """

    ministry: object
    agency: object
    unit_a: object
    unit_a1: object
    unit_b: object
    plan: object
    goal: object
    objective: object
    indicator_a: object
    indicator_a1: object
    indicator_b: object
    admin: object
    head_a: object
    head_b: object
    officer_a: object
    officer_b: object
    viewer: object
    outsider: object  # signed in, but with no membership


@pytest.fixture
def world(db) -> World:
    ministry = builders.unit("ministry", kind="ministry")
    agency = builders.unit("agency", parent=ministry, kind="agency")
    unit_a = builders.unit("unit-a", parent=agency, name_ar="مديرية أ", name_en="Directorate A")
    unit_a1 = builders.unit("unit-a1", parent=unit_a)
    unit_b = builders.unit("unit-b", parent=agency, name_ar="مديرية ب", name_en="Directorate B")
    plan = builders.plan()
    goal = builders.goal(plan, "G1")
    objective = builders.objective(goal, unit_a, "G1.1")
    return World(
        ministry=ministry,
        agency=agency,
        unit_a=unit_a,
        unit_a1=unit_a1,
        unit_b=unit_b,
        plan=plan,
        goal=goal,
        objective=objective,
        indicator_a=builders.indicator(objective, unit_a, "G1.1.1"),
        indicator_a1=builders.indicator(objective, unit_a1, "G1.1.2"),
        indicator_b=builders.indicator(objective, unit_b, "G1.1.3"),
        admin=builders.user("admin", Role.PLANNING_ADMIN, ministry, is_staff=True),
        head_a=builders.user("head.a", Role.HEAD, unit_a),
        head_b=builders.user("head.b", Role.HEAD, unit_b),
        officer_a=builders.user("officer.a", Role.OFFICER, unit_a),
        officer_b=builders.user("officer.b", Role.OFFICER, unit_b),
        viewer=builders.user("viewer", Role.VIEWER, ministry),
        outsider=builders.user("outsider"),
    )


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns the test client signed in as that user (or anonymous)."""

    def sign_in(account):
        client.logout()
        if account is not None:
            client.force_login(account)
        return client

    return sign_in


@dataclass
class Cycle:
    world: World
    open_period: object
    closed_period: object
    planned_period: object


@pytest.fixture
def cycle(world) -> Cycle:
    """The world with 2021 Q1 closed, Q2 open, Q3 not yet open, and yearly targets."""
    for indicator in (world.indicator_a, world.indicator_a1, world.indicator_b):
        builders.target(indicator, 2021, 100)
    for account in (world.head_a, world.head_b, world.officer_a, world.officer_b):
        account.email = f"{account.username}@example.test"
        account.save(update_fields=["email"])
    return Cycle(
        world=world,
        closed_period=builders.period(world.plan, 2021, 1, state="closed"),
        open_period=builders.period(world.plan, 2021, 2, state="open"),
        planned_period=builders.period(world.plan, 2021, 3, state="planned"),
    )
