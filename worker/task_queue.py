"""The durable queue of background tasks: running them in `run_worker`, and recovering the tasks of a
worker that died.

With `TASKS_BACKEND=database` (the production default), django-tasks-db stores each enqueued task as a
`DBTaskResult` row. A worker claims a row by marking it RUNNING, commits, then runs the task outside any
transaction, so a worker killed mid-task (SIGKILL, out of memory, power cut) leaves its row RUNNING
forever: django-tasks-db 0.12 never looks at it again. Here every worker announces that it is alive,
and a RUNNING task whose worker is gone goes back to READY and runs again:

* on PostgreSQL, a worker holds a session advisory lock named after its id on a connection of its own
  for as long as it lives; the server drops the lock the moment the process dies, so another worker can
  take it: that worker is gone. Several workers on several hosts recover each other's tasks.
* on SQLite (the embedded site, one machine) a worker is gone when its process no longer exists.

One worker runs per site (`claim_site`): it publishes scheduled pages, and a second one started by
mistake (on another host, or a restarted supervisor beside a live worker) refuses to run while the
first is alive. On PostgreSQL the claim is a second advisory lock, with a fixed name, on the same
connection; on SQLite an exclusive lock (flock) on a file beside the database. Either disappears with
the process that held it.

A task that has lost its worker `MAX_ATTEMPTS` times is marked failed rather than retried forever (it
may be what kills the worker). A task that fails on a temporary database error (locked past the busy
timeout, read-only, disk full: site_lak.database_errors) goes back to the queue to run again a little
later (2, 4, 8… seconds), until it has been attempted `TEMPORARY_ATTEMPTS` times.

Tasks therefore run at least once, not exactly once: each task must be
idempotent and write its result in one transaction, so that running it again gives the same result and
a killed attempt leaves nothing half-written. See docs/background-tasks.md.
"""

import datetime
import fcntl
import hashlib
import logging
import os
import secrets
import socket
from pathlib import Path

from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import retry

from site_lak.database_errors import is_temporary

logger = logging.getLogger(__name__)

WORKER_ID_PREFIX = "site_lak"
MAX_ATTEMPTS = 3
TEMPORARY_ATTEMPTS = 5
MAX_RETRY_DELAY = 60  # seconds


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker died every time it ran it."""


def queue_enabled():
    """True when tasks wait in the database for a worker (django-tasks-db), False when they run inline."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def new_worker_id():
    """`site_lak:<host>:<pid>:<random>`, at most 64 characters (django-tasks-db's limit)."""
    return f"{WORKER_ID_PREFIX}:{socket.gethostname()[:36]}:{os.getpid()}:{secrets.token_hex(4)}"


def parse_worker_id(worker_id):
    """(host, pid) of one of our workers' ids, or None for an id not made by `new_worker_id`."""
    parts = (worker_id or "").split(":")
    if len(parts) != 4 or parts[0] != WORKER_ID_PREFIX or not parts[2].isdigit():
        return None
    return parts[1], int(parts[2])


def process_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child its parent has not reaped yet is a zombie: dead for our purpose
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def site_lock_path():
    """The file whose lock is the site's one worker on SQLite (beside the database); None in memory."""
    name = str(connection.settings_dict["NAME"])
    if connection.creation.is_in_memory_db(name):
        return None  # a database of this process only: nobody else can run a worker on it
    path = Path(name)
    return path.with_name(f"{path.name}.worker-lock")


class ProcessPresence:
    """Liveness by process id: enough when every worker runs on this machine (SQLite)."""

    def __init__(self, worker_id):
        self.worker_id = worker_id
        self.lock_file = None

    def hold(self):
        pass

    def claim_site(self):
        """True while this is the site's one worker; False if another process holds the claim."""
        if self.lock_file is None:
            path = site_lock_path()
            if path is None:
                return True
            lock_file = open(path, "a")  # noqa: SIM115 (held open for the worker's life)
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock_file.close()
                return False
            self.lock_file = lock_file
        return True

    def release(self):
        if self.lock_file is not None:
            self.lock_file.close()  # closing the file drops the lock
            self.lock_file = None

    def is_gone(self, worker_id):
        origin = parse_worker_id(worker_id)
        if origin is None or origin[0] != socket.gethostname()[:36]:
            return False  # not ours, or on another machine: nothing we can tell
        return not process_exists(origin[1])


def advisory_lock_key(worker_id):
    return int.from_bytes(hashlib.sha256(worker_id.encode()).digest()[:8], "big", signed=True)


# Held by the site's one worker (claim_site); not a worker id, so no worker's own lock can collide with it.
SITE_WORKER_LOCK = advisory_lock_key("site_lak/the-site-worker")


