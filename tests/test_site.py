"""The site boots: language-prefixed URLs, Vietnamese by default, the tree and groups in place."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from home.bootstrap import APPROVERS, EDITORS, REVIEWERS, SECTIONS, STAFF, bootstrap

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


@pytest.mark.parametrize("path, en_path", [(f"/vi/{vi}/", f"/en/{en}/") for _, vi, _, en, _ in SECTIONS])
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
