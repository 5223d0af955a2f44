"""The uncached render of a page (a visitor with a session cookie, or the first visit after a purge) reads the
page tree once: routing loads every level of the address in one query and leaves the ancestors on the page,
so breadcrumbs and the view-restriction check do not read them again, whatever the depth."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from news.models import NewsPage
from tests.factories import news_page, publish_child, section

pytestmark = pytest.mark.django_db

SESSION = {"HTTP_COOKIE": "sessionid=not-a-known-session"}


def unique(word):
    return f"{word} {uuid.uuid4().hex[:8]}"


def render(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **SESSION)
    return response, [query["sql"] for query in captured.captured_queries]


def page_tree_reads(queries):
    """Queries that read rows of the page tree itself (routing, ancestors, parents)."""
    return [sql for sql in queries if 'FROM "wagtailcore_page"' in sql]


def test_an_uncached_article_reads_the_page_tree_once_for_its_whole_address(client, site_tree):
    article = news_page(site_tree["vi"], unique("Khai giảng"))
    client.get(article.url, **SESSION)
    response, queries = render(client, article.url)
    assert response.status_code == 200
    assert response["X-Cache"] == "BYPASS"
    # The route of /vi/tin-tuc/<slug>/ is kept until the next purge (core.render_cache): one query remains, the
    # article's translations (language links); the first render read the levels of the address in one more.
    assert len(page_tree_reads(queries)) == 1
    html = response.content.decode()
    index = section(site_tree["vi"], "tin-tuc")
    assert f'<li><a href="{index.url}">{index.title}</a></li>' in html  # breadcrumbs
    assert f'<li aria-current="page">{article.title}</li>' in html


def test_a_deeper_page_costs_no_more_tree_reads(client, site_tree):
    from home.models import StandardPage

    home = site_tree["vi"]
    parent = publish_child(home, StandardPage(title=unique("Giới thiệu"), slug=f"gioi-thieu-{uuid.uuid4().hex[:6]}"))
    child = publish_child(parent, StandardPage(title=unique("Lịch sử"), slug="lich-su"))
    grandchild = publish_child(child, StandardPage(title=unique("Thành tích"), slug="thanh-tich"))
    counts = []
    for page in (parent, grandchild):
        client.get(page.url, **SESSION)
        response, queries = render(client, page.url)
        assert response.status_code == 200
        counts.append(len(page_tree_reads(queries)))
    assert counts[0] == counts[1]
    html = response.content.decode()
    for ancestor in (parent, child):
        assert f'<li><a href="{ancestor.url}">{ancestor.title}</a></li>' in html


def test_an_unpublished_section_leaves_the_breadcrumbs_but_not_the_article(client, site_tree):
    article = news_page(site_tree["vi"], unique("Thông báo"))
    index = section(site_tree["vi"], "tin-tuc")
    Page.objects.filter(pk=index.pk).update(live=False)
    response = client.get(article.url, **SESSION)
    assert response.status_code == 200
    html = response.content.decode()
    assert article.title in html
    assert f'href="{index.url}">{index.title}</a>' not in html


def test_a_restriction_on_the_section_still_protects_its_articles(client, site_tree):
    article = news_page(site_tree["vi"], unique("Nội bộ"))
    index = section(site_tree["vi"], "tin-tuc")
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.PASSWORD, password="bí-mật")
    for cookies in (SESSION, {}):
        response = client.get(article.url, **cookies)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="password"' in html
        assert article.title not in html


def test_unknown_addresses_and_sub_routes_are_answered_as_before(client, site_tree):
    article = news_page(site_tree["vi"], unique("Tin"), slug=f"tin-{uuid.uuid4().hex[:6]}")
    index = section(site_tree["vi"], "tin-tuc")
    assert client.get(f"{index.url}khong-co-trang-nay/", **SESSION).status_code == 404
    assert client.get(f"{article.url}them/", **SESSION).status_code == 404
    feed = client.get(f"{index.url}feed/rss/", **SESSION)  # a route of the listing page, not a child page
    assert feed.status_code == 200
    assert article.title in feed.content.decode()
    assert NewsPage.objects.get(pk=article.pk).url == article.url


def test_the_school_settings_are_read_once_and_a_change_shows_at_the_next_render(client, site_tree):
    from wagtail.models import Locale

    from home.models import SchoolTexts

    article = news_page(site_tree["vi"], unique("Tuyển sinh"))
    client.get(article.url, **SESSION)
    response, queries = render(client, article.url)
    assert not [sql for sql in queries if "home_schoolsettings" in sql or "home_schooltexts" in sql]
    school = SchoolTexts.objects.get(locale=Locale.get_default())  # the name as editors change it
    school.school_name = unique("Trường THPT Lắk mới")
    school.save()
    assert school.school_name in client.get(article.url, **SESSION).content.decode()


def test_a_first_anonymous_visit_checks_the_view_restrictions_once(client, site_tree):
    article = news_page(site_tree["vi"], unique("Lịch thi"))
    client.get(site_tree["vi"].url)  # the menu, which reads the restricted pages for itself, is then cached
    with CaptureQueriesContext(connection) as captured:
        response = client.get(article.url)
    assert response["X-Cache"] == "MISS"
    assert len([query for query in captured.captured_queries if "wagtailcore_pageviewrestriction" in query["sql"]]) == 1
