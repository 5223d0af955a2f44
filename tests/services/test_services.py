"""Against the real services: PostgreSQL as the database and OpenSearch as the search engine."""

import threading
import uuid

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from site_lak import env
from tests.factories import news_page

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_database_is_postgresql_with_unaccent():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT unaccent('Trường THPT Lắk, Đắk Lắk: học sinh giỏi')")
        assert cursor.fetchone()[0] == "Truong THPT Lak, Dak Lak: hoc sinh gioi"


def test_engine_folds_vietnamese():
    backend = get_search_backend()
    tokens = backend.es.indices.analyze(
        body={"tokenizer": "standard", "filter": ["lowercase", "asciifolding"], "text": "Việt Nam Đắk Lắk"}
    )
    assert [token["token"] for token in tokens["tokens"]] == ["viet", "nam", "dak", "lak"]


def test_engine_indexes_and_finds_a_published_page(site_tree):
    call_command("update_index", verbosity=0)
    marker = f"kiemtra{uuid.uuid4().hex[:8]}"
    page = news_page(site_tree["vi"], f"Thông báo {marker} về lịch học", summary="Lịch học mới.")
    backend = get_search_backend()
    backend.refresh_indexes() if hasattr(backend, "refresh_indexes") else None
    backend.get_index_for_model(Page).refresh()
    results = list(Page.objects.live().search(marker))
    assert [result.pk for result in results] == [page.pk]


def test_the_redis_cache_keeps_one_client_shared_by_threads(settings):
    """Django's Redis cache makes a client per operation; ours keeps one (site_lak.cache.RedisCache), and it
    serves several threads at once (gunicorn's gthread workers) without mixing their answers."""
    assert env.caches("x")["default"]["BACKEND"] == "site_lak.cache.RedisCache"
    settings.CACHES = {**settings.CACHES, "kept": env.caches("x")["default"]}
    cache = caches["kept"]
    prefix = uuid.uuid4().hex
    answers = {}

    def count(number):
        key = f"{prefix}:{number}"
        cache.set(key, 0, 60)
        for _ in range(50):
            cache.incr(key)
        answers[number] = (cache.get(key), cache._cache.get_client(key))

    threads = [threading.Thread(target=count, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [value for value, _client in answers.values()] == [50] * 4
    assert len({id(client) for _value, client in answers.values()}) == 1
