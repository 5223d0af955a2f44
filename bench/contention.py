"""Contention: editors save drafts and publish while visitors search and send feedback; counts every lost action.

    python bench/contention.py [--database-url URL] [--visitors 8] [--publications 20] [--drafts 10]
                               [--feedback 5] [--workers 3] [--seconds 0]

Starts what `make serve` starts, with production settings: the visitors' gunicorn pool (--workers, gthread,
2 threads each), the editors' pool (2 workers) and the background worker (`run_worker`, which runs the
search-index updates and the other tasks a publication queues), on the database of --database-url or
$DATABASE_URL (a PostgreSQL database is created and migrated if needed; without either, the embedded
default: a fresh SQLite file). Then, at the same time:

* --visitors threads search, each request a different query, so every one writes its analytics record;
* two editors (administrators, each in their own session on the editors' pool) take turns on the same news
  article: save a draft (the edit form, as the browser posts it) and publish it directly, --publications
  publications and --drafts draft saves in all;
* --feedback submissions of the public feedback form.

Afterwards it waits for the queue to drain, then counts in the database what each side was told: every
publication answered "published" must be recorded, every draft answered "saved" must be a revision, every
feedback answered with a reference code must be a row; and it counts 5xx answers, failed tasks and the
"database is locked" lines in the servers' logs. Prints the inputs, the machine and its load, medians and
the counts; exits non-zero when anything was lost or answered 5xx (the test suite runs a small version:
tests/site_lak/test_sqlite_contention.py). --seconds keeps the visitors searching at least that long.
"""

import argparse
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from load import ROOT, free_port, prepare, production_environment, wait_until_up
from machine import describe, load_average

from tests.http_session import AdminSession
from tests.http_session import Browser as HttpBrowser

ADMIN = ("admin", "thptlak-demo-2024")  # bootstrap_site --demo's administrator
FEEDBACK_PATH = "/vi/gop-y/"
FEEDBACK_MIN_SECONDS = 3  # feedback.forms.min_seconds(): a form sent sooner is taken for a robot
REFERENCE_RE = re.compile(r"[?&]ma=([A-Z0-9-]+)")
LOCKED = "database is locked"

COUNTS_SCRIPT = """
import json, sys
from django_tasks_db.models import DBTaskResult
from editorial.models import DirectPublication
from feedback.records import Feedback
from search_analytics.models import QueryRecord
from wagtail.models import Page
spec = json.loads(SPEC)
page = Page.objects.get(pk=spec["page_id"]).specific
summaries = [revision.content.get("summary", "") for revision in page.revisions.all()]
print("COUNTS " + json.dumps({
    "publications": DirectPublication.objects.filter(reason__startswith=spec["marker"]).count(),
    "drafts": sum(1 for summary in summaries if summary.startswith(spec["marker"])),
    "feedback": Feedback.objects.filter(reference__in=spec["references"]).count(),
    "search_records": QueryRecord.objects.filter(query__startswith=spec["marker"].lower()).count(),
    "tasks_failed": DBTaskResult.objects.failed().count(),
    "tasks_waiting": DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).count(),
    "live_summary": page.summary,
}))
"""


