"""The admin's page explorer stays cheap on a section with thousands of pages, and publishing directly
is all or nothing.

The explorer is where an editor lands after publishing; wagtail-localize's per-row buttons used to cost
two to four queries per listed page (editorial/upstream.py answers them from the listing's query).
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode
from wagtail import hooks
from wagtail.models import Locale, Page
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import Translation

from editorial import upstream
from editorial.models import DirectPublication
from news.models import NewsPage
from tests.factories import draft_child, news_page, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(member, as_user, site_tree):
    return as_user(member("quantri", is_superuser=True, is_staff=True))


def explorer_url(page):
    return reverse("wagtailadmin_explore", args=[page.pk])


def news_index(site_tree):
    return section(site_tree["vi"], "tin-tuc")


def translate_into_english(client, page):
    english = Locale.objects.get(language_code="en")
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [english.pk]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=english)


def queries_for(client, url):
    client.get(url)  # fills the per-process caches (content types, site settings) first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def row_links(client, index, page):
    """The addresses of the buttons in the explorer row of `page` (its "more" menu included)."""
    soup = BeautifulSoup(client.get(explorer_url(index)).content, "html.parser")
    checkbox = soup.find("input", {"data-object-id": str(page.pk)})
    assert checkbox is not None, f"no row for page {page.pk}"
    return {a["href"] for a in checkbox.find_parent("tr").find_all("a", href=True)}


def test_explorer_query_count_does_not_grow_with_the_listed_pages(site_tree, admin):
    index = news_index(site_tree)
    for number in range(3):
        news_page(site_tree["vi"], f"Tin số {number}")
    few = queries_for(admin, explorer_url(index))
    for number in range(3, 9):
        translate_into_english(admin, news_page(site_tree["vi"], f"Tin số {number}"))
    assert queries_for(admin, explorer_url(index)) == few


def test_explorer_rows_offer_translate_and_sync_as_wagtail_localize_does(site_tree, admin):
    index = news_index(site_tree)
    untranslated = news_page(site_tree["vi"], "Tin chưa dịch")
    translated = news_page(site_tree["vi"], "Tin đã dịch")
    source_id = translate_into_english(admin, translated).source_id
    translate_url = "wagtail_localize:submit_page_translation"

    links = row_links(admin, index, untranslated)
    assert reverse(translate_url, args=[untranslated.pk]) in links
    assert not any("/localize/update/" in link for link in links)

    links = row_links(admin, index, translated)
    assert reverse(translate_url, args=[translated.pk]) not in links  # English exists already
    sync_url = reverse("wagtail_localize:update_translations", args=[source_id])
    assert f"{sync_url}?{urlencode({'next': explorer_url(index)})}" in links

    # Exactly the buttons wagtail-localize's own hook makes, row by row.
    ours = {page.pk: row_links(admin, index, page) for page in (untranslated, translated)}
    registered = hooks._hooks["register_page_listing_more_buttons"]
    upstreams_own = [
        (localize_hooks.page_listing_more_buttons if fn is upstream.page_listing_more_buttons else fn, order)
        for fn, order in registered
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(hooks._hooks, "register_page_listing_more_buttons", upstreams_own)
        assert {page.pk: row_links(admin, index, page) for page in (untranslated, translated)} == ours


def test_pages_listed_elsewhere_keep_their_translate_button(site_tree, admin):
    """Listings other than the explorer (the admin search) are not annotated: upstream's hook answers."""
    from wagtail.search.backends import get_search_backend

    page = news_page(site_tree["vi"], "Hội thao truyền thống")
    get_search_backend().refresh_indexes()  # an engine shows a new page to searches after a refresh
    response = admin.get(reverse("wagtailadmin_pages:search") + "?q=truyền thống")
    assert reverse("wagtail_localize:submit_page_translation", args=[page.pk]) in response.content.decode()


def test_direct_publication_is_not_half_done_when_recording_it_fails(site_tree, admin, monkeypatch):
    page = draft_child(news_index(site_tree), NewsPage(title="Đính chính khẩn", slug="dinh-chinh-khan"))

    def failing_log(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr("editorial.views.log", failing_log)
    with pytest.raises(RuntimeError):
        admin.post(reverse("editorial_direct_publish", args=[page.pk]), {"reason": "Đính chính thông tin sai."})
    assert not Page.objects.get(pk=page.pk).live
    assert not DirectPublication.objects.exists()
