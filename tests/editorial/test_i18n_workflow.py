"""English translations go through the same workflows as their Vietnamese source, and follow it when it changes.

Everything is driven through the admin views an editor uses: "Translate this page", wagtail-localize's
translation editor (its string API and the edit view), our "Submit for moderation", the workflow
decisions and "Sync translated pages".
"""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import GroupPagePermission, Locale, Page, TaskState, WorkflowState
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS, STAFF
from editorial.setup import APPROVAL_TASK, NEWS_WORKFLOW, STRICT_WORKFLOW
from site_lak import env
from tests.admin_forms import edit_form, edit_url
from tests.factories import news_page, publish_child, section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_search(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(env.DATABASE_SEARCH_BACKEND)}


@pytest.fixture
def people(member, site_tree):
    return {
        "editor": member("bientap", EDITORS),
        "reviewer": member("truyenthong", REVIEWERS),
        "approver": member("hieutruong", APPROVERS),
        "admin": member("quantri", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def visitor():
    """An anonymous reader of the public site, beside the signed-in admin users."""
    return Client()


@pytest.fixture
def as_user():
    """One signed-in browser per user, as when each person works at their own desk."""
    clients = {}

    def login(user):
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        return clients[user.pk]

    return login


def in_vietnamese(message, **values):
    """How the admin (in Vietnamese) shows one of our messages."""
    with translation.override("vi"):
        return escape(translation.gettext(message) % values if values else translation.gettext(message))


def english():
    return Locale.objects.get(language_code="en")


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def start_translation(client, page):
    """ "Translate this page" into English; returns the English page."""
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [english().pk]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return page.get_translation(english()).specific


def translation_of(page):
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=english())


def fill_strings(client, page, strings):
    """Type translations into the translation editor (it saves each one through its API)."""
    translation = translation_of(page)
    filled = set()
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        if segment.string.data in strings:
            url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
            body = f"value={strings[segment.string.data]}"
            response = client.put(url, body, content_type="application/x-www-form-urlencoded")
            assert response.status_code in (200, 201), response.content
            filled.add(segment.string.data)
    assert filled == set(strings), f"not in the source: {set(strings) - filled}"


def editor_props(response):
    """The props wagtail-localize's translation editor (a React component) is rendered with."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return json.loads(soup.select_one(".js-translation-editor")["data-props"])


def submit_translation(client, target):
    response = client.post(edit_url(target), {"action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return fresh(target)


def decide(client, page, action, comment="Đã kiểm tra bản dịch."):
    task_state = Page.objects.get(pk=page.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    client.post(url, {"comment": comment})
    task_state.refresh_from_db()
    assert task_state.status == (TaskState.STATUS_APPROVED if action == "approve" else TaskState.STATUS_REJECTED)
    return fresh(page)


def approve_twice(as_user, people, page):
    page = decide(as_user(people["reviewer"]), page, "approve", "Bản dịch đúng nghĩa.")
    assert page.current_workflow_task.name == APPROVAL_TASK, "one approval must not publish"
    return decide(as_user(people["approver"]), page, "approve", "Đồng ý đăng bản tiếng Anh.")


def translate_and_publish(as_user, people, page, strings):
    """The whole path of a new translation: translate, fill, submit, two approvals."""
    editor = as_user(people["editor"])
    target = start_translation(editor, page)
    fill_strings(editor, page, strings)
    submit_translation(editor, target)
    return approve_twice(as_user, people, target)


def test_a_translation_is_published_only_through_the_workflow_of_its_source(site_tree, people, as_user, visitor):
    source = news_page(
        site_tree["vi"], "Lễ khai giảng năm học mới", slug="le-khai-giang", summary="Sáng 5/9, toàn trường dự lễ."
    )
    editor = as_user(people["editor"])
    target = start_translation(editor, source)
    assert not target.live  # translating a live page does not publish an untranslated copy
    fill_strings(
        editor,
        source,
        {
            "Lễ khai giảng năm học mới": "Opening ceremony of the new school year",
            "le-khai-giang": "opening-ceremony",
            "Sáng 5/9, toàn trường dự lễ.": "On the morning of 5 September the whole school attended.",
        },
    )

    # The editor's translation editor offers no "Publish", but "Submit for moderation".
    response = editor.get(edit_url(target))
    assert editor_props(response)["perms"]["canPublish"] is False
    assert 'name="action-submit"' in response.content.decode()
    # Publishing by hand is refused (Wagtail's admin sends a refusal to the dashboard).
    assert editor.post(edit_url(target), {"action": "publish"})["Location"] == reverse("wagtailadmin_home")
    assert not fresh(target).live

    target = submit_translation(editor, target)
    state = target.current_workflow_state
    assert state.workflow.name == NEWS_WORKFLOW
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert [task.name for task in state.workflow.tasks] == [task.name for task in source.get_workflow().tasks]
    assert target.get_latest_revision().user == people["editor"]
    assert 'name="action-submit"' not in editor.get(edit_url(target)).content.decode()  # once is enough
    refusal = editor.post(edit_url(target), {"action-submit": "1"}, follow=True).content.decode()
    assert in_vietnamese("This translation cannot be submitted: it is already in moderation or locked.") in refusal
    assert fresh(target).current_workflow_state.pk == state.pk
    assert visitor.get("/en/news/opening-ceremony/").status_code == 404

    target = approve_twice(as_user, people, target)
    assert target.live
    assert target.url == "/en/news/opening-ceremony/"

    en_html = visitor.get("/en/news/opening-ceremony/").content.decode()
    assert '<html lang="en">' in en_html
    assert "On the morning of 5 September the whole school attended." in en_html
    # Language switcher and hreflang alternates on both pages.
    vi_html = visitor.get("/vi/tin-tuc/le-khai-giang/").content.decode()
    assert f'hreflang="en" href="{settings.SITE_URL}/en/news/opening-ceremony/"' in vi_html
    assert '<a href="/en/news/opening-ceremony/" lang="en"' in vi_html
    assert f'hreflang="vi" href="{settings.SITE_URL}/vi/tin-tuc/le-khai-giang/"' in en_html
    assert '<a href="/vi/tin-tuc/le-khai-giang/" lang="vi"' in en_html
    # Per-locale search and feeds.
    assert (
        "Opening ceremony of the new school year"
        in visitor.get("/en/search/", {"q": "opening ceremony"}).content.decode()
    )
    assert "Opening ceremony" not in visitor.get("/vi/tim-kiem/", {"q": "opening ceremony"}).content.decode()
    assert "Opening ceremony of the new school year" in visitor.get("/en/news/feed/rss/").content.decode()
    vi_feed = visitor.get("/vi/tin-tuc/feed/rss/").content.decode()
    assert "Lễ khai giảng năm học mới" in vi_feed and "Opening ceremony" not in vi_feed


def test_a_policy_translation_goes_through_the_strict_workflow(site_tree, people, as_user):
    from policies.models import PolicyPage

    source = publish_child(
        section(site_tree["vi"], "van-ban"),
        PolicyPage(
            title="Quy định công khai",
            slug="quy-dinh-cong-khai",
            document_number="09/2024/TT-BGDĐT",
            document_type="thong-tu",
            issuer="Bộ Giáo dục và Đào tạo",
            issued_date=datetime.date(2024, 6, 3),
            signer="Phạm Ngọc Thưởng",
        ),
    )
    editor = as_user(people["editor"])
    target = start_translation(editor, source)
    fill_strings(editor, source, {"Quy định công khai": "Rules on public disclosure"})
    target = submit_translation(editor, target)
    assert target.current_workflow_state.workflow.name == STRICT_WORKFLOW

    # Changes requested, then resubmitted: the page waits for both steps again.
    target = decide(as_user(people["reviewer"]), target, "reject", "Dịch lại tên cơ quan ban hành.")
    assert target.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert in_vietnamese("Resubmit to the workflow") in as_user(people["editor"]).get(edit_url(target)).content.decode()
    fill_strings(editor, source, {"Bộ Giáo dục và Đào tạo": "Ministry of Education and Training"})
    target = submit_translation(editor, target)
    assert target.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    target = approve_twice(as_user, people, target)
    assert target.live
    assert (target.document_number, target.signer, target.issuer) == (
        "09/2024/TT-BGDĐT",
        "Phạm Ngọc Thưởng",
        "Ministry of Education and Training",
    )


def test_an_administrator_publishes_a_translation_directly_only_with_a_reason(site_tree, people, as_user, visitor):
    from editorial.models import DirectPublication

    source = news_page(site_tree["vi"], "Tin khẩn", slug="tin-khan")
    admin = as_user(people["admin"])
    target = start_translation(admin, source)
    fill_strings(admin, source, {"Tin khẩn": "Urgent news", "tin-khan": "urgent-news"})
    response = admin.post(edit_url(target), {"action": "publish"})
    assert response["Location"] == reverse("editorial_direct_publish", args=[target.pk])
    assert not fresh(target).live
    response = admin.post(response["Location"], {"reason": "Đối tác nước ngoài cần thông tin ngay trong hôm nay."})
    assert response.status_code == 302
    assert fresh(target).live
    assert DirectPublication.objects.get(page=target).user == people["admin"]
    assert "Urgent news" in visitor.get("/en/news/urgent-news/").content.decode()


def test_group_permissions_on_the_english_tree_mirror_the_vietnamese_tree(site_tree):
    def grants(home):
        return set(GroupPagePermission.objects.filter(page=home).values_list("group__name", "permission__codename"))

    assert grants(site_tree["en"]) == grants(site_tree["vi"])
    assert {group for group, _ in grants(site_tree["vi"])} >= {EDITORS, REVIEWERS, APPROVERS}
    assert not any(codename == "publish_page" for _, codename in grants(site_tree["vi"]))
    for name in (EDITORS, REVIEWERS, APPROVERS):
        assert Group.objects.get(name=name).permissions.filter(codename="submit_translation").exists()
    assert not Group.objects.get(name=STAFF).permissions.filter(codename="submit_translation").exists()


def test_syncing_an_edited_source_keeps_translated_text_and_follows_synchronised_fields(
    site_tree, people, as_user, visitor
):
    images = get_image_model()
    old_image = images.objects.create(title="Ảnh cũ", file=get_test_image_file("cu.png"))
    new_image = images.objects.create(title="Ảnh mới", file=get_test_image_file("moi.png"))
    source = news_page(
        site_tree["vi"],
        "Hội thao truyền thống",
        slug="hoi-thao",
        summary="Hội thao diễn ra trong hai ngày.",
        date=datetime.date(2025, 3, 20),
        category="traditions",
        lead_image=old_image,
    )
    target = translate_and_publish(
        as_user,
        people,
        source,
        {
            "Hội thao truyền thống": "Traditional sports festival",
            "hoi-thao": "sports-festival",
            "Hội thao diễn ra trong hai ngày.": "The festival lasts two days.",
        },
    )
    assert target.live and target.date == datetime.date(2025, 3, 20)

    # The Vietnamese page is edited and published through its own workflow.
    editor = as_user(people["editor"])
    data = edit_form(
        editor,
        source,
        **{
            "action-submit": "1",
            "summary": "Hội thao diễn ra trong ba ngày.",
            "date": "2025-03-27",
            "category": "competitions",
            "lead_image": str(new_image.pk),
        },
    )
    assert editor.post(edit_url(source), data).status_code == 302
    source = approve_twice(as_user, people, source)
    assert source.live and source.date == datetime.date(2025, 3, 27)

    # The English page's editor says it is out of date and links to the sync.
    sync_url = reverse("wagtail_localize:update_translations", args=[translation_of(source).source.pk])
    out_of_date = in_vietnamese(
        "The %(language)s page has changed since this translation was last synced.", language="Tiếng Việt"
    )
    html = editor.get(edit_url(target)).content.decode()
    assert out_of_date in html
    assert f'href="{sync_url}?next=' in html

    # Syncing through the admin view offers no "Publish immediately", and ignores it when posted.
    page = editor.get(sync_url).content.decode()
    assert 'type="checkbox" name="publish_translations"' not in page
    response = editor.post(sync_url, {"publish_translations": "on"})
    assert response.status_code == 302
    assert "The festival lasts two days." in visitor.get("/en/news/sports-festival/").content.decode()
    assert fresh(target).date == datetime.date(2025, 3, 20)
    html = editor.get(edit_url(target)).content.decode()
    assert out_of_date not in html and sync_url not in html

    # Already translated strings stay; the changed one waits for a translation.
    props = editor_props(editor.get(edit_url(target)))
    translated = {
        segment["source"]
        for segment in props["segments"]
        if segment["type"] == "string"
        and any(t["segment_id"] == segment["id"] for t in props["initialStringTranslations"])
    }
    assert "Hội thao truyền thống" in translated
    assert "Hội thao diễn ra trong ba ngày." not in translated

    fill_strings(editor, source, {"Hội thao diễn ra trong ba ngày.": "The festival lasts three days."})
    submit_translation(editor, target)
    # The draft is not public while it waits for approval.
    assert "The festival lasts two days." in visitor.get("/en/news/sports-festival/").content.decode()
    target = approve_twice(as_user, people, target)
    assert (target.title, target.summary) == ("Traditional sports festival", "The festival lasts three days.")
    assert (target.date, target.category, target.lead_image) == (datetime.date(2025, 3, 27), "competitions", new_image)
    html = visitor.get("/en/news/sports-festival/").content.decode()
    assert "The festival lasts three days." in html and "27" in html


def test_a_policy_sync_brings_the_new_document_number_and_dates(site_tree, people, as_user):
    from policies.models import PolicyPage

    source = publish_child(
        section(site_tree["vi"], "van-ban"),
        PolicyPage(
            title="Hướng dẫn tuyển sinh",
            slug="huong-dan-tuyen-sinh",
            document_number="12/2024/TT-BGDĐT",
            document_type="thong-tu",
            issuer="Bộ Giáo dục và Đào tạo",
            issued_date=datetime.date(2024, 3, 1),
            effective_date=datetime.date(2024, 4, 15),
            summary="Hướng dẫn tuyển sinh lớp 10.",
        ),
    )
    target = translate_and_publish(
        as_user,
        people,
        source,
        {"Hướng dẫn tuyển sinh": "Enrolment guidance", "Hướng dẫn tuyển sinh lớp 10.": "Grade 10 enrolment guidance."},
    )
    # An administrator corrects the Vietnamese page (document number, effective date) and publishes it.
    admin = as_user(people["admin"])
    data = edit_form(
        admin, source, **{"action-publish": "1", "document_number": "15/2024/TT-BGDĐT", "effective_date": "2024-05-01"}
    )
    response = admin.post(edit_url(source), data)
    assert response["Location"] == reverse("editorial_direct_publish", args=[source.pk])
    admin.post(response["Location"], {"reason": "Sửa số hiệu văn bản bị nhập nhầm."})
    assert fresh(source).document_number == "15/2024/TT-BGDĐT"

    editor = as_user(people["editor"])
    sync_url = reverse("wagtail_localize:update_translations", args=[translation_of(source).source.pk])
    assert editor.post(sync_url, {}).status_code == 302
    target = approve_twice(as_user, people, submit_translation(editor, target))
    assert (target.document_number, target.effective_date) == ("15/2024/TT-BGDĐT", datetime.date(2024, 5, 1))
    assert (target.title, target.summary) == ("Enrolment guidance", "Grade 10 enrolment guidance.")


def test_facts_are_synchronised_and_text_is_translated_on_every_page_type():
    """Dates, numbers, yes/no and choice fields, images and documents follow the source; free text is translated."""
    from django.apps import apps

    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page:
            continue
        declared = {field.field_name: field for field in get_translatable_fields(model)}
        for field in model._meta.get_fields():
            if field.name not in declared:
                continue
            synchronised = isinstance(declared[field.name], SynchronizedField)
            fact = (
                isinstance(field, models.DateField | models.BooleanField | models.IntegerField | models.DecimalField)
                or getattr(field, "choices", None)
                or (
                    isinstance(field, models.ForeignKey)
                    and field.related_model._meta.app_label in ("wagtailimages", "wagtaildocs")
                )
            )
            if fact:
                assert synchronised, f"{model._meta.label}.{field.name} should follow the source"
            if isinstance(field, StreamField) or (isinstance(field, models.TextField) and not field.choices):
                assert not synchronised, f"{model._meta.label}.{field.name} should be translated"
            if isinstance(field, models.ForeignKey) and field.related_model._meta.app_label == "wagtailimages":
                assert not declared[field.name].overridable, (
                    f"{model._meta.label}.{field.name}: images follow the source"
                )
    named = {
        "news.newspage": ["date", "category", "kind", "lead_image"],
        "policies.policypage": ["document_number", "signer", "issued_date", "effective_date", "document_type", "files"],
        "exams.examnoticepage": ["exam_kind", "school_year", "key_dates", "attachments"],
        "people.personpage": ["role", "school_year", "photo", "photo_consent", "photo_consent_by"],
    }
    for label, names in named.items():
        declared = {field.field_name: field for field in get_translatable_fields(apps.get_model(label))}
        for name in names:
            assert isinstance(declared[name], SynchronizedField), f"{label}.{name}"
    # Text-like facts that wagtail-localize would let a translator override in the editor.
    fixed = {
        "policies.policypage": ["document_number", "signer"],
        "people.personpage": ["school_year", "photo_consent_by"],
        "exams.examnoticepage": ["school_year"],
    }
    for label, names in fixed.items():
        declared = {field.field_name: field for field in get_translatable_fields(apps.get_model(label))}
        for name in names:
            assert declared[name].overridable is False, f"{label}.{name}"


def test_upstream_gap_translation_editor_has_no_workflow_action(site_tree, people, as_user):
    """wagtail-localize's editor knows only "Publish". Fails once it gains workflow support: then drop our
    submit button (editorial/templates/wagtail_localize/admin/edit_translation.html) for upstream's."""
    source = news_page(site_tree["vi"], "Tin thử", slug="tin-thu")
    editor = as_user(people["editor"])
    target = start_translation(editor, source)
    props = editor_props(editor.get(edit_url(target)))
    assert set(props["perms"]) == {"canPublish", "canUnpublish", "canLock", "canUnlock", "canDelete"}
    assert not any("workflow" in key.lower() or "moderat" in key.lower() for key in props["links"])


def test_upstream_gap_saving_a_translation_draft_overwrites_the_live_page(
    site_tree, people, as_user, visitor, django_capture_on_commit_callbacks
):
    """`Translation.save_target(publish=False)` writes the draft into the page row the public site serves.
    Fails once upstream keeps drafts in revisions: then `editorial.upstream.save_translation_draft` can call it."""
    source = news_page(site_tree["vi"], "Ngày hội đọc sách", slug="ngay-hoi-doc-sach")
    target = translate_and_publish(
        as_user, people, source, {"Ngày hội đọc sách": "Reading day", "ngay-hoi-doc-sach": "reading-day"}
    )
    english_translation = translation_of(source)
    segment = StringSegment.objects.get(source=english_translation.source, string__data="Ngày hội đọc sách")
    StringTranslation.objects.filter(translation_of=segment.string, locale=english()).update(data="Unapproved title")
    with django_capture_on_commit_callbacks(execute=True):
        english_translation.save_target(user=people["editor"], publish=False)
    cache.clear()
    assert "Unapproved title" in visitor.get(target.url).content.decode()


def test_upstream_gap_sync_view_publishes_without_permission(
    site_tree, people, as_user, django_capture_on_commit_callbacks
):
    """wagtail-localize's own sync view publishes every translation for anyone who may translate.
    Fails once upstream checks the publish permission: then `editorial.upstream.SyncTranslationsView` can go."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from wagtail_localize.views.update_translations import UpdateTranslationsView

    source = news_page(site_tree["vi"], "Tin nguồn", slug="tin-nguon")
    target = start_translation(as_user(people["editor"]), source)
    assert not target.live
    request = RequestFactory().post("/", {"publish_translations": "on"})
    request.user = people["editor"]
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    with django_capture_on_commit_callbacks(execute=True):
        UpdateTranslationsView.as_view()(request, translation_source_id=translation_of(source).source.pk)
    assert not fresh(target).permissions_for_user(people["editor"]).can_publish()
    assert fresh(target).live


def test_withdrawing_a_page_withdraws_its_english_translation(site_tree, people, as_user, visitor):
    article = news_page(site_tree["vi"], "Thông báo tạm dừng tuyển sinh", slug="tam-dung-tuyen-sinh")
    english = article.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Enrolment paused"
    english.save_revision().publish()
    assert english.get_translations().live().filter(pk=article.pk).exists()
    client = as_user(people["admin"])
    url = reverse("wagtailadmin_pages:unpublish", args=[article.pk])

    confirmation = client.get(url).content.decode()
    assert "1 bản dịch" in confirmation or "một bản dịch" in confirmation, confirmation  # the editor is told first
    response = client.post(url, follow=True)

    assert not Page.objects.get(pk=article.pk).live and not Page.objects.get(pk=english.pk).live
    assert "Các bản dịch của trang cũng đã được gỡ: English." in response.content.decode()
    assert visitor.get(english.url).status_code == 404


def test_withdrawing_a_translation_leaves_its_source_published(site_tree, people, as_user):
    article = news_page(site_tree["vi"], "Lịch thi học kỳ", slug="lich-thi-hoc-ky")
    english = article.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    client = as_user(people["admin"])
    client.post(reverse("wagtailadmin_pages:unpublish", args=[english.pk]))
    assert Page.objects.get(pk=article.pk).live and not Page.objects.get(pk=english.pk).live


def test_the_translation_editors_primary_button_submits_and_converting_or_deleting_are_not_in_the_way(
    site_tree, people, as_user
):
    """wagtail-localize's React footer makes its last action the primary button: for an editor that was
    "Convert to alias page" or "Delete". The editor gets "Submit for moderation" instead."""
    source = news_page(site_tree["vi"], "Tin thử nghiệm", slug="tin-thu-nghiem")
    editor = as_user(people["editor"])
    target = start_translation(editor, source)
    response = editor.get(edit_url(target))
    props = editor_props(response)
    assert props["links"]["convertToAliasUrl"] is None
    assert props["perms"]["canDelete"] is False
    soup = BeautifulSoup(response.content, "html.parser")
    footer = soup.select_one("footer[data-translation-footer]")
    primary = footer.select_one(".w-dropdown-button > form button")  # the button beside the menu's toggle
    assert primary["name"] == "action-submit"
    assert in_vietnamese("Submit for moderation") in str(primary)
    secondary = footer.select_one(".w-dropdown__content").get_text()
    assert in_vietnamese("Delete") not in secondary and "alias" not in secondary.lower()
    assert len(soup.select("button[name=action-submit]")) == 1  # one way to submit

    # The administrator, whose primary button is "Publish", keeps converting and deleting in the menu.
    admin = as_user(people["admin"])
    admin_props = editor_props(admin.get(edit_url(target)))
    assert admin_props["perms"]["canPublish"] and admin_props["perms"]["canDelete"]
    assert "data-translation-footer" not in admin.get(edit_url(target)).content.decode()
