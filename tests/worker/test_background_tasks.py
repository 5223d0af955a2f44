"""The task queue's configuration and its recovery of tasks whose worker died, on SQLite (the embedded site).

The same against PostgreSQL, with real worker processes killed mid-task: tests/services/test_faults.py.
"""

import io
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.management import call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from search_analytics.models import QueryRecord
from site_lak import env
from tests.faults_support import DATABASE_TASKS, record_in_two_steps
from worker.task_queue import MAX_ATTEMPTS, ProcessPresence, new_worker_id, recover_orphaned_tasks


def test_tasks_backend_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("TASKS_BACKEND", raising=False)
    assert env.tasks("immediate")["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert env.tasks("database")["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    monkeypatch.setenv("TASKS_BACKEND", "Database")
    assert env.tasks("immediate")["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    monkeypatch.setenv("TASKS_BACKEND", "celery")
    with pytest.raises(env.ConfigurationError, match="TASKS_BACKEND"):
        env.tasks("immediate")


def test_production_queues_tasks_and_tests_run_them_inline(settings):
    from django.conf import settings as live

    assert live.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    script = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    environment = {
        "DJANGO_SETTINGS_MODULE": "site_lak.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "thptlak.edu.vn",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        cwd=live.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend", result.stderr


def dead_process_id():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def worker_id_for(pid):
    return f"site_lak:{socket.gethostname()[:36]}:{pid}:{uuid.uuid4().hex[:8]}"


@pytest.fixture
def queued(settings, db):
    settings.TASKS = DATABASE_TASKS

    def enqueue_claimed_by(*worker_ids):
        result = record_in_two_steps.enqueue(uuid.uuid4().hex, pause=0, attempts_file="/dev/null")
        DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING, worker_ids=list(worker_ids))
        return result.id

    return enqueue_claimed_by


def status_of(task_id):
    return DBTaskResult.objects.get(pk=task_id).status


def test_a_task_whose_worker_process_is_gone_goes_back_to_the_queue(queued):
    import os

    orphan = queued(worker_id_for(dead_process_id()))
    alive = queued(worker_id_for(os.getppid()))  # pytest's parent: a live process
    foreign = queued("a1b2c3d4e5f6")  # a plain db_worker: nothing tells whether it lives, so leave it
    presence = ProcessPresence(new_worker_id())
    assert recover_orphaned_tasks(presence) == (1, 0)
    assert status_of(orphan) == TaskResultStatus.READY
    assert status_of(alive) == status_of(foreign) == TaskResultStatus.RUNNING
    assert recover_orphaned_tasks(presence) == (0, 0)  # nothing left to recover


def test_a_task_the_worker_dropped_itself_is_requeued(queued):
    presence = ProcessPresence(new_worker_id())
    dropped = queued(presence.worker_id)  # e.g. the database went away while it was running
    assert recover_orphaned_tasks(presence) == (1, 0)
    assert status_of(dropped) == TaskResultStatus.READY


def test_a_task_that_lost_its_worker_too_often_fails_instead_of_looping(queued):
    dead = [worker_id_for(dead_process_id()) for _ in range(MAX_ATTEMPTS)]
    doomed = queued(*dead)
    assert recover_orphaned_tasks(ProcessPresence(new_worker_id())) == (0, 1)
    row = DBTaskResult.objects.get(pk=doomed)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "worker.task_queue.WorkerLost"
    assert f"stopped {MAX_ATTEMPTS} times" in row.traceback


@pytest.mark.django_db(transaction=True)
def test_run_worker_once_runs_the_queue_on_sqlite(settings, tmp_path):
    settings.TASKS = DATABASE_TASKS
    marker = uuid.uuid4().hex
    result = record_in_two_steps.enqueue(marker, pause=0, attempts_file=str(tmp_path / "attempts"))
    assert status_of(result.id) == TaskResultStatus.READY  # queued, not run inline
    output = io.StringIO()
    call_command("run_worker", once=True, stdout=output)
    assert status_of(result.id) == TaskResultStatus.SUCCESSFUL
    assert QueryRecord.objects.filter(query=marker).count() == 2
    assert "queued tasks every 1.0 s" in output.getvalue()
