"""SQLite, the embedded default, on a school's ordinary day and on its bad days, with real processes.

Whatever database the suite itself runs on, these tests start what `make serve` starts (production
settings: gunicorn with several workers, the editors' pool and `run_worker`) on a SQLite *file* made by
`bootstrap_site --demo` (kept in test-artifacts/ between runs, rebuilt when a migration changes), and
drive them over HTTP:

* contention: editors save drafts and publish while visitors search (each search writes its analytics
  record) and send feedback: nothing is lost and nothing answers 5xx (bench/contention.py, small);
* feedback is stored or honestly refused when the database is locked past the busy timeout, read-only, or
  its disk is full: the reference code and a row, or a 503 saying it was NOT received, never a 500;
* an editor's save that meets a lock gets the 503 page saying it was not saved;
* a background task that meets a lock runs again later instead of failing for good;
* a search ranks its results in one pass over the full-text index, in modelsearch's order.

The faults are SQLite's own errors: a second connection holding `BEGIN IMMEDIATE`, SQLite's query-only
mode, and a file-size limit (RLIMIT_FSIZE) on the server so its writes fail as on a full disk.
"""

import hashlib
import html
import json
import re
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

from tests.faults_support import Process, child_pids, free_port, wait_for

# bench/ is a folder of scripts that import each other by name (bench/load.py, bench/machine.py).
sys.path.insert(0, str(Path(settings.BASE_DIR) / "bench"))
import contention  # noqa: E402
from load import prepare, production_environment  # noqa: E402

ROOT = Path(settings.BASE_DIR)
ARTIFACTS = ROOT / "test-artifacts"
NOT_RECEIVED = "CHƯA được nhận"  # the feedback form's 503 message, in Vietnamese
NOT_SAVED = "CHƯA được lưu"  # the site's 503 page after a POST
UNAVAILABLE = "Xin vui lòng thử lại sau ít phút"


