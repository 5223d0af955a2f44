"""News articles: related pages, dated notes for major changes, withdrawal."""

import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from news.models import NewsPage, NewsRelatedPage
from tests.admin_forms import edit_form, edit_url
from tests.factories import draft_child, news_page, section

pytestmark = pytest.mark.django_db


def save_draft(client, page, **changes):
    response = client.post(edit_url(page), edit_form(client, page, **changes))
    return response


def publish_latest(page):
    """What the workflow's final approval does: publish the latest revision."""
    NewsPage.objects.get(pk=page.pk).get_latest_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


def article(site_tree, **fields):
    fields.setdefault("summary", "Tóm tắt bài viết về lễ khai giảng.")
    fields.setdefault("body", [("paragraph", RichText("<p>Nội dung chi tiết của buổi lễ.</p>"))])
    return news_page(site_tree["vi"], "Lễ khai giảng năm học mới", slug="le-khai-giang", **fields)


# --- related pages ---------------------------------------------------------------------------------------


def test_related_pages_are_listed_but_never_a_draft(client, site_tree):
    home = site_tree["vi"]
    published = news_page(home, "Kết quả thi học sinh giỏi tỉnh", slug="ket-qua-hsg")
    draft = draft_child(section(home, "tin-tuc"), NewsPage(title="Bản nháp chưa duyệt", slug="ban-nhap"))
    page = article(site_tree)
    page.related_pages = [NewsRelatedPage(related_page=published), NewsRelatedPage(related_page=draft)]
    page.save_revision().publish()

    body = client.get(page.url).content.decode()
    assert "Kết quả thi học sinh giỏi tỉnh" in body
    assert published.url in body
    assert "Bản nháp chưa duyệt" not in body


def test_related_pages_are_chosen_in_the_admin(admin_client, client, site_tree):
    other = news_page(site_tree["vi"], "Ra mắt trang Facebook của trường", slug="ra-mat-facebook")
    page = article(site_tree)
    response = save_draft(
        admin_client,
        page,
        **{
            "related_pages-TOTAL_FORMS": "1",
            "related_pages-0-related_page": str(other.pk),
            "related_pages-0-ORDER": "1",
            "related_pages-0-DELETE": "",
            "related_pages-0-id": "",
        },
    )
    assert response.status_code == 302
    publish_latest(page)
    assert "Ra mắt trang Facebook của trường" in client.get(page.url).content.decode()


# --- major and minor changes -----------------------------------------------------------------------------


def test_a_major_change_is_shown_with_its_note_and_date_once_published(admin_client, client, site_tree):
    page = article(site_tree)
    note = "Sửa giờ khai mạc từ 7 giờ thành 7 giờ 30."
    response = save_draft(admin_client, page, title="Lễ khai giảng (cập nhật giờ)", major_change="on", change_note=note)
    assert response.status_code == 302
    # A draft is not news yet: the public page has no update.
    assert note not in client.get(page.url).content.decode()

    page = publish_latest(page)
    body = client.get(page.url).content.decode()
    assert note in body
    assert [entry.note for entry in page.change_log] == [note]
    assert f'datetime="{timezone.localtime(page.change_log[0].date).strftime("%Y-%m-%dT%H:%M")}' in body
    assert not page.major_change and page.change_note == ""

    # The next edit starts unticked, with the published update kept.
    form = edit_form(admin_client, page)
    assert form.get("major_change") in (None, "")
    assert form.get("change_note").strip() == ""


def test_a_minor_change_adds_no_update_and_keeps_the_earlier_ones(admin_client, client, site_tree):
    page = article(site_tree)
    save_draft(admin_client, page, major_change="on", change_note="Bổ sung danh sách khách mời.")
    page = publish_latest(page)
    save_draft(admin_client, page, summary="Tóm tắt sửa lỗi chính tả.", change_note="Sửa lỗi chính tả.")
    page = publish_latest(page)

    body = client.get(page.url).content.decode()
    assert "Tóm tắt sửa lỗi chính tả." in body
    assert "Bổ sung danh sách khách mời." in body
    assert "Sửa lỗi chính tả." not in body
    assert len(page.change_log) == 1


def test_a_major_change_needs_a_note(admin_client, client, site_tree):
    page = article(site_tree)
    response = save_draft(admin_client, page, title="Tiêu đề mới", major_change="on", change_note="")
    assert response.status_code == 200  # the form again, with the error
    assert "change_note" in response.context["form"].errors
    assert NewsPage.objects.get(pk=page.pk).get_latest_revision().as_object().title != "Tiêu đề mới"


# --- withdrawal ------------------------------------------------------------------------------------------


def withdraw(admin_client, page, reason):
    response = save_draft(admin_client, page, withdrawn="on", withdrawal_reason=reason)
    assert response.status_code == 302
    return publish_latest(page)


def test_a_withdrawn_article_shows_only_its_title_and_the_reason(admin_client, client, site_tree):
    page = article(site_tree)
    page = withdraw(admin_client, page, "Thông tin về lịch khai giảng chưa chính xác.")

    response = client.get(page.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lễ khai giảng năm học mới" in body
    assert "Thông tin về lịch khai giảng chưa chính xác." in body
    assert "Nội dung chi tiết của buổi lễ." not in body
    assert "Tóm tắt bài viết về lễ khai giảng." not in body  # not even in the meta description


def test_a_withdrawn_article_needs_a_reason(admin_client, site_tree):
    page = article(site_tree)
    response = save_draft(admin_client, page, withdrawn="on", withdrawal_reason="")
    assert response.status_code == 200
    assert "withdrawal_reason" in response.context["form"].errors


def test_a_withdrawn_article_is_left_out_of_the_listing_feeds_and_home(admin_client, client, site_tree):
    home = site_tree["vi"]
    kept = news_page(home, "Tuyên dương học sinh giỏi", slug="tuyen-duong")
    page = withdraw(admin_client, article(site_tree), "Đăng nhầm.")
    index = section(home, "tin-tuc")

    listing = client.get(index.url).content.decode()
    assert kept.title in listing
    assert page.title not in listing

    for feed in ("feed/rss/", "feed/atom/"):
        content = client.get(index.url + feed).content.decode()
        assert kept.title in content
        assert page.title not in content

    front = client.get(home.url).content.decode()
    assert kept.title in front
    assert page.title not in front
