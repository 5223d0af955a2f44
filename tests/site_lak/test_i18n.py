"""Translating a page through wagtail-localize's admin views, and the bilingual public site."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation

from tests.factories import news_page

pytestmark = pytest.mark.django_db


def translate_through_admin(admin_client, page, strings, capture_on_commit):
    """Submit `page` for English translation, fill `strings` in the editor's API, publish it."""
    en = Locale.objects.get(language_code="en")
    response = admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [en.pk]}
    )
    assert response.status_code == 302
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=en)
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        if segment.string.data in strings:
            url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
            response = admin_client.put(
                url, f"value={strings[segment.string.data]}", content_type="application/x-www-form-urlencoded"
            )
            assert response.status_code in (200, 201), response.content
    target = page.get_translation(en)
    assert not target.live  # a new translation is a draft, whatever its source
    # An administrator's "Publish" in the translation editor asks for a reason, as for any page.
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    assert response["Location"] == reverse("editorial_direct_publish", args=[target.pk])
    with capture_on_commit(execute=True):
        response = admin_client.post(response["Location"], {"reason": "Bản dịch cho đối tác nước ngoài."})
    assert response.status_code == 302
    target.refresh_from_db()
    return target


def test_translated_article_is_linked_both_ways(admin_client, client, site_tree, django_capture_on_commit_callbacks):
    page = news_page(site_tree["vi"], "Lễ khai giảng năm học mới", slug="le-khai-giang", summary="Sáng 5/9.")
    english = translate_through_admin(
        admin_client,
        page,
        {
            "Lễ khai giảng năm học mới": "Opening ceremony of the new school year",
            "le-khai-giang": "opening-ceremony",
            "Sáng 5/9.": "On the morning of 5 September.",
        },
        django_capture_on_commit_callbacks,
    )
    assert english.live
    assert english.url == "/en/news/opening-ceremony/"
    client.logout()

    vi_html = client.get("/vi/tin-tuc/le-khai-giang/").content.decode()
    assert f'hreflang="en" href="{settings.SITE_URL}/en/news/opening-ceremony/"' in vi_html
    assert re.search(r'<a href="/en/news/opening-ceremony/" lang="en"', vi_html)

    en_response = client.get("/en/news/opening-ceremony/")
    en_html = en_response.content.decode()
    assert '<html lang="en">' in en_html
    assert "Opening ceremony of the new school year" in en_html
    assert re.search(r'<a href="/vi/tin-tuc/le-khai-giang/" lang="vi"', en_html)


def test_switcher_falls_back_to_the_other_home_page(client, site_tree):
    news_page(site_tree["vi"], "Chỉ có tiếng Việt", slug="chi-co-tieng-viet")
    html = client.get("/vi/tin-tuc/chi-co-tieng-viet/").content.decode()
    assert re.search(r'<a href="/en/" lang="en"', html)
    assert 'rel="alternate" hreflang="en"' not in html  # no English alternate for an untranslated page


def test_feeds_are_per_locale(admin_client, client, site_tree, django_capture_on_commit_callbacks):
    page = news_page(site_tree["vi"], "Tin chỉ trong nguồn", slug="tin-nguon")
    translate_through_admin(
        admin_client,
        page,
        {"Tin chỉ trong nguồn": "Source-only story", "tin-nguon": "story"},
        django_capture_on_commit_callbacks,
    )
    client.logout()
    vi_feed = client.get("/vi/tin-tuc/feed/rss/").content.decode()
    en_feed = client.get("/en/news/feed/rss/").content.decode()
    assert "Tin chỉ trong nguồn" in vi_feed and "Source-only story" not in vi_feed
    assert "Source-only story" in en_feed and "Tin chỉ trong nguồn" not in en_feed
    assert "<language>en</language>" in en_feed


def test_dates_follow_the_locale(client, site_tree):
    import datetime

    news_page(site_tree["vi"], "Ngày tháng", slug="ngay-thang", date=datetime.date(2024, 3, 26))
    html = client.get("/vi/tin-tuc/ngay-thang/").content.decode()
    assert "26/03/2024" in html


def test_demo_content_has_english_information_pages_and_news(client, site_tree):
    from django.core.management import call_command

    from home.demo import INFO_PAGES
    from news.demo import NEWS_IN_ENGLISH

    call_command("bootstrap_site", "--demo", stdout=io.StringIO())
    call_command("bootstrap_site", "--demo", stdout=io.StringIO())  # idempotent: nothing twice
    en = Locale.objects.get(language_code="en")
    for *_, en_title, en_slug, en_summary in INFO_PAGES:
        response = client.get(f"/en/{en_slug}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert en_title in html and escape(en_summary) in html and '<html lang="en">' in html
    english_news = client.get("/en/news/").content.decode()
    for en_title, en_slug, _ in NEWS_IN_ENGLISH.values():
        assert client.get(f"/en/news/{en_slug}/").status_code == 200
        assert escape(en_title) in english_news
    assert Page.objects.filter(locale=en, slug="school-facebook-page").count() == 1
