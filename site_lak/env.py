"""Configuration from environment variables (12-factor).

Every setting that differs between machines comes from one variable; an unset variable means the
embedded default (SQLite, database search, the database cache table, console e-mail). A malformed value
stops start-up with a one-line message naming the variable, rather than failing later and obscurely.
"""

import os
import sys
from urllib.parse import parse_qs, urlsplit

import dj_database_url
import dj_email_url
import django_cache_url


class ConfigurationError(SystemExit):
    """Raised for a malformed environment variable; its message is the whole diagnosis."""

    def __init__(self, variable, problem):
        message = f"site_lak: environment variable {variable} is invalid: {problem}"
        print(message, file=sys.stderr)
        super().__init__(message)


def get(variable, default=None):
    value = os.environ.get(variable, "").strip()
    return value if value else default


def flag(variable, default=False):
    value = get(variable)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(variable, f"expected 1/0, true/false, yes/no or on/off, got {value!r}")


def integer(variable, default):
    value = get(variable)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(variable, f"expected a whole number, got {value!r}") from None


def csv_list(variable, default):
    value = get(variable)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def site_url(default):
    """`SITE_URL`: the site's public address (scheme, host, optional port, no path), e.g.
    https://thptlak.edu.vn. Every absolute link (sitemap, feeds, calendars, e-mails, canonical and
    Open Graph links) and the default Site record are built from it."""
    url = get("SITE_URL", default).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigurationError("SITE_URL", f"expected http(s)://host[:port], got {url!r}")
    if parts.path or parts.query or parts.fragment:
        raise ConfigurationError("SITE_URL", f"must be an address without a path, got {url!r}")
    try:
        _ = parts.port  # urlsplit checks the port only when asked
    except ValueError:
        raise ConfigurationError("SITE_URL", "the port is not a number") from None
    return url


def http_url(variable, default):
    """An http(s) address without a trailing slash, e.g. `FACEBOOK_GRAPH_URL`."""
    url = get(variable, default).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigurationError(variable, f"expected an http(s):// address, got {url!r}")
    return url


# Every SQLite database (the embedded default and any sqlite:// URL) is opened so that several processes
# (gunicorn workers, the worker, commands) can write to it on an ordinary day without "database is locked":
# * WAL: readers never block the writer nor the writer the readers (kept in the file once set);
# * IMMEDIATE transactions: a transaction takes the write lock when it begins, so it waits its turn (busy
#   timeout) instead of failing when it later needs to write after another process has written;
# * a busy timeout: how long a write waits for the one before it, in seconds (under gunicorn's 30 s timeout);
#   `?timeout=N` in DATABASE_URL overrides it;
# * synchronous=FULL: a commit is on disk before the visitor is told "saved" (NORMAL, faster in WAL, can lose
#   the last commits in a power cut).
# See docs/deploy.md, "The embedded default: SQLite".
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
}


def database(default_sqlite_path):
    url = get("DATABASE_URL")
    if url is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigurationError("DATABASE_URL", f"scheme {scheme!r} is not supported (use postgres:// or sqlite://)")
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises several exception types
        raise ConfigurationError("DATABASE_URL", str(error)) from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigurationError("DATABASE_URL", "the database name (URL path) is missing")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Fail fast when PostgreSQL is down, so a request gets the 503 page instead of hanging.
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    return config


# Wagtail's (modelsearch's) backends with Vietnamese analysis: see search_backends/ and docs/search.md.
SEARCH_BACKENDS = {
    "opensearch": "search_backends.OpenSearch2SearchBackend",
    "opensearch2": "search_backends.OpenSearch2SearchBackend",
    "opensearch3": "search_backends.OpenSearch3SearchBackend",
    "elasticsearch": "search_backends.Elasticsearch8SearchBackend",
    "elasticsearch8": "search_backends.Elasticsearch8SearchBackend",
    "elasticsearch9": "search_backends.Elasticsearch9SearchBackend",
}
DATABASE_SEARCH_BACKEND = {"BACKEND": "search_backends.DatabaseSearchBackend", "AUTO_UPDATE": True}


def search_backend(index_prefix):
    """`SEARCH_URL`: unset → database backend; opensearch://host:port or elasticsearch://host:port.

    `https` is chosen with `opensearchs://`/`elasticsearchs://` or `?tls=1`; user and password in the
    URL become HTTP basic auth; `?index=NAME` overrides the index prefix.
    """
    url = get("SEARCH_URL")
    if url is None:
        return dict(DATABASE_SEARCH_BACKEND)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    secure = scheme.endswith("s") and scheme.rstrip("s") in SEARCH_BACKENDS
    if secure:
        scheme = scheme[:-1]
    if scheme == "database":
        return dict(DATABASE_SEARCH_BACKEND)
    if scheme not in SEARCH_BACKENDS:
        raise ConfigurationError(
            "SEARCH_URL",
            f"scheme {parts.scheme!r} is not one of {', '.join(sorted(SEARCH_BACKENDS))}, database",
        )
    try:
        port = parts.port
    except ValueError:
        raise ConfigurationError("SEARCH_URL", "the port is not a number") from None
    if not parts.hostname:
        raise ConfigurationError("SEARCH_URL", "the host name is missing")
    query = parse_qs(parts.query)
    if query.get("tls", ["0"])[0] in {"1", "true"}:
        secure = True
    protocol = "https" if secure else "http"
    host = f"{protocol}://{parts.hostname}:{port or 9200}"
    options = {"timeout": 5, "max_retries": 1, "retry_on_timeout": False}
    if parts.username:
        options["http_auth" if scheme.startswith("opensearch") else "basic_auth"] = (
            parts.username,
            parts.password or "",
        )
    return {
        "BACKEND": SEARCH_BACKENDS[scheme],
        "URLS": [host],
        "INDEX_PREFIX": query.get("index", [index_prefix])[0],
        "TIMEOUT": 5,
        "OPTIONS": options,
        "AUTO_UPDATE": True,
    }


