"""What the builder page tests share: who gets what, and counting queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

# Every persona and what a builder page answers them: planning admins build, members who may
# read get 403, outsiders 404, the anonymous go to sign in.
PERSONAS = [
    ("admin", 200), ("head_a", 403), ("officer_a", 403), ("officer_b", 403), ("viewer", 403),
    ("outsider", 404), (None, 302),
]  # fmt: skip


def persona(world, name):
    return None if name is None else getattr(world, name)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
