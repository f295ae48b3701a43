"""Lesser hardening: nothing signed-in is cached, report files do not pile up, HSTS is a
deployment's choice, production settings trust no test host."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from reports.models import ReportFile
from tests.plans.test_settings import run_manage

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x7#kq!2v9-production-grade-secret-key-for-the-hardening-test",
    "DJANGO_ALLOWED_HOSTS": "marsad.example",
}


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin", "head_a", "officer_a", "viewer", "outsider"])
def test_signed_in_pages_are_not_stored(world, client_for, persona):
    response = client_for(getattr(world, persona)).get(reverse("plan_list"))
    assert _no_store(response)
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_api_answers_are_not_stored_even_with_a_token_or_none(world, client):
    token = Token.objects.create(user=world.viewer)
    response = client.get(reverse("unit-list"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and _no_store(response)
    assert _no_store(client.get(reverse("unit-list")))  # the 401


@pytest.mark.django_db
def test_downloads_are_not_stored(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from tests import builders

    builders.period(world.plan, 2021, 1)
    response = client_for(world.admin).get(
        reverse("achievement_report"), {"plan": world.plan.pk, "year": 2021, "format": "xlsx"}
    )
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attach")
    assert _no_store(response)


def _file(plan, params, made, settings, status=ReportFile.Status.DONE):
    report_file = ReportFile.objects.create(
        key=f"k{ReportFile.objects.count()}", plan=plan, params=params, format="xlsx",
        status=status,
    )  # fmt: skip
    report_file.file.save(f"{report_file.key}.xlsx", ContentFile(b"x"))
    ReportFile.objects.filter(pk=report_file.pk).update(created_at=made)
    return report_file


@pytest.mark.django_db
def test_cleanup_removes_old_and_superseded_files(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    plan = world.plan
    old = _file(plan, {"year": 2021}, now - timedelta(days=8), settings)
    superseded = _file(plan, {"year": 2022}, now - timedelta(days=2), settings)
    current = _file(plan, {"year": 2022}, now - timedelta(days=1), settings)
    other = _file(plan, {"year": 2023}, now - timedelta(days=6), settings)
    paths = {f.pk: f.file.path for f in (old, superseded, current, other)}
    out = StringIO()
    call_command("cleanup_reports", stdout=out)
    assert out.getvalue() == "2 report file(s) removed.\n"
    assert sorted(ReportFile.objects.values_list("pk", flat=True)) == [current.pk, other.pk]
    assert [pk for pk, path in paths.items() if (tmp_path / path).exists()] == [
        current.pk,
        other.pk,
    ]
    call_command("cleanup_reports", "--days", "3", stdout=StringIO())
    assert list(ReportFile.objects.values_list("pk", flat=True)) == [current.pk]


def test_hsts_defaults_to_a_year_without_preload_and_check_deploy_is_clean():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'testserver' in s.ALLOWED_HOSTS)",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "False", "True", "False"]


@pytest.mark.parametrize(
    "choice",
    [
        {"DJANGO_HSTS_SECONDS": "63072000", "DJANGO_HSTS_PRELOAD": "true"},
        {"DJANGO_HSTS_INCLUDE_SUBDOMAINS": "false"},
    ],
)
def test_a_deployment_sets_hsts_as_it_needs_and_check_deploy_stays_clean(choice):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **choice, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