def template_key():
    """Changes when a migration or the bootstrapped content does."""
    digest = hashlib.sha256()
    sources = [*ROOT.glob("*/migrations/*.py"), *ROOT.glob("*/demo.py"), *ROOT.glob("*/setup.py")]
    for path in sorted([*sources, ROOT / "core" / "bootstrap.py"]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    """(path of a migrated SQLite file with the demo site, its URLs); built once, reused while unchanged."""
    ARTIFACTS.mkdir(exist_ok=True)
    template = ARTIFACTS / f"sqlite-demo-{template_key()}.sqlite3"
    urls_file = template.with_suffix(".json")
    scratch = tmp_path_factory.mktemp("sqlite-template")
    environment = server_environment(scratch, scratch / "build.sqlite3")
    if not template.exists() or not urls_file.exists():
        urls = prepare({**environment, "TASKS_BACKEND": "immediate"})
        copy_database(scratch / "build.sqlite3", template)
        urls_file.write_text(json.dumps(urls))
    else:  # the production settings' static files manifest, which a fresh checkout lacks
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
    return template, json.loads(urls_file.read_text())


def copy_database(source, target):
    """A consistent copy through SQLite's backup API (the WAL included)."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    copy.close()
    origin.close()


def server_environment(scratch, database, **overrides):
    """Production settings on the SQLite file `database`: no search engine, the database cache table,
    whatever the suite itself runs on."""
    environment = production_environment(scratch, free_port(), f"sqlite:///{database}")
    for variable in ("SEARCH_URL", "CACHE_URL", "EMAIL_URL", "BENCHMARK_VIEWS"):
        environment.pop(variable, None)
    environment.update(overrides)
    return environment


@pytest.fixture
def site(demo_database, tmp_path):
    """A fresh copy of the demo database for one test: (environment, scratch folder, database path, urls)."""
    template, urls = demo_database
    database = tmp_path / "site.sqlite3"
    copy_database(template, database)
    # As an hour after the template was built, whenever that was: every cached value has expired (Wagtail's
    # sites' root paths among them), so the first requests must remove or write them again.
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE site_lak_cache SET expires = '2000-01-01 00:00:00'")
    connection.close()
    return server_environment(tmp_path, database), tmp_path, database, urls


def start_server(environment, log_path, workers=1, query="", preexec_fn=None):
    """gunicorn with production settings; `query` is added to the database URL (e.g. "?timeout=1")."""
    environment = {**environment, "DATABASE_URL": environment["DATABASE_URL"] + query, "WEB_CONCURRENCY": str(workers)}
    command = [sys.executable, "-m", "gunicorn", "--config", "site_lak/gunicorn.conf.py"]
    server = Process(command, environment, log_path, preexec_fn=preexec_fn)
    server.base_url = "http://" + environment["BIND"]
    browser = contention.Browser(server.base_url)
    wait_for(lambda: len(child_pids(server.pid)) == workers and browser.open("/healthz")[0] == 200,
             timeout=180, what="gunicorn and its workers")  # fmt: skip
    return server


def feedback_rows(database):
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT reference FROM feedback_feedback ORDER BY id").fetchall()


def send_feedback(base_url, subject):
    """(status, body, reference): a visitor opens the feedback form, fills it in, sends it."""
    browser = contention.Browser(base_url)
    fields, _streams = browser.form(contention.FEEDBACK_PATH, ".feedback-form")
    time.sleep(contention.FEEDBACK_MIN_SECONDS + 0.5)
    answers = {"subject": subject, "message": "Xin hỏi lịch họp phụ huynh.", "consent": "on", "category": "question"}
    fields = [[name, value] for name, value in fields if name not in answers] + [list(item) for item in answers.items()]
    status, url, body = browser.open(contention.FEEDBACK_PATH, fields)
    reference = contention.REFERENCE_RE.search(url)
    return status, body, reference.group(1) if reference else None


class HeldLock:
    """Another process's write transaction: `BEGIN IMMEDIATE` on its own connection, until released."""

    def __init__(self, database):
        self.connection = sqlite3.connect(database, isolation_level=None, timeout=30)
        self.connection.execute("BEGIN IMMEDIATE")

    def release(self):
        self.connection.execute("ROLLBACK")
        self.connection.close()


# --- contention ------------------------------------------------------------------------------------------


def test_editors_visitors_and_feedback_lose_nothing_under_contention(site):
    environment, scratch, _database, urls = site
    summary, logs = contention.run(
        environment, scratch, urls["article_id"], 3, visitors=4, publications=8, drafts=4, feedback=3
    )
    assert contention.lost(summary) == [], (summary, {name: log[-3000:] for name, log in logs.items()})
    assert summary["publications_recorded"] == 8 and summary["drafts_stored"] == 4
    assert summary["feedback_stored"] == 3
    assert summary["searches"] > 0 and summary["search_records"] == summary["searches"]
    assert summary["locked_in_logs"] == 0


def test_every_click_on_a_search_result_counts_whichever_worker_answers_it(site):
    """Without a shared cache a search's record waits in the memory of the worker that answered it; the
    click on one of its results often reaches the other worker, before the record is written."""
    environment, scratch, database, _urls = site
    server = start_server(environment, scratch / "clicks.log", workers=2)
    tokens = []
    try:
        for query in ("tuyển sinh", "kế hoạch", "học sinh", "thi", "thông báo", "giáo viên", "lịch", "năm học"):
            status, _url, body = contention.Browser(server.base_url).open("/vi/tim-kiem/?" + urlencode({"q": query}))
            link = re.search(r'href="(/api/search/click/([0-9a-f]+)/\?to=[^"]+)"', body)
            assert status == 200 and link, (query, status)
            clicked = contention.Browser(server.base_url).open(html.unescape(link.group(1)))
            assert clicked[0] == 200 and "/api/search/" not in clicked[1], clicked[:2]  # on the result's page
            tokens.append(link.group(2))
    finally:
        server.stop()  # each worker writes the records still in its memory as it leaves
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            f"SELECT token, query, clicks FROM search_queryrecord WHERE token IN ({','.join('?' * len(tokens))})",
            tokens,
        ).fetchall()
    assert sorted(token for token, query, clicks in rows if query and clicks == 1) == sorted(tokens), rows
    assert "Traceback" not in server.output()


