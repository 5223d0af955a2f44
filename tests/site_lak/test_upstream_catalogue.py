"""The admin's Wagtail, wagtail-localize and Django strings are served in Vietnamese, with the glossary's words.

Upstream's Vietnamese catalogues miss most of Wagtail 8's admin; site_lak/locale_upstream fills them in
(docs/i18n.md). These tests read what Django actually serves, so they fail when an upgrade of Wagtail or
wagtail-localize brings strings nobody translated, or when one of our own strings starts answering an
admin string with the wrong meaning (our public pagination's "Phân trang" once named the admin's "Pages").
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple
from wagtail.snippets.views.snippets import SnippetViewSet

from core.bootstrap import EDITORS
from disclosure.schedule import WorkScheduleEntry
from disclosure.schedule_views import WorkScheduleEntryViewSet
from home.upstream import LazyHomeBreadcrumbMixin
from site_lak import upstream_catalogue

# Upstream messages our own catalogue answers, each checked to fit the admin's use as well as ours. A new
# one fails test_our_strings_answer_admin_strings_only_where_reviewed: give ours a context (pgettext) if
# the meanings differ, or add it here once its Vietnamese fits both.
REVIEWED_SHARED = {
    # Our own copies of upstream strings, same meaning: the e-mail template override and the breadcrumb fix.
    "Hello %(username)s,": "Chào %(username)s,",
    "Home": "Trang chủ",
    # The translation editor's own footer (editorial/templates/wagtail_localize/admin/edit_translation.html).
    "Lock": "Khóa",
    "Unlock": "Mở khóa",
    "Preview": "Xem trước",
    "More actions": "Thao tác khác",
    "Actions": "Thao tác",
    # The search page's filters (search/templates): the same words and meaning as the admin's filters.
    "Content type": "Loại nội dung",
    "Apply filters": "Áp dụng bộ lọc",
    "Translate this page": "Dịch trang này",
    "Status": "Trạng thái",
    "Content": "Nội dung",
    "All": "Tất cả",
    "Sync translated pages": "Đồng bộ các trang bản dịch",
    "Language": "Ngôn ngữ",
    "name": "họ tên",
    "subject": "tiêu đề",
    "Delete": "Xóa",
    "Type": "Loại",
    "Cancel": "Hủy",
    "Continue": "Tiếp tục",
    "Settings": "Cài đặt",
    "query": "nội dung tìm kiếm",
    "page": "trang",
    "Search": "Tìm kiếm",
    "Table": "Bảng",
    "Name": "Tên",
    # The yearly report's tables (reports/, school_events/): a date column, as in the admin's listings.
    "Date": "Ngày",
    # The Facebook panel (social/templates): the post's link, and the copy button's confirmation, as in the admin.
    "Link": "Liên kết",
    "Copied": "Đã sao chép",
    "Page": "Trang",
    "Account": "Tài khoản",
    "Created": "Đã tạo",
    "Submit for moderation": "Gửi duyệt",
    "Unpublish": "Ngừng xuất bản",
    "Maximum filesize: %(max_upload_size)s.": "Dung lượng tối đa: %(max_upload_size)s.",
    "This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s.": (
        "Tệp quá lớn (%(file_size)s). Dung lượng tối đa là %(max_filesize)s."
    ),
    "This file is too big. Maximum filesize %(max_filesize)s.": "Tệp quá lớn. Dung lượng tối đa là %(max_filesize)s.",
    "title": "tiêu đề",
    "file": "tệp",
    "tags": "thẻ",
    "document": "tài liệu",
    "documents": "tài liệu",
    "Tags": "Từ khóa",
    "File": "Tệp",
    "Documents": "Tài liệu",
    "Document": "Tài liệu",
    "Supported formats: %(supported_formats)s. Maximum filesize: %(max_upload_size)s.": (
        "Định dạng được hỗ trợ: %(supported_formats)s. Dung lượng tối đa: %(max_upload_size)s."
    ),
    "Not a supported image format. Supported formats: %(supported_formats)s.": (
        "Định dạng ảnh không được hỗ trợ. Các định dạng được hỗ trợ: %(supported_formats)s."
    ),
    "Not a valid .%(extension)s image. The extension does not match the file format (%(image_format)s)": (
        "Tệp không phải là ảnh .%(extension)s hợp lệ: phần mở rộng không khớp với định dạng thực của tệp "
        "(%(image_format)s)"
    ),
    "This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s.": (
        "Ảnh có quá nhiều điểm ảnh (%(num_pixels)s). Tối đa %(max_pixels_count)s điểm ảnh."
    ),
    "Filter": "Lọc",
    "New": "Mới",
    "Image": "Hình ảnh",
    "All types": "Tất cả các loại",
    "Promote": "Quảng bá",
    "Comment": "Nhận xét",
    "Changes": "Thay đổi",
    "Sign in": "Đăng nhập",
    "Signing in…": "Đang đăng nhập…",
    "Previous": "Trang trước",
    "Next": "Trang sau",
    "Updated": "Cập nhật",
    "Section": "Chuyên mục",
    "Sort": "Sắp xếp",
    "Warnings": "Cảnh báo",
    "Published": "Đã đăng",
    "View live": "Xem trang đang đăng",
    "Show": "Xem",
    "user": "người thực hiện",
    "owner": "người phụ trách",
    "revision": "phiên bản",
    "In progress": "Đang thực hiện",
    "status": "trạng thái",
    "Request changes": "Yêu cầu chỉnh sửa",
    "Approve with comment": "Duyệt kèm nhận xét",
    "Rejected": "Bị từ chối",
    "This month": "Tháng này",
    "Deletion": "Xóa",
    "Page not found": "Không tìm thấy trang",
    "Breadcrumbs": "Đường dẫn",
    "Time": "Thời gian",
    "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s.": (
        "Không chấp nhận tệp có phần mở rộng “%(extension)s”. Các phần mở rộng được phép: %(allowed_extensions)s."
    ),
    # Known and left (docs/i18n.md): ours means the plan's target / a date range; the admin's a target
    # locale (wagtail-localize's report) / a redirect's paths. Their sources are another branch's work.
    "Target": "Chỉ tiêu",
    "From": "Từ ngày",
    "To": "Đến ngày",
}

# The glossary (docs/i18n.md), as an editor meets it in the admin.
GLOSSARY = {
    "Pages": "Trang",
    "Images": "Hình ảnh",
    "Documents": "Tài liệu",
    "Snippets": "Nội dung dùng chung",
    "Draft": "Bản nháp",
    "Live": "Đang đăng",
    "In Moderation": "Chờ duyệt",
    "Submit for moderation": "Gửi duyệt",
    "History": "Lịch sử",
    "Publish": "Xuất bản",
    "Approve": "Duyệt",
    "Request changes": "Yêu cầu chỉnh sửa",
    "Workflows": "Quy trình duyệt",
    "Comments": "Bình luận",
    "Preview": "Xem trước",
    "Save draft": "Lưu nháp",
    "Reports": "Báo cáo",
    "Help": "Trợ giúp",
    "Add child page": "Thêm trang con",
    "Sort menu order": "Sắp xếp thứ tự trong trình đơn",
    "Search all pages…": "Tìm trong mọi trang…",
    "Your pages and snippets in a workflow": "Trang và mục dùng chung của bạn đang trong quy trình duyệt",
    "Log out": "Đăng xuất",
    "Edit": "Sửa",
}


@pytest.fixture
def vietnamese():
    with translation.override("vi"):
        yield


def describe(messages):
    return "\n".join(f"{m.app} [{m.domain}] {m.msgid!r} ({', '.join(m.occurrences[:2])})" for m in messages)


def test_every_upstream_admin_string_is_served_in_vietnamese():
    messages = upstream_catalogue.upstream_messages()
    assert len(messages) > 2000  # Wagtail, its contrib apps, wagtail-localize, Django's admin and auth
    missing = upstream_catalogue.untranslated(messages)
    assert not missing, (
        "Strings of the admin without Vietnamese (new in an upgrade?): run scripts/upstream_catalogue.py --po django "
        "(and --po djangojs), translate them into site_lak/locale_upstream/vi/LC_MESSAGES/ and compile:\n"
        + describe(missing)
    )


def test_our_strings_answer_admin_strings_only_where_reviewed():
    unreviewed = {
        message.msgid: ours
        for message, ours in upstream_catalogue.shadowed()
        if REVIEWED_SHARED.get(message.msgid) != ours
    }
    assert not unreviewed, (
        "Our catalogue (site_lak/locale) answers these admin strings too; check the meaning in the admin, then give "
        f"ours a context (pgettext) or add it to REVIEWED_SHARED: {unreviewed}"
    )


def test_the_admin_speaks_the_glossary(vietnamese):
    served = {english: gettext(english) for english in GLOSSARY}
    assert served == GLOSSARY
    assert gettext("Submit to %(workflow_name)s") % {"workflow_name": "Tin bài"} == "Gửi duyệt: Tin bài"
    assert gettext("Resubmit to %(task_name)s") % {"task_name": "Ban truyền thông duyệt"} == (
        "Gửi duyệt lại: Ban truyền thông duyệt"
    )
    total = ngettext(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        43,
    ) % {"total": 43, "site_name": "Trường THPT Lắk"}
    assert total.startswith("43 trang ")


def test_relative_times_are_vietnamese(vietnamese):
    now = timezone.now()
    assert timesince_simple(now) == "vừa xong"
    assert timesince_simple(now - timedelta(minutes=5)) == "5\xa0phút trước"
    assert timesince_simple(now - timedelta(days=3, hours=2)) == "3\xa0ngày trước"


@pytest.mark.django_db
def test_the_admin_javascript_catalogues_carry_our_translations(client, member):
    editor = member("bientap", EDITORS)
    assert Group.objects.get(name=EDITORS) in editor.groups.all()
    client.force_login(editor)
    wagtail_js = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert "\\u0110ang t\\u1ef1 \\u0111\\u1ed9ng l\\u01b0u" in wagtail_js or "Đang tự động lưu" in wagtail_js
    assert "Nh\\u1eadp b\\u00ecnh lu\\u1eadn" in wagtail_js or "Nhập bình luận" in wagtail_js
    localize_js = client.get(reverse("wagtail_localize:javascript_catalog")).content.decode()
    assert "T\\u1ea3i l\\u00ean t\\u1ec7p PO" in localize_js or "Tải lên tệp PO" in localize_js


def test_upstream_gap_snippet_breadcrumb_is_translated_when_urls_load():
    """Why home.upstream.LazyHomeBreadcrumbMixin exists: upstream's label is already a plain string."""
    with translation.override("en"):
        upstream = SnippetViewSet(model=WorkScheduleEntry).breadcrumbs_items[0]["label"]
    assert isinstance(upstream, str) and upstream == "Home"
    assert issubclass(WorkScheduleEntryViewSet, LazyHomeBreadcrumbMixin)
    ours = WorkScheduleEntryViewSet().breadcrumbs_items[0]["label"]
    with translation.override("vi"):
        assert str(ours) == "Trang chủ"
