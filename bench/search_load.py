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
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import redis
from load import (
    WRK_REPORT,
    distinct_search_script,
    fetch,
    free_port,
    production_environment,
    run_wrk,
    stack_inputs,
    wait_until_up,
)
from machine import describe, load_average

ROOT = Path(__file__).resolve().parent.parent
COUNT_SCRIPT = "from wagtail.models import Page; print('PAGES', Page.objects.live().filter(depth__gt=2).count())"


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
            print(
                f"  run {number + 1}: {report['rps']:.1f} req/s, p50 {report['p50'] / 1000:.0f} ms, "
                f"p95 {report['p95'] / 1000:.0f} ms, errors {report['errors']}, load average before {load}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
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
    print(
        f"Search, every query different: median {statistics.median(run['rps'] for run in runs):.1f} req/s, "
        f"p50 {statistics.median(run['p50'] for run in runs) / 1000:.0f} ms, "
        f"p95 {statistics.median(run['p95'] for run in runs) / 1000:.0f} ms, "
        f"errors {sum(run['errors'] for run in runs)}"
    )


if __name__ == "__main__":
    main()
