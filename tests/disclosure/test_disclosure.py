"""Công khai (Thông tư 09/2024/TT-BGDĐT): due dates, statuses, the PDF report, reminders, five-year retention."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from core.bootstrap import APPROVERS, REVIEWERS, STAFF, bootstrap
from disclosure.models import (
    DisclosureIndexPage,
    DisclosureItemPage,
    RetentionOverride,
    add_working_days,
    due_date_for,
)
from disclosure.views import RETENTION_OVERRIDE_ACTION
from editorial import audit
from tests.admin_forms import edit_form, edit_url
from tests.factories import draft_child, publish_child, section

pytestmark = pytest.mark.django_db


def member(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(username, f"{username}@thptlak.edu.vn", "pass-1234", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def move_time(monkeypatch, day):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    monkeypatch.setattr(timezone, "now", lambda: moment)


def item(title, slug, **fields):
    defaults = {"category": "general", "topic": "identity", "school_year": "2023-2024", "rule": "annual"}
    return DisclosureItemPage(title=title, slug=slug, **{**defaults, **fields})


@pytest.fixture
def index(site_tree):
    return section(site_tree["vi"], "cong-khai")


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def latest(page):
    """The page as its newest revision says, read afresh from the database."""
    return DisclosureItemPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def document(title, filename, content):
    doc = get_document_model()(title=title)
    doc.file.save(filename, ContentFile(content), save=True)
    return doc


# --- the section and its deadlines --------------------------------------------------------------------------


def test_bootstrap_makes_the_section_in_both_languages_and_in_the_menu(client, site_tree):
    page = section(site_tree["vi"], "cong-khai")
    assert isinstance(page, DisclosureIndexPage) and page.live and page.show_in_menus
    assert section(site_tree["en"], "disclosure").translation_key == page.translation_key
    bootstrap()  # idempotent
    assert DisclosureIndexPage.objects.count() == 2
    assert 'href="/vi/cong-khai/"' in client.get("/vi/").content.decode()
    body = client.get("/vi/cong-khai/").content.decode()
    for heading in (
        "Thông tin chung",
        "Điều kiện bảo đảm chất lượng hoạt động giáo dục",
        "Kế hoạch và kết quả hoạt động giáo dục của năm học",
        "Thu, chi tài chính",
    ):
        assert heading in body
    assert client.get("/en/disclosure/").status_code == 200


def test_ten_working_days_skip_weekends():
    assert add_working_days(datetime.date(2024, 3, 22), 10) == datetime.date(2024, 4, 5)  # a Friday
    assert add_working_days(datetime.date(2024, 3, 23), 10) == datetime.date(2024, 4, 5)  # a Saturday
    assert add_working_days(datetime.date(2024, 7, 1), 10) == datetime.date(2024, 7, 15)  # a Monday
    assert due_date_for("annual", "2023-2024", None) == datetime.date(2024, 6, 30)
    assert due_date_for("change", "2023-2024", datetime.date(2024, 9, 4)) == datetime.date(2024, 9, 18)


def test_the_editor_gets_the_due_date_from_the_rule(admin_client, index):
    add_url = reverse("wagtailadmin_pages:add", args=["disclosure", "disclosureitempage", index.pk])
    data = querydict_from_html(admin_client.get(add_url).content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": "Công khai thay đổi cơ cấu tổ chức",
            "slug": "thay-doi-co-cau",
            "category": "general",
            "topic": "type-and-governance",
            "school_year": "2024-2025",
            "rule": "change",
            "changed_on": "2024-09-06",
            "body-count": "0",
        }
    )
    missing_date = admin_client.post(add_url, {**data.dict(), "changed_on": ""})
    assert "thời hạn công khai được tính từ ngày đó" in missing_date.content.decode()
    wrong_topic = admin_client.post(add_url, {**data.dict(), "topic": "budget"})
    assert "Nội dung này thuộc nhóm khác" in wrong_topic.content.decode()
    assert not DisclosureItemPage.objects.filter(slug="thay-doi-co-cau").exists()

    assert admin_client.post(add_url, data).status_code == 302
    page = DisclosureItemPage.objects.get(slug="thay-doi-co-cau")
    assert page.due_date == datetime.date(2024, 9, 20)  # Friday 6/9 + 10 working days

    data = edit_form(admin_client, page, rule="annual", changed_on="")
    assert admin_client.post(edit_url(page), data).status_code == 302
    assert latest(page).due_date == datetime.date(2025, 6, 30)


def test_the_report_must_really_be_a_pdf(admin_client, index):
    page = draft_child(index, item("Báo cáo thường niên 2023", "bao-cao-thuong-nien", topic="annual-report"))
    disguised = document("Báo cáo giả", "bao-cao.pdf", b"Day khong phai PDF, chi la van ban.")
    real = document("Báo cáo thường niên", "bao-cao-that.pdf", pdf_bytes())

    refused = admin_client.post(edit_url(page), edit_form(admin_client, page, report=str(disguised.pk)))
    assert refused.status_code == 200
    assert "Báo cáo phải là tệp PDF" in refused.content.decode()
    assert latest(page).report_id is None

    accepted = admin_client.post(edit_url(page), edit_form(admin_client, page, report=str(real.pk)))
    assert accepted.status_code == 302
    assert latest(page).report_id == real.pk


# --- the public index ---------------------------------------------------------------------------------------


@pytest.fixture
def items(index):
    on_time = publish_child(
        index, item("Thông tin chung về nhà trường", "thong-tin-chung", disclosed_on=datetime.date(2024, 6, 20))
    )
    late = publish_child(
        index,
        item(
            "Công khai dự toán ngân sách 2024",
            "du-toan-2024",
            category="finance",
            topic="budget",
            disclosed_on=datetime.date(2024, 7, 5),
        ),
    )
    overdue = draft_child(
        index,
        item(
            "Thay đổi thành viên Ban giám hiệu",
            "thay-doi-bgh",
            rule="change",
            school_year="2024-2025",
            changed_on=datetime.date(2024, 7, 1),
        ),
    )
    due_soon = draft_child(
        index,
        item(
            "Kế hoạch tuyển sinh lớp 10 năm học 2025-2026",
            "ke-hoach-tuyen-sinh",
            category="plan-results",
            topic="enrolment-plan",
            school_year="2024-2025",
        ),
    )
    return {"on_time": on_time, "late": late, "overdue": overdue, "due_soon": due_soon}


def status_cell(body, title):
    row = body.split(title, 1)[1].split("</tr>", 1)[0]
    return row


def test_the_public_sees_disclosed_items_by_category_and_year_with_their_status(client, items, monkeypatch):
    move_time(monkeypatch, datetime.date(2025, 6, 20))
    response = client.get("/vi/cong-khai/")
    body = response.content.decode()
    assert "Năm học 2023-2024" in body
    assert "Đúng hạn" in status_cell(body, "Thông tin chung về nhà trường") and "20/06/2024" in body
    assert "Công khai muộn" in status_cell(body, "Công khai dự toán ngân sách 2024")
    assert (
        body.index("Thông tin chung về nhà trường") < body.index("Thu, chi tài chính") < body.index("dự toán ngân sách")
    )
    # Drafts never reach the public, not even as a line in the list.
    assert "Thay đổi thành viên Ban giám hiệu" not in body and "Kế hoạch tuyển sinh lớp 10" not in body
    assert client.get("/vi/cong-khai/thay-doi-bgh/").status_code == 404
    assert client.get("/vi/cong-khai/thong-tin-chung/").status_code == 200


def test_staff_also_see_the_items_being_prepared_with_their_deadlines(client, django_user_model, items, monkeypatch):
    move_time(monkeypatch, datetime.date(2025, 6, 20))
    client.force_login(member(django_user_model, "giaovien", STAFF))
    body = client.get("/vi/cong-khai/").content.decode()
    assert "Quá hạn" in status_cell(body, "Thay đổi thành viên Ban giám hiệu") and "15/07/2024" in body
    assert "Sắp đến hạn" in status_cell(body, "Kế hoạch tuyển sinh lớp 10") and "30/06/2025" in body
    assert "đang chuẩn bị" in body


# --- reminders ----------------------------------------------------------------------------------------------


@pytest.fixture
def responsible(django_user_model, site_tree):
    return {
        "board": member(django_user_model, "truyenthong", REVIEWERS),
        "principal": member(django_user_model, "hieutruong", APPROVERS),
        "teacher": member(django_user_model, "giaovien", STAFF),
    }


@pytest.fixture
def pending(index):
    return draft_child(
        index,
        item(
            "Công khai cơ sở vật chất năm học 2024-2025",
            "co-so-vat-chat",
            category="quality",
            topic="facilities",
            school_year="2024-2025",
        ),
    )


def test_the_dashboard_warns_the_board_as_the_deadline_comes_near(client, responsible, pending, monkeypatch):
    client.force_login(responsible["board"])
    move_time(monkeypatch, datetime.date(2025, 6, 1))
    assert "Công khai cơ sở vật chất" not in client.get("/admin/").content.decode()

    move_time(monkeypatch, datetime.date(2025, 6, 20))
    soon = client.get("/admin/").content.decode()
    assert "Công khai: nội dung sắp đến hạn hoặc đã quá hạn" in soon
    assert "Công khai cơ sở vật chất" in soon and "30/06/2025" in soon and "Sắp đến hạn" in soon

    move_time(monkeypatch, datetime.date(2025, 7, 2))
    late = client.get("/admin/").content.decode()
    assert "Công khai cơ sở vật chất" in late and "Quá hạn" in late

    client.force_login(responsible["teacher"])
    response = client.get("/admin/")
    assert "Công khai cơ sở vật chất" not in response.content.decode()

    pending.save_revision().publish()  # disclosed: nothing left to remind
    client.force_login(responsible["principal"])
    assert "Công khai cơ sở vật chất" not in client.get("/admin/").content.decode()


def test_the_reminder_email_goes_once_a_day_to_the_board_and_the_principal(responsible, pending, monkeypatch):
    move_time(monkeypatch, datetime.date(2025, 6, 1))
    call_command("disclosure_reminders")
    assert mail.outbox == []

    move_time(monkeypatch, datetime.date(2025, 6, 20))
    call_command("disclosure_reminders")
    call_command("disclosure_reminders")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["hieutruong@thptlak.edu.vn", "truyenthong@thptlak.edu.vn"]
    assert message.subject == "Công khai: 1 nội dung sắp đến hạn hoặc đã quá hạn"
    assert "Công khai cơ sở vật chất năm học 2024-2025" in message.body and "30/06/2025" in message.body

    move_time(monkeypatch, datetime.date(2025, 6, 21))
    call_command("disclosure_reminders")
    assert len(mail.outbox) == 2


# --- five-year retention ------------------------------------------------------------------------------------


@pytest.fixture
def disclosed(index):
    return publish_child(
        index,
        item(
            "Công khai thu chi năm 2023",
            "thu-chi-2023",
            category="finance",
            topic="revenues",
            disclosed_on=datetime.date(2024, 6, 20),
        ),
    )


REASON = "Báo cáo có sai sót số liệu, đã thay bằng bản đính chính số 02/BC-THPTL."


def test_deletion_within_five_years_needs_a_reason_which_is_kept(
    admin_client, disclosed, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.AUDIT_LOG_PATH = str(tmp_path / "audit.jsonl")
    url = reverse("wagtailadmin_pages:delete", args=[disclosed.pk])
    asking = admin_client.get(url)
    assert asking.status_code == 200
    body = asking.content.decode()
    assert "ít nhất 5 năm" in body and "phải lưu giữ đến ngày 20/06/2029" in body

    refused = admin_client.post(url, {})
    assert refused.status_code == 400
    assert "hãy nêu lý do để tiếp tục" in refused.content.decode()
    assert admin_client.post(url, {"retention_reason": "sai"}).status_code == 400
    assert Page.objects.filter(pk=disclosed.pk).exists() and not RetentionOverride.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"retention_reason": REASON})
    assert response.status_code == 302
    assert not Page.objects.filter(pk=disclosed.pk).exists()
    override = RetentionOverride.objects.get()
    assert (override.reason, override.action, override.page_title) == (REASON, "delete", "Công khai thu chi năm 2023")
    assert override.disclosed_on == datetime.date(2024, 6, 20) and override.user.is_superuser
    entry = PageLogEntry.objects.get(action=RETENTION_OVERRIDE_ACTION)
    assert entry.data["reason"] == REASON
    assert any(
        line["action"] == RETENTION_OVERRIDE_ACTION and line["data"]["reason"] == REASON
        for line in audit.read_entries()
    )


def test_unpublishing_within_five_years_needs_a_reason(admin_client, disclosed):
    url = reverse("wagtailadmin_pages:unpublish", args=[disclosed.pk])
    assert admin_client.get(url).status_code == 200  # Wagtail's own confirmation; the guard acts on confirming
    refused = admin_client.post(url, {})
    assert refused.status_code == 400 and "hãy nêu lý do để tiếp tục" in refused.content.decode()
    assert Page.objects.get(pk=disclosed.pk).live

    assert admin_client.post(url, {"retention_reason": REASON}).status_code == 302
    assert not Page.objects.get(pk=disclosed.pk).live
    assert RetentionOverride.objects.get().action == "unpublish"


def test_deleting_the_whole_section_is_guarded_too(admin_client, index, disclosed):
    response = admin_client.get(reverse("wagtailadmin_pages:delete", args=[index.pk]))
    assert response.status_code == 200 and "Công khai thu chi năm 2023" in response.content.decode()
    assert admin_client.post(reverse("wagtailadmin_pages:delete", args=[index.pk]), {}).status_code == 400
    assert Page.objects.filter(pk=disclosed.pk).exists()


def test_an_item_taken_down_after_its_five_years_is_not_overdue_again(client, responsible, index, monkeypatch):
    from disclosure.models import DisclosureItemPage, Status, items_needing_attention

    move_time(monkeypatch, datetime.date(2024, 6, 20))  # published without a disclosure date of its own
    published = publish_child(
        index, item("Công khai thu chi năm 2023", "thu-chi-2023", category="finance", topic="revenues")
    )
    move_time(monkeypatch, datetime.date(2029, 7, 1))
    published.unpublish()
    taken_down = DisclosureItemPage.objects.get(pk=published.pk)
    assert taken_down.due_date and taken_down.status() != Status.OVERDUE
    assert items_needing_attention() == []
    client.force_login(responsible["board"])
    assert "Công khai thu chi năm 2023" not in client.get("/admin/").content.decode()


def test_after_five_years_an_item_is_removed_like_any_page(client, django_user_model, disclosed, monkeypatch):
    move_time(monkeypatch, datetime.date(2029, 6, 20))
    client.force_login(member(django_user_model, "quantri2029", is_superuser=True, is_staff=True))  # a fresh session
    url = reverse("wagtailadmin_pages:delete", args=[disclosed.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "wagtailadmin/pages/confirm_delete.html" in [template.name for template in confirm.templates]
    assert "retention_reason" not in confirm.content.decode()
    assert client.post(url).status_code == 302
    assert not Page.objects.filter(pk=disclosed.pk).exists()
    assert not RetentionOverride.objects.exists()


def test_bulk_deletion_or_unpublication_of_retained_items_is_refused(admin_client, disclosed):
    for action in ("delete", "unpublish"):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + f"?id={disclosed.pk}"
        response = admin_client.post(url, {}, follow=True)
        assert response.redirect_chain[0] == (reverse("wagtailadmin_home"), 302)
        assert "từng trang một và nêu lý do" in response.content.decode()
    assert Page.objects.get(pk=disclosed.pk).live
    assert not RetentionOverride.objects.exists()
