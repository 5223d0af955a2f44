"""The embedded shared cache (site_lak.cache.DatabaseCache): the page cache reads its generation from it on every hit,
so one read is one query, and a value past its expiry is gone for every process."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from site_lak import env

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(settings):
    """The embedded default, whatever CACHE_URL names (CI: Redis), its table made in this test's transaction."""
    settings.CACHES = {**settings.CACHES, "default": dict(env.SHARED_DATABASE_CACHE)}
    call_command("createcachetable", verbosity=0)
    cache = caches["default"]
    assert cache.__class__.__module__ == "site_lak.cache"
    return cache


def test_a_value_is_read_back_in_one_query(shared):
    shared.set("bench:value", {"generation": 7, "note": "Tiếng Việt"}, 60)
    with CaptureQueriesContext(connection) as captured:
        assert shared.get("bench:value") == {"generation": 7, "note": "Tiếng Việt"}
    assert len(captured.captured_queries) == 1
    assert shared.get("bench:missing", "none") == "none"


def test_an_expired_value_is_gone_and_removed(shared):
    shared.set("bench:old", 1, -1)  # expired the moment it was written
    assert shared.get("bench:old", "gone") == "gone"
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM site_lak_cache WHERE cache_key LIKE %s", ["%bench:old"])
        assert cursor.fetchone()[0] == 0
    assert shared.add("bench:old", 2, 60)  # the key is free again
    assert shared.get("bench:old") == 2
