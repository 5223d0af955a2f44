"""The "Đăng lên Facebook" panel in the page editor and the report of posts, as editors see them (in Vietnamese)."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from core.bootstrap import EDITORS, REVIEWERS
from editorial.views import publish_directly
from social.models import FacebookPost, FacebookShare, PostError, PostStatus
from tests.admin_forms import edit_form, edit_url
from tests.factories import news_page, section
from tests.social.fake_graph import PAGE_ID, TOKEN, error

SUMMARY = "Nhà trường tổ chức lễ khai giảng năm học mới."


@pytest.fixture
def admin(client, site_tree):
    user = get_user_model().objects.create_superuser("social-admin", "social-admin@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def configured(settings):
    settings.FACEBOOK_GRAPH_URL = "http://127.0.0.1:9/v21.0"  # never reached by these tests
    settings.FACEBOOK_PAGE_ID = PAGE_ID
    settings.FACEBOOK_PAGE_TOKEN = TOKEN


def draft_news(home, title="Lễ khai giảng", slug="le-khai-giang"):
    from core.families import page_families

    page = page_families()["news"](title=title, slug=slug, summary=SUMMARY)
    section(home, "tin-tuc").add_child(instance=page)
    page.live = False
    page.save_revision()
    return page


def browser_form(client, page, **changes):
    """`edit_form`, with a ticked checkbox sent as a browser sends it ("on"; the helper sends its missing value)."""
    data = edit_form(client, page, **changes)
    if "facebook_shares-0-enabled" in data:
        data["facebook_shares-0-enabled"] = "on"
    return data


def text_of(response):
    return html.unescape(response.content.decode())


def test_the_panel_is_ticked_for_news_and_prefilled_with_the_summary(admin, configured, site_tree):
    page = draft_news(site_tree["vi"])
    response = admin.get(edit_url(page))
    body = text_of(response)
    assert "Đăng lên Facebook" in body and "Xem trước thẻ chia sẻ" in body
    form = response.context["form"].formsets["facebook_shares"].forms[0]
    assert form["enabled"].value() is True
    assert form["message"].value() == SUMMARY
    assert TOKEN not in body


def test_other_families_start_unticked(admin, configured, site_tree):
    index = section(site_tree["vi"], "guong-sang")
    response = admin.get(reverse("wagtailadmin_pages:add", args=["people", "personpage", index.pk]))
    assert response.status_code == 200
    form = response.context["form"].formsets["facebook_shares"].forms[0]
    assert form["enabled"].value() is False
    assert "Đăng lên Facebook" in text_of(response)


def test_saving_a_page_without_touching_the_panel_works_and_keeps_the_default(admin, configured, site_tree):
    page = draft_news(site_tree["vi"])
    response = admin.post(edit_url(page), browser_form(admin, page, title="Lễ khai giảng năm học 2025–2026"))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert not FacebookShare.objects.exists()
    page.refresh_from_db()
    revision = page.get_latest_revision()
    assert revision.as_object().title == "Lễ khai giảng năm học 2025–2026"
    assert list(revision.as_object().facebook_shares.all()) == []
    revision.publish()
    post = FacebookPost.objects.get(page=page)
    assert post.message == SUMMARY and post.status == PostStatus.QUEUED


def test_an_editor_who_unticks_the_box_gets_no_post(admin, configured, site_tree, settings):
    page = draft_news(site_tree["vi"])
    data = browser_form(admin, page, facebook_shares__0__message="Mời phụ huynh dự lễ khai giảng!")
    del data["facebook_shares-0-enabled"]
    assert admin.post(edit_url(page), data).status_code == 302
    page.refresh_from_db()
    page.get_latest_revision().publish()
    assert FacebookShare.objects.get(page=page).enabled is False
    assert not FacebookPost.objects.exists()


def test_two_editors_on_one_page_each_save_what_they_typed_and_the_page_keeps_one_setting(client, site_tree):
    """Two editors on one news page: one saves and publishes while the other still has the form open. The
    second save is kept (before: refused on the panel's hidden id, or a 500), and the page has one setting."""
    users = get_user_model()
    first = users.objects.create_superuser("bien-tap-1", "bt1@example.com", "pw")
    second = users.objects.create_superuser("bien-tap-2", "bt2@example.com", "pw")
    other = Client()
    client.force_login(first)
    other.force_login(second)
    page = draft_news(site_tree["vi"])
    publish_directly(page, second, "Đăng tin khai giảng lần đầu")
    for turn in range(3):
        opened_early = browser_form(client, page)
        quick = browser_form(other, page, summary=f"Tóm tắt của biên tập viên thứ hai, lần {turn}.")
        assert other.post(edit_url(page), quick).status_code == 302
        publish_directly(page, second, "Cập nhật tóm tắt theo góp ý")
        opened_early["summary"] = f"Tóm tắt của biên tập viên thứ nhất, lần {turn}."
        if turn == 2:  # the first editor also wrote their own message for Facebook
            opened_early["facebook_shares-0-message"] = "Mời phụ huynh xem tin khai giảng!"
        response = client.post(edit_url(page), opened_early)
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        page.refresh_from_db()
        latest = page.get_latest_revision().as_object()
        assert latest.summary == f"Tóm tắt của biên tập viên thứ nhất, lần {turn}."
        assert len(latest.facebook_shares.all()) <= 1
    publish_directly(page, first, "Đăng bản của biên tập viên thứ nhất")
    assert FacebookShare.objects.get(page=page).message == "Mời phụ huynh xem tin khai giảng!"
    assert admin_form_shows_one_setting(client, page)


def admin_form_shows_one_setting(client, page):
    response = client.get(edit_url(page))
    return response.status_code == 200 and len(response.context["form"].formsets["facebook_shares"].forms) == 1


def test_an_edited_message_is_what_gets_posted(admin, configured, site_tree):
    page = draft_news(site_tree["vi"])
    data = browser_form(admin, page, facebook_shares__0__message="Mời phụ huynh dự lễ khai giảng!")
    assert admin.post(edit_url(page), data).status_code == 302
    page.refresh_from_db()
    page.get_latest_revision().publish()
    assert FacebookPost.objects.get(page=page).message == "Mời phụ huynh dự lễ khai giảng!"


def test_without_configuration_the_panel_offers_text_and_link_to_copy(admin, site_tree, settings):
    settings.FACEBOOK_PAGE_ID = ""
    settings.FACEBOOK_PAGE_TOKEN = ""
    page = news_page(site_tree["vi"], "Lễ khai giảng", slug="le-khai-giang", summary=SUMMARY)
    assert not FacebookPost.objects.exists()  # nothing queued
    body = text_of(admin.get(edit_url(page)))
    assert "Sao chép nội dung và liên kết" in body
    assert "Chưa cấu hình đăng lên Facebook" in body
    link = settings.SITE_URL + page.url
    assert f">{SUMMARY}\n\n{link}</textarea>" in body


def failed_post(page, message="(#200) Permissions error"):
    post, _created = FacebookPost.objects.update_or_create(
        page=page,
        defaults={
            "family": "news",
            "message": SUMMARY,
            "link": "https://thptlak.edu.vn/vi/tin-tuc/x/",
            "status": PostStatus.FAILED,
            "error_kind": PostError.REFUSED,
            "last_error": message,
            "attempts": 1,
        },
    )
    return post


def test_the_report_lists_posts_with_the_reason_of_a_failure_and_filters_by_status(admin, site_tree):
    failed = failed_post(news_page(site_tree["vi"], "Tin một", slug="tin-mot"))
    sent = FacebookPost.objects.create(
        page=news_page(site_tree["vi"], "Tin hai", slug="tin-hai"),
        family="news",
        link="https://thptlak.edu.vn/vi/tin-tuc/tin-hai/",
        status=PostStatus.SENT,
        facebook_id=f"{PAGE_ID}_1",
        permalink=f"https://www.facebook.com/{PAGE_ID}/posts/1",
    )
    body = text_of(admin.get(reverse("social_posts")))
    assert "Bài đăng Facebook" in body
    assert "Facebook từ chối bài đăng: (#200) Permissions error" in body
    assert "Không đăng được" in body and "Đã đăng" in body and sent.permalink in body
    only_failed = text_of(admin.get(reverse("social_posts"), {"status": "failed"}))
    assert "Tin một" in only_failed and "Tin hai" not in only_failed
    assert reverse("social_retry_post", args=[failed.pk]) in only_failed
    # The page's own panel says so too.
    panel = text_of(admin.get(edit_url(failed.page)))
    assert "Facebook từ chối bài đăng: (#200) Permissions error" in panel
    # With its post made, the page is still saved as it is, the choice untouched.
    assert admin.post(edit_url(failed.page), browser_form(admin, failed.page)).status_code == 302
    assert not FacebookShare.objects.exists()


def test_a_bad_status_filter_is_ignored_not_a_crash(admin, site_tree):
    response = admin.get(reverse("social_posts"), {"status": "<script>"})
    assert response.status_code == 200


def test_retry_needs_permission_and_never_resends_a_sent_post(client, member, site_tree, configured):
    post = failed_post(news_page(site_tree["vi"], "Tin một", slug="tin-mot"))
    retry = reverse("social_retry_post", args=[post.pk])
    client.force_login(member("bientap", EDITORS))
    assert client.get(reverse("social_posts")).status_code == 200  # editors see the report
    refused = client.post(retry)  # Wagtail's admin turns the refusal into a redirect with its message
    assert refused.status_code in (302, 403) and refused.headers.get("Location") != reverse("social_posts")
    assert FacebookPost.objects.get(pk=post.pk).status == PostStatus.FAILED
    client.force_login(member("truyenthong", REVIEWERS))
    assert client.get(retry).status_code == 405
    response = client.post(retry, follow=True)
    assert "Bài đăng Facebook đã được đưa lại vào hàng chờ." in text_of(response)
    post.refresh_from_db()
    assert post.status == PostStatus.QUEUED
    FacebookPost.objects.filter(pk=post.pk).update(status=PostStatus.SENT)
    response = client.post(retry, follow=True)
    assert "không gửi lại" in text_of(response)
    assert FacebookPost.objects.get(pk=post.pk).status == PostStatus.SENT
    assert client.post(reverse("social_retry_post", args=[999999]), follow=True).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_facebooks_refusal_reaches_the_editor_in_vietnamese(graph, run_worker, admin, site_tree):
    graph.answer(error(400, "(#368) The action attempted has been deemed abusive."))
    page = news_page(site_tree["vi"], "Lễ khai giảng", slug="le-khai-giang", summary=SUMMARY)
    run_worker()
    assert client_sees(admin, reverse("social_posts"), "(#368) The action attempted has been deemed abusive.")
    assert client_sees(admin, edit_url(page), "Facebook từ chối bài đăng: (#368)")
    assert len(graph.requests) == 1


def client_sees(client, url, text):
    body = text_of(client.get(url))
    assert "Không đăng được" in body
    return text in body
