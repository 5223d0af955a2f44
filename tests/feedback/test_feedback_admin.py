"""Staff triage in the Wagtail admin: inbox with filters, logging, assignment, reply, statistics, exports."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core import mail
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from core.bootstrap import EDITORS, REVIEWERS
from feedback.records import Feedback, Incident, IncidentAction
from feedback.stats import feedback_statistics
from feedback.vocabulary import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(site_tree):
    user = User.objects.create_user("bantt", "bantt@example.com", "x", first_name="Lan", last_name="Trần")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


@pytest.fixture
def staff_client(client, reviewer):
    client.force_login(reviewer)
    return client


def make(subject, created=None, **fields):
    feedback = Feedback(subject=subject, message="Nội dung", created_at=created or timezone.now(), **fields)
    feedback.save()
    return feedback


def edit_data(feedback, **overrides):
    data = {
        "channel": feedback.channel,
        "category": feedback.category,
        "created_at": timezone.localtime(feedback.created_at).strftime("%d/%m/%Y %H:%M"),
        "subject": feedback.subject,
        "message": feedback.message,
        "name": feedback.name,
        "email": feedback.email,
        "phone": feedback.phone,
        "status": feedback.status,
        "assigned_to": feedback.assigned_to_id or "",
        "due_date": feedback.due_date.strftime("%d/%m/%Y") if feedback.due_date else "",
        "reply": feedback.reply,
        "faq_question": feedback.faq_question,
        "notes": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_reviewers_get_the_inbox_but_editors_do_not(client, staff_client, site_tree):
    assert staff_client.get("/admin/feedback/").status_code == 200
    editor = User.objects.create_user("btv", "btv@example.com", "x")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    assert client.get("/admin/feedback/").status_code in (302, 403)
    assert client.get("/admin/feedback_statistics/").status_code in (302, 403)


def test_inbox_filters_and_overdue_highlight(staff_client, reviewer):
    make("Khiếu nại về học phí", category="complaint")
    make("Câu hỏi tuyển sinh", category="question", channel="phone")
    old = make("Góp ý cũ quá hạn", created=timezone.now() - datetime.timedelta(days=30), category="suggestion")
    answered = make("Đã trả lời", category="question", status=Status.ANSWERED)

    body = staff_client.get("/admin/feedback/", {"category": "complaint"}).content.decode()
    assert "Khiếu nại về học phí" in body and "Câu hỏi tuyển sinh" not in body

    body = staff_client.get("/admin/feedback/", {"channel": "phone"}).content.decode()
    assert "Câu hỏi tuyển sinh" in body and "Khiếu nại về học phí" not in body

    body = staff_client.get("/admin/feedback/", {"status": ["answered"]}).content.decode()
    assert answered.subject in body and "Câu hỏi tuyển sinh" not in body

    body = staff_client.get("/admin/feedback/", {"overdue": "true"}).content.decode()
    assert old.subject in body and "Câu hỏi tuyển sinh" not in body
    assert "feedback-overdue" in body

    body = staff_client.get("/admin/feedback/", {"q": "tuyển sinh"}).content.decode()
    assert "Câu hỏi tuyển sinh" in body and "Khiếu nại về học phí" not in body

    today = timezone.localdate()
    body = staff_client.get(
        "/admin/feedback/", {"created_at_from": (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y")}
    ).content.decode()
    assert "Câu hỏi tuyển sinh" in body and old.subject not in body


def test_staff_log_a_phone_call_with_a_note(staff_client, reviewer):
    feedback = Feedback(subject="", message="", channel="phone")
    data = edit_data(
        feedback,
        channel="phone",
        category="complaint",
        created_at=timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        subject="Phụ huynh gọi điện về xe đưa đón",
        message="Xe đến muộn ba ngày liền.",
        phone="0905111222",
        status="new",
        due_date="",
        notes=inline_formset([{"text": "Đã gọi lại cho phụ huynh."}]),
    )
    response = staff_client.post("/admin/feedback/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/admin/feedback/"
    logged = Feedback.objects.get()
    assert logged.channel == "phone" and logged.reference.startswith("GY-")
    assert logged.due_date == timezone.localdate() + datetime.timedelta(days=5)  # complaint target
    note = logged.notes.get()
    assert note.author == reviewer


def test_assigning_moves_status_to_assigned(staff_client, reviewer):
    feedback = make("Cần phân công", email="a@example.com")
    response = staff_client.post(f"/admin/feedback/edit/{feedback.pk}/", edit_data(feedback, assigned_to=reviewer.pk))
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.assigned_to == reviewer
    assert feedback.status == Status.ASSIGNED and feedback.assigned_at is not None
    body = staff_client.get("/admin/feedback/", {"assigned_to": reviewer.pk}).content.decode()
    assert "Cần phân công" in body


def test_reply_is_emailed_and_marks_answered(staff_client, reviewer):
    feedback = make("Hỏi về học bổng", email="hs@example.com", assigned_to=reviewer)
    edit_page = staff_client.get(f"/admin/feedback/edit/{feedback.pk}/").content.decode()
    assert f"/admin/feedback-reply/{feedback.pk}/" in edit_page
    assert staff_client.get(f"/admin/feedback-reply/{feedback.pk}/").status_code == 200
    response = staff_client.post(
        f"/admin/feedback-reply/{feedback.pk}/",
        {"reply": "Học bổng xét vào tháng 9.", "published_as_faq": "on", "faq_question": "Khi nào xét học bổng?"},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED
    assert feedback.answered_by == reviewer and feedback.answered_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hs@example.com"]
    assert "Học bổng xét vào tháng 9." in mail.outbox[0].body
    assert "Khi nào xét học bổng?" in staff_client.get("/vi/gop-y/").content.decode()


def test_empty_reply_is_refused(staff_client):
    feedback = make("Chưa trả lời")
    response = staff_client.post(f"/admin/feedback-reply/{feedback.pk}/", {"reply": ""})
    assert response.status_code == 200
    feedback.refresh_from_db()
    assert feedback.status == Status.NEW and not mail.outbox


def answered_set():
    """Five answered after 1, 2, 3, 4 and 10 hours; two still open, one of them overdue."""
    now = timezone.now() - datetime.timedelta(days=1)
    for hours, category, channel in [
        (1, "question", "web"),
        (2, "question", "web"),
        (3, "complaint", "phone"),
        (4, "press", "facebook"),
        (10, "suggestion", "web"),
    ]:
        make(
            f"Trả lời sau {hours} giờ",
            created=now,
            category=category,
            channel=channel,
            status=Status.ANSWERED,
            answered_at=now + datetime.timedelta(hours=hours),
        )
    make("Còn mở", category="question")
    make("Quá hạn", created=timezone.now() - datetime.timedelta(days=40), category="complaint", channel="in-person")


def test_statistics_numbers(site_tree):
    answered_set()
    stats = feedback_statistics()
    assert stats["total"] == 7 and stats["answered"] == 5 and stats["overdue"] == 1
    assert stats["median_hours"] == pytest.approx(3)
    assert stats["p90_hours"] == pytest.approx(10)
    by_category = {row["key"]: row["count"] for row in stats["by_category"]}
    assert by_category == {"question": 3, "suggestion": 1, "complaint": 2, "press": 1, "false-information": 0}
    assert {row["key"]: row["count"] for row in stats["by_channel"]}["web"] == 4
    assert sum(row["count"] for row in stats["by_month"]) == 7


def test_statistics_page_and_exports(staff_client):
    answered_set()
    body = staff_client.get("/admin/feedback_statistics/").content.decode()
    assert 'id="stat-total">7<' in body and 'id="stat-overdue">1<' in body
    assert "3,0" in body or "3.0" in body  # median hours
    start = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    recent = staff_client.get("/admin/feedback_statistics/", {"start": start}).content.decode()
    assert 'id="stat-total">6<' in recent

    response = staff_client.get("/admin/feedback_statistics/export.csv", {"start": start})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 6
    assert all(row[0].startswith("GY-") for row in rows[1:])
    hours = sorted(float(row[9]) for row in rows[1:] if row[9])
    assert hours == [1.0, 2.0, 3.0, 4.0, 10.0]

    response = staff_client.get("/admin/feedback_statistics/export.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 7

    bad = staff_client.get("/admin/feedback_statistics/export.csv", {"start": "2026-12-31", "end": "2026-01-01"})
    assert bad.status_code == 400
    assert staff_client.get("/admin/feedback_statistics/export.pdf").status_code == 404


def test_incident_register_and_overdue_actions_on_dashboard(staff_client, reviewer):
    incident = Incident.objects.create(
        title="Tin giả về việc thu tiền học thêm", description="Bài đăng trên Facebook", owner=reviewer, severity="high"
    )
    IncidentAction.objects.create(
        incident=incident,
        description="Soạn thông cáo giữ chỗ",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    IncidentAction.objects.create(
        incident=incident, description="Đã xong", due_date=timezone.localdate() - datetime.timedelta(days=2), done=True
    )
    make("Quá hạn", created=timezone.now() - datetime.timedelta(days=40))
    body = staff_client.get("/admin/").content.decode()
    assert "Soạn thông cáo giữ chỗ" in body
    assert "Đã xong" not in body
    assert f"/admin/incidents/edit/{incident.pk}/" in body
    assert "/admin/feedback/?overdue=true" in body and "/admin/feedback/?status=new" in body
    listing = staff_client.get("/admin/incidents/", {"severity": "high"}).content.decode()
    assert "Tin giả về việc thu tiền học thêm" in listing
    assert staff_client.get(f"/admin/incidents/edit/{incident.pk}/").status_code == 200


def test_the_senders_message_is_read_only_and_assignees_have_full_names(staff_client, reviewer):
    feedback = make("Hỏi về lịch thi", email="ph@example.com", assigned_to=reviewer)
    feedback.message = "Con tôi thi ngày nào ạ?"
    feedback.save()
    response = staff_client.post(
        f"/admin/feedback/edit/{feedback.pk}/", edit_data(feedback, message="Đã sửa lời phụ huynh")
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.message == "Con tôi thi ngày nào ạ?"
    edit_page = BeautifulSoup(staff_client.get(f"/admin/feedback/edit/{feedback.pk}/").content, "html.parser")
    assert edit_page.find("textarea", {"name": "message"}).has_attr("disabled")
    assert "Lan Trần" in edit_page.find("select", {"name": "assigned_to"}).get_text()
    inbox = BeautifulSoup(staff_client.get("/admin/feedback/").content, "html.parser")
    assert "Lan Trần" in inbox.find("table", class_="listing").get_text()
    assert "Lan Trần" in inbox.find("select", {"name": "assigned_to"}).get_text()


def figures_and_charts(response):
    """The statistics screen as a reader sees it: {label: number} for the figures, {chart: {label: number}}."""
    soup = BeautifulSoup(response.content, "html.parser")
    figures = {
        box.find("dt").get_text(strip=True): box.find("dd").get_text(strip=True)
        for box in soup.select("dl.fb-figures > div")
    }
    charts = {
        section.find("h2").get_text(strip=True): {
            item.find("span").get_text(strip=True): int(item.find("span", attrs={"data-key": True}).get_text())
            for item in section.select("ul.fb-bars li")
        }
        for section in soup.select(".fb-stats section")
    }
    return figures, charts


def test_statistics_screen_labels_say_what_each_number_counts(staff_client):
    answered_set()
    # Answered, then closed; and closed without a reply (a duplicate, say).
    replied = make("Trả lời rồi đóng", created=timezone.now() - datetime.timedelta(days=2), category="press")
    replied.status, replied.answered_at = Status.CLOSED, replied.created_at + datetime.timedelta(hours=5)
    replied.save()
    make("Trùng lặp", category="complaint", status=Status.CLOSED)

    response = staff_client.get("/admin/feedback_statistics/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(id="stat-period").get_text(strip=True) == "Toàn bộ ý kiến đã nhận từ trước đến nay."
    figures, charts = figures_and_charts(response)
    assert figures["Số ý kiến đã nhận"] == "9"  # not "Ngày nhận" (the date column of the export)
    assert figures["Đã được trả lời (dù trạng thái hiện nay là gì)"] == "6"  # the closed one was answered first
    assert figures["Quá hạn mà chưa được trả lời"] == "1"
    assert charts["Theo loại"] == {
        "Câu hỏi": 3,
        "Góp ý": 1,
        "Khiếu nại": 3,
        "Liên hệ báo chí": 2,
        "Phản ánh thông tin sai sự thật": 0,
    }
    # Today's statuses: the "answered" bar and the "replied to" figure count different things, and say so.
    status = charts["Theo trạng thái hiện tại"]
    assert status["Đã trả lời"] == 5 and status["Đã đóng"] == 2 and sum(status.values()) == 9
    assert sum(charts["Số ý kiến nhận được theo tháng"].values()) == 9

    # A period: the screen says which, and every number counts what was received in it.
    start = timezone.localdate() - datetime.timedelta(days=5)
    figures, _charts = figures_and_charts(staff_client.get("/admin/feedback_statistics/", {"start": start}))
    assert figures["Số ý kiến đã nhận"] == "8" and figures["Quá hạn mà chưa được trả lời"] == "0"

    # A reversed period gets its message and a 400, not the figures of all time under the error.
    response = staff_client.get("/admin/feedback_statistics/", {"start": "2026-12-31", "end": "2026-01-01"})
    assert response.status_code == 400
    assert "Ngày bắt đầu không được sau ngày kết thúc." in response.content.decode()
    assert figures_and_charts(response) == ({}, {})