# --- feedback: stored, or honestly refused ----------------------------------------------------------------


def assert_not_received(answer, database, rows_before):
    status, body, reference = answer
    assert status == 503, (status, body[-2000:])
    assert NOT_RECEIVED in body and reference is None
    assert "Xin hỏi lịch họp phụ huynh." in body  # what was typed is still in the form
    assert feedback_rows(database) == rows_before  # not received, and indeed not stored


def assert_received(base_url, database):
    status, body, reference = send_feedback(base_url, "Góp ý sau sự cố")
    assert status == 200 and reference, (status, body[-2000:])
    assert reference in body  # the thanks page shows the code
    assert (reference,) in feedback_rows(database)


def test_feedback_while_the_database_is_locked_past_the_busy_timeout(site):
    environment, scratch, database, _urls = site
    server = start_server(environment, scratch / "gunicorn.log", query="?timeout=1")
    try:
        rows_before = feedback_rows(database)  # the demo's own feedback
        lock = HeldLock(database)  # another process writing, for longer than the server waits
        try:
            answer = send_feedback(server.base_url, "Góp ý trong lúc khóa")
        finally:
            lock.release()
        assert_not_received(answer, database, rows_before)
        assert_received(server.base_url, database)  # the lock is gone: the same server takes it
    finally:
        server.stop()
    assert "database is locked" in server.output()  # logged for the operator
    assert "Traceback" not in server.output()


def test_feedback_while_the_database_is_read_only(site):
    environment, scratch, database, _urls = site
    # SQLite's query-only mode: every write is refused with "attempt to write a readonly database".
    rows_before = feedback_rows(database)  # the demo's own feedback
    server = start_server(environment, scratch / "read-only.log", query="?init_command=PRAGMA%20query_only%3DON")
    try:
        answer = send_feedback(server.base_url, "Góp ý khi chỉ đọc")
    finally:
        server.stop()
    assert_not_received(answer, database, rows_before)
    assert "readonly database" in server.output()
    assert "Traceback" not in server.output()


def test_feedback_while_the_disk_is_full(site):
    environment, scratch, database, _urls = site
    rows_before = feedback_rows(database)  # the demo's own feedback
    holder = sqlite3.connect(database)  # keeps the WAL index the server maps, so the server need not grow it
    holder.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty write-ahead log: the server's writes go there
    limit = 8192  # bytes: the server can write no file beyond this, as on a full disk (a page is 4096)

    def full_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    server = start_server(environment, scratch / "disk-full.log", preexec_fn=full_disk)
    try:
        answer = send_feedback(server.base_url, "Góp ý khi đầy đĩa")
    finally:
        server.stop()
        holder.close()
    assert_not_received(answer, database, rows_before)
    assert "disk" in server.output()  # "disk I/O error" or "database or disk is full", logged


def test_an_editors_save_that_meets_a_lock_gets_the_not_saved_page(site):
    environment, scratch, database, urls = site
    page_id = urls["article_id"]
    server = start_server(environment, scratch / "admin.log", query="?timeout=1")
    try:
        editor = contention.Editor(server.base_url, *contention.ADMIN)
        edit_form, publish_form = editor.edit_form(page_id), editor.publish_form(page_id)  # open in the browser
        lock = HeldLock(database)  # then another process writes for longer than the server waits
        try:
            saved_during = editor.save_draft(page_id, "Bản nháp trong lúc khóa", edit_form)
            published = editor.open(
                f"/admin/editorial/publish/{page_id}/", [*publish_form, ["reason", "Đăng gấp thông báo khẩn"]]
            )
        finally:
            lock.release()
        saved_after = editor.save_draft(page_id, "Bản nháp sau khi mở khóa")
    finally:
        server.stop()
    assert saved_during == (503, False)
    assert published[0] == 503 and NOT_SAVED in published[2] and UNAVAILABLE in published[2]
    assert saved_after == (200, True)
    with sqlite3.connect(database) as connection:
        summaries = [row[0] for row in connection.execute(
            "SELECT json_extract(content, '$.summary') FROM wagtailcore_revision WHERE object_id = ?", [str(page_id)]
        )]  # fmt: skip
        published_rows = connection.execute("SELECT count(*) FROM editorial_directpublication").fetchone()[0]
    assert "Bản nháp sau khi mở khóa" in summaries and "Bản nháp trong lúc khóa" not in summaries
    assert published_rows == 0
    assert "Traceback" not in server.output()


