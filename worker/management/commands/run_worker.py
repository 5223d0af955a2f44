"""The background worker: queued background tasks as they arrive, scheduled publishing and expiry every minute.

    python manage.py run_worker [--interval 60] [--poll 1] [--once]

With the database task backend (`TASKS_BACKEND=database`, the production default) it runs the queued
django-tasks (search index updates, reference index, document text) every `--poll` seconds, first putting
back in the queue the tasks of a worker that died (worker/task_queue.py). Every `--interval` seconds
it runs Wagtail's `publish_scheduled` (go-live and expiry dates). Every round it writes the searches
waiting in the shared cache for the analytics report (search_analytics.records). With the immediate backend
tasks run inline where they are enqueued and only scheduled publishing is left to do here.

One worker runs per site: a second one (on this host or another) exits at once with a message saying
so while the first is alive (worker/task_queue.py, `claim_site`). The worker writes a heartbeat into
the database every 30 s, which /readyz checks (worker/heartbeat.py).

SIGTERM or SIGINT stops it after the task in hand, so systemd or a container runtime can stop it cleanly;
a failing round (the database is down) is logged and the loop carries on. See docs/background-tasks.md.
"""

import logging
import signal
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from search_analytics.records import flush_records
from worker import heartbeat
from worker.task_queue import TaskQueueWorker, new_worker_id, presence_for, queue_enabled

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run queued background tasks and publish/expire scheduled pages, until SIGTERM."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between scheduled-publishing rounds (default 60)."
        )
        parser.add_argument(
            "--poll", type=float, default=1.0, help="Seconds between looks at the task queue when idle (default 1)."
        )
        parser.add_argument("--once", action="store_true", help="Run one round and exit.")

    def handle(self, *args, interval, poll, once, **options):
        if interval < 1:
            raise CommandError("--interval must be at least 1 second.")
        if poll <= 0:
            raise CommandError("--poll must be more than 0 seconds.")
        self.worker_id = new_worker_id()
        self.presence = presence_for(self.worker_id)
        if self.claim_site() is False:
            self.presence.release()
            raise CommandError(self.refusal())
        self.queue = TaskQueueWorker(self.worker_id, self.presence) if queue_enabled() else None
        self.queue_failing = False
        stop = threading.Event()

        def request_stop(signum, frame):
            self.stdout.write(f"Signal {signum} received, stopping after the current task.")
            stop.set()
            if self.queue is not None:
                self.queue.stop()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        if self.queue is None:
            self.stdout.write(
                f"Worker started: scheduled publishing every {interval} s; tasks run inline (no queue) "
                f"(worker {self.worker_id})."
            )
        else:
            self.stdout.write(
                f"Worker started: scheduled publishing every {interval} s, queued tasks every {poll} s "
                f"(worker {self.worker_id})."
            )
        beating = None
        if not once:  # a thread of its own, so that a long task does not make the worker look dead
            beating = threading.Thread(target=self.beat_until, args=(stop,), name="heartbeat", daemon=True)
            beating.start()
        next_publishing = time.monotonic()
        exit_message = None
        try:
            while not stop.is_set():
                if self.claim_site() is False:
                    exit_message = self.refusal(took_over=True)
                    break
                if time.monotonic() >= next_publishing:
                    self.publish_scheduled()
                    next_publishing = time.monotonic() + interval
                if self.queue is not None:
                    self.run_queued_tasks()
                self.write_search_records()
                if once:
                    self.beat()
                    break
                until_publishing = max(0.0, next_publishing - time.monotonic())
                stop.wait(until_publishing if self.queue is None else min(poll, until_publishing))
        finally:
            stop.set()
            if beating is not None:
                beating.join(30)
            self.presence.release()
        if exit_message:
            raise CommandError(exit_message)
        self.stdout.write("Worker stopped.")

    def claim_site(self):
        """True/False: this is (not) the site's one worker; None: the database cannot tell now."""
        self.refresh_connections()
        try:
            return self.presence.claim_site()
        except DatabaseError:
            return None  # the round that follows fails and logs it; the claim is tried again next round

    def refusal(self, took_over=False):
        """Why this worker may not run: another one is alive, and which, from its heartbeat."""
        try:
            last = heartbeat.worker_beat()
        except DatabaseError:
            last = None
        other = ""
        if last is not None:
            seconds = int((timezone.now() - last.beat_at).total_seconds())
            other = f" ({last.holder}, last heartbeat {seconds} s ago)"
        if took_over:
            return (
                f"Another worker{other} took over while the database was unreachable; "
                "this one stops (only one worker may run per site)."
            )
        return (
            f"Another worker{other} is already running for this site; only one may run at a time "
            "(it publishes scheduled pages). This one exits. Stop the other first to replace it."
        )

    def beat(self):
        """Write the heartbeat; False if the database would not take it (logged by the caller)."""
        self.refresh_connections()
        try:
            heartbeat.beat(heartbeat.WORKER, self.worker_id)
        except DatabaseError:
            return False
        return True

    def beat_until(self, stop):
        """The heartbeat thread: every BEAT_INTERVAL seconds until `stop`, on its own connection."""
        failing = False
        try:
            while True:
                written = self.beat()
                if not written and not failing:
                    logger.warning("the worker's heartbeat cannot be written; /readyz will report the worker missing")
                elif written and failing:
                    logger.warning("the worker's heartbeat is written again")
                failing = not written
                if stop.wait(heartbeat.BEAT_INTERVAL):
                    break
        finally:
            connection.close()

    def publish_scheduled(self):
        self.refresh_connections()
        try:
            call_command("publish_scheduled", stdout=self.stdout)
        except Exception:
            logger.exception("publish_scheduled failed")
        self.refresh_connections()

    def run_queued_tasks(self):
        self.refresh_connections()
        try:
            self.queue.run_ready_tasks()
        except Exception:
            if not self.queue_failing:  # once per outage, not every poll
                logger.exception("the task queue is unavailable; retrying")
            self.queue_failing = True
        else:
            if self.queue_failing:
                logger.warning("the task queue is available again")
            self.queue_failing = False
        self.refresh_connections()

    def write_search_records(self):
        """The searches waiting in the shared cache for the analytics report, in one insert (search_analytics)."""
        try:
            flush_records()
        except Exception:
            logger.exception("writing the search queries failed")

    @staticmethod
    def refresh_connections():
        """Drop database connections that broke or outlived CONN_MAX_AGE between rounds (not inside a
        transaction, e.g. when a test calls the command)."""
        if not connection.in_atomic_block:
            close_old_connections()
