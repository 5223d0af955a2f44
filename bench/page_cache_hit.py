"""What one page-cache hit costs in-process: 1,000 anonymous GETs of the home page answered from the cache.

    python bench/page_cache_hit.py [--hits 1000]

Unless DATABASE_URL is given, a fresh SQLite file in the temporary directory is migrated and bootstrapped
first (the embedded default: the database cache table for shared state, see docs/caching.md); CACHE_URL
is used as the site would use it. Prints the machine, the cache configuration and the median and
95th-percentile time of a hit through the whole middleware stack (Django's test client, no network), for
three arrangements timed in turns in the same process (the machine is shared, so turns even out its load):

* `everything in memory`: the old default, one local-memory cache per process (generation included);
* `generation shared, pages in memory`: the configured caches (the database cache table and a local-memory
  "pages" cache when CACHE_URL is unset);
* `pages in the shared cache too`: page bodies in the shared cache as well (`PAGE_CACHE_ALIAS="default"`).
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
    parser.add_argument("--turns", type=int, default=5)
    arguments = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings

    from core.bootstrap import bootstrap

    call_command("migrate", verbosity=0)
    bootstrap()
    memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench-everything"}
    arrangements = {
        "everything in memory": override_settings(CACHES={"default": memory, "pages": memory}),
        "generation shared, pages in memory": override_settings(),
        "pages in the shared cache too": override_settings(PAGE_CACHE_ALIAS="default"),
    }
    timings = {name: [] for name in arrangements}
    client = Client()
    for _turn in range(arguments.turns):
        for name, arrangement in arrangements.items():
            with arrangement:
                assert client.get("/vi/").status_code == 200  # stored (or already there)
                for _ in range(arguments.hits // arguments.turns):
                    started = time.perf_counter()
                    response = client.get("/vi/")
                    timings[name].append(time.perf_counter() - started)
                    assert response["X-Cache"] == "HIT", response["X-Cache"]
    aliases = {alias: config["BACKEND"].rsplit(".", 1)[-1] for alias, config in settings.CACHES.items()}
    print(f"machine: {machine.describe()}")
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; configured caches: {aliases}")
    for name, values in timings.items():
        values.sort()
        print(
            f"{name:<38} {len(values)} hits of /vi/: median {statistics.median(values) * 1000:.3f} ms, "
            f"p95 {values[int(len(values) * 0.95)] * 1000:.3f} ms"
        )


if __name__ == "__main__":
    main()
