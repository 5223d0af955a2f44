"""Withdrawn pages on PostgreSQL and the real engine: search, suggestions and the sitemap leave them out
(the engine filters on a list of ids, PostgreSQL on subqueries; see home.change_notes.exclude_withdrawn)."""

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from tests.factories import news_page
from tests.search.test_search import api, policy_page, titles

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def refresh():
    get_search_backend().get_index_for_model(Page).refresh()


def suggestions(client, text):
    return [item["title"] for item in client.get("/api/search/suggest/", {"q": text}).json()["suggestions"]]


def test_a_withdrawn_page_leaves_engine_search_suggestions_and_sitemap(client, site_tree):
    call_command("update_index", verbosity=0)
    home = site_tree["vi"]
    kept = news_page(home, "Hội thao phòng chống đuối nước", summary="Tin giữ lại.")
    article = news_page(home, "Tập huấn phòng chống đuối nước", summary="Tin sẽ gỡ.")
    document = policy_page(home, "Công văn về phòng chống đuối nước", "141/KH-BGDĐT", document_type="ke-hoach")
    refresh()
    assert {kept.title, article.title, document.title} <= set(titles(api(client, q="đuối nước")))
    assert article.title in suggestions(client, "tập huấn")

    for page in (article, document):
        page.withdrawn, page.withdrawal_reason = True, "Đăng nhầm."
        page.save_revision().publish()
    refresh()
    assert titles(api(client, q="đuối nước")) == [kept.title]
    assert article.title not in suggestions(client, "tập huấn")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert kept.url in sitemap and article.url not in sitemap and document.url not in sitemap
    assert client.get(article.url).status_code == 200
