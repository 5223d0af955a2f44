"""bench/load.py's search row alone: a different search on every request, on an archive already imported.

    DATABASE_URL=postgres://…/site_lak_bench SEARCH_URL=opensearch://127.0.0.1:9200 SEARCH_INDEX_PREFIX=bench_ \
        python bench/search_load.py [--root CHECKOUT] [--runs 2] [--seconds 20] [--connections 16]

The database is one `bench/import_archive.py` filled (10,000 records: `DATABASE_URL=… python
bench/import_archive.py`). `--root` names the checkout to serve (default: this one), so two releases can be
compared on the same database and engine: each run migrates it, builds the search index with the checkout's
own code (`update_index`; `--keep-index`: the one a run before built), then starts the visitors' gunicorn
pool of bench/load.py (production settings, same workers, threads and niceness) and runs wrk `--runs` times
on `/vi/tim-kiem/?q=…`, every request another two-word query of the archive's vocabulary (a new set each
run, and the shared cache emptied between runs, so neither the results cache nor the page cache answers).
Prints each run with the load average, and the medians.

With an engine (SEARCH_URL), it then measures the engine alone, the ceiling of any site in front of it on this
machine: the `_msearch` requests the checkout's own code sends for the same kind of searches (results, facets,
highlights and suggestions in one round trip, search_backends.multi_search), captured once and sent by wrk
straight to the engine, a different one on every request, with the same connections and runs.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import redis
from load import (
    WRK_REPORT,
    distinct_queries,
    distinct_search_script,
    fetch,
    free_port,
    in_turn_script,
    production_environment,
    run_wrk,
    stack_inputs,
    wait_until_up,
)
from machine import describe, load_average

ROOT = Path(__file__).resolve().parent.parent
COUNT_SCRIPT = "from wagtail.models import Page; print('PAGES', Page.objects.live().filter(depth__gt=2).count())"

# A visitor's search of each query in the file BENCH_QUERIES, as the results page runs it; what the site sent
# the engine is printed, one NDJSON body per search.
CAPTURE_SCRIPT = """
import json, os
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Locale
from search.query import run_search
from search_backends import search_backend
backend = search_backend()
sent = []
send = backend.es.msearch
def keep(**arguments):
    sent.append(arguments.get("searches") or arguments.get("body"))
    return send(**arguments)
backend.es.msearch = keep
locale = Locale.objects.get(language_code="vi")
for query in json.loads(open(os.environ["BENCH_QUERIES"]).read()):
    run_search({"q": query}, AnonymousUser(), locale, record=False, with_suggestions=True)
