"""The anonymous page cache: fast repeat visits, never stale after publishing, never personal."""

import threading
import time
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from home.cache import purge_all
from home.models import StandardPage
from site_lak import env
from tests.factories import news_page, publish_child, section, with_other_process_pages

pytestmark = pytest.mark.django_db


def unique(word):
    return f"{word} {uuid.uuid4().hex[:8]}"


def test_second_anonymous_visit_is_served_from_the_cache_with_cdn_headers(client, site_tree):
    article = news_page(site_tree["vi"], unique("Lễ khai giảng"))
    first = client.get(article.url)
    second = client.get(article.url)
    assert first.status_code == second.status_code == 200
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]
    assert second["ETag"] and second["Last-Modified"]
    revalidated = client.get(article.url, headers={"if-none-match": second["ETag"]})
    assert revalidated.status_code == 304


def test_publishing_purges_the_listing_and_the_home_page(client, site_tree):
    home = site_tree["vi"]
    index = section(home, "tin-tuc")
    for url in (index.url, home.url):
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT"
    title = unique("Kết quả thi học sinh giỏi")
    news_page(home, title)
    listing = client.get(index.url)
    assert listing["X-Cache"] == "MISS"
    assert title in listing.content.decode()
    assert client.get(home.url)["X-Cache"] == "MISS"


def test_unpublished_page_is_gone_at_once(client, site_tree):
    title = unique("Thông báo sẽ gỡ")
    article = news_page(site_tree["vi"], title)
    index = section(site_tree["vi"], "tin-tuc")
    url = article.url
    client.get(url), client.get(index.url)
    assert client.get(url)["X-Cache"] == "HIT"
    article.unpublish()
    assert client.get(url).status_code == 404
    assert title not in client.get(index.url).content.decode()


def test_moved_page_redirects_from_its_old_address(client, site_tree):
    home = site_tree["vi"]
    parent = publish_child(home, StandardPage(title=unique("Giới thiệu chung"), slug=f"gt-{uuid.uuid4().hex[:6]}"))
    moved = publish_child(home, StandardPage(title=unique("Lịch sử trường"), slug=f"ls-{uuid.uuid4().hex[:6]}"))
    old_url = moved.url
    client.get(old_url)
    assert client.get(old_url)["X-Cache"] == "HIT"
    moved.move(parent, pos="last-child")
    moved = Page.objects.get(pk=moved.pk)
    old_address = client.get(old_url)
    assert old_address.status_code == 301  # Wagtail's automatic redirect, not the cached page
    assert old_address["Location"] == moved.url
    assert client.get(moved.url).status_code == 200


def other_process_cache():
    """The settings of another process: its own pages in its own memory, the same shared cache (the
    database cache table by default, Redis with CACHE_URL) for the generation."""
    return override_settings(CACHES=with_other_process_pages(), PAGE_CACHE_ALIAS="elsewhere")


def test_publish_seen_by_another_process_with_its_own_cache(client, site_tree):
    """Each gunicorn worker keeps pages in its own memory; a publish in another process still purges."""
    index = section(site_tree["vi"], "tin-tuc")
    client.get(index.url)
    assert client.get(index.url)["X-Cache"] == "HIT"
    title = unique("Tin đăng từ tiến trình khác")
    with other_process_cache():  # the publishing process
        news_page(site_tree["vi"], title)
    listing = client.get(index.url)
    assert listing["X-Cache"] == "MISS"
    assert title in listing.content.decode()


def test_a_flood_of_made_up_addresses_does_not_push_pages_out(client, site_tree):
    """404s leave nothing in the page cache (not even a "do not wait" marker), so a crawler or an attacker
    asking for thousands of addresses that do not exist cannot evict the pages visitors read."""
    pages = settings.CACHES["pages"]
    if pages["BACKEND"].endswith("LocMemCache"):  # each process's memory holds few entries: fill it quickly
        pages = {**pages, "OPTIONS": {"MAX_ENTRIES": 30}}
    small = {**settings.CACHES, "pages": pages}
    with override_settings(CACHES=small):
        article = news_page(site_tree["vi"], unique("Thông báo tuyển sinh lớp 10"))
        client.get(article.url)
        for number in range(60):
            assert client.get(f"/vi/khong-co-trang-nay-{number}/").status_code == 404
        assert client.get(article.url)["X-Cache"] == "HIT"


def test_signed_in_users_never_get_or_fill_the_cache(client, site_tree):
    article = news_page(site_tree["vi"], unique("Hội thao"))
    client.get(article.url)  # cached for anonymous visitors
    user = get_user_model().objects.create_superuser(f"admin-{uuid.uuid4().hex[:6]}", "a@example.com", "x")
    client.force_login(user)
    response = client.get(article.url)
    assert response["X-Cache"] == "BYPASS"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    client.logout()
    anonymous = client.get(article.url, headers={"cookie": ""})
    assert anonymous["X-Cache"] in {"HIT", "MISS"}
    assert b"wagtail-userbar" not in anonymous.content


def test_a_session_cookie_bypasses_the_cache(client, site_tree):
    article = news_page(site_tree["vi"], unique("Ngày hội đọc sách"))
    client.get(article.url)
    client.cookies["sessionid"] = "whatever"
    assert client.get(article.url)["X-Cache"] == "BYPASS"


def test_restricted_pages_are_never_cached(client, site_tree):
    article = news_page(site_tree["vi"], unique("Nội bộ: lịch họp"))
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.PASSWORD, password="bí-mật")
    for _ in range(2):
        response = client.get(article.url)
        assert response["X-Cache"] == "BYPASS"
        assert "private" in response["Cache-Control"]
        assert 'name="password"' in response.content.decode()  # the password form, not the page


