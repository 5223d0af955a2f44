"""Shared fixtures and the service policy.

Tests marked `services` need PostgreSQL (DATABASE_URL) and a search engine (SEARCH_URL); tests marked
`e2e` need Chromium. Without them such a test is skipped on a developer's machine, but under
REQUIRE_SERVICES=1 (CI) a missing service fails the run instead: nothing is silently skipped there.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connections
from pytest_django.plugin import blocking_manager_key

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
        if is_transactional(item):
            # Starts from the bootstrapped site, loaded from its serialized copy (django_db_setup).
            marker = item.get_closest_marker("django_db")
            options = {**(marker.kwargs if marker else {}), "transaction": True, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(**options), append=False)
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


def bootstrap_test_database():
    from core.bootstrap import bootstrap

    on_engine = "URLS" in settings.WAGTAILSEARCH_BACKENDS["default"]
    if on_engine:
        # Every index of this run's prefix made with its mapping before anything is written to it: a page
        # indexed into a missing index would make one with the engine's guessed mapping, whose hits
        # carry no stored id (modelsearch then fails on hit["fields"]), and the refresh after each save
        # (_searches_see_what_was_just_saved) would fail on the missing index during the bootstrap.
        call_command("update_index", verbosity=0)
    bootstrap()
    if on_engine:
        call_command("update_index", verbosity=0)  # the bootstrapped pages only, whatever the signals did


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the bootstrapped site (locales, tree, groups). That state is kept as
    Django's serialized copy, which every transactional test loads again after the previous one's flush
    (serialized rollback, see pytest_collection_modifyitems): a second instead of a new bootstrap."""
    with django_db_blocker.unblock():
        bootstrap_test_database()
        for connection in connections.all(initialized_only=True):
            BOOTSTRAPPED[connection.alias] = contents = connection.creation.serialize_db_to_string()
            # Django reads the copy from the connection object, which is not always this one (the browser
            # tests' event loop gets connection objects of its own): so from the class too, and here in
            # place of the migrated-only copy Django made.
            type(connection)._test_serialized_contents = connection._test_serialized_contents = contents


# The bootstrapped test database, serialized per database alias (django_db_setup).
BOOTSTRAPPED = {}


def remember_bootstrapped_content_types():
    ContentType.objects.clear_cache()
    for alias, contents in BOOTSTRAPPED.items():
        for entry in json.loads(contents):
            if entry["model"] == "contenttypes.contenttype":
                content_type = ContentType(pk=entry["pk"], **entry["fields"])
                ContentType.objects._add_to_cache(alias, content_type)


def is_transactional(item):
    """Whether pytest-django runs `item` outside a rolled-back transaction (then flushes the database after
    it), by the same rules as its own ordering of the tests."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with the database flushed. pytest-django runs those tests last, but under
    pytest-xdist a worker is given whole files (--dist loadfile), so a file of ordinary tests may follow: they
    expect the bootstrapped site, which is loaded again here from its serialized copy (a transactional test
    loads it itself, as Django's serialized rollback)."""
    yield
    if not is_transactional(item):
        return
    # A transactional test may have made content types under other ids (a restore, a migrate): the ids cached
    # in this process would then name the wrong models once the copy is loaded again. The cache is set to the
    # copy's own content types, which loading the copy needs (a page being loaded asks for its content type
    # before the content type rows are loaded; missing from the cache, it would be made again).
    remember_bootstrapped_content_types()
    if nextitem is None or is_transactional(nextitem):
        return
    with item.config.stash[blocking_manager_key].unblock():
        for alias, contents in BOOTSTRAPPED.items():
            connections[alias].creation.deserialize_db_from_string(contents)


def _refresh_engine(raw=False, **kwargs):
    if raw:  # a serialized copy being loaded: nothing new is indexed
        return
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
    """The bootstrapped tree: {'vi': home, 'en': home_en}. The session's database was bootstrapped once
    (django_db_setup) and each test rolls back to it, so the homes are only looked up; after a transactional
    test's flush emptied the database, the bootstrap runs again."""
    from wagtail.models import Locale, Site

    from core.bootstrap import bootstrap

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    english = Locale.objects.filter(language_code="en").first()
    home = site.root_page.specific if site else None
    home_en = home.get_translation_or_none(english) if home and english else None
    if home_en is None:
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
def english_admin_client(admin_client, admin_user):
    """pytest-django's `admin_client` (a superuser; the admin speaks Vietnamese, the site's default) for an
    administrator who reads the admin in English, so that assertions can quote the source messages."""
    from wagtail.users.models import UserProfile

    UserProfile.objects.update_or_create(user=admin_user, defaults={"preferred_language": "en"})
    return admin_client


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
