"""The site boots: language-prefixed URLs, Vietnamese by default, the tree and groups in place."""

import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS, STAFF, bootstrap
from core.families import sections
from home.models import StandardPage
from news.models import NewsPage
from tests.factories import news_page, publish_child, with_other_process_pages

pytestmark = pytest.mark.django_db


def html_lang(response):
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


def test_root_redirects_to_vietnamese(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/vi/"


def test_vietnamese_home_is_vietnamese(client, site_tree):
    response = client.get("/vi/")
    assert response.status_code == 200
    assert html_lang(response) == "vi"
    assert "Trường THPT Lắk" in response.content.decode()
    assert "Bỏ qua" in response.content.decode() or "Chuyển đến nội dung" in response.content.decode()


def test_english_home_is_english(client, site_tree):
    response = client.get("/en/")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "Lak High School" in response.content.decode()


@pytest.mark.parametrize("path, en_path", [(f"/vi/{s.slug}/", f"/en/{s.en_slug}/") for _, s in sections()])
def test_every_section_serves_in_both_languages(client, site_tree, path, en_path):
    assert client.get(path).status_code == 200
    assert client.get(en_path).status_code == 200


def test_admin_login_page_speaks_vietnamese(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert html_lang(response) == "vi"
    assert "Đăng nhập" in body
    assert "Sign in" not in body


def test_unknown_page_gives_vietnamese_404(client, site_tree):
    response = client.get("/vi/khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_bootstrap_is_idempotent(site_tree):
    before = Page.objects.count()
    bootstrap()
    bootstrap()
    assert Page.objects.count() == before


def test_editorial_groups_exist_without_direct_publish():
    for name in (EDITORS, REVIEWERS, APPROVERS, STAFF):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()
        assert not group.page_permissions.filter(permission__codename="publish_page").exists()
    assert Group.objects.get(name=EDITORS).page_permissions.filter(permission__codename="add_page").exists()


def test_sitemap_lists_both_languages(client, site_tree):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/vi/tin-tuc/" in body
    assert "/en/news/" in body


def test_health_endpoints(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["problems"] == {}


def unpublish(page):
    page.unpublish()


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")


def withdraw(page):
    page.withdrawn, page.withdrawal_reason = True, "Đăng nhầm."
    page.save_revision().publish()


@pytest.mark.parametrize("change", [unpublish, restrict, withdraw])
def test_home_sections_drop_an_article_as_soon_as_it_is_hidden(client, site_tree, change):
    """The sections are kept between renders (the page cache is off here): never past such a change."""
    home = site_tree["vi"]
    article = news_page(home, f"Bài sẽ ẩn {uuid.uuid4().hex[:8]}")
    with override_settings(PAGE_CACHE_ENABLED=False):
        for _ in range(2):
            assert article.title in client.get(home.url).content.decode()
        change(NewsPage.objects.get(pk=article.pk))
        assert article.title not in client.get(home.url).content.decode()


def test_home_sections_show_an_article_published_by_another_process(client, site_tree):
    home = site_tree["vi"]
    elsewhere = with_other_process_pages()
    with override_settings(PAGE_CACHE_ENABLED=False):
        client.get(home.url)
        title = f"Tin từ tiến trình khác {uuid.uuid4().hex[:8]}"
        with override_settings(CACHES=elsewhere, PAGE_CACHE_ALIAS="elsewhere"):  # its own memory, the same shared cache
            news_page(home, title)
        assert title in client.get(home.url).content.decode()


def main_menu_of(response):
    return re.search(r'<nav class="main-nav".*?</nav>', response.content.decode(), re.S).group(0)


@pytest.mark.parametrize("change", [unpublish, restrict, withdraw])
def test_the_main_menu_drops_a_page_as_soon_as_it_is_hidden(client, site_tree, change):
    """The menu is kept between renders (the page cache is off here): never past such a change."""
    home = site_tree["vi"]
    slug = f"menu-{uuid.uuid4().hex[:6]}"
    page = publish_child(home, StandardPage(title=f"Mục menu {slug}", slug=slug, show_in_menus=True))
    with override_settings(PAGE_CACHE_ENABLED=False):
        for _ in range(2):
            assert page.title in main_menu_of(client.get(home.url))
        change(StandardPage.objects.get(pk=page.pk))
        assert page.title not in main_menu_of(client.get(home.url))
