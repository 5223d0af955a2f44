"""Faults the site must survive, each provoked for real against PostgreSQL and OpenSearch:

* a background worker killed mid-task: the task runs again in the next worker, its result written once;
* a gunicorn worker killed: only the requests it held at that moment fail, and the master replaces it;
* PostgreSQL gone and back: requests that need it get the 503 page quickly (pages already in the page
  cache are still served), then the same server recovers;
* the search engine stopped or stuck: search answers from the database with a notice, never a 500.

The servers and workers are real subprocesses (gunicorn with site_lak/gunicorn.conf.py, `run_worker`) on
pytest-django's test database; the tests are transactional so those processes see the rows. A TCP proxy
(tests/faults_support.py) plays the network, so the shared PostgreSQL and OpenSearch are never stopped.
"""

import json
import os
import signal
import threading
import time
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from documents.models import DocumentText
from feedback.records import Feedback
from search_analytics.models import QueryRecord
from tests.factories import news_page, plan_article
from tests.faults_support import (
    DATABASE_TASKS,
    TcpProxy,
    child_pids,
    database_url,
    get,
    record_in_two_steps,
    run_manage,
    start_gunicorn,
    start_worker,
    wait_for,
)
from tests.search.test_search import api
from tests.site_lak.test_sqlite_contention import NOT_RECEIVED, send_feedback

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

UNAVAILABLE = "Xin vui lòng thử lại sau ít phút"  # the Vietnamese 503 page
# Not a performance threshold: a request that waits for a dead service's full TCP timeout (minutes) or
# forever fails this; one answered from a connect timeout or a refused connection passes easily.
NOT_HANGING = 20


@pytest.fixture
def queued_tasks(settings):
    """Tasks enqueued by this test go to the database queue, as in production."""
    settings.TASKS = DATABASE_TASKS


# --- background worker -------------------------------------------------------------------------------------


def test_a_task_whose_worker_is_killed_runs_again_and_is_written_once(queued_tasks, tmp_path):
    marker = f"faults-{uuid.uuid4().hex[:8]}"
    attempts = tmp_path / "attempts"
    enqueued = record_in_two_steps.enqueue(marker, pause=5, attempts_file=str(attempts))

    first = start_worker(tmp_path / "worker-1.log")
    try:
        wait_for(lambda: attempts.exists() and attempts.read_text().count("\n") == 1, what="the first attempt")
        first.kill()  # SIGKILL half-way: the first row is written, the second not yet
    finally:
        first.stop()
    assert not QueryRecord.objects.filter(query=marker).exists()  # the killed attempt left nothing behind

    # Upstream gap: django-tasks-db's own worker leaves the task RUNNING forever. When this fails, it
    # recovers such tasks itself and worker/task_queue.py's recovery can go.
    upstream = run_manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", TASKS_BACKEND="database")
    assert upstream.returncode == 0, upstream.stderr
    task_row = DBTaskResult.objects.get(pk=enqueued.id)
    assert task_row.status == TaskResultStatus.RUNNING

    second = start_worker(tmp_path / "worker-2.log")
    try:
        wait_for(
            lambda: DBTaskResult.objects.get(pk=enqueued.id).status == TaskResultStatus.SUCCESSFUL,
            what="the task to run again",
        )
    finally:
        assert second.stop() == 0, second.output()
    task_row.refresh_from_db()
    assert len(task_row.worker_ids) == 2 and task_row.worker_ids[0] != task_row.worker_ids[1]
    assert task_row.return_value == marker
    assert attempts.read_text().count("\n") == 2
    steps = QueryRecord.objects.filter(query=marker).order_by("result_count")
    assert [record.backend for record in steps] == ["step-1", "step-2"]  # complete, and only once
    assert "requeued: worker" in second.output()


def test_wagtail_and_site_tasks_queued_by_an_edit_run_in_the_worker(queued_tasks, site_tree, tmp_path):
    call_command("update_index", verbosity=0)
    marker = f"hangdoi{uuid.uuid4().hex[:8]}"
    page = news_page(site_tree["vi"], f"Thông báo {marker} về lịch thi", summary="Lịch thi học kỳ.")
    document = get_document_model().objects.create(
        title="Quy chế thi", file=ContentFile(f"Quy che thi {marker} nam hoc moi".encode(), name="quy-che.txt")
    )
    queued = set(DBTaskResult.objects.ready().values_list("task_path", flat=True))
    # Publishing queued the search index update and the reference index; the upload queued its text.
    assert {
        "modelsearch.tasks.insert_or_update_object_task",
        "wagtail.tasks.update_reference_index_task",
        "documents.extraction.extract_document_text",
    } <= queued
    assert not DocumentText.objects.filter(document=document).exists()  # nothing ran inline

    worker = start_worker(tmp_path / "worker.log")
    try:
        wait_for(lambda: not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists(),
                 what="the queue to drain")  # fmt: skip
    finally:
        assert worker.stop() == 0, worker.output()
    assert marker in DocumentText.objects.get(document=document).text
    get_search_backend().get_index_for_model(Page).refresh()
    assert [result.pk for result in Page.objects.live().search(marker)] == [page.pk]


