"""The embedded shared cache (site_lak.cache.DatabaseCache): the page cache reads its generation from it on every hit,
so one read is one query, and a value past its expiry is gone for every process."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.db.utils import OperationalError
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

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


def test_a_database_that_refuses_writes_makes_misses_not_errors_but_locks_still_know(shared):
    """Read-only, or its disk full: pages are still served (a cached value not written, or an expired one not
    removed, is a miss next time), while a lock is not taken and a rate limit's count fails."""
    shared.set("bench:old", 1, -1)  # expired: reading it removes it, a write
    shared.set("bench:counter", 1, 60)

    def refuse_writes(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise OperationalError("attempt to write a readonly database")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_writes):
        shared.set("bench:new", 2, 60)  # not stored, no error
        assert shared.get("bench:new", "miss") == "miss"
        assert shared.get("bench:old", "gone") == "gone"
        assert shared.add("bench:lock", 1, 60) is False
        with pytest.raises(OperationalError):
            shared.incr("bench:counter")
        assert Site.objects.count() >= 1  # the transaction is still usable
    assert shared.get("bench:counter") == 1
