"""Load test: gunicorn with production settings against a bootstrapped demo site, driven by wrk.

    python bench/load.py [--seconds 20] [--connections 16] [--database-url URL] [--workers N]
                         [--only "bare,news article"] [--publications 15] [--check]

Starts the two gunicorn pools of `make serve` on 127.0.0.1 (visitors' at --web-nice, editors' for the
admin; DEBUG off, SECURE_SSL_REDIRECT=0, BENCHMARK_VIEWS=1 for the bare baseline view), with the
database from --database-url or $DATABASE_URL (created and migrated if needed; a fresh SQLite file
otherwise) and the search engine from $SEARCH_URL (the database backend otherwise). Then runs wrk
against each target for --seconds and prints requests/s, p50/p95/p99 latency, errors, the ratio to
the bare WSGI app and the workers' resident memory. The bare WSGI app is a third gunicorn with the same
settings serving `bench/bare_wsgi.py` (no Django at all). `--only` keeps the targets whose name
contains one of its comma-separated words; `--publications 0` skips the publications; `--check` exits
with status 1 when any request failed or answered an error (CI runs a small version: tests/bench/). "uncached" rows
send a session cookie, so every request renders the page (what a signed-in editor costs). Then an
administrator publishes under load, through the editors' pool and, for comparison, through the visitors' pool.
Needs wrk (`apt-get install -y wrk`). Prints figures; without `--check` it asserts nothing.
"""

import argparse
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from machine import describe, load_average

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.http_session import AdminSession  # noqa: E402 (the project root is on the path only now)

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d, " ..
    "\\"errors\\": %d, \\"status_errors\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status, e.status))
end
"""

URLS_SCRIPT = """
import json
from exams.models import ExamNoticePage
from news.models import NewsIndexPage, NewsPage
article = NewsPage.objects.live().public().filter(locale__language_code="vi").order_by("-date").first()
notice = ExamNoticePage.objects.live().public().filter(locale__language_code="vi").first()
index = NewsIndexPage.objects.live().filter(locale__language_code="vi").first()
urls = {"article": article.url, "article_id": article.pk, "notice": notice.url, "listing": index.url}
print("URLS " + json.dumps(urls))
"""


# A different request every time: the wrk threads take the items in turn (the first thread the odd ones, the
# second the even ones), each made into a request by the Lua expression given (`item` is the item).
IN_TURN = """
local items = {%s}
local next_offset = 0
setup = function(thread)
  thread:set("offset", next_offset)
  next_offset = next_offset + 1
