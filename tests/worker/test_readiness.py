"""/readyz tells the truth (a database that refuses writes, a worker that stopped beating), the site runs one
worker at a time, and `make serve`'s supervisor (scripts/supervise.sh) brings a dead worker back."""

import datetime
import os
import signal
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.faults_support import DATABASE_TASKS, Process, child_pids, wait_for
from worker.heartbeat import WORKER, Heartbeat

READ_ONLY_SWITCH = {
    "sqlite": ("PRAGMA query_only = ON", "PRAGMA query_only = OFF"),
    "postgresql": (
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
    ),
}


@pytest.mark.django_db(transaction=True)
def test_readyz_fails_when_the_database_answers_reads_but_refuses_writes(client):
    assert client.get("/readyz").status_code == 200
    # The database itself refuses every write from now on, on this connection (SQLite or PostgreSQL).
    read_only, writable = READ_ONLY_SWITCH[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(read_only)
    try:
        response = client.get("/readyz")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # reads still work: a SELECT 1 probe would say ready
    finally:
        with connection.cursor() as cursor:
            cursor.execute(writable)
    assert response.status_code == 503
    assert response.json()["problems"] == {"database": "not writable"}
    assert "read" not in response.content.decode().lower().replace("ready", "")  # the error's text stays in the log


@pytest.mark.django_db
def test_readyz_fails_when_the_worker_has_not_beaten_for_two_minutes(client, settings):
    settings.TASKS = DATABASE_TASKS  # tasks wait for a worker, as in production
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["problems"] == {"worker": "no heartbeat"}

    call_command("run_worker", once=True, stdout=open(os.devnull, "w"))  # a real round writes the heartbeat
    assert client.get("/readyz").status_code == 200

    Heartbeat.objects.filter(name=WORKER).update(beat_at=timezone.now() - datetime.timedelta(seconds=121))
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["problems"] == {"worker": "no heartbeat"}


@pytest.mark.django_db
def test_readyz_does_not_ask_for_a_worker_when_tasks_run_inline(client):
    assert not Heartbeat.objects.filter(name=WORKER).exists()
    assert client.get("/readyz").status_code == 200


def on_sqlite_file(database):
    return {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "site_lak.settings.test"}


def worker_process(database, log_path, *arguments):
    command = [sys.executable, "manage.py", "run_worker", "--interval", "3600", *arguments]
    return Process(command, on_sqlite_file(database), log_path)


def test_a_second_worker_refuses_to_run_while_the_first_is_alive(tmp_path):
    database = tmp_path / "site.sqlite3"
    first = worker_process(database, tmp_path / "first.log")
    try:
        wait_for(lambda: "Worker started" in first.output(), what="the first worker")
        second = worker_process(database, tmp_path / "second.log", "--once")
        second.popen.wait(60)
        assert second.stop() == 1
        assert "Another worker" in second.output() and "only one may run at a time" in second.output()
        assert first.popen.poll() is None  # the first one goes on
    finally:
        assert first.stop() == 0, first.output()
    third = worker_process(database, tmp_path / "third.log", "--once")  # the first one is gone: it may run
    third.popen.wait(60)
    assert third.stop() == 0, third.output()


def test_the_supervisor_starts_a_killed_worker_again_and_stops_it_on_sigterm(tmp_path):
    supervisor = Process(
        ["scripts/supervise.sh", sys.executable, "manage.py", "run_worker", "--interval", "3600"],
        on_sqlite_file(tmp_path / "site.sqlite3"),
        tmp_path / "supervisor.log",
    )
    try:
        wait_for(lambda: supervisor.output().count("Worker started") == 1, what="the worker")
        (first,) = child_pids(supervisor.pid)
        os.kill(first, signal.SIGKILL)  # the worker dies
        wait_for(lambda: supervisor.output().count("Worker started") == 2, timeout=30, what="the worker to be back")
        (second,) = child_pids(supervisor.pid) - {first}
        assert "exited with status 137" in supervisor.output()
    finally:
        status = supervisor.stop(signal.SIGTERM, timeout=30)
    assert status == 0, supervisor.output()  # the worker stopped cleanly, and the supervisor with it
    assert "Worker stopped." in supervisor.output()
    assert not os.path.exists(f"/proc/{second}")  # no worker left behind
