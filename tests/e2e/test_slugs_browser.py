"""The slug field of a new page folds the Vietnamese title to ASCII as the editor types (home/slugs.py)."""

import pytest
from playwright.sync_api import expect

from core.bootstrap import EDITORS
from tests.e2e.conftest import sign_in
from tests.factories import section

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Lễ khai giảng năm học 2026–2027", "le-khai-giang-nam-hoc-2026-2027"),
        ("Đoàn trường Đắk Lắk đón bằng khen", "doan-truong-dak-lak-don-bang-khen"),
    ],
)
def test_the_slug_field_folds_vietnamese(live_server, site_tree, page_in, member, title, slug):
    member("bientap", EDITORS)
    news = section(site_tree["vi"], "tin-tuc")
    browser = page_in("desktop")
    sign_in(browser, live_server, "bientap")
    browser.goto(f"{live_server.url}/admin/pages/add/news/newspage/{news.pk}/")
    browser.locator("#id_title").press_sequentially(title)
    browser.locator("#id_title").blur()
    expect(browser.locator("#id_slug")).to_have_value(slug)