# --- gunicorn ----------------------------------------------------------------------------------------------


def test_a_killed_gunicorn_worker_loses_only_the_requests_it_held(site_tree, tmp_path):
    server = start_gunicorn(tmp_path / "gunicorn.log", workers=2)
    outcomes = []  # (started, finished, status)
    stop = threading.Event()

    def visitor():
        while not stop.is_set():
            started = time.monotonic()
            status, _body = get(server.base_url + "/vi/")
            outcomes.append((started, time.monotonic(), status))

    visitors = [threading.Thread(target=visitor) for _ in range(4)]
    try:
        for thread in visitors:
            thread.start()
        wait_for(lambda: sum(status == 200 for *_times, status in outcomes) >= 20, what="steady traffic")
        workers = child_pids(server.pid)
        victim = sorted(workers)[0]
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        replaced = wait_for(
            lambda: (pids := child_pids(server.pid)) and len(pids) == 2 and victim not in pids and pids,
            what="gunicorn to replace the killed worker",
        )
        settled = time.monotonic()
        wait_for(lambda: sum(started > settled and status == 200 for started, _end, status in outcomes) >= 20,
                 what="traffic after the replacement")  # fmt: skip
    finally:
        stop.set()
        for thread in visitors:
            thread.join(60)
        server.stop()
    assert victim not in replaced and len(replaced - workers) == 1  # one new worker in its place
    failures = [(started, finished) for started, finished, status in outcomes if status != 200]
    # Every failed request was in flight when the worker died; none before, none after.
    assert all(started <= killed_at <= finished for started, finished in failures), failures
    assert len(failures) <= len(visitors)
    assert sum(status == 200 for *_times, status in outcomes) >= 40


# --- PostgreSQL ----------------------------------------------------------------------------------------------


def test_while_postgresql_is_gone_pages_answer_503_quickly_then_recover_without_a_restart(site_tree, tmp_path):
    """What needs the database answers 503 at once; pages already in the page cache go on being served."""
    from django.db import connection

    proxy = TcpProxy(connection.settings_dict["HOST"], int(connection.settings_dict["PORT"]))
    server = start_gunicorn(tmp_path / "gunicorn.log", workers=1, DATABASE_URL=database_url("127.0.0.1", proxy.port))
    signed_in = {"Cookie": "sessionid=not-served-from-the-cache"}
    try:
        assert get(server.base_url + "/vi/")[0] == 200
        cached_home = get(server.base_url + "/vi/")
        worker_before = child_pids(server.pid)

        proxy.cut()  # PostgreSQL stops: open connections drop, new ones are refused
        during = []
        for path, headers in (("/vi/tin-tuc/", None), ("/vi/", signed_in), ("/vi/tin-tuc/", None)):
            started = time.monotonic()
            status, body = get(server.base_url + path, headers=headers)
            during.append((status, time.monotonic() - started, body))
        home_during = get(server.base_url + "/vi/")
        ready_status, ready_body = get(server.base_url + "/readyz")
        health_status, _body = get(server.base_url + "/healthz")

        proxy.restore()  # PostgreSQL is back
        after = wait_for(lambda: get(server.base_url + "/vi/", headers=signed_in)[0] == 200, timeout=30,
                         what="the site to recover")  # fmt: skip
        news_after = get(server.base_url + "/vi/tin-tuc/")
        worker_after = child_pids(server.pid)
    finally:
        server.stop()
        proxy.close()
    for status, elapsed, body in during:
        assert status == 503, (status, body[:300])
        assert UNAVAILABLE in body
        assert elapsed < NOT_HANGING
    assert home_during == cached_home  # visitors still read the home page they were reading
    assert ready_status == 503 and '"database"' in ready_body
    assert health_status == 200
    assert after and news_after[0] == 200
    assert worker_after == worker_before  # the same worker process recovered: nothing restarted


def test_readyz_fails_when_postgresql_answers_reads_but_refuses_writes(site_tree, tmp_path):
    """A read-only PostgreSQL (a standby after a failover, a full disk's emergency mode): pages still
    read, but a host that cannot save an editor's work or a feedback is not ready."""
    read_only = database_url() + "?options=-c%20default_transaction_read_only%3Don"
    server = start_gunicorn(tmp_path / "gunicorn.log", workers=1, DATABASE_URL=read_only)
    try:
        page_status, _body = get(server.base_url + "/vi/")
        ready_status, ready_body = get(server.base_url + "/readyz")
    finally:
        server.stop()
    assert page_status == 200  # reads work: a SELECT 1 probe would call this host ready
    assert ready_status == 503 and json.loads(ready_body)["problems"] == {"database": "not writable"}
    assert "read-only" not in ready_body  # the driver's message is in the log only
    assert "read-only transaction" in server.output()


