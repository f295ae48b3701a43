"""A signed-in user without a role (no membership): the home page and the plan list say
so and whom to ask, with a 200; every other page and the API answer 404, as to anyone who
may not see a thing, and the 404 page repeats whom to ask. Members never see that page.

Why a page and not a 404 everywhere: the user signed in successfully and lands on the home
page; a bare "not found" there reads as a broken site, and they cannot know that what is
missing is a role that a planning admin gives. Why not the plan list (as before): it showed
a user who belongs nowhere the ministry's plans while every link from it was a 404."""

import pytest
from django.urls import reverse

from tests import builders

pytestmark = pytest.mark.django_db

MEMBERS = ["admin", "head_a", "head_b", "officer_a", "officer_b", "viewer"]


@pytest.fixture
def english(client_for, world):
    def client(user):
        signed_in = client_for(user)
        signed_in.cookies["marsad_language"] = "en"
        return signed_in

    return client


@pytest.mark.parametrize("url_name", ["home", "plan_list"])
def test_the_landing_pages_say_there_is_no_role_yet_and_whom_to_ask(world, english, url_name):
    world.admin.first_name, world.admin.last_name = "Layla", "Hassan"
    world.admin.email = "planning@example.test"
    world.admin.save()
    response = english(world.outsider).get(reverse(url_name))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "plans/no_role.html"
    html = response.content.decode()
    assert "Your account has no role yet" in html
    assert "You are signed in as outsider" in html
    assert "Layla Hassan" in html and 'href="mailto:planning@example.test"' in html
    # Nothing of the ministry's: not the plans, not the links that would all be 404s.
    assert world.plan.name_ar not in html and world.plan.name_en not in html
    for name in ("risk_register", "reports", "plan_list"):
        assert f'href="{reverse(name)}"' not in html


def test_without_any_planning_admin_the_page_says_to_ask_the_planning_directorate(world, english):
    world.admin.membership.delete()
    html = english(world.outsider).get(reverse("home")).content.decode()
    assert "Ask your planning directorate." in html


def test_the_page_is_in_arabic_by_default(world, client_for):
    response = client_for(world.outsider).get(reverse("home"))
    assert response.status_code == 200
    assert "<h1>لا دور لحسابك بعد</h1>" in response.content.decode()


@pytest.mark.parametrize("name", MEMBERS)
@pytest.mark.parametrize("url_name", ["home", "plan_list"])
def test_members_never_see_it(world, client_for, name, url_name):
    response = client_for(getattr(world, name)).get(reverse(url_name))
    assert response.status_code == 200
    assert "plans/no_role.html" not in [t.name for t in response.templates]


def test_every_other_page_and_the_api_is_not_found_and_says_whom_to_ask(world, english):
    period = builders.period(world.plan, 2021, 1, state="open")
    risk = builders.risk(world.plan, world.unit_a, objectives=[world.objective])
    action_plan = builders.action_plan(world.plan, world.unit_a)
    client = english(world.outsider)
    pages = [
        reverse("plan_detail", args=[world.plan.pk]),
        reverse("objective_detail", args=[world.objective.pk]),
        reverse("indicator_detail", args=[world.indicator_a.pk]),
        reverse("unit_detail", args=[world.unit_a.pk]),
        reverse("periods", args=[world.plan.pk]),
        reverse("entry", args=[period.pk]),
        reverse("review", args=[period.pk]),
        reverse("action_plan_detail", args=[action_plan.pk]),
        reverse("risk_register"),
        reverse("risk_detail", args=[risk.pk]),
        reverse("reports"),
        reverse("achievement_report") + f"?plan={world.plan.pk}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Your account has no role yet" in response.content.decode(), url
    for resource in ("plans", "goals", "objectives", "indicators", "periods", "risks"):
        assert client.get(f"/api/v1/{resource}/").status_code == 404, resource


def test_members_do_not_get_the_hint_on_a_404(world, english):
    html = english(world.officer_a).get("/plans/999999/").content.decode()
    assert "no role" not in html
