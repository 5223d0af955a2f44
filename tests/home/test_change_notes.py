"""Change notes and withdrawal on every content page type (home.change_notes, docs/change-notes.md)."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext

from home.change_notes import ChangeKind, ChangeNotesForm, change_notes_models
from policies.models import PolicyPage
from site_lak import env
from tests.admin_forms import edit_form, edit_url
from tests.factories import (
    ExamNoticePageFactory,
    NewsPageFactory,
    PersonPageFactory,
    PolicyPageFactory,
    StandardPageFactory,
    section,
)

pytestmark = pytest.mark.django_db

KINDS = ["news", "policy", "person", "exam", "standard"]
SUMMARY = "Nội dung ban đầu về buổi tập huấn phòng chống đuối nước."
ISSUED = datetime.date(2024, 6, 3)
INDEX_SLUGS = {"news": "tin-tuc", "policy": "van-ban", "person": "guong-sang", "exam": "thi-tuyen-sinh"}


@pytest.fixture(autouse=True)
def _database_search_backend(settings):
    """Search runs on the database backend, whose index lives in the test's transaction."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(env.DATABASE_SEARCH_BACKEND)}


def build(kind, home):
    """A published page of `kind` with SUMMARY, shown on the site, its section and the home page."""
    title = {
        "news": "Tập huấn phòng chống đuối nước cho học sinh",
        "policy": "Thông tư hướng dẫn phòng chống đuối nước",
        "person": "Em Nguyễn Văn An cứu bạn khỏi đuối nước",
        "exam": "Kiểm tra kỹ năng phòng chống đuối nước",
        "standard": "Giới thiệu câu lạc bộ phòng chống đuối nước",
    }[kind]
    if kind == "news":
        return NewsPageFactory(home=home, title=title, slug="tap-huan", summary=SUMMARY)
    if kind == "standard":
        return StandardPageFactory(home=home, title=title, slug="cau-lac-bo", summary=SUMMARY, show_in_menus=True)
    factory, fields = {
        "policy": (
            PolicyPageFactory,
            {"document_number": "09/2024/TT-BGDĐT", "issued_date": datetime.date(2024, 6, 3)},
        ),
        "person": (PersonPageFactory, {"school_year": "2024-2025"}),
        "exam": (ExamNoticePageFactory, {}),  # one exam day a month ahead
    }[kind]
    return factory(home=home, title=title, slug="trang-" + kind, summary=SUMMARY, **fields)


def publish_latest(page):
    """What the workflow's final approval does: publish the latest revision."""
    type(page).objects.get(pk=page.pk).get_latest_revision().publish()
    return type(page).objects.get(pk=page.pk)