def test_the_worker_keeps_running_while_postgresql_is_gone(queued_tasks, tmp_path):
    from django.db import connection

    proxy = TcpProxy(connection.settings_dict["HOST"], int(connection.settings_dict["PORT"]))
    worker = start_worker(tmp_path / "worker.log", DATABASE_URL=database_url("127.0.0.1", proxy.port))
    try:
        wait_for(lambda: "Worker started" in worker.output(), what="the worker")
        proxy.cut()
        time.sleep(2)  # a few polls against a stopped database
        proxy.restore()
        marker = f"faults-{uuid.uuid4().hex[:8]}"
        enqueued = record_in_two_steps.enqueue(marker, pause=0, attempts_file=str(tmp_path / "attempts"))
        wait_for(lambda: DBTaskResult.objects.get(pk=enqueued.id).status == TaskResultStatus.SUCCESSFUL,
                 what="a task queued after the outage")  # fmt: skip
    finally:
        assert worker.stop() == 0, worker.output()
        proxy.close()
    assert worker.popen.returncode == 0
    assert "the task queue is unavailable" in worker.output()
    assert "the task queue is available again" in worker.output()


# --- PostgreSQL refusing writes: feedback is stored or honestly refused ---------------------------------------


def test_feedback_on_a_read_only_or_locked_postgresql_is_refused_honestly_then_stored(site_tree, tmp_path):
    """A standby (read-only transactions) and a lock held past `lock_timeout`: the sender is told the message was
    NOT received (503, the text kept), and nothing is stored; on the writable database it is stored."""
    import psycopg
    from django.db import connection

    read_only = start_gunicorn(
        tmp_path / "read-only.log",
        workers=1,
        DATABASE_URL=database_url() + "?options=-c%20default_transaction_read_only%3Don",
    )
    try:
        read_only_answer = send_feedback(read_only.base_url, "Góp ý khi chỉ đọc")
    finally:
        read_only.stop()
    locking = start_gunicorn(
        tmp_path / "locked.log", workers=1, DATABASE_URL=database_url() + "?options=-c%20lock_timeout%3D1000"
    )
    params = connection.settings_dict
    holder = psycopg.connect(
        host=params["HOST"], port=params["PORT"], user=params["USER"], password=params["PASSWORD"] or None,
        dbname=params["NAME"],
    )  # fmt: skip
    try:
        holder.execute("LOCK TABLE feedback_feedback IN EXCLUSIVE MODE")  # another session writing, for long
        locked_answer = send_feedback(locking.base_url, "Góp ý trong lúc khóa")
        holder.rollback()
        status, body, reference = send_feedback(locking.base_url, "Góp ý sau sự cố")
    finally:
        holder.close()
        locking.stop()
    for answer in (read_only_answer, locked_answer):
        assert answer[0] == 503 and NOT_RECEIVED in answer[1] and answer[2] is None, answer[1][-2000:]
    assert status == 200 and reference in body
    assert list(Feedback.objects.values_list("reference", flat=True)) == [reference]
    assert "Traceback" not in read_only.output() + locking.output()


# --- search engine -------------------------------------------------------------------------------------------


def engine_at(port):
    return {
        "default": {
            "BACKEND": "search_backends.OpenSearch2SearchBackend",
            "URLS": [f"http://127.0.0.1:{port}"],
            "INDEX_PREFIX": "faults_engine_down_",
            "TIMEOUT": 2,
            "OPTIONS": {"timeout": 2, "max_retries": 0, "retry_on_timeout": False},
            "AUTO_UPDATE": False,
        },
        "database": {"BACKEND": "search_backends.DatabaseSearchBackend", "AUTO_UPDATE": True},
    }


@pytest.fixture
def searchable_page(site_tree):
    return plan_article(site_tree["vi"])


def search_while(backends, client):
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        started = time.monotonic()
        response = api(client, q="ke hoach truyen thong")
        page = client.get("/vi/tim-kiem/", {"q": "kế hoạch truyền thông"})
        return response, page, time.monotonic() - started


def assert_answered_from_the_database(response, page, elapsed, searchable_page):
    assert response.status_code == 200 and page.status_code == 200
    assert response.json()["results"][0]["title"] == searchable_page.title
    assert response.json()["notices"]
    body = page.content.decode()
    assert searchable_page.title in body
    assert "Công cụ tìm kiếm không phản hồi" in body  # the notice, in Vietnamese
    assert elapsed < NOT_HANGING
    assert QueryRecord.objects.filter(backend="database").exists()


def test_with_the_engine_stopped_search_answers_from_the_database(client, searchable_page):
    from tests.faults_support import free_port

    port = free_port()
    response, page, elapsed = search_while(engine_at(port), client)  # nothing listens there
    assert_answered_from_the_database(response, page, elapsed, searchable_page)
    with override_settings(WAGTAILSEARCH_BACKENDS=engine_at(port)):
        ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["problems"] == {"search": "unreachable"}
    assert str(port) not in ready.content.decode()  # the engine's address is in the log only


def test_with_the_engine_stuck_search_answers_from_the_database(client, searchable_page):
    proxy = TcpProxy("127.0.0.1", 9200)
    proxy.hang()  # connections are accepted and never answered
    try:
        response, page, elapsed = search_while(engine_at(proxy.port), client)
    finally:
        proxy.close()
    assert_answered_from_the_database(response, page, elapsed, searchable_page)
