import os
import re

# pytest-xdist runs the suite in several processes (make test: two). pytest-django gives each its own test
# database; the rest is shared unless separated here: each worker gets its own index prefix, Redis database
# (the tests empty the cache between tests, which would empty another worker's), media folder, audit log and
# collected static files.
# They are written into the environment, so the servers and commands a test starts inherit them, and applied
# once: a child with these settings finds them already there.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER and os.environ.get("SITE_LAK_TEST_WORKER") != _WORKER:
    os.environ["SITE_LAK_TEST_WORKER"] = _WORKER
    _number = int(_WORKER.removeprefix("gw"))
    os.environ["SEARCH_INDEX_PREFIX"] = os.environ.get("SEARCH_INDEX_PREFIX", "site_lak_") + f"{_WORKER}_"
    # The servers the tests start run collectstatic: each worker into its own folder, as two at once rewriting
    # one manifest made a server started meanwhile miss its files (500s).
    _root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ["STATIC_ROOT"] = os.path.join(_root, "test-artifacts", f"static-{_WORKER}")
    os.makedirs(os.environ["STATIC_ROOT"], exist_ok=True)  # WhiteNoise warns on every request without it
    _cache_url = os.environ.get("CACHE_URL", "")
    if _cache_url.startswith("redis://"):
        _database = re.search(r"/(\d+)$", _cache_url)
        _base = int(_database.group(1)) if _database else 0
        os.environ["CACHE_URL"] = re.sub(r"(/\d+)?$", f"/{_base + 1 + _number}", _cache_url, count=1)

from .base import *  # noqa: E402, F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_SUFFIX = f"-{_WORKER}" if _WORKER else ""
MEDIA_ROOT = env.get("MEDIA_ROOT", str(BASE_DIR / "test-artifacts" / f"media{_SUFFIX}"))  # noqa: F405
AUDIT_LOG_PATH = str(BASE_DIR / "test-artifacts" / f"audit{_SUFFIX}.jsonl")  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Tests never touch the development index: their own prefix, rebuilt by the tests that need it.
if "INDEX_PREFIX" in WAGTAILSEARCH_BACKENDS["default"]:  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] += "test_"  # noqa: F405

# A search's analytics record is written right after its response (search_analytics.records), so tests see it.
SEARCH_RECORD_BATCH_SECONDS = 0
