"""What one page-cache hit costs in-process: 1,000 anonymous GETs of the home page answered from the cache.

    python bench/page_cache_hit.py [--hits 1000] [--pages-in-shared-cache]

Unless DATABASE_URL is given, a fresh SQLite file in the temporary directory is migrated and bootstrapped
first (the embedded default: the database cache table for shared state, see docs/caching.md); CACHE_URL
is used as the site would use it. Prints the machine, the cache configuration and the median and
95th-percentile time of a hit through the whole middleware stack (Django's test client, no network).
`--pages-in-shared-cache` keeps the page bodies in the shared cache too (`PAGE_CACHE_ALIAS="default"`),
to compare with keeping them in each process.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import machine  # noqa: E402


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_lak.settings.test")
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp(prefix="page-cache-hit-")) / "db.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hits", type=int, default=1000)
    parser.add_argument("--pages-in-shared-cache", action="store_true")
    arguments = parser.parse_args()
    setup_django()
    from django.conf import settings

    if arguments.pages_in_shared_cache:
        settings.PAGE_CACHE_ALIAS = "default"
    from django.core.management import call_command
    from django.test import Client

    from home.bootstrap import bootstrap

    call_command("migrate", verbosity=0)
    bootstrap()
    client = Client()
    first = client.get("/vi/")
    assert first.status_code == 200, first.status_code
    timings = []
    for _ in range(arguments.hits):
        started = time.perf_counter()
        response = client.get("/vi/")
        timings.append(time.perf_counter() - started)
        assert response["X-Cache"] == "HIT", response["X-Cache"]
    timings.sort()
    aliases = {alias: config["BACKEND"].rsplit(".", 1)[-1] for alias, config in settings.CACHES.items()}
    print(f"machine: {machine.describe()}")
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; caches: {aliases}; "
        f"pages in {getattr(settings, 'PAGE_CACHE_ALIAS', 'pages')!r}"
    )
    print(
        f"{arguments.hits} hits of /vi/: median {statistics.median(timings) * 1000:.3f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)] * 1000:.3f} ms"
    )


if __name__ == "__main__":
    main()
