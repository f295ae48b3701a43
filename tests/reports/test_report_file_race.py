"""Two requests for the same report at the same moment get the same file, never a 500.

The race is staged for real: two threads, each with its own database connection, ask for
the report together (a barrier lets them go at once), while the test holds a SHARE lock on
the report files' table. Reads pass that lock and writes wait behind it, so both requests
have looked for the file and found none before either may insert it; the test releases the
lock only once both are waiting to write. Without a lock of their own, the second insert
then meets the unique key.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from reports.models import ReportFile
from reports.services import report_key
from tests import builders

pytestmark = pytest.mark.django_db(transaction=True)

WAITING_TO_WRITE = """
    SELECT count(*) FROM pg_locks
    WHERE relation = 'reports_reportfile'::regclass AND NOT granted
"""


def _wait_for_writers(count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(WAITING_TO_WRITE)
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.02)
    pytest.fail(f"{count} requests never came to write their report file")


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "staging the race needs PostgreSQL: SQLite has no LOCK TABLE to hold both requests "
        "between their lookup and their insert (run with DATABASE_URL=postgres://…)"
    ),
)
@pytest.mark.parametrize("before", ["nothing", "a failed attempt"])
def test_two_requests_for_the_same_report_at_once_share_one_file(world, _media, before):
    builders.period(world.plan, 2021, 1)
    url = reverse("achievement_report")
    # A unit and a year: a small report, made during the request that creates its row.
    params = {"plan": world.plan.pk, "year": 2021, "unit": world.unit_a.pk, "format": "xlsx"}
    if before == "a failed attempt":  # both requests find it, and both try again
        report_params = {
            "year": 2021, "quarter": None, "unit": world.unit_a.pk, "goal": None,
            "language": "ar", "provisional": False, "scenario": None,
        }  # fmt: skip
        failed = ReportFile.objects.create(
            key=report_key(world.plan, report_params, "xlsx"), plan=world.plan,
            unit=world.unit_a, params=report_params, format="xlsx",
            status=ReportFile.Status.FAILED,
        )  # fmt: skip
    clients = [Client(raise_request_exception=False) for _ in range(2)]
    for client in clients:
        client.force_login(world.admin)
    barrier = threading.Barrier(2)
    statuses: list[int | None] = [None, None]

    def ask(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            statuses[i] = clients[i].get(url, params).status_code
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(2)]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE reports_reportfile IN SHARE MODE")
        for thread in threads:
            thread.start()
        _wait_for_writers(2)
    for thread in threads:
        thread.join(timeout=60)

    # Neither request fails; the one that lost the race answers with the winner's file
    # (ready, or still being made: 202 and a page that polls).
    assert sorted(statuses) in ([200, 200], [200, 202]), statuses
    report_file = ReportFile.objects.get()
    if before == "a failed attempt":
        assert report_file.pk != failed.pk
    assert report_file.status == ReportFile.Status.DONE
    # Asked again, the same file is served.
    again = clients[0].get(url, params)
    assert again.status_code == 200
    assert ReportFile.objects.get().pk == report_file.pk
