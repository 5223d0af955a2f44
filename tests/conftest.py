"""Shared fixtures and the service policy.

Tests marked `services` need PostgreSQL (DATABASE_URL) and a search engine (SEARCH_URL); tests marked
`e2e` need Chromium. Without them such a test is skipped on a developer's machine, but under
REQUIRE_SERVICES=1 (CI) a missing service fails the run instead: nothing is silently skipped there.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def require_services():
    return os.environ.get("REQUIRE_SERVICES", "") == "1"


def missing_services():
    missing = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing.append("PostgreSQL (set DATABASE_URL=postgres://…)")
    if "URLS" not in settings.WAGTAILSEARCH_BACKENDS["default"]:  # the database backend has no URLS
        missing.append("a search engine (set SEARCH_URL=opensearch://…)")
    return missing


def missing_browser():
    return [] if shutil.which(CHROMIUM) or Path(CHROMIUM).exists() else [f"Chromium at {CHROMIUM}"]


def pytest_collection_modifyitems(config, items):
    checks = {"services": missing_services, "e2e": missing_browser}
    for item in items:
        for marker, check in checks.items():
            if marker not in item.keywords:
                continue
            missing = check()
            if not missing:
                continue
            reason = f"{marker} test needs {', '.join(missing)}"
            if require_services():
                item.add_marker(pytest.mark.usefixtures("_fail_missing_service"))
                item.user_properties.append(("missing", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _fail_missing_service(request):
    reasons = [value for key, value in request.node.user_properties if key == "missing"]
    pytest.fail(f"REQUIRE_SERVICES=1 but {'; '.join(reasons)}", pytrace=False)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code called directly from a test (importers, validators, commands) speaks the source language, so
    tests can match its English messages; requests still choose their own language (vi on the site and
    in the admin, unless the test's user prefers English)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_caches(request, django_db_blocker):
    """Each test starts with empty caches: pages and searches cached by an earlier test, whose data was
    rolled back, must not answer this one (SQLite may hand out the same ids again), and rate limits
    counted by an earlier test must not refuse this one. The shared cache is a table of the test database
    (site_lak/env.py), emptied only for tests that use the database."""
    from django.core.cache import caches
    from django.core.cache.backends.db import BaseDatabaseCache

    marked = request.node.get_closest_marker("django_db") is not None
    uses_database = marked or "django_db_setup" in request.fixturenames
    for cache in caches.all():
        if not isinstance(cache, BaseDatabaseCache):
            cache.clear()
        elif uses_database:
            request.getfixturevalue("django_db_setup")  # the test database, not the one in the settings
            with django_db_blocker.unblock():
                cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the bootstrapped site (locales, tree, groups)."""
    from core.bootstrap import bootstrap

    with django_db_blocker.unblock():
        on_engine = "URLS" in settings.WAGTAILSEARCH_BACKENDS["default"]
        if on_engine:
            # Every index of this run's prefix made with its mapping before anything is written to it: a page
            # indexed into a missing index would make one with the engine's guessed mapping, whose hits
            # carry no stored id (modelsearch then fails on hit["fields"]), and the refresh after each save
            # (_searches_see_what_was_just_saved) would fail on the missing index during the bootstrap.
            call_command("update_index", verbosity=0)
        bootstrap()
        if on_engine:
            call_command("update_index", verbosity=0)  # the bootstrapped pages, whatever the signals did


def _refresh_engine(**kwargs):
    from django.db import transaction
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    backend.refresh_indexes()
    transaction.on_commit(backend.refresh_indexes)  # when the index is written after the commit


@pytest.fixture(scope="session", autouse=True)
def _searches_see_what_was_just_saved():
    """On an engine, a document written is searchable only after the next refresh (1 s). A user would wait
    that second; a test asserts at once, so after each save or deletion of an indexed object the engine's
    indexes are refreshed (after Wagtail's own index update, whose receivers were connected first)."""
    from django.db.models.signals import post_delete, post_save
    from modelsearch.index import get_indexed_models

    if "URLS" not in settings.WAGTAILSEARCH_BACKENDS["default"]:
        yield
        return
    models = get_indexed_models()
    for model in models:
        post_save.connect(_refresh_engine, sender=model, dispatch_uid=f"tests.refresh.{model._meta.label}")
        post_delete.connect(_refresh_engine, sender=model, dispatch_uid=f"tests.refresh.delete.{model._meta.label}")
    yield
    for model in models:
        post_save.disconnect(sender=model, dispatch_uid=f"tests.refresh.{model._meta.label}")
        post_delete.disconnect(sender=model, dispatch_uid=f"tests.refresh.delete.{model._meta.label}")


@pytest.fixture
def site_tree(db):
    """The bootstrapped tree: {'vi': home, 'en': home_en}; re-made after a transactional flush."""
    from core.bootstrap import bootstrap

    home, home_en = bootstrap()
    return {"vi": home, "en": home_en}


@pytest.fixture
def member(db):
    """Makes a user (password "pass-1234", tests.factories.PASSWORD), optionally in one of the bootstrapped groups."""
    from tests.factories import UserFactory

    def make(username, group=None, **extra):
        return UserFactory(username=username, groups=[group] if group else [], **extra)

    return make


@pytest.fixture
def as_user(client):
    """Signs the test client in as the given user and returns it."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
