"""A search is read-only: its analytics record (search_analytics.QueryRecord) is written after the response, in a batch
(search_analytics.records), and still counts in the report and for click-through."""

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client, RequestFactory
from django.utils import timezone

from search.views import api_search
from search_analytics.models import QueryRecord
from search_analytics.records import flush_records
from site_lak import env
from tests.factories import plan_article

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(env.DATABASE_SEARCH_BACKEND)}


@pytest.fixture
def plan(site_tree):
    return plan_article(site_tree["vi"])


class ReadOnly:
    """The database refuses every write (as a read-only replica would); the writes tried are kept."""

    def __init__(self):
        self.refused = []

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES):
            self.refused.append(sql)
            raise OperationalError("attempt to write a readonly database")
        return execute(sql, params, many, context)


def search(q):
    request = RequestFactory().get("/api/search/", {"q": q, "locale": "vi"})
    request.user = AnonymousUser()
    return api_search(request)


def test_a_search_writes_nothing_and_its_record_appears_after_the_batch(plan):
    search("tuyển sinh")  # the first search of the site fills the shared cache's generations
    read_only = ReadOnly()
    with connection.execute_wrapper(read_only):
        response = search("kế hoạch truyền thông")
    assert response.status_code == 200 and json.loads(response.content)["results"][0]["title"] == plan.title
    assert read_only.refused == []
    assert not QueryRecord.objects.exists()  # not yet: it waits for the batch

    assert flush_records() == 2  # what the worker (or the next response) does
    record = QueryRecord.objects.get(query="kế hoạch truyền thông")
    assert (record.query, record.result_count, record.locale) == ("kế hoạch truyền thông", 1, "vi")


def test_a_batch_refused_by_the_database_is_kept_for_the_next(client, plan):
    search("tuyển sinh")
    read_only = ReadOnly()
    with connection.execute_wrapper(read_only):
        page = client.get("/vi/tim-kiem/", {"q": "ke hoach truyen thong"})
    assert page.status_code == 200 and plan.title in page.content.decode()
    # The batch after the response was refused; the record waits for the next one.
    assert any("search_queryrecord" in sql for sql in read_only.refused)
    assert not QueryRecord.objects.exists()

    client.get("/vi/tim-kiem/", {"q": "tuyển sinh"})  # the next response writes both
    queries = sorted(QueryRecord.objects.values_list("query", flat=True))
    assert queries == ["ke hoach truyen thong", "tuyển sinh", "tuyển sinh"]


def test_a_click_on_a_result_counts_even_before_the_batch(plan, settings):
    settings.SEARCH_RECORD_BATCH_SECONDS = 3600  # no batch after the response
    search("kế hoạch")
    assert not QueryRecord.objects.exists()
    page = Client().get("/vi/tim-kiem/", {"q": "kế hoạch"})
    token = page.content.decode().split("/api/search/click/")[1].split("/")[0]
    assert Client().get(f"/api/search/click/{token}/", {"to": plan.url}).status_code == 302
    assert QueryRecord.objects.count() == 2
    assert QueryRecord.objects.get(token=token).clicks == 1


def test_a_click_whose_search_never_comes_is_no_search_and_is_dropped_after_a_week(plan, admin_user):
    unknown = "0123456789abcdef"  # a token no search was given (its record lost, or made up)
    assert Client().get(f"/api/search/click/{unknown}/", {"to": plan.url}).status_code == 302
    assert Client().get("/api/search/click/not-a-token/", {"to": plan.url}, follow=True).status_code == 404
    assert QueryRecord.objects.get(token=unknown).clicks == 1  # kept, should its search's record still come
    client = Client()
    client.force_login(admin_user)
    report = client.get("/admin/reports/search-queries/").content.decode()
    assert "<tr><td></td>" not in report  # no search with an empty query among the top searches
    assert not QueryRecord.objects.searches().exists()

    QueryRecord.objects.filter(token=unknown).update(created_at=timezone.now() - datetime.timedelta(days=8))
    later = "fedcba9876543210"  # the next click that waits for its search clears those of over a week
    assert Client().get(f"/api/search/click/{later}/", {"to": plan.url}).status_code == 302
    assert list(QueryRecord.objects.values_list("token", flat=True)) == [later]
