"""Health of the service for the reverse proxy and the supervisor (`/healthz`): the
database answers, the cache answers, and the background worker beat recently.

The worker beats every minute (a Huey periodic task, and once when it starts). With
Redis the beat is kept in the shared cache, so every app server sees the workers of the
whole deployment; on the embedded default (SQLite, one machine) it is a file under
GENDAN_HOME, because the local-memory cache is not shared between processes.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

HEARTBEAT_KEY = "gendan:worker-heartbeat"
STALE_AFTER_SECONDS = 180


def _heartbeat_file():
    return settings.GENDAN_HOME / "worker.heartbeat"


def beat(now=None):
    """Record that a worker is alive."""
    now = time.time() if now is None else now
    if settings.REDIS_URL:
        cache.set(HEARTBEAT_KEY, now, timeout=24 * 3600)
    else:
        _heartbeat_file().write_text(str(now))


def last_beat():
    """Seconds since the epoch of the last beat, or None when no worker ever beat."""
    if settings.REDIS_URL:
        return cache.get(HEARTBEAT_KEY)
    try:
        return float(_heartbeat_file().read_text())
    except (FileNotFoundError, ValueError):
        return None


def status(now=None):
    """{"database": …, "cache": …, "worker": …} each "ok" or what is wrong, and whether
    the whole service is healthy."""
    now = time.time() if now is None else now
    report = {"database": _database(), "cache": _cache(), "worker": _worker(now)}
    return report, all(value == "ok" for value in report.values())


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:  # any failure is the answer here
        return f"error: {type(error).__name__}"


def _cache():
    try:
        cache.set("gendan:health", "ok", timeout=30)
        return "ok" if cache.get("gendan:health") == "ok" else "error: not kept"
    except Exception as error:  # any failure is the answer here
        return f"error: {type(error).__name__}"


def _worker(now):
    beat_at = last_beat()
    if beat_at is None:
        return "no heartbeat"
    age = now - beat_at
    return "ok" if age <= STALE_AFTER_SECONDS else f"stale: {int(age)} s"


@never_cache
@require_GET
def healthz(request):
    report, healthy = status()
    return JsonResponse(report, status=200 if healthy else 503)