def search_backends(index_prefix):
    """`WAGTAILSEARCH_BACKENDS`: "default" from `SEARCH_URL`; with an engine, also "database", kept up to
    date too, which answers searches when the engine is down or slow."""
    backends = {"default": search_backend(index_prefix)}
    if backends["default"]["BACKEND"] != DATABASE_SEARCH_BACKEND["BACKEND"]:
        backends["database"] = dict(DATABASE_SEARCH_BACKEND)
    return backends


# The embedded default for state every process and host must share (rate limits, the page cache's
# generation): a table in the site's own database (created by `migrate`, home/apps.py). Our subclass makes
# `incr` atomic (site_lak/cache.py). MAX_ENTRIES is high so that a flood of counters from made-up
# addresses cannot cull the generation or a live counter.
SHARED_DATABASE_CACHE = {
    "BACKEND": "site_lak.cache.DatabaseCache",
    "LOCATION": "site_lak_cache",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
DJANGO_DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"
DJANGO_REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def caches(page_location):
    """`CACHES`: "default", shared by every process and host, from `CACHE_URL` (unset: the database cache
    table; redis://host:port/db: Redis), and "pages", where whole pages and other rendered pieces are kept
    (home.cache), and "renditions", where Wagtail keeps image renditions. With a database cache those two
    stay in each process's memory (a hit then costs one indexed read of the generation, not a page body
    out of the database); with Redis they are shared too. See docs/caching.md."""
    url = get("CACHE_URL")
    if url is None:
        shared = dict(SHARED_DATABASE_CACHE)
    else:
        try:
            shared = django_cache_url.parse(url)
        except Exception as error:
            raise ConfigurationError("CACHE_URL", str(error)) from None
        if not shared.get("BACKEND"):
            raise ConfigurationError("CACHE_URL", f"unknown cache scheme in {url!r}")
        if shared["BACKEND"] == DJANGO_DATABASE_CACHE:  # db://table: with the atomic increment
            shared = {**SHARED_DATABASE_CACHE, "LOCATION": shared["LOCATION"] or SHARED_DATABASE_CACHE["LOCATION"]}
        if shared["BACKEND"] == DJANGO_REDIS_CACHE:  # redis://: keeping its clients
            shared["BACKEND"] = "site_lak.cache.RedisCache"
    if shared["BACKEND"] == SHARED_DATABASE_CACHE["BACKEND"]:
        pages = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": page_location}
    else:
        pages = dict(shared)
    # Wagtail looks image renditions up in "renditions" (else "default"): kept beside the pages, so that a
    # page with six images does not read the database cache six more times.
    return {"default": shared, "pages": pages, "renditions": dict(pages)}


def email():
    """`EMAIL_URL`: unset → console backend (dev); smtp://user:pass@host:port, submission://…"""
    url = get("EMAIL_URL")
    if url is None:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    scheme = urlsplit(url).scheme
    if scheme not in {"smtp", "smtps", "submission", "console", "memory", "dummy"}:
        raise ConfigurationError("EMAIL_URL", f"scheme {scheme!r} is not supported")
    try:
        parsed = dj_email_url.parse(url)
    except Exception as error:
        raise ConfigurationError("EMAIL_URL", str(error)) from None
    if scheme == "memory":
        parsed["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    settings = {
        "EMAIL_BACKEND": parsed["EMAIL_BACKEND"],
        "EMAIL_HOST": parsed["EMAIL_HOST"] or "localhost",
        "EMAIL_PORT": parsed["EMAIL_PORT"] or 25,
        "EMAIL_HOST_USER": parsed["EMAIL_HOST_USER"] or "",
        "EMAIL_HOST_PASSWORD": parsed["EMAIL_HOST_PASSWORD"] or "",
        "EMAIL_USE_TLS": parsed["EMAIL_USE_TLS"],
        "EMAIL_USE_SSL": parsed["EMAIL_USE_SSL"],
        "EMAIL_TIMEOUT": 10,
    }
    return settings


TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def tasks(default_backend):
    """`TASKS_BACKEND`: `database` queues background tasks in the database for `run_worker` (a task survives
    a restart and runs again if its worker dies); `immediate` runs each task inline, in the process that
    enqueues it. See docs/background-tasks.md."""
    name = (get("TASKS_BACKEND", default_backend) or "").lower()
    if name not in TASK_BACKENDS:
        raise ConfigurationError("TASKS_BACKEND", f"expected one of {', '.join(TASK_BACKENDS)}, got {name!r}")
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}
