import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.queries import rows as rows_module


@pytest.fixture
def rows(world, settings, tmp_path):
    """One row of each kind on the world (tests/queries/rows.py), with evidence and report
    files stored under a temporary media root."""
    settings.MEDIA_ROOT = tmp_path
    made = rows_module.one(world)
    path = tmp_path / made.evidence.file.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 evidence")
    return made


@pytest.fixture
def api_for():
    """``api_for(user)``: an API client signed in with the user's token."""

    def sign_in(account):
        token, _created = Token.objects.get_or_create(user=account)
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return sign_in