end
counter = 0
request = function()
  local item = items[((counter * 2 + offset) %% #items) + 1]
  counter = counter + 1
  return %s
end
"""


def distinct_queries(count=4000, seed=9):
    """`count` different two-word queries of the generated archive's vocabulary, sorted."""
    from import_archive import WORDS

    rng = random.Random(seed)
    pairs = set()
    while len(pairs) < count:
        first, second = rng.sample(WORDS, 2)
        pairs.add(f"{first} {second}")
    return sorted(pairs)


def in_turn_script(lua_items, request):
    """A wrk script sending `request` (a Lua expression of `item`) for each of `lua_items` in turn."""
    return IN_TURN % (", ".join(lua_items), request)


def distinct_search_script(path, count=4000, seed=9):
    """Each request a different search (the results cache cannot answer any of them): two-word queries from
    the generated archive's vocabulary."""
    quoted = [f'"{urllib.parse.quote(pair)}"' for pair in distinct_queries(count, seed)]
    return in_turn_script(quoted, f'wrk.format(nil, "{path}?q=" .. item)')


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command, environment, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=environment, check=True, text=True, **kwargs)


def ensure_postgres_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def production_environment(scratch, port, database_url=None):
    """The environment of `make serve`'s processes for a benchmark: production settings on 127.0.0.1:`port`,
    uploads and (without `database_url`, or a PostgreSQL database created if missing) a SQLite file in
    `scratch`."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(
        DJANGO_SETTINGS_MODULE="site_lak.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        BENCHMARK_VIEWS="1",
        DEBUG="0",
        BIND=f"127.0.0.1:{port}",
        MEDIA_ROOT=str(scratch / "media"),
        SEARCH_INDEX_PREFIX=environment.get("SEARCH_INDEX_PREFIX", "bench_"),
        LOG_LEVEL="WARNING",
        # Steady state: recycling a worker every ~2000 requests (the production default) would empty its
        # local-memory cache several times a run, at this request rate.
        GUNICORN_MAX_REQUESTS="0",
    )
    if database_url:
        if database_url.startswith(("postgres://", "postgresql://")):
            ensure_postgres_database(database_url)
        environment["DATABASE_URL"] = database_url
    else:
        environment["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    return environment


def prepare(environment):
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--no-input", "--verbosity", "0"], environment)
    run([*manage, "bootstrap_site", "--demo"], environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run([*manage, "collectstatic", "--no-input", "--verbosity", "0"], environment)
    run([*manage, "update_index", "--verbosity", "0"], environment, stdout=subprocess.DEVNULL)
    output = run([*manage, "shell", "-c", URLS_SCRIPT], environment, capture_output=True).stdout
    return json.loads(next(line for line in output.splitlines() if line.startswith("URLS "))[5:])


def wait_until_up(base, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:  # refused, reset or timed out while it starts (URLError is an OSError)
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz within a minute")


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers.get("X-Cache", "-")


def worker_rss_mib(master_pid):
    output = subprocess.run(["ps", "-o", "rss=", "--ppid", str(master_pid)], capture_output=True, text=True).stdout
    sizes = [int(value) / 1024 for value in output.split()]
    return (max(sizes), sum(sizes), len(sizes)) if sizes else (0.0, 0.0, 0)


def run_wrk(url, seconds, connections, script, headers=()):
    command = [
        "wrk",
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "-s",
        script,
        "--timeout",
        "10s",
    ]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    report = json.loads(next(line for line in output.splitlines() if line.startswith("BENCH "))[6:])
    report["rps"] = report["requests"] / (report["duration_us"] / 1e6)
    return report


def publish_under_load(base, page_id, count, wrk_seconds):
    """Publish a page `count` times through the admin while wrk loads the site; seconds per publication.

    Each publication is the administrator's direct publish (reason form → Revision.publish, the same code
    the workflow's final approval runs), so it includes the cache purge and the search index update. It is
    timed from the form's submission to the page the admin shows next (the page's history), read in full
    (the form is fetched before the timer starts, as an editor has it open before clicking).
    """
    admin = AdminSession(base, "admin", "thptlak-demo-2024")
    path = f"/admin/editorial/publish/{page_id}/"
    timings = []
    time.sleep(2)  # let wrk reach its steady state first
    pause = max(0.2, (wrk_seconds - 4) / count)
    for number in range(count):
        token = admin.csrf_token(path)  # the editor opens the form; timed from the click on "Publish"
        started = time.perf_counter()
        status, final_url = admin.post(path, {"reason": f"Benchmark publication {number}"}, token)
        timings.append(time.perf_counter() - started)
        if status != 200 or not final_url.endswith(f"/admin/pages/{page_id}/history/"):
            raise SystemExit(f"publishing through the admin failed: {status} {final_url}")
        time.sleep(pause)
    return timings


def load_into(report, url, seconds, connections, script):
    report["wrk"] = run_wrk(url, seconds, connections, script)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def stack_inputs(environment):
    """(database, search backend, gunicorn workers) of the servers started with `environment`, as printed."""
    database = environment["DATABASE_URL"].split(":", 1)[0]
    search = environment.get("SEARCH_URL", "database backend").split("://")[0]
    workers = environment.get("WEB_CONCURRENCY", f"{(os.cpu_count() or 1) * 2 + 1} (CPU count × 2 + 1)")
    return database, search, workers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="wrk duration per target (default 20)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="default: $DATABASE_URL")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: from site_lak/gunicorn.conf.py)")
    parser.add_argument("--publications", type=int, default=15, help="admin publications under load (default 15)")
    parser.add_argument("--web-nice", type=int, default=10, help="niceness of the visitors' pool (default 10)")
    parser.add_argument("--only", default="", help="comma-separated words: only the targets whose name has one")
    parser.add_argument("--check", action="store_true", help="exit with status 1 on any error or non-2xx answer")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    scratch = Path(tempfile.mkdtemp(prefix="site_lak_bench_"))
    port = free_port()
    environment = production_environment(scratch, port, args.database_url)
    if args.workers:
        environment["WEB_CONCURRENCY"] = str(args.workers)

    print(f"Machine at the start: {describe()}", flush=True)
    print("Preparing the demo site (migrate, bootstrap_site --demo, collectstatic, update_index)…", flush=True)
    urls = prepare(environment)
    base = f"http://127.0.0.1:{port}"
    query = urllib.parse.quote("tuyển sinh")
    targets = [
        ("bare WSGI app", "/", []),
        ("bare Django view", "/bench/bare", []),
        ("home page", "/vi/", []),
        ("news article", urls["article"], []),
        ("exam notice", urls["notice"], []),
        ("news listing", urls["listing"], []),
        ("search, same query (results cache)", f"/vi/tim-kiem/?q={query}", []),
        ("search, every query different", f"/vi/tim-kiem/?q={query}", [], distinct_search_script("/vi/tim-kiem/")),
        ("home page, uncached", "/vi/", ["Cookie: sessionid=bench-uncached"]),
        ("news article, uncached", urls["article"], ["Cookie: sessionid=bench-uncached"]),
    ]
    # Render time without queueing: the uncached article with one connection at a time.
    single = ("news article, uncached, 1 connection", urls["article"], ["Cookie: sessionid=bench-uncached"])
    wanted = [word.strip() for word in args.only.split(",") if word.strip()]
    if wanted:
        targets = [target for target in targets if any(word in target[0] for word in wanted)]
    script = scratch / "report.lua"
    script.write_text(WRK_REPORT)

    gunicorn = [sys.executable, "-m", "gunicorn", "--config", "site_lak/gunicorn.conf.py"]
    gunicorn += ["--access-logfile", "/dev/null"]
    # The two pools of `make serve`: visitors' at nice WEB_NICE, and the editors' own, where nginx sends /admin/.
    server = subprocess.Popen(
        ["nice", "-n", str(args.web_nice), *gunicorn], cwd=ROOT, env=environment, stderr=subprocess.DEVNULL
    )
    admin_port = free_port()
    admin_base = f"http://127.0.0.1:{admin_port}"
    admin_environment = {**environment, "BIND": f"127.0.0.1:{admin_port}", "WEB_CONCURRENCY": "2"}
    admin_server = subprocess.Popen(gunicorn, cwd=ROOT, env=admin_environment, stderr=subprocess.DEVNULL)
    # The bare WSGI application on the same settings and niceness as the visitors' pool.
    bare_port = free_port()
    bare_base = f"http://127.0.0.1:{bare_port}"
    bare_environment = {**environment, "BIND": f"127.0.0.1:{bare_port}"}
    bare_server = subprocess.Popen(
        ["nice", "-n", str(args.web_nice), *gunicorn, "bench.bare_wsgi:application"],
        cwd=ROOT,
        env=bare_environment,
        stderr=subprocess.DEVNULL,
    )
    # The background worker, as `make serve` runs it: publications queue their search-index updates.
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=environment, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(base, server)
        wait_until_up(admin_base, admin_server)
        wait_until_up(bare_base, bare_server)
        rows = []
        for name, path, headers, *lua in targets:
            target_base = bare_base if name == "bare WSGI app" else base
            header_dict = dict(header.split(": ", 1) for header in headers)
            for _ in range(20):  # warm every worker's cache, and check the page answers
                status, cache = fetch(target_base + path, header_dict)
            target_script = script
            if lua:  # the target's own requests, and the same report
                target_script = scratch / f"target-{len(rows)}.lua"
                target_script.write_text(lua[0] + WRK_REPORT)
            report = run_wrk(target_base + path, args.seconds, args.connections, str(target_script), headers)
            report.update(
                name=name, path=path, status=status, cache=cache, rss=worker_rss_mib(server.pid), load=load_average()
            )
            rows.append(report)
            print(f"  {name}: {report['rps']:.0f} req/s, {report['errors']} errors (load {load_average()})", flush=True)
        name, path, headers = single
        if not wanted or any(word in name for word in wanted):
            report = run_wrk(base + path, args.seconds, 1, str(script), headers)
            report.update(
                name=name, path=path, status=status, cache="-", rss=worker_rss_mib(server.pid), load=load_average()
            )
            rows.append(report)

        # An administrator publishes the article through the admin while anonymous visitors load the
        # home page (every publication purges the page cache, so the load includes re-rendering): through
        # the editors' own pool, and for comparison through the visitors' pool (one pool for everything).
        publications = []
        print(f"Load average after the targets: {load_average()}", flush=True)
        for pool, pool_base in (("editors' pool", admin_base), ("visitors' pool", base)) if args.publications else ():
            under_load = {}
            loader = threading.Thread(
                target=load_into, args=(under_load, base + "/vi/", args.seconds, args.connections, str(script))
            )
            loader.start()
            times = publish_under_load(pool_base, urls["article_id"], args.publications, args.seconds)
            loader.join()
            publications.append((pool, times, under_load["wrk"]))
    finally:
        for process in (server, admin_server, bare_server, worker):
            process.terminate()
        for process in (server, admin_server, bare_server, worker):
            process.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)

    database, search, workers = stack_inputs(environment)
    cache_backend = environment.get("CACHE_URL", "database table (pages in each worker)").split("://")[0]
    print()
    print(f"Machine: {describe()}")
    print(
        f"Inputs: wrk 2 threads, {args.connections} connections, {args.seconds} s per target; gunicorn gthread, "
        f"{workers} workers × 2 threads, no worker recycling; database {database}, search {search}, "
        f"cache {cache_backend}"
    )
    # Ratios to the bare WSGI app when it was run (the first row otherwise).
    bare = next((row for row in rows if row["name"] == "bare WSGI app"), rows[0])["rps"] or 1
    print(f"Ratios (× bare) against: {next((row for row in rows if row['rps'] == bare), rows[0])['name']}")
    print()
    header = f"{'target':<38} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'× bare':>7}"
    print(header + f" {'X-Cache':>8} {'worker RSS max/total MiB':>25}  load 1/5/15 min")
    print("-" * (len(header) + 52))
    for row in rows:
        biggest, total, count = row["rss"]
        print(
            f"{row['name']:<38} {row['rps']:>8.0f} {row['p50'] / 1000:>8.1f} {row['p95'] / 1000:>8.1f} "
            f"{row['p99'] / 1000:>8.1f} {row['errors']:>7} {row['rps'] / bare:>7.2f} {row['cache']:>8} "
            f"{biggest:>10.0f} / {total:.0f} ({count})  {row['load']}"
        )
    print()
    for pool, times, under in publications:
        print(
            f"Publishing through the admin under load, {pool} ({args.publications} publications of the news "
            f"article while wrk loads the home page with {args.connections} connections: {under['rps']:.0f} req/s, "
            f"{under['errors']} errors): median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {percentile(times, 0.95) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
        )
    failed = [row["name"] for row in rows if row["errors"] or row["status_errors"]]
    failed += [pool for pool, _times, under in publications if under["errors"] or under["status_errors"]]
    if args.check and failed:
        raise SystemExit(f"errors or non-2xx answers: {', '.join(failed)}")


if __name__ == "__main__":
    main()