class FormFields(HTMLParser):
    """The fields a browser would send from the form `selector` ("#id" or ".class"; no file inputs, no
    buttons), and the names of its stream fields (Wagtail's `data-controller="w-block"` elements)."""

    def __init__(self, selector):
        super().__init__(convert_charrefs=True)
        self.selector = selector
        self.inside = False
        self.fields = []
        self.streams = []
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            kind, name = self.selector[0], self.selector[1:]
            self.inside = attrs.get("id") == name if kind == "#" else name in (attrs.get("class") or "").split()
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in {"file", "submit", "button", "radio"}:
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.fields.append([name, attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else "")])
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.fields.append(self.textarea)
        elif tag == "select" and name:
            self.select = [name, None]
            self.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            if self.select[1] is None or "selected" in attrs:
                self.select[1] = attrs.get("value", "")
        elif attrs.get("data-controller") == "w-block" and attrs.get("id"):
            self.streams.append(attrs["id"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


class Browser(HttpBrowser):
    """A visitor's or an editor's browser: forms posted as lists of fields; any answer, 5xx included, is
    returned, not raised, and a failed connection too."""

    def open(self, path, fields=None, headers=None, data=None):
        """(status, final url, body), or (None, "", error) when the connection failed."""
        if fields is not None:
            data = urllib.parse.urlencode([tuple(field) for field in fields]).encode()
            headers = {"Referer": self.base + path, **(headers or {})}
        try:
            return super().open(path, data=data, headers=headers)
        except OSError as error:
            return None, "", f"{error.__class__.__name__}: {error}"

    def form(self, path, selector=None):
        """The fields of the page's form `selector` (else just the CSRF token) and its stream fields; None and
        [] when the page does not answer."""
        status, _url, body = self.open(path)
        if status != 200:
            return None, []
        if selector is None:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            return ([["csrfmiddlewaretoken", token.group(1)]] if token else None), []
        parser = FormFields(selector)
        parser.feed(body)
        return parser.fields, parser.streams


class CountedRedirects(urllib.request.HTTPRedirectHandler):
    """Counts the redirects followed: Wagtail answers a saved draft with a redirect to the edit page, and a refused
    one (a validation error) with the edit page itself, at the same address."""

    def __init__(self):
        self.count = 0

    def redirect_request(self, *args, **kwargs):
        self.count += 1
        return super().redirect_request(*args, **kwargs)


class Editor(AdminSession, Browser):
    """An administrator signed in through the login form."""

    def __init__(self, base, username, password):
        super().__init__(base, username, password)
        self.redirects = CountedRedirects()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self.redirects)

    def edit_form(self, page_id):
        """The page's edit form as the browser would send it unchanged (None if it does not open)."""
        fields, streams = self.form(f"/admin/pages/{page_id}/edit/", "#page-edit-form")
        if fields is None:
            return None
        return fields + [[f"{stream}-count", "0"] for stream in streams]  # the stream's blocks are drawn by script

    def save_draft(self, page_id, summary, form=None):
        """Saves a draft with a new summary through the edit form (`form`, else opened now); (status, True
        when Wagtail saved it: redirected back to the edit page), or None when the form did not open."""
        path = f"/admin/pages/{page_id}/edit/"
        form = form or self.edit_form(page_id)
        if form is None:
            return None
        redirects = self.redirects.count
        status, url, _body = self.open(path, [[name, summary if name == "summary" else value] for name, value in form])
        return status, status == 200 and url.endswith(path) and self.redirects.count > redirects

    def publish_form(self, page_id):
        return self.form(f"/admin/editorial/publish/{page_id}/")[0]

    def publish(self, page_id, reason, form=None):
        """Publishes the page directly with `reason`; (status, True when the admin shows its history)."""
        form = form or self.publish_form(page_id)
        if form is None:
            return None
        status, url, _body = self.open(f"/admin/editorial/publish/{page_id}/", [*form, ["reason", reason]])
        return status, status == 200 and url.endswith(f"/admin/pages/{page_id}/history/")


class Outcomes:
    """What every thread was answered, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []  # (kind, status, ok, seconds)

    def add(self, kind, status, ok, seconds):
        with self.lock:
            self.rows.append((kind, status, ok, seconds))

    def of(self, kind):
        return [row for row in self.rows if row[0] == kind]


def timed(outcomes, kind, action):
    started = time.perf_counter()
    try:
        result = action()
    except Exception as error:  # counted as a failure, whatever it was
        print(f"{kind}: {error.__class__.__name__}: {error}", file=sys.stderr)
        result = None
    status, ok = result if result is not None else (None, False)
    outcomes.add(kind, status, ok, time.perf_counter() - started)
    return ok


def visitor(base, marker, number, stop, outcomes):
    browser = Browser(base)
    words = ["tuyển sinh", "lịch thi", "học bổng", "thời khóa biểu", "góp ý", "công khai", "ngoại khóa"]
    rng = random.Random(number)
    for count in itertools.count():
        if stop.is_set():
            return
        query = f"{marker} {rng.choice(words)} {number}-{count}"  # every query new: nothing cached answers it
        path = "/vi/tim-kiem/?" + urllib.parse.urlencode({"q": query})
        timed(outcomes, "search", lambda path=path: (browser.open(path)[0], True))


def editor(admin_base, page_id, marker, turns, outcomes):
    """One editor's turns: [("draft" | "publish", number)]."""
    session = Editor(admin_base, *ADMIN)
    for kind, number in turns:
        if kind == "draft":
            timed(outcomes, "draft", lambda n=number: session.save_draft(page_id, f"{marker} draft {n}"))
        else:
            timed(outcomes, "publish", lambda n=number: session.publish(page_id, f"{marker} publication {n}"))


def send_feedback(base, marker, number, outcomes, references):
    """One visitor's feedback: the form opened, filled in for a few seconds, sent."""
    browser = Browser(base)
    fields, _streams = browser.form(FEEDBACK_PATH, ".feedback-form")
    if fields is None:
        outcomes.add("feedback", None, False, 0)
        return
    time.sleep(FEEDBACK_MIN_SECONDS + 0.5)
    answers = {"subject": f"{marker} góp ý {number}", "message": "Xin hỏi lịch họp phụ huynh học kỳ này.",
               "consent": "on", "category": "question"}  # fmt: skip
    fields = [[name, answers.get(name, value)] for name, value in fields if name not in answers]
    fields += [[name, value] for name, value in answers.items()]
    # Each from its own address (behind the documented nginx: X-Forwarded-For), as a school's parents are.
    headers = {"X-Forwarded-For": f"10.0.{number // 250}.{number % 250 + 1}"}
    started = time.perf_counter()
    status, url, body = browser.open(FEEDBACK_PATH, fields, headers)
    reference = REFERENCE_RE.search(url)
    if reference:
        with references_lock:
            references.append(reference.group(1))
    outcomes.add("feedback", status, bool(reference), time.perf_counter() - started)


references_lock = threading.Lock()


def run_scenario(base, admin_base, page_id, marker, visitors=8, publications=20, drafts=10, feedback=5, seconds=0):
    """Visitors search while two editors save and publish and visitors send feedback; the answers."""
    outcomes = Outcomes()
    references = []
    stop = threading.Event()
    searchers = [threading.Thread(target=visitor, args=(base, marker, n, stop, outcomes)) for n in range(visitors)]
    turns = [("publish", n) for n in range(publications)] + [("draft", n) for n in range(drafts)]
    random.Random(7).shuffle(turns)
    editors = [
        threading.Thread(target=editor, args=(admin_base, page_id, marker, turns[n::2], outcomes)) for n in range(2)
    ]
    senders = [
        threading.Thread(target=send_feedback, args=(base, marker, n, outcomes, references)) for n in range(feedback)
    ]
    started = time.monotonic()
    for thread in searchers:
        thread.start()
    time.sleep(1)  # the visitors first
    for thread in editors + senders:
        thread.start()
    for thread in editors + senders:
        thread.join()
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    stop.set()
    for thread in searchers:
        thread.join()
    return outcomes, references, time.monotonic() - started


def database_counts(environment, page_id, marker, references):
    spec = json.dumps({"page_id": page_id, "marker": marker, "references": references})
    script = f"SPEC = {spec!r}\n" + COUNTS_SCRIPT
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    return json.loads(next(line for line in output.splitlines() if line.startswith("COUNTS "))[7:])


def wait_for_queue(environment, page_id, marker, references, timeout=120):
    deadline = time.monotonic() + timeout
    while True:
        counts = database_counts(environment, page_id, marker, references)
        if not counts["tasks_waiting"] or time.monotonic() > deadline:
            return counts
        time.sleep(1)


class Stack:
    """The visitors' pool, the editors' pool and the worker, each logging to a file in `scratch`."""

    def __init__(self, environment, scratch, workers):
        self.scratch = Path(scratch)
        gunicorn = [sys.executable, "-m", "gunicorn", "--config", "site_lak/gunicorn.conf.py"]
        self.base = "http://" + environment["BIND"]
        admin_port = free_port()
        self.admin_base = f"http://127.0.0.1:{admin_port}"
        self.processes = {}
        self.start("web", gunicorn, {**environment, "WEB_CONCURRENCY": str(workers)})
        self.start("admin", gunicorn, {**environment, "BIND": f"127.0.0.1:{admin_port}", "WEB_CONCURRENCY": "2"})
        self.start("worker", [sys.executable, "manage.py", "run_worker", "--poll", "0.5"], environment)
        wait_until_up(self.base, self.processes["web"][0], timeout=180)
        wait_until_up(self.admin_base, self.processes["admin"][0], timeout=180)

    def start(self, name, command, environment):
        log = open(self.scratch / f"{name}.log", "w")
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        self.processes[name] = (process, log)

    def stop(self):
        for process, _log in self.processes.values():
            process.terminate()
        for process, log in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()

    def log_count(self, text):
        return sum((self.scratch / f"{name}.log").read_text(errors="replace").count(text) for name in self.processes)

    def logs(self):
        return {name: (self.scratch / f"{name}.log").read_text(errors="replace") for name in self.processes}


def summarize(outcomes, references, counts, locked_lines):
    def count(kind, predicate=lambda row: True):
        return sum(1 for row in outcomes.of(kind) if predicate(row))

    server_errors = sum(1 for row in outcomes.rows if row[1] is None or row[1] >= 500)
    return {
        "searches": count("search"),
        "searches_5xx": count("search", lambda row: row[1] is None or row[1] >= 500),
        "search_records": counts["search_records"],
        "drafts_attempted": count("draft"),
        "drafts_saved": count("draft", lambda row: row[2]),
        "drafts_stored": counts["drafts"],
        "publications_attempted": count("publish"),
        "publications_succeeded": count("publish", lambda row: row[2]),
        "publications_recorded": counts["publications"],
        "feedback_submitted": count("feedback"),
        "feedback_acknowledged": len(references),
        "feedback_stored": counts["feedback"],
        "feedback_refused": count("feedback", lambda row: not row[2] and row[1] in (429, 503)),
        "server_errors": server_errors,
        "tasks_failed": counts["tasks_failed"],
        "tasks_waiting": counts["tasks_waiting"],
        "locked_in_logs": locked_lines,
        "medians_ms": {
            kind: round(statistics.median(row[3] for row in outcomes.of(kind)) * 1000)
            for kind in ("search", "draft", "publish", "feedback")
            if outcomes.of(kind)
        },
    }


def lost(summary):
    """What went wrong: empty when every action was kept and nothing answered 5xx."""
    problems = []
    requested = summary.get("requested", {})
    for kind, attempted in (("publications", "publications_attempted"), ("drafts", "drafts_attempted"),
                            ("feedback", "feedback_submitted")):  # fmt: skip
        if summary[attempted] != requested.get(kind, summary[attempted]):
            problems.append(f"only {summary[attempted]} of {requested[kind]} {kind} were attempted")
    if summary["server_errors"]:
        problems.append(f"{summary['server_errors']} answers were 5xx or no answer")
    if summary["publications_succeeded"] != summary["publications_attempted"]:
        problems.append(
            f"{summary['publications_attempted'] - summary['publications_succeeded']} of "
            f"{summary['publications_attempted']} publications failed"
        )
    if summary["publications_recorded"] != summary["publications_succeeded"]:
        problems.append("a publication answered 'published' is not recorded")
    if summary["drafts_saved"] != summary["drafts_attempted"]:
        problems.append(f"{summary['drafts_attempted'] - summary['drafts_saved']} draft saves failed")
    if summary["drafts_stored"] != summary["drafts_saved"]:
        problems.append("a draft answered 'saved' is not stored")
    if summary["feedback_stored"] != summary["feedback_acknowledged"]:
        problems.append("a feedback answered with a reference code is not stored")
    if summary["feedback_acknowledged"] + summary["feedback_refused"] != summary["feedback_submitted"]:
        problems.append("a feedback was neither acknowledged nor honestly refused")
    if summary["tasks_failed"]:
        problems.append(f"{summary['tasks_failed']} background tasks failed")
    return problems


def run(environment, scratch, page_id, workers, **scenario):
    """Start the stack on the prepared database, run the scenario, stop; (summary, logs)."""
    marker = f"tranh{random.randrange(10**6):06d}"
    stack = Stack(environment, scratch, workers)
    try:
        outcomes, references, elapsed = run_scenario(stack.base, stack.admin_base, page_id, marker, **scenario)
        wait_for_queue(environment, page_id, marker, references)
    finally:
        stack.stop()
    # Counted once the servers are stopped: a gunicorn worker writes the search records still waiting in its
    # memory (no shared cache) as it leaves (search_analytics.signals).
    counts = database_counts(environment, page_id, marker, references)
    summary = summarize(outcomes, references, counts, stack.log_count(LOCKED))
    summary["seconds"] = round(elapsed, 1)
    summary["requested"] = {key: scenario.get(key, 0) for key in ("publications", "drafts", "feedback")}
    return summary, stack.logs()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: $DATABASE_URL, else a fresh SQLite file")
    parser.add_argument("--visitors", type=int, default=8, help="visitors searching at once (default 8)")
    parser.add_argument("--publications", type=int, default=20, help="direct publications (default 20)")
    parser.add_argument("--drafts", type=int, default=10, help="draft saves (default 10)")
    parser.add_argument("--feedback", type=int, default=5, help="feedback submissions (default 5)")
    parser.add_argument("--workers", type=int, default=3, help="visitors' gunicorn workers (default 3)")
    parser.add_argument("--seconds", type=float, default=0, help="keep the visitors searching at least this long")
    args = parser.parse_args()
    database_url = args.database_url or os.environ.get("DATABASE_URL")

    scratch = Path(tempfile.mkdtemp(prefix="site_lak_contention_"))
    environment = production_environment(scratch, free_port(), database_url)
    environment.pop("BENCHMARK_VIEWS")
    try:
        print("Preparing the demo site (migrate, bootstrap_site --demo, collectstatic, update_index)…", flush=True)
        urls = prepare({**environment, "TASKS_BACKEND": "immediate"})
        load_before = load_average()
        summary, _logs = run(
            environment,
            scratch,
            urls["article_id"],
            args.workers,
            visitors=args.visitors,
            publications=args.publications,
            drafts=args.drafts,
            feedback=args.feedback,
            seconds=args.seconds,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    database = environment["DATABASE_URL"].split(":", 1)[0]
    print()
    print(f"Machine: {describe()} (load average before the run {load_before})")
    print(
        f"Inputs: database {database}; visitors' pool {args.workers} gunicorn workers × 2 threads, editors' pool "
        f"2 × 2, one run_worker; {args.visitors} visitors searching (every query new), 2 editors taking turns on "
        f"one article: {args.publications} direct publications and {args.drafts} draft saves; "
        f"{args.feedback} feedback submissions; {summary['seconds']} s"
    )
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    problems = lost(summary)
    print("Nothing lost, no 5xx." if not problems else "LOST: " + "; ".join(problems))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
