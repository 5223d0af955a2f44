"""Page addresses are ASCII, folded from Vietnamese titles; existing addresses are kept (home/slugs.py)."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from core.bootstrap import EDITORS
from home.slugs import ascii_slug
from news.models import NewsPage
from tests.factories import draft_child, section

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Lễ khai giảng năm học 2026–2027", "le-khai-giang-nam-hoc-2026-2027"),
        ("Đoàn trường Đắk Lắk đón bằng khen", "doan-truong-dak-lak-don-bang-khen"),
        ("Thông báo: thi tuyển sinh lớp 10 — đợt 2!", "thong-bao-thi-tuyen-sinh-lop-10-dot-2"),
        ("Ngữ văn, Lịch sử và Địa lý", "ngu-van-lich-su-va-dia-ly"),
    ],
)
def test_vietnamese_titles_fold_to_ascii(title, slug):
    assert ascii_slug(title) == slug


def test_a_page_saved_without_a_slug_gets_the_folded_title(site_tree):
    news = section(site_tree["vi"], "tin-tuc")
    page = draft_child(news, NewsPage(title="Lễ khai giảng năm học 2026–2027"))
    assert page.slug == "le-khai-giang-nam-hoc-2026-2027"
    assert page.url_path.endswith("/tin-tuc/le-khai-giang-nam-hoc-2026-2027/")
    twin = draft_child(news, NewsPage(title="Lễ khai giảng năm học 2026–2027"))
    assert twin.slug == "le-khai-giang-nam-hoc-2026-2027-2"


def test_an_existing_slug_is_kept(site_tree):
    news = section(site_tree["vi"], "tin-tuc")
    page = draft_child(news, NewsPage(title="Hội thao", slug="hội-thao-cũ"))
    page.title = "Hội thao truyền thống Đắk Lắk"
    page.save()
    page.refresh_from_db()
    assert page.slug == "hội-thao-cũ"


def test_the_admin_slug_field_folds_vietnamese_in_the_browser(site_tree, member, as_user):
    """The rule is given to Wagtail's slug field as formatters; tests/e2e/test_slugs_browser.py types."""
    client = as_user(member("bientap", EDITORS))
    news = section(site_tree["vi"], "tin-tuc")
    response = client.get(reverse("wagtailadmin_pages:add", args=["news", "newspage", news.pk]))
    slug_input = BeautifulSoup(response.content, "html.parser").find("input", {"name": "slug"})
    assert "data-w-slug-allow-unicode-value" not in slug_input.attrs  # i.e. false: ASCII slugs
    formatters = json.loads(slug_input["data-w-slug-formatters-value"])
    assert [["[đ]", "gu"], "d"] in formatters
