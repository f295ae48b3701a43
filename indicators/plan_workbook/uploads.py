"""The uploaded workbook between its preview and the planning admin's confirmation.

The page never trusts the browser with it: the file is kept on the server, in the media
storage every machine shares (like evidence), under the uploader's own folder and a random
token. Confirming sends back only the token; a token of another user's folder, a guessed
one or an expired one finds nothing. What is kept is deleted once confirmed or cancelled,
and any the same user left behind for more than a day is deleted with the next upload.
"""

import json
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "plan-imports"
KEPT_FOR = timedelta(days=1)
_TOKEN = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class KeptUpload:
    token: str
    name: str  # the file's name as uploaded
    plan_code: str | None  # the plan it is being imported into, when the page named one
    data: bytes


def _folder(user) -> str:
    return f"{FOLDER}/{int(user.pk)}"


def upload_keep(*, user, data: bytes, name: str, plan_code: str | None) -> str:
    """Keep ``data`` for ``user`` until confirmed; returns the token that finds it again.

    Side effects: two files in the media storage (the workbook and what is known of it);
    the user's kept uploads older than a day are deleted.
    """
    _forget_old(user)
    token = secrets.token_hex(16)
    folder = _folder(user)
    default_storage.save(f"{folder}/{token}.xlsx", ContentFile(data))
    about = {"name": name, "plan_code": plan_code}
    default_storage.save(f"{folder}/{token}.json", ContentFile(json.dumps(about).encode()))
    return token


def upload_take(*, user, token: str) -> KeptUpload | None:
    """The upload ``user`` kept under ``token``, or None (unknown, another user's, expired)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    folder = _folder(user)
    workbook, about = f"{folder}/{token}.xlsx", f"{folder}/{token}.json"
    if not (default_storage.exists(workbook) and default_storage.exists(about)):
        return None
    if timezone.now() - default_storage.get_modified_time(workbook) > KEPT_FOR:
        upload_discard(user=user, token=token)
        return None
    with default_storage.open(about, "rb") as handle:
        known = json.loads(handle.read())
    with default_storage.open(workbook, "rb") as handle:
        data = handle.read()
    return KeptUpload(token=token, name=known["name"], plan_code=known["plan_code"], data=data)


def upload_discard(*, user, token: str) -> None:
    """Delete what ``user`` kept under ``token`` (nothing when there is none)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return
    for suffix in (".xlsx", ".json"):
        default_storage.delete(f"{_folder(user)}/{token}{suffix}")


def _forget_old(user) -> None:
    folder = _folder(user)
    if not default_storage.exists(folder):
        return
    _dirs, files = default_storage.listdir(folder)
    for name in files:
        path = f"{folder}/{name}"
        if timezone.now() - default_storage.get_modified_time(path) > KEPT_FOR:
            default_storage.delete(path)
