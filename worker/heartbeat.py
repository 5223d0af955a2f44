"""Heartbeats in the database: the background worker's (is it alive?) and /readyz's write probe.

The database is the one place every host shares, so a web host's /readyz can tell whether the site's
worker, perhaps on another host, is alive: `run_worker` rewrites its row every `BEAT_INTERVAL`
seconds from a thread of its own (a long task does not delay it), and /readyz reports the worker as
missing when the row is older than `MAX_AGE`. /readyz also rewrites a row of its own, so that a
database that still answers reads but refuses writes (read-only, disk full) is not reported ready.
"""

import socket

from django.utils import timezone

from worker.models import Heartbeat

WORKER = "worker"
READYZ = "readyz"
BEAT_INTERVAL = 30
MAX_AGE = 120


def beat(name, holder=""):
    """Write (insert or update) `name`'s row now: one statement."""
    Heartbeat.objects.bulk_create(
        [Heartbeat(name=name, holder=holder[:100], beat_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["holder", "beat_at"],
    )


def probe_write():
    """Raises if the database does not accept a write (the /readyz probe)."""
    beat(READYZ, socket.gethostname())


def worker_beat():
    """The worker's row, or None if no worker ever beat."""
    return Heartbeat.objects.filter(name=WORKER).first()


def worker_is_alive():
    last = worker_beat()
    return last is not None and (timezone.now() - last.beat_at).total_seconds() <= MAX_AGE
