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
from django.apps import apps
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
    """Every test database starts with the bootstrapped site (locales, tree, groups). That state is also kept
    serialized, to be loaded again after each transactional test's flush (pytest_runtest_teardown): a second
    instead of a new bootstrap."""
    with django_db_blocker.unblock():
        bootstrap_test_database()
        for connection in connections.all(initialized_only=True):
            copy = connection.creation.serialize_db_to_string()
            BOOTSTRAPPED[connection.alias] = (connection.settings_dict["NAME"], copy)


# The bootstrapped test database per database alias (django_db_setup): (the test database's name, its serialized rows).
BOOTSTRAPPED = {}


def is_transactional(item):
    """Whether pytest-django runs `item` outside a rolled-back transaction (then flushes the database after
    it), by the same rules as its own ordering of the tests."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return "transactional_db" in fixtures or "live_server" in fixtures


def load_bootstrapped_copy(alias, contents):
    """Makes the database `alias` what it was after the session's bootstrap, from the serialized copy."""
    connection = connections[alias]
    # pytest-django's flush sent post_migrate, which made content types and permissions again under new ids:
    # emptied once more without it, so that the copy's rows come back under their own ids.
    call_command(
        "flush", database=alias, interactive=False, reset_sequences=False, inhibit_post_migrate=True, verbosity=0
    )
    # A transactional test may have made content types under other ids (a restore, a migrate). The cache is
    # set to the copy's own: loading it needs them, as a page being loaded asks for its content type before
    # the content type rows are in (missing from the cache, it would be made again under another id).
    ContentType.objects.clear_cache()
    for entry in json.loads(contents):
        if entry["model"] == "contenttypes.contenttype":
            ContentType.objects._add_to_cache(alias, ContentType(pk=entry["pk"], **entry["fields"]))
    connection.creation.deserialize_db_from_string(contents)
    if connection.vendor == "postgresql":
        advance_sequences(connection)


AUTO_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField"}


def advance_sequences(connection):
    """The rows come back with their ids, but a sequence may now be behind them (a restore inside the test sets
    the sequences to its own rows): each moves past the largest id again, never backwards, so ids used by an
    earlier test are not handed out again."""
    statements = []
    for model in apps.get_models():
        field = model._meta.pk
        if model._meta.managed and not model._meta.proxy and field.get_internal_type() in AUTO_FIELDS:
            table, column = model._meta.db_table, field.column
            sequence = f"pg_get_serial_sequence('{connection.ops.quote_name(table)}', '{column}')"
            statements.append(
                f"SELECT setval({sequence}, greatest(coalesce(max({connection.ops.quote_name(column)}), 1), "
                f"coalesce(pg_sequence_last_value({sequence}), 1))) FROM {connection.ops.quote_name(table)}"
            )
    with connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (transaction=True, live_server: real commits, other processes) ends with the
    database flushed. The bootstrapped copy is loaded again at once, so every test, whatever ran before it
    and in whichever pytest-xdist worker, starts from the bootstrapped site.

    Never after the session's last test: its teardown has destroyed the test database and pointed the
    connection back at the one DATABASE_URL names (a developer's own), which must not be flushed."""
    yield
    if nextitem is None or not is_transactional(item):
        return
    with item.config.stash[blocking_manager_key].unblock():
        for alias, (test_database, contents) in BOOTSTRAPPED.items():
            if connections[alias].settings_dict["NAME"] == test_database:
                load_bootstrapped_copy(alias, contents)


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
    """The bootstrapped tree: {'vi': home, 'en': home_en}. Every test starts from the session's bootstrapped
    database (rolled back after an ordinary test, loaded again after a transactional one), so the homes are
    only looked up."""
    from wagtail.models import Locale, Site

    home = Site.objects.select_related("root_page").get(is_default_site=True).root_page.specific
    return {"vi": home, "en": home.get_translation(Locale.objects.get(language_code="en"))}


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
