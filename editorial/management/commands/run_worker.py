"""The background worker: scheduled publishing and expiry every minute, and queued tasks when there is a queue.

    python manage.py run_worker [--interval 60] [--once]

Each round runs Wagtail's `publish_scheduled` (go-live and expiry dates) and, when a database task
backend provides the `db_worker` command (django-tasks with its database backend), processes the queued
background tasks and returns. With Wagtail's default immediate task backend there is no queue and the
second part does nothing. SIGTERM or SIGINT stops the loop after the current round, so systemd or a
container runtime can stop it cleanly; a failing round is logged and the loop carries on.
"""

import logging
import signal
import threading

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Publish and expire scheduled pages every minute (and run queued tasks), until SIGTERM."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between rounds (default 60).")
        parser.add_argument("--once", action="store_true", help="Run one round and exit.")

    def handle(self, *args, interval, once, **options):
        if interval < 1:
            self.stderr.write("--interval must be at least 1 second.")
            return
        stop = threading.Event()

        def request_stop(signum, frame):
            self.stdout.write(f"Signal {signum} received, stopping after this round.")
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.stdout.write(f"Worker started: a round every {interval} s.")
        while True:
            self.run_round()
            if once or stop.wait(interval):
                break
        self.stdout.write("Worker stopped.")

    def run_round(self):
        self.refresh_connections()
        try:
            call_command("publish_scheduled", stdout=self.stdout)
        except Exception:
            logger.exception("publish_scheduled failed")
        if "db_worker" in get_commands():
            try:
                call_command("db_worker", batch=True, stdout=self.stdout)
            except Exception:
                logger.exception("db_worker failed")
        self.refresh_connections()

    @staticmethod
    def refresh_connections():
        """Drop database connections that broke or outlived CONN_MAX_AGE between rounds (not inside a
        transaction, e.g. when a test calls the command)."""
        if not connection.in_atomic_block:
            close_old_connections()
