"""Renders the page cache cannot answer (a session cookie: signed-in staff) reuse the route and the template
fragments of earlier renders until the next purge (core.render_cache): a publication still shows at once,
a preview shows the draft, and a restricted page never comes out of a fragment another reader left."""

import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from home.cache import get_cache
from home.models import StandardPage
from tests.factories import news_page, publish_child

pytestmark = pytest.mark.django_db

SESSION = {"HTTP_COOKIE": "sessionid=not-a-known-session"}


def unique(word):
    return f"{word} {uuid.uuid4().hex[:8]}"


def uncached(client, url, **extra):
    response = client.get(url, **{**SESSION, **extra})
    assert response.status_code == 200
    assert response["X-Cache"] == "BYPASS"
    return response.content.decode()


def test_a_second_uncached_render_of_an_article_needs_a_handful_of_queries(client, site_tree):
    article = news_page(site_tree["vi"], unique("Khai giảng"), summary="Lễ khai giảng năm học mới.")
    first = uncached(client, article.url)
    with CaptureQueriesContext(connection) as captured:
        again = uncached(client, article.url)
    assert again == first
    # The session, the generation, the article's translations, the urgent banner and the site's root paths.
    assert len(captured.captured_queries) <= 5


def test_a_correction_shows_at_once_in_an_uncached_article(client, site_tree):
    title = unique("Lịch thi")
    article = news_page(site_tree["vi"], title, summary="Thi ngày 10.")
    for _ in range(2):
        html = uncached(client, article.url)
    assert "Thi ngày 10." in html
    corrected = unique("Lịch thi (đính chính)")
    article.title = corrected
    article.summary = "Thi ngày 12."
    article.save_revision().publish()
    html = uncached(client, article.url)
    assert "Thi ngày 12." in html and "Thi ngày 10." not in html
    assert f"<title>{corrected}" in html  # the head too
    assert f'<li aria-current="page">{corrected}</li>' in html


def test_a_new_article_shows_at_once_on_the_uncached_home_page(client, site_tree):
    home = site_tree["vi"]
    uncached(client, home.url)
    uncached(client, home.url)
    title = unique("Tin mới")
    news_page(home, title)
    assert title in uncached(client, home.url)


def test_a_new_menu_entry_shows_at_once_in_the_header(client, site_tree):
    home = site_tree["vi"]
    article = news_page(home, unique("Tin"))
    uncached(client, article.url)
    title = unique("Giới thiệu")
    publish_child(home, StandardPage(title=title, slug=f"gioi-thieu-{uuid.uuid4().hex[:6]}", show_in_menus=True))
    assert f">{title}</a></li>" in uncached(client, article.url)


def test_an_unpublished_or_moved_article_leaves_its_kept_route_at_once(client, site_tree):
    home = site_tree["vi"]
    article = news_page(home, unique("Tin chuyển"))
    old_url = article.url
    uncached(client, old_url)
    other = publish_child(home, StandardPage(title=unique("Lưu trữ"), slug=f"luu-tru-{uuid.uuid4().hex[:6]}"))
    article.move(other, pos="last-child")
    article.refresh_from_db()
    moved = client.get(old_url, **SESSION)  # Wagtail's redirect to the new address, not the kept route
    assert moved.status_code == 301 and moved.url == article.url
    assert article.title in uncached(client, article.url)
    article.unpublish()
    assert client.get(article.url, **SESSION).status_code == 404


def test_a_preview_of_a_draft_shows_the_draft_not_the_kept_live_page(admin_client, client, site_tree):
    article = news_page(site_tree["vi"], unique("Tuyển sinh"), summary="Bản đã đăng.")
    article.summary = "Bản nháp chưa đăng."
    revision = article.save_revision()
    for _ in range(2):  # the live page's fragments are kept again after the draft's purge
        assert "Bản đã đăng." in uncached(client, article.url)
    url = reverse("wagtailadmin_pages:revisions_view", args=[article.pk, revision.pk])
    html = admin_client.get(url).content.decode()
    assert "Bản nháp chưa đăng." in html
    assert "Bản đã đăng." not in html


def test_a_password_protected_article_never_comes_out_of_another_readers_render(client, site_tree):
    article = news_page(site_tree["vi"], unique("Nội bộ"), summary="Chỉ dành cho cán bộ.")
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk])
    passed = client.post(url, {"password": "mat-khau", "return_url": article.url})
    assert passed.status_code == 302
    for _ in range(2):
        assert "Chỉ dành cho cán bộ." in client.get(article.url).content.decode()
    for cookies in (SESSION, {}):
        html = Client().get(article.url, **cookies).content.decode()
        assert 'name="password"' in html
        assert "Chỉ dành cho cán bộ." not in html


def test_an_anonymous_visit_keeps_its_whole_page_and_no_pieces(client, site_tree):
    """The pages cache of a process holds a few hundred entries: a page the cache keeps whole leaves no route or
    fragment beside it to push other pages out."""
    article = news_page(site_tree["vi"], unique("Tin"), summary="Cho mọi người.")
    response = client.get(article.url)
    assert response["X-Cache"] == "MISS"
    assert [key for key in cache_keys() if "route:" in key or "fragment:" in key] == []
    assert client.get(article.url)["X-Cache"] == "HIT"
    uncached(client, article.url)  # a signed-in reader's render keeps its route and fragments
    assert [key for key in cache_keys() if "route:" in key] != []
    assert [key for key in cache_keys() if "fragment:" in key] != []


def cache_keys():
    """The keys the pages cache holds: the process's memory, or Redis when CACHE_URL names it."""
    cache = get_cache()
    if isinstance(cache, LocMemCache):
        return list(cache._cache)
    return [key.decode() for key in cache._cache.get_client().keys("*")]


def routing_queries(queries):
    """The queries Wagtail's routing makes: the site, and the pages of the address's levels by slug."""
    return [query["sql"] for query in queries if '"wagtailcore_site"' in query["sql"] or '"slug" =' in query["sql"]]


def test_every_different_search_of_an_anonymous_visitor_reuses_one_kept_route(client, site_tree):
    """The page cache keeps a page per query string, so each new search is a miss; its route is the same."""
    search_url = site_tree["vi"].get_children().get(slug="tim-kiem").url
    assert client.get(search_url, {"q": "tuyển sinh"})["X-Cache"] == "MISS"
    for text in ("lịch thi", "hoc bong", "khai giảng năm học"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(search_url, {"q": text})
        assert response.status_code == 200 and response["X-Cache"] == "MISS"
        assert routing_queries(captured.captured_queries) == []
    assert [key for key in cache_keys() if "route:" in key] != []


def test_a_page_restricted_after_its_route_was_kept_is_not_shown_with_a_query_string(client, site_tree):
    article = news_page(site_tree["vi"], unique("Tin"), summary="Sắp thành nội bộ.")
    assert "Sắp thành nội bộ." in client.get(article.url, {"utm_source": "facebook"}).content.decode()
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.PASSWORD, password="mk-1")
    html = client.get(article.url, {"utm_source": "zalo"}).content.decode()
    assert 'name="password"' in html
    assert "Sắp thành nội bộ." not in html
