"""``/healthz`` (config/health.py) and the logs (config/logs.py, the LOGGING setting).

The "down" cases are real: the database or the cache is pointed at a port nobody listens
on. A database that cannot be reached cannot be swapped in under the test database, so
those cases run the real settings in a child process, configured by its environment as a
production machine is.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)
# A request to the application, as a balancer would send it, in a process whose settings come
# from its environment; prints the answer as one last JSON line.
CHILD = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
answers = []
for method in ("get", "post"):
    headers = {"X-Request-ID": "probe-0123456789", "X-Forwarded-Proto": "https"}
    response = getattr(client, method)("/healthz", HTTP_HOST="localhost", headers=headers)
    answers.append({"status": response.status_code, "body": response.content.decode()[:500],
                    "request_id": response.get("X-Request-ID")})
print("ANSWERS " + json.dumps(answers))
"""


def closed_port() -> int:
    """A port on the loopback that nothing listens on (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_child(tmp_path, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "MARSAD_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="a-long-random-looking-secret-for-the-health-test-only",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    env.update(environment)
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    answers = json.loads(lines[-1].removeprefix("ANSWERS "))
    return answers, lines[:-1]


def test_healthz_is_200_when_database_and_cache_answer(client):
    response = client.get(reverse("healthz"))  # anonymous, plain http
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]  # no proxy answers for the instance


def test_healthz_answers_over_plain_http_although_pages_redirect_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # as in production
    assert client.get(reverse("login")).status_code == 301
    assert client.get(reverse("healthz")).status_code == 200


def test_healthz_is_503_when_the_cache_cannot_be_reached(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "cache": "down"}


def test_healthz_only_answers_reads(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_healthz_is_503_when_the_database_cannot_be_reached(tmp_path):
    answers, lines = run_child(
        tmp_path, DATABASE_URL=f"postgres://marsad@127.0.0.1:{closed_port()}/marsad"
    )
    health = answers[0]
    assert health["status"] == 503
    assert json.loads(health["body"]) == {"status": "down", "database": "down", "cache": "ok"}
    logged = [json.loads(line) for line in lines]
    assert any(entry["logger"] == "marsad.health" and entry["level"] == "ERROR" for entry in logged)
    # Nothing about the database's address reaches the one who asked.
    assert "127.0.0.1" not in health["body"] and "marsad" not in health["body"]


def test_healthz_is_200_in_a_production_process_and_503_with_a_broken_redis(tmp_path):
    answers, _lines = run_child(tmp_path)
    assert answers[0]["status"] == 200
    answers, _lines = run_child(tmp_path, REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    assert answers[0]["status"] == 503
    assert json.loads(answers[0]["body"])["cache"] == "down"


def test_logs_are_json_lines_with_one_line_per_request(tmp_path):
    answers, lines = run_child(tmp_path, REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    assert [answer["status"] for answer in answers] == [503, 405]
    logged = [json.loads(line) for line in lines]  # every line on stdout is JSON
    requests = [entry for entry in logged if entry["logger"] == "marsad.request"]
    assert [(e["method"], e["path"], e["status"]) for e in requests] == [
        ("GET", "/healthz", 503),
        ("POST", "/healthz", 405),
    ]
    for entry in requests:
        assert entry["request_id"] == "probe-0123456789"  # the balancer's id is kept
        assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
        assert entry["level"] == "INFO" and entry["time"].endswith("+00:00")
    # A record logged while the request ran carries its id, whatever the logger.
    failure = next(entry for entry in logged if entry["logger"] == "marsad.health")
    assert failure["request_id"] == "probe-0123456789" and "Traceback" in failure["exception"]
    assert all(answer["request_id"] == "probe-0123456789" for answer in answers)


def test_logs_are_text_when_asked(tmp_path):
    _answers, lines = run_child(tmp_path, MARSAD_LOG_FORMAT="text")
    assert any(" INFO marsad.request [probe-0123456789] GET /healthz 200" in line for line in lines)


def test_request_id_is_made_when_none_or_an_unsafe_one_is_given(client):
    made = client.get(reverse("healthz"))["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()
    unsafe = client.get(reverse("healthz"), HTTP_X_REQUEST_ID='x" \n{"forged": 1}')
    assert unsafe["X-Request-ID"] != 'x" \n{"forged": 1}' and len(unsafe["X-Request-ID"]) == 32
    kept = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="nginx-5f1b2c3d4e")
    assert kept["X-Request-ID"] == "nginx-5f1b2c3d4e"


def test_a_wrong_log_format_is_refused(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARSAD_")}
    env.update(DJANGO_SECRET_KEY="x" * 50, MARSAD_LOG_FORMAT="xml")
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0 and "MARSAD_LOG_FORMAT" in done.stderr