class AdvisoryLockPresence:
    """Liveness by a PostgreSQL session advisory lock held on a connection of the worker's own.

    The connection must be a real session: not through PgBouncer in transaction mode.
    """

    def __init__(self, worker_id):
        self.worker_id = worker_id
        self.session = None
        self.site_claimed = False

    def hold(self):
        """Take our lock, or take it again after the connection broke (PostgreSQL restarted)."""
        if self.session is not None:
            try:
                with self.session.cursor() as cursor:
                    cursor.execute("SELECT 1")
                return
            except DatabaseError:
                self.release()
        session = connection.copy()
        with session.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [advisory_lock_key(self.worker_id)])
        self.session = session

    def claim_site(self):
        """True while this is the site's one worker; False if another live worker holds the claim.

        Taken again on a new connection after the old one broke: if another worker took it meanwhile,
        this one must stop."""
        self.hold()
        if not self.site_claimed:
            with self.session.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [SITE_WORKER_LOCK])
                self.site_claimed = bool(cursor.fetchone()[0])
        return self.site_claimed

    def release(self):
        if self.session is not None:
            try:
                self.session.close()
            except DatabaseError:
                pass
            self.session = None
        self.site_claimed = False

    def is_gone(self, worker_id):
        if parse_worker_id(worker_id) is None or worker_id == self.worker_id or self.session is None:
            return False
        key = advisory_lock_key(worker_id)
        with self.session.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            if not cursor.fetchone()[0]:
                return False  # held: that worker is alive
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return True


def presence_for(worker_id):
    return (AdvisoryLockPresence if connection.vendor == "postgresql" else ProcessPresence)(worker_id)


def recover_orphaned_tasks(presence):
    """Put back in the queue the RUNNING tasks whose worker is gone, or our own that we are not running
    (a database error interrupted them). Returns (requeued, failed) counts."""
    requeued = failed = 0
    for result in DBTaskResult.objects.running():
        last_worker = result.worker_ids[-1] if result.worker_ids else ""
        if last_worker != presence.worker_id and not presence.is_gone(last_worker):
            continue
        attempts = len(result.worker_ids)
        if attempts >= MAX_ATTEMPTS:
            error = WorkerLost(f"the worker running this task stopped {attempts} times; not retried again")
            result.set_failed(error)
            failed += 1
            logger.error("task %s (%s) failed: %s", result.id, result.task_path, error)
            continue
        # Only if it is still RUNNING: the update is atomic, so two workers recovering at once requeue it once.
        if DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY
        ):
            requeued += 1
            logger.warning(
                "task %s (%s) requeued: worker %s stopped while running it", result.id, result.task_path, last_worker
            )
    return requeued, failed


def retry_delay(attempts):
    """Seconds before a task that met a temporary database error runs again, after `attempts` attempts."""
    return min(MAX_RETRY_DELAY, 2**attempts)


@retry()
def retry_later(result, error):
    """Puts a task that met a temporary database error back in the queue, to run after a back-off; False
    when it has used up its attempts (it is then marked failed)."""
    attempts = len(result.worker_ids)
    if attempts >= TEMPORARY_ATTEMPTS:
        return False
    delay = retry_delay(attempts)
    DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, run_after=timezone.now() + datetime.timedelta(seconds=delay)
    )
    logger.warning(
        "task %s (%s) will run again in %s s (attempt %s of %s): %s: %s",
        result.id,
        result.task_path,
        delay,
        attempts,
        TEMPORARY_ATTEMPTS,
        error.__class__.__name__,
        error,
    )
    return True


class RetryingWorker(Worker):
    """django-tasks-db's worker, except that a task failing on a temporary database error is run again later
    instead of being marked failed for good."""

    def run_task(self, db_task_result):
        mark_failed = db_task_result.set_failed

        def set_failed(error):
            if not (is_temporary(error) and retry_later(db_task_result, error)):
                mark_failed(error)

        db_task_result.set_failed = set_failed  # what the worker calls when the task raised
        super().run_task(db_task_result)


class TaskQueueWorker:
    """Runs the queued tasks for `run_worker`: django-tasks-db's worker, one batch per call."""

    def __init__(self, worker_id=None, presence=None):
        self.worker_id = worker_id or new_worker_id()
        self.presence = presence or presence_for(self.worker_id)
        self.worker = RetryingWorker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
        )

    def close(self):
        self.presence.release()

    def stop(self):
        """Finish the task in hand, then run no other (called from a signal handler)."""
        self.worker.running = False

    def run_ready_tasks(self):
        """Recover orphaned tasks, then run every ready task (until the queue is empty or `stop()`)."""
        self.presence.hold()
        recover_orphaned_tasks(self.presence)
        self.worker.run()
