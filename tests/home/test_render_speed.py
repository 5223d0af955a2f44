"""Rendering cost does not grow with the content shown: the same number of queries for one card or six,
one tag or five (no query per item), and the home page's sections are computed once per purge."""

import uuid

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from home.cache import purge_all
from news.models import NewsRelatedPage
from tests.factories import news_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache():
    with override_settings(PAGE_CACHE_ENABLED=False):
        yield


def unique(word):
    return f"{word} {uuid.uuid4().hex[:8]}"


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def image():
    return get_image_model().objects.create(title="Ảnh", file=get_test_image_file(f"{uuid.uuid4().hex[:6]}.png"))


def cold_home_queries(client, home):
    """Queries of a home page render right after a purge (its images' renditions already made)."""
    client.get(home.url)
    purge_all()
    return queries(client, home.url)


def test_the_home_page_costs_the_same_queries_for_one_card_or_six(client, site_tree):
    home = site_tree["vi"]
    news_page(home, unique("Tin đầu tiên"), lead_image=image())
    one = cold_home_queries(client, home)
    titles = [news_page(home, unique("Tin có ảnh"), lead_image=image()).title for _ in range(5)]
    six = cold_home_queries(client, home)
    assert six == one
    content = client.get(home.url).content.decode()
    assert all(title in content for title in titles)


def test_home_sections_are_computed_once_until_the_next_purge(client, site_tree):
    home = site_tree["vi"]
    title = unique("Tin trang chủ")
    news_page(home, title)
    first = cold_home_queries(client, home)
    again = queries(client, home.url)
    assert again < first
    assert title in client.get(home.url).content.decode()


def article_with(home, tags, related):
    page = news_page(home, unique("Bài viết"))
    page.tags.add(*[unique("thẻ") for _ in range(tags)])
    page.related_pages = [NewsRelatedPage(related_page=news_page(home, unique("Liên quan"))) for _ in range(related)]
    page.save_revision().publish()
    return page


def test_an_article_costs_the_same_queries_with_more_tags_and_related_pages(client, site_tree):
    home = site_tree["vi"]
    small, large = article_with(home, tags=1, related=1), article_with(home, tags=5, related=4)
    for page in (small, large):
        client.get(page.url)
    assert queries(client, large.url) == queries(client, small.url)
    content = client.get(large.url).content.decode()
    assert all(row.related_page.title in content for row in large.related_pages.all())
    assert all(tag.name in content for tag in large.tags.all())
