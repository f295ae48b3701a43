"""Every page of the Django admin opens, and saves unchanged, without a 500; refusals are form
errors that change nothing; services own what they own (targets, period states, entries)."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult
from rest_framework.authtoken.models import Token

from indicators.models import (
    ApprovedValue,
    EntryEvent,
    Indicator,
    Scenario,
    ScenarioTarget,
    Target,
    TargetRevision,
)
from indicators.services.targets import target_set
from plans.models import (
    ActivityProgress,
    ActivityProgressEvent,
    MailDelivery,
    NameRecord,
    Narrative,
    NarrativeEvent,
    PeriodEvent,
    ReportingPeriod,
    Risk,
    RiskAction,
    RiskAssessment,
    RiskAssessmentEvent,
)
from plans.services.periods import period_open
from tests import builders

pytestmark = pytest.mark.django_db


class FormScraper(HTMLParser):
    """What a browser would send back from the admin's change form, untouched."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: list[tuple[str, str]] = []
        self._in_form = False
        self._select: dict | None = None
        self._option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name") or ""
        if "__prefix__" in name:
            name = ""  # the template row that JavaScript copies
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value") or "on"))
                return
            self.data.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "chosen": []}
            self._first = None
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._first is None:
                self._first = value
            if "selected" in attrs:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._first is not None:
                chosen = [self._first]
            self.data.extend((self._select["name"], value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.data.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_data(response) -> dict[str, list[str]]:
    scraper = FormScraper()
    scraper.feed(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in scraper.data:
        data.setdefault(name, []).append(value)
    data["_save"] = ["Save"]
    return data


@pytest.fixture
def english(client_for):
    """``english(user)``: the client signed in as the user, reading the admin in English."""

    def sign_in(account):
        client = client_for(account)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return sign_in


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def full(cycle):
    """The cycle's world with a row of every model the admin shows; the planning admin is
    also a superuser, for Django's own user and group pages."""
    world = cycle.world
    admin_user = world.admin
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    Group.objects.create(name="auditors")
    Token.objects.create(user=admin_user)
    TOTPDevice.objects.create(user=admin_user, name="authenticator app", confirmed=True)
    StaticDevice.objects.create(user=admin_user, name="backup codes").token_set.create(
        token="abcdefgh"
    )
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="reports.tasks.build_report",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    target_set(indicator=world.indicator_a, year=2021, quarter=1, value=Decimal(20), by=admin_user)
    entry = builders.entry(world.indicator_a, cycle.closed_period, 18)
    EntryEvent.objects.create(entry=entry, action="create", new_value=18, by=admin_user)
    period_open(period=builders.period(world.plan, 2021, 4, state="planned"), by=admin_user)
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021)
    progress = ActivityProgress.objects.create(
        activity=action_plan.activities.get(),
        period=cycle.closed_period,
        percent_complete=40,
        status="in_progress",
    )
    ActivityProgressEvent.objects.create(progress=progress, action="create", by=admin_user)
    narrative = Narrative.objects.create(
        period=cycle.closed_period, unit=world.unit_a, objective=world.objective,
        achievements_ar="إنجاز",
    )  # fmt: skip
    NarrativeEvent.objects.create(narrative=narrative, action="create", by=admin_user)
    ApprovedValue.objects.create(
        entry=entry, value=18, approved_by=admin_user, approved_at=timezone.now()
    )
    NameRecord.objects.create(
        kind="unit", object_id=world.unit_a.pk, name_ar="اسم سابق", valid_to=timezone.now()
    )
    MailDelivery.objects.create(subject="s", body="b", recipients=["a@example.test"])
    risk = Risk.objects.create(
        plan=world.plan,
        code="R1",
        category="security",
        title_ar="خطر",
        unit=world.unit_a,
        likelihood=3,
        impact=4,
    )
    risk.objectives.set([world.objective])
    RiskAction.objects.create(risk=risk, title_ar="إجراء", due_on=datetime.date(2021, 6, 30))
    assessment = RiskAssessment.objects.create(
        risk=risk, period=cycle.closed_period, likelihood=3, impact=3
    )
    RiskAssessmentEvent.objects.create(assessment=assessment, action="create", by=admin_user)
    scenario = Scenario.objects.create(plan=world.plan, code="up", name_ar="متفائل")
    ScenarioTarget.objects.create(
        scenario=scenario, indicator=world.indicator_a, year=2021, value=120
    )
    return cycle


REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def test_every_model_of_both_apps_is_in_the_admin():
    labels = {model._meta.label for model in REGISTERED}
    assert {
        "plans.Risk",
        "plans.RiskAction",
        "plans.RiskAssessment",
        "indicators.Scenario",
        "indicators.ScenarioTarget",
        "indicators.Indicator",
        "indicators.Target",
        "plans.ReportingPeriod",
    } <= labels


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_admin_page_opens_and_saves_unchanged(full, client_for, model):
    client = client_for(full.world.admin)
    model_admin = admin.site._registry[model]
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the fixture has no {model._meta.label}"

    assert client.get(url(model, "changelist")).status_code == 200

    add = client.get(url(model, "add"))
    if model_admin.has_add_permission(add.wsgi_request):
        assert add.status_code == 200
        posted = client.post(url(model, "add"), form_data(add))
        assert posted.status_code in (200, 302)
        if posted.status_code == 200:
            assert "errornote" in posted.content.decode()  # the form says what is missing
    else:
        assert add.status_code == 403

    change = client.get(url(model, "change", obj.pk))
    assert change.status_code == 200
    saved = client.post(url(model, "change", obj.pk), form_data(change))
    if model_admin.has_change_permission(change.wsgi_request, obj):
        assert saved.status_code == 302, saved.content.decode()[:3000]
    else:
        assert saved.status_code == 403  # read-only: the service owns it


@pytest.mark.parametrize("name", ["head_a", "officer_a", "viewer", "outsider"])
def test_only_the_planning_admin_uses_the_admin(world, client_for, name):
    response = client_for(getattr(world, name)).get(url(Indicator, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_saving_a_new_indicator_with_targets_goes_through_the_service(world, client_for):
    client = client_for(world.admin)
    data = form_data(client.get(url(Indicator, "add")))
    data.update(
        {
            "objective": [str(world.objective.pk)],
            "unit": [str(world.unit_a.pk)],
            "code": ["G1.1.9"],
            "title_ar": ["مؤشر جديد"],
            "measure": ["number"],
            "direction": ["increase"],
            "aggregation": ["sum"],
            "method": ["ratio"],
            "targets-TOTAL_FORMS": ["2"],
            "targets-0-year": ["2020"],
            "targets-0-value": ["40"],
            "targets-1-year": ["2020"],
            "targets-1-quarter": ["1"],
            "targets-1-value": ["10"],
        }
    )
    response = client.post(url(Indicator, "add"), data)
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="G1.1.9")
    assert indicator.plan_id == world.plan.pk
    assert set(indicator.targets.values_list("year", "quarter", "value")) == {
        (2020, 1, Decimal(10)),
        (2020, None, Decimal(40)),
    }
    assert TargetRevision.objects.filter(target__indicator=indicator).count() == 2


def _target_rows(data):
    return int(data["targets-TOTAL_FORMS"][0])


def test_a_target_revised_without_a_reason_is_a_form_error(full, english):
    world = full.world
    client = english(world.admin)
    target = Target.objects.get(indicator=world.indicator_a, year=2021, quarter=None)
    revisions = TargetRevision.objects.count()
    data = form_data(client.get(url(Target, "change", target.pk)))
    data["value"] = ["150"]
    response = client.post(url(Target, "change", target.pk), data)
    assert response.status_code == 200
    assert "A revised target needs a reason." in response.content.decode()
    # The same on the indicator's page, in its target rows.
    data = form_data(client.get(url(Indicator, "change", world.indicator_a.pk)))
    row = next(i for i in range(_target_rows(data)) if data[f"targets-{i}-id"] == [str(target.pk)])
    data[f"targets-{row}-value"] = ["150"]
    response = client.post(url(Indicator, "change", world.indicator_a.pk), data)
    assert response.status_code == 200
    assert "A revised target needs a reason." in response.content.decode()
    target.refresh_from_db()
    assert target.value == 100 and TargetRevision.objects.count() == revisions

    data[f"targets-{row}-reason"] = ["re-baselined"]
    assert client.post(url(Indicator, "change", world.indicator_a.pk), data).status_code == 302
    target.refresh_from_db()
    assert target.value == 150
    assert TargetRevision.objects.get(target=target, old_value=100).reason == "re-baselined"


def test_a_target_year_outside_the_plan_is_a_form_error(full, english):
    world = full.world
    client = english(world.admin)
    targets = Target.objects.count()
    data = form_data(client.get(url(Target, "add")))
    data.update({"indicator": [str(world.indicator_b.pk)], "year": ["2030"], "value": ["5"]})
    response = client.post(url(Target, "add"), data)
    assert response.status_code == 200
    assert "The year must be inside the plan (2019–2023)." in response.content.decode()

    data = form_data(client.get(url(Indicator, "change", world.indicator_b.pk)))
    row = _target_rows(data)
    data.update(
        {
            "targets-TOTAL_FORMS": [str(row + 1)],
            f"targets-{row}-year": ["2030"],
            f"targets-{row}-value": ["5"],
        }
    )
    response = client.post(url(Indicator, "change", world.indicator_b.pk), data)
    assert response.status_code == 200
    assert "The year must be inside the plan (2019–2023)." in response.content.decode()
    assert Target.objects.count() == targets


def test_a_period_year_outside_the_plan_is_a_form_error(full, english):
    world = full.world
    client = english(world.admin)
    period = full.planned_period
    data = form_data(client.get(url(ReportingPeriod, "change", period.pk)))
    data["year"] = ["2031"]
    response = client.post(url(ReportingPeriod, "change", period.pk), data)
    assert response.status_code == 200
    assert "The year must be inside the plan (2019–2023)." in response.content.decode()
    period.refresh_from_db()
    assert period.year == 2021

    count = ReportingPeriod.objects.count()
    data = form_data(client.get(url(ReportingPeriod, "add")))
    data.update(
        {
            "plan": [str(world.plan.pk)],
            "year": ["2018"],
            "quarter": ["1"],
            "opens_on_0": ["2018-04-01"],
            "opens_on": ["2018-04-01"],
            "closes_on": ["2018-04-30"],
        }
    )
    response = client.post(url(ReportingPeriod, "add"), data)
    assert response.status_code == 200
    assert ReportingPeriod.objects.count() == count


def test_a_period_state_is_not_edited_in_the_admin_but_opened_by_the_service(full, client_for):
    client = client_for(full.world.admin)
    period = full.planned_period
    data = form_data(client.get(url(ReportingPeriod, "change", period.pk)))
    assert "state" not in data
    data["state"] = ["closed"]
    assert client.post(url(ReportingPeriod, "change", period.pk), data).status_code == 302
    period.refresh_from_db()
    assert period.state == "planned"

    response = client.post(
        url(ReportingPeriod, "changelist"),
        {"action": "open_periods", "_selected_action": [period.pk]},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.state == "open"
    event = PeriodEvent.objects.get(period=period)
    assert (event.action, event.by) == ("open", full.world.admin)


def test_a_cross_plan_choice_is_a_form_error(full, english):
    world = full.world
    client = english(world.admin)
    other = builders.plan(code="next", first_year=2024, last_year=2028, status="draft")
    foreign = builders.objective(builders.goal(other, "G1"), world.unit_a, "G1.1")
    activity = world.plan.action_plans.get().activities.get()
    data = form_data(client.get(url(type(activity), "change", activity.pk)))
    data["objective"] = [str(foreign.pk)]
    response = client.post(url(type(activity), "change", activity.pk), data)
    assert response.status_code == 200
    assert "belongs to another plan than" in response.content.decode()
    activity.refresh_from_db()
    assert activity.objective_id == world.objective.pk

    risk = Risk.objects.get()
    data = form_data(client.get(url(Risk, "change", risk.pk)))
    data["objectives"] = [str(foreign.pk)]
    assert client.post(url(Risk, "change", risk.pk), data).status_code == 200
    assert list(risk.objectives.all()) == [world.objective]


def test_pickers_label_items_with_their_plan(full, client_for):
    client = client_for(full.world.admin)
    code = full.world.plan.code
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "G1",
            "app_label": "indicators",
            "model_name": "indicator",
            "field_name": "objective",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [
        f"G1.1 {full.world.objective.title} · {code}"
    ]
    page = client.get(url(Indicator, "change", full.world.indicator_a.pk)).content.decode()
    assert f"· {code}</option>" in page