# --- background tasks ------------------------------------------------------------------------------------


def task_row(database, task_id):
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = ?", [task_id.replace("-", "")]
        ).fetchone()


def test_a_task_that_meets_a_lock_runs_again_instead_of_failing(site):
    environment, scratch, database, _urls = site
    environment = {
        **environment,
        "TASKS_BACKEND": "database",
        "DATABASE_URL": environment["DATABASE_URL"] + "?timeout=1",
    }
    marker, go, attempts = "khoa-tam-thoi", scratch / "go", scratch / "attempts"
    worker = Process([sys.executable, "manage.py", "run_worker", "--poll", "0.2", "--interval", "3600"],
                     environment, scratch / "worker.log")  # fmt: skip
    try:
        arguments = ", ".join(repr(str(value)) for value in (marker, go, attempts))
        enqueue = f"from tests.faults_support import write_when_told as t; print(t.enqueue({arguments}).id)"
        task_id = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", enqueue], cwd=ROOT, env=environment, check=True,
            capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        wait_for(lambda: attempts.exists(), timeout=120, what="the first attempt")
        lock = HeldLock(database)  # another process writes for longer than the task waits (1 s)
        go.touch()
        time.sleep(2.5)
        lock.release()
        wait_for(lambda: task_row(database, task_id)[0] in ("SUCCESSFUL", "FAILED"), timeout=60, what="the task")
    finally:
        worker.stop()
    status, worker_ids = task_row(database, task_id)
    assert status == "SUCCESSFUL", worker.output()[-3000:]
    assert len(json.loads(worker_ids)) == 2  # the first attempt met the lock, the second wrote
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM search_queryrecord WHERE query = ?", [marker]).fetchone() == (
            1,
        )
    assert "will run again in 2 s" in worker.output()


RANKING_SCRIPT = """
import json
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from search_backends import search_backend
backend = search_backend()
found = {}
for text in %r:
    pages = Page.objects.live().filter(depth__gt=2)
    whole = [(page.pk, page._score) for page in backend.search(text, pages).annotate_score("_score")]
    with CaptureQueriesContext(connection) as queries:
        best = [(page.pk, page._score) for page in backend.search(text, pages).annotate_score("_score")[:3]]
    found[text] = {"whole": whole, "best": best, "sql": [query["sql"] for query in queries.captured_queries]}
print("RANKING " + json.dumps(found))
"""


def test_sqlite_search_ranks_in_one_pass_with_modelsearchs_order(site):
    """On the embedded default a search's best results come from one read of the full-text matches and their
    scores (search_backends.sqlite_ranking), not a MATCH per result, which took minutes at 10,000 pages
    (bench/search_load.py); the order and scores are modelsearch's own (its unsliced search)."""
    environment, _scratch, _database, _urls = site
    texts = ["học sinh", "hoc sinh", "tuyển sinh lớp 10", "kế hoạch"]
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", RANKING_SCRIPT % (texts,)],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = json.loads(next(line for line in output.splitlines() if line.startswith("RANKING "))[8:])
    assert max(len(found[text]["whole"]) for text in texts) >= 3
    for text in texts:
        whole, best = found[text]["whole"], found[text]["best"]
        assert [pk for pk, _score in best] == [pk for pk, _score in whole[:3]], text
        assert [score for _pk, score in best] == pytest.approx([score for _pk, score in whole[:3]]), text
        assert all(sql.count("MATCH") <= 1 for sql in found[text]["sql"]), found[text]["sql"]
