"""Configuration comes from environment variables; a malformed one stops start-up, naming itself."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from site_lak import env

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **variables):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests only; a deployment never has it.
    ignored = {"DATABASE_URL", "SEARCH_URL", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "variable, value",
    [
        ("DATABASE_URL", "mysql://u@h/db"),
        ("SEARCH_URL", "solr://localhost:8983"),
        ("SEARCH_URL", "opensearch://localhost:notaport"),
        ("CACHE_URL", "nonsense://x"),
        ("EMAIL_URL", "pigeon://x"),
        ("DEBUG", "maybe"),
    ],
)
def test_malformed_variable_stops_startup_with_one_line(variable, value):
    result = run_manage("check", **{variable: value})
    assert result.returncode != 0
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("site_lak:")]
    assert len(error_lines) >= 1
    assert variable in error_lines[0]
    assert "Traceback" not in result.stderr


def test_search_url_selects_backend(monkeypatch):
    monkeypatch.setenv("SEARCH_URL", "opensearch://127.0.0.1:9200")
    assert env.search_backend("x_")["BACKEND"] == "search_backends.OpenSearch2SearchBackend"
    assert env.search_backend("x_")["URLS"] == ["http://127.0.0.1:9200"]
    monkeypatch.setenv("SEARCH_URL", "elasticsearch://es.example:9201")
    assert env.search_backend("x_")["BACKEND"] == "search_backends.Elasticsearch8SearchBackend"
    monkeypatch.setenv("SEARCH_URL", "elasticsearchs://user:secret@es.example:9243")
    config = env.search_backend("x_")
    assert config["URLS"] == ["https://es.example:9243"]
    assert config["OPTIONS"]["basic_auth"] == ("user", "secret")
    monkeypatch.delenv("SEARCH_URL")
    assert env.search_backend("x_")["BACKEND"] == "search_backends.DatabaseSearchBackend"


def test_unset_variables_mean_embedded_defaults(monkeypatch):
    for variable in ("DATABASE_URL", "CACHE_URL", "EMAIL_URL"):
        monkeypatch.delenv(variable, raising=False)
    assert env.database(ROOT / "db.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"
    caches = env.caches("x")
    assert caches["default"]["BACKEND"] == "site_lak.cache.DatabaseCache"  # shared by every process
    assert caches["pages"]["BACKEND"].endswith("LocMemCache")
    assert caches["renditions"] == caches["pages"]  # Wagtail's image renditions, beside the pages
    assert env.email()["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_every_sqlite_database_takes_turns_to_write(monkeypatch):
    """WAL, IMMEDIATE transactions and a busy timeout for the embedded default and any sqlite:// URL, whose
    `?timeout=` overrides only the timeout (docs/deploy.md, "The embedded default: SQLite")."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    default = env.database(ROOT / "db.sqlite3")["OPTIONS"]
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/site_lak/db.sqlite3?timeout=5")
    from_url = env.database(ROOT / "db.sqlite3")["OPTIONS"]
    for options in (default, from_url):
        assert options["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in options["init_command"]
    assert default["timeout"] == 20 and from_url["timeout"] == 5


def test_cache_url_names_the_shared_cache(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://cache.internal:6379/1")
    caches = env.caches("x")
    assert caches["default"] == {
        "BACKEND": "site_lak.cache.RedisCache",  # Django's, keeping its clients
        "LOCATION": "redis://cache.internal:6379/1",
    }
    assert caches["pages"] == caches["default"]  # every host shares the pages too
    monkeypatch.setenv("CACHE_URL", "db://school_cache")
    assert env.caches("x")["default"]["LOCATION"] == "school_cache"
    assert env.caches("x")["default"]["BACKEND"] == "site_lak.cache.DatabaseCache"
    monkeypatch.setenv("CACHE_URL", "nonsense://x")
    with pytest.raises(SystemExit):
        env.caches("x")


def test_production_check_deploy_is_clean():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="site_lak.settings.production",
        SECRET_KEY="x" * 20 + "-production-secret-for-the-check-0123456789abcdef",
        ALLOWED_HOSTS="thptlak.edu.vn",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNINGS" not in result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="site_lak.settings.production", ALLOWED_HOSTS="x.vn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