def text_of(response):
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def local_day(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y")


# --- every content page type -----------------------------------------------------------------------------


def test_every_content_page_type_offers_change_notes_in_its_editor():
    labels = {model._meta.label for model in change_notes_models()}
    assert labels == {
        "news.NewsPage",
        "policies.PolicyPage",
        "people.PersonPage",
        "exams.ExamNoticePage",
        "events.EventPage",
        "home.StandardPage",
    }
    for model in change_notes_models():
        form_class = model.get_edit_handler().get_form_class()
        assert issubclass(form_class, ChangeNotesForm), model
        assert {"major_change", "change_note", "withdrawn", "withdrawal_reason"} <= set(form_class.base_fields)


@pytest.mark.parametrize("kind", KINDS)
def test_a_major_change_shows_its_date_and_note_and_a_minor_one_nothing(kind, admin_client, client, site_tree):
    page = build(kind, site_tree["vi"])
    note = "Đổi địa điểm sang hội trường lớn theo công văn mới."
    response = admin_client.post(edit_url(page), edit_form(admin_client, page, major_change="on", change_note=note))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert note not in text_of(client.get(page.url))  # a draft is not published yet
    draft = edit_form(admin_client, page)  # and keeps its tick until it is
    assert "major_change" in draft and draft.get("change_note").strip() == note  # a ticked box has no value

    page = publish_latest(page)
    assert f"Cập nhật ngày {local_day(page.last_published_at)}: {note}" in text_of(client.get(page.url))
    assert note in admin_client.get(edit_url(page)).content.decode()  # the editor sees it under "Changes"

    # The next edit starts unticked; a minor edit adds nothing and keeps the major change shown.
    form = edit_form(admin_client, page)
    assert "major_change" not in form and form.get("change_note", "").strip() == ""
    form["summary"], form["change_note"] = "Tóm tắt đã sửa lỗi chính tả.", "Sửa lỗi chính tả."
    assert admin_client.post(edit_url(page), form).status_code == 302
    page = publish_latest(page)
    text = text_of(client.get(page.url))
    assert "Tóm tắt đã sửa lỗi chính tả." in text
    assert "Sửa lỗi chính tả." not in text
    assert text.count(note) == 1
    assert [(entry.kind, entry.note) for entry in page.change_log] == [(ChangeKind.MAJOR, note)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_withdrawn_page_keeps_its_address_and_shows_the_explanation_and_date(kind, admin_client, client, site_tree):
    page = build(kind, site_tree["vi"])
    reason = "Thông tin đăng chưa được kiểm chứng; nhà trường sẽ đăng lại sau khi xác minh."
    response = admin_client.post(
        edit_url(page), edit_form(admin_client, page, withdrawn="on", withdrawal_reason=reason)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert SUMMARY in text_of(client.get(page.url))  # withdrawing is an edit: nothing changes before publishing

    page = publish_latest(page)
    response = client.get(page.url)
    text = text_of(response)
    body = response.content.decode()
    assert page.title in text
    assert reason in text
    assert f"Đã gỡ ngày {local_day(page.last_published_at)}" in text
    assert SUMMARY not in body  # not even in the meta description
    assert '<meta name="robots" content="noindex">' in body


def places_listing(kind, home):
    """Addresses where a published page of `kind` is offered to anonymous visitors."""
    places = [home.url, "/sitemap.xml", "/api/search/?q=đuối+nước"]
    if kind in INDEX_SLUGS:
        index = section(home, INDEX_SLUGS[kind])
        places += [index.url, index.url + "feed/rss/", index.url + "feed/atom/"]
    return places


def offered(client, url, page):
    response = client.get(url)
    if url.startswith("/api/"):
        return page.title in [result["title"] for result in response.json()["results"]]
    content = response.content.decode()
    return page.title in content or (url == "/sitemap.xml" and page.url in content)


@pytest.mark.parametrize("kind", KINDS)
def test_a_withdrawn_page_leaves_listings_feeds_home_sitemap_and_search(kind, client, site_tree):
    home = site_tree["vi"]
    page = build(kind, home)
    places = places_listing(kind, home)
    assert [url for url in places if not offered(client, url, page)] == []

    sub_pages = [page.calendar_url] if kind == "exam" else []  # what the page serves besides itself
    assert all(client.get(url).status_code == 200 for url in sub_pages)
    page.withdrawn, page.withdrawal_reason = True, "Đăng nhầm."
    page.save_revision().publish()
    assert [url for url in places if offered(client, url, page)] == []
    assert client.get(page.url).status_code == 200
    assert [client.get(url).status_code for url in sub_pages] == [404] * len(sub_pages)


def test_reinstating_brings_the_page_back_and_the_history_stays_honest(client, site_tree):
    home = site_tree["vi"]
    page = build("news", home)
    original = page.get_latest_revision()
    page.major_change, page.change_note = True, "Bổ sung danh sách lớp tham gia."
    major = page.save_revision()
    major.publish()
    page = publish_latest(page)  # publishing the same revision again records nothing more
    page.withdrawn, page.withdrawal_reason = True, "Tạm gỡ để kiểm tra lại danh sách."
    page.save_revision().publish()
    page = type(page).objects.get(pk=page.pk)
    page.withdrawn = False
    page.save_revision().publish()

    listing = client.get(section(home, "tin-tuc").url).content.decode()
    assert page.title in listing
    text = text_of(client.get(page.url))
    assert SUMMARY in text
    assert "Bổ sung danh sách lớp tham gia." in text
    with translation.override("vi"):
        labels = [gettext(label) for label in ("Reinstated", "Withdrawn")]
    assert "3 lần thay đổi đã ghi nhận" in text
    assert re.search(rf"{labels[0]}.*{labels[1]}: Tạm gỡ để kiểm tra lại danh sách\..*Bổ sung danh sách", text)

    # Re-publishing an old revision (before the major change) rewrites nothing in the log.
    original.publish()
    page = type(page).objects.get(pk=page.pk)
    assert [entry.kind for entry in page.change_log] == [ChangeKind.REINSTATED, ChangeKind.WITHDRAWN, ChangeKind.MAJOR]
    assert page.change_log[-1].revision_id == major.pk
    assert "Bổ sung danh sách lớp tham gia." in text_of(client.get(page.url))


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"withdrawn": "on", "withdrawal_reason": "  "},
            "withdrawal_reason",
            "Give readers the reason the page was withdrawn.",
        ),
        (
            {"major_change": "on", "change_note": ""},
            "change_note",
            "Say what changed: the note is shown to readers with the date.",
        ),
    ],
    ids=["withdrawal-without-reason", "major-change-without-note"],
)
def test_the_admin_asks_for_the_explanation_in_vietnamese_and_saves_nothing(
    admin_client, site_tree, changes, field, message
):
    page = build("policy", site_tree["vi"])
    revisions = page.revisions.count()
    response = admin_client.post(edit_url(page), edit_form(admin_client, page, title="Tiêu đề mới", **changes))
    assert response.status_code == 200
    with translation.override("vi"):
        expected = gettext(message)
    assert expected != message
    assert expected in response.context["form"].errors[field]
    assert page.revisions.count() == revisions
    assert PolicyPage.objects.get(pk=page.pk).get_latest_revision().as_object().title != "Tiêu đề mới"