bodies = ["".join(json.dumps(part, ensure_ascii=False) + "\\n" for part in body) for body in sent]
print("BODIES " + json.dumps(bodies, ensure_ascii=False))
"""

ENGINE_REQUEST = 'wrk.format("POST", "/_msearch", {["Content-Type"] = "application/x-ndjson"}, item)'


def prepare(root, environment, index=True):
    """Migrate, collect the static files and build the index with `root`'s code (unless `index` is false: the
    index a run before built is used); how many live pages."""
    manage = [sys.executable, "manage.py"]
    commands = [["migrate", "--no-input"], ["collectstatic", "--no-input"]] + ([["update_index"]] if index else [])
    for command in commands:
        subprocess.run([*manage, *command, "--verbosity", "0"], cwd=root, env=environment, check=True)
    output = subprocess.run(
        [*manage, "shell", "-c", COUNT_SCRIPT], cwd=root, env=environment, check=True, capture_output=True, text=True
    ).stdout
    return int(next(line for line in output.splitlines() if line.startswith("PAGES "))[6:])


def empty_shared_cache(environment):
    """Nothing kept from the run before: the shared cache (Redis) holds the page and results caches."""
    url = environment.get("CACHE_URL", "")
    if url.startswith("redis"):
        redis.Redis.from_url(url).flushdb()


def engine_requests(root, environment, scratch, count=1000):
    """The `_msearch` bodies the checkout sends the engine for `count` different searches, as a wrk script."""
    queries = scratch / "queries.json"
    queries.write_text(json.dumps(distinct_queries(count, seed=99)))
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", CAPTURE_SCRIPT],
        cwd=root,
        env={**environment, "BENCH_QUERIES": str(queries), "SEARCH_CACHE_TIMEOUT": "0"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    bodies = json.loads(next(line for line in output.splitlines() if line.startswith("BODIES "))[7:])
    assert bodies and all("]==]" not in body for body in bodies)
    return in_turn_script([f"[==[{body}]==]" for body in bodies], ENGINE_REQUEST) + WRK_REPORT


def print_run(number, report):
    print(
        f"  run {number + 1}: {report['rps']:.1f} req/s, p50 {report['p50'] / 1000:.0f} ms, "
        f"p95 {report['p95'] / 1000:.0f} ms, errors {report['errors']}, load average before {report['load']}",
        flush=True,
    )


def print_medians(label, runs):
    print(
        f"{label}: median {statistics.median(run['rps'] for run in runs):.1f} req/s, "
        f"p50 {statistics.median(run['p50'] for run in runs) / 1000:.1f} ms, "
        f"p95 {statistics.median(run['p95'] for run in runs) / 1000:.1f} ms, "
        f"errors {sum(run['errors'] for run in runs)}"
    )


def measure_engine(root, environment, scratch, args):
    """The engine alone answering the site's own requests (no site in front): wrk `args.runs` times."""
    script = scratch / "engine.lua"
    script.write_text(engine_requests(root, environment, scratch))
    engine = "http://" + urllib.parse.urlsplit(environment["SEARCH_URL"]).netloc
    runs = []
    for number in range(args.runs):
        load = load_average()
        report = run_wrk(f"{engine}/_msearch", args.seconds, args.connections, str(script))
        report.update(load=load)
        runs.append(report)
        print_run(number, report)
    return runs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--keep-index", action="store_true", help="use the index a run before built (no update_index)")
    parser.add_argument("--web-nice", type=int, default=10, help="niceness of the visitors' pool (default 10)")
    args = parser.parse_args()
    if not shutil.which("wrk") or not os.environ.get("DATABASE_URL"):
        raise SystemExit("needs wrk and DATABASE_URL (a database bench/import_archive.py filled)")

    root = args.root.resolve()
    scratch = Path(tempfile.mkdtemp(prefix="site_lak_search_load_"))
    port = free_port()
    environment = production_environment(scratch, port, os.environ["DATABASE_URL"])
    print(f"Preparing {root} (migrate, collectstatic{'' if args.keep_index else ', update_index'})…", flush=True)
    pages = prepare(root, environment, index=not args.keep_index)
    base = f"http://127.0.0.1:{port}"
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "site_lak/gunicorn.conf.py",
        "--access-logfile",
        "/dev/null",
    ]
    server = subprocess.Popen(
        ["nice", "-n", str(args.web_nice), *gunicorn], cwd=root, env=environment, stderr=subprocess.DEVNULL
    )
    runs = []
    try:
        wait_until_up(base, server)
        for number in range(args.runs):
            empty_shared_cache(environment)
            script = scratch / f"run-{number}.lua"
            script.write_text(distinct_search_script("/vi/tim-kiem/", seed=9 + number) + WRK_REPORT)
            for _ in range(10):  # every worker answers, and the page renders
                status, _cache = fetch(f"{base}/vi/tim-kiem/?q=h%E1%BB%8Dc%20sinh")
            load = load_average()
            report = run_wrk(f"{base}/vi/tim-kiem/", args.seconds, args.connections, str(script))
            report.update(load=load, status=status)
            runs.append(report)
            print_run(number, report)
    finally:
        server.terminate()
        server.wait(timeout=30)
    engine_runs = None
    try:
        if environment.get("SEARCH_URL"):
            print("The engine alone, the same kind of searches (the site's own _msearch requests):", flush=True)
            engine_runs = measure_engine(root, environment, scratch, args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    database, search, workers = stack_inputs(environment)
    print()
    print(f"Machine: {describe()}")
    print(
        f"Inputs: {root}; {pages} live pages; wrk 2 threads, {args.connections} connections, {args.seconds} s × "
        f"{args.runs} runs; gunicorn gthread, {workers} workers × 2 threads; database "
        f"{database}, search {search}, "
        f"cache {environment.get('CACHE_URL', 'database table').split(':')[0]}"
    )
    print_medians("Search, every query different", runs)
    if engine_runs:
        print_medians("The engine alone, same searches", engine_runs)
        site, ceiling = (statistics.median(run["rps"] for run in rows) for rows in (runs, engine_runs))
        print(f"Site / engine alone: {site / ceiling:.2f}")


if __name__ == "__main__":
    main()
