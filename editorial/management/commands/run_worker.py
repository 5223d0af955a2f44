"""The background worker: queued background tasks as they arrive, scheduled publishing and expiry every minute.

    python manage.py run_worker [--interval 60] [--poll 1] [--once]

With the database task backend (`TASKS_BACKEND=database`, the production default) it runs the queued
django-tasks (search index updates, reference index, document text) every `--poll` seconds, first putting
back in the queue the tasks of a worker that died (editorial/task_queue.py). Every `--interval` seconds
it runs Wagtail's `publish_scheduled` (go-live and expiry dates). With the immediate backend tasks run
inline where they are enqueued and only scheduled publishing is left to do here.

SIGTERM or SIGINT stops it after the task in hand, so systemd or a container runtime can stop it cleanly;
a failing round (the database is down) is logged and the loop carries on. See docs/background-tasks.md.
"""

import logging
import signal
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from editorial.task_queue import TaskQueueWorker, queue_enabled

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
        self.queue = TaskQueueWorker() if queue_enabled() else None
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
            self.stdout.write(f"Worker started: scheduled publishing every {interval} s; tasks run inline (no queue).")
        else:
            self.stdout.write(
                f"Worker started: scheduled publishing every {interval} s, queued tasks every {poll} s "
                f"(worker {self.queue.worker_id})."
            )
        next_publishing = time.monotonic()
        try:
            while not stop.is_set():
                if time.monotonic() >= next_publishing:
                    self.publish_scheduled()
                    next_publishing = time.monotonic() + interval
                if self.queue is not None:
                    self.run_queued_tasks()
                if once:
                    break
                until_publishing = max(0.0, next_publishing - time.monotonic())
                stop.wait(until_publishing if self.queue is None else min(poll, until_publishing))
        finally:
            if self.queue is not None:
                self.queue.close()
        self.stdout.write("Worker stopped.")

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

    @staticmethod
    def refresh_connections():
        """Drop database connections that broke or outlived CONN_MAX_AGE between rounds (not inside a
        transaction, e.g. when a test calls the command)."""
        if not connection.in_atomic_block:
            close_old_connections()