def test_posts_are_never_answered_from_the_cache(client, site_tree):
    article = news_page(site_tree["vi"], unique("Thông báo tuyển sinh"))
    client.get(article.url)
    assert client.get(article.url)["X-Cache"] == "HIT"
    assert client.post(article.url).get("X-Cache") != "HIT"


def test_a_messages_cookie_bypasses_the_cache(client, site_tree):
    article = news_page(site_tree["vi"], unique("Thông báo nghỉ lễ"))
    client.get(article.url)
    client.cookies["messages"] = "pending"
    assert client.get(article.url)["X-Cache"] == "BYPASS"


def test_each_query_string_is_its_own_entry(client, site_tree):
    index = section(site_tree["vi"], "tin-tuc")
    client.get(index.url)
    assert client.get(index.url)["X-Cache"] == "HIT"
    assert client.get(index.url + "?category=results")["X-Cache"] == "MISS"


class RenderCounter:
    """Counts page renders (the `before_serve_page` hook runs once per render, never for a cache hit).

    The first render is held until `release` is set, so that other requests miss the cache while it
    is still going on; `entered` tells that it has started.
    """

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, page, request, serve_args, serve_kwargs):
        with self.lock:
            self.count += 1
            first = self.count == 1
        if first:
            self.entered.set()
            self.release.wait(timeout=10)


def get_in_thread(url, results):
    def run():
        try:
            results.append(Client().get(url))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_concurrent_visitors_after_a_purge_wait_for_one_render(client, site_tree):
    title = unique("Kết quả thi tốt nghiệp")
    article = news_page(site_tree["vi"], title)
    client.get(article.url)
    purge_all()
    renders, results = RenderCounter(), []
    with hooks.register_temporarily("before_serve_page", renders):
        threads = [get_in_thread(article.url, results)]
        assert renders.entered.wait(timeout=10)
        threads += [get_in_thread(article.url, results) for _ in range(5)]
        time.sleep(0.3)  # let them all reach the cache and find the page missing
        renders.release.set()
        for thread in threads:
            thread.join(timeout=20)
    assert renders.count == 1
    assert [response.status_code for response in results] == [200] * 6
    assert sorted(response["X-Cache"] for response in results) == ["HIT"] * 5 + ["MISS"]
    assert all(title in response.content.decode() for response in results)


@pytest.mark.django_db(transaction=True)
def test_a_visitor_renders_the_page_itself_when_the_first_render_takes_too_long(client, site_tree):
    title = unique("Lịch thi học kỳ")
    article = news_page(site_tree["vi"], title)
    renders, results = RenderCounter(), []
    with override_settings(PAGE_CACHE_WAIT=0.2), hooks.register_temporarily("before_serve_page", renders):
        stuck = get_in_thread(article.url, results)
        assert renders.entered.wait(timeout=10)
        response = client.get(article.url)
        renders.release.set()
        stuck.join(timeout=20)
    assert response.status_code == 200 and title in response.content.decode()
    assert renders.count == 2
    assert results[0].status_code == 200


@pytest.mark.django_db(transaction=True)
def test_nobody_waits_for_a_render_that_started_before_an_unpublish(client, site_tree):
    title = unique("Thông báo đăng nhầm")
    article = news_page(site_tree["vi"], title)
    url = article.url
    renders, results = RenderCounter(), []
    with hooks.register_temporarily("before_serve_page", renders):
        before = get_in_thread(url, results)  # renders the article as it was
        assert renders.entered.wait(timeout=10)
        article.unpublish()
        assert client.get(url).status_code == 404  # not the response still being rendered
        renders.release.set()
        before.join(timeout=20)
    assert results[0].status_code == 200  # that visitor came first and got the article ...
    after = client.get(url)
    assert after.status_code == 404  # ... but it was stored where nobody looks any more
    assert title not in after.content.decode()


def test_a_page_that_cannot_be_stored_is_not_waited_for(client, site_tree):
    article = news_page(site_tree["vi"], unique("Nội bộ: họp tổ"))
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.PASSWORD, password="x")
    renders = RenderCounter()
    renders.release.set()
    with hooks.register_temporarily("before_serve_page", renders):
        for _ in range(3):
            response = client.get(article.url)
            assert response["X-Cache"] == "BYPASS"
            assert 'name="password"' in response.content.decode()
    assert renders.count == 3


def test_anything_wagtail_logs_purges_the_cache(client, site_tree):
    """A snippet or settings edit reaches no page signal, but Wagtail logs it: that is enough."""
    from wagtail.log_actions import log

    from search.models import Synonym

    index = section(site_tree["vi"], "tin-tuc")
    client.get(index.url)
    assert client.get(index.url)["X-Cache"] == "HIT"
    log(instance=Synonym.objects.create(term="HS", expansions="học sinh"), action="wagtail.create")
    assert client.get(index.url)["X-Cache"] == "MISS"


@pytest.mark.django_db(transaction=True)
def test_the_cache_table_is_made_by_migrate():
    """The shared cache's table comes with every migrate (make run, make serve, CI), like this test
    database's: nothing else to run. With CACHE_URL=redis:// (CI) there is no table to make, so this
    test migrates a database of its own with the embedded default."""
    with override_settings(CACHES={**settings.CACHES, "default": dict(env.SHARED_DATABASE_CACHE)}):
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS site_lak_cache")
        call_command("migrate", verbosity=0)
        assert "site_lak_cache" in connection.introspection.table_names()
