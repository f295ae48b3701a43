"""``/healthz``: is this instance able to serve? A balancer or a monitor asks it.

200 when the database answers a query and the cache stores and returns a value, 503 when
either does not. The answer names each part ("ok" or "down") and nothing else: no versions,
hosts or error texts (those go to the log, under the logger ``marsad.health``).
"""

import logging
import secrets

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger("marsad.health")


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure to reach or query the database is "down"
        log.exception("health: the database did not answer")
        return False


def _cache() -> bool:
    key, value = f"marsad:healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception:  # a cache that cannot be reached raises (Redis); that is "down"
        log.exception("health: the cache did not answer")
        return False
    if found != value:
        log.error("health: the cache did not return what was stored")
        return False
    return True


@login_not_required
@never_cache
@require_safe
def healthz(request):
    parts = {"database": _database(), "cache": _cache()}
    healthy = all(parts.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "down",
            **{name: "ok" if up else "down" for name, up in parts.items()},
        },
        status=200 if healthy else 503,
    )
