"""Settings come from the environment, with safe production defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    # Without the suite's DATABASE_URL: it names a database the test runner never creates
    # (it makes test_<name>), and Django's model checks open the database on PostgreSQL
    # (the search columns are generated, and their support is asked of the server).
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_secret_key_fails_loudly():
    result = run_manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_run_needs_nothing_else():
    result = run_manage("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x7#kq!2v9-production-grade-secret-key-for-the-check-deploy-test",
        DJANGO_ALLOWED_HOSTS="marsad.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_read_the_database_url():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'])",
        DJANGO_DEBUG="true",
        DATABASE_URL="postgres://someone@db.example:5432/marsad_prod",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "marsad_prod", "db.example"]
